#include "services/rpc/consent_service.h"

#include "absl/strings/str_cat.h"
#include "common/resource_name.h"
#include "common/status_macros.h"
#include "google/protobuf/util/time_util.h"
#include "services/api/validation.h"
#include "services/rpc/serve.h"

namespace passend::services {
namespace {

const char* const kService = v1::ConsentService::service_full_name();

// The refusal for an introduction without consent in effect, the same
// whether the candidate exists or not.
absl::Status NoConsent(const std::string& candidate, const v1::Vacancy& v) {
  return absl::PermissionDeniedError(
      absl::StrCat("no consent in effect to introduce ", candidate, " to ",
                   v.employer(), " for ", v.name()));
}

}  // namespace

absl::StatusOr<std::optional<v1::ConsentEvent>> LatestConsent(
    const storage::CandidateStore& candidates, const std::string& candidate_id,
    absl::string_view employer, absl::string_view vacancy_name) {
  std::optional<v1::ConsentEvent> latest;
  bool parsed = true;
  RETURN_IF_ERROR(candidates.ForEachOwned(
      candidate_id, storage::Family::kConsentEvents,
      [&](uint64_t, absl::string_view value) {
        v1::ConsentEvent e;
        parsed = e.ParseFromArray(value.data(), static_cast<int>(value.size()));
        if (parsed && e.employer() == employer &&
            (e.vacancy().empty() || e.vacancy() == vacancy_name)) {
          latest = std::move(e);
        }
        return parsed;
      }));
  if (!parsed) return absl::DataLossError("unreadable consent event");
  return latest;
}

grpc::ServerUnaryReactor* ConsentServiceImpl::RecordConsent(
    grpc::CallbackServerContext* context,
    const v1::RecordConsentRequest* request, v1::ConsentEvent* response) {
  return Serve(
      context, *authorizer_, MethodName(kService, "RecordConsent"),
      [=, this](const Principal& principal) -> absl::Status {
        const v1::ConsentEvent& event = request->consent_event();
        FieldViolations violations;
        absl::StatusOr<std::string> candidate = ParseResourceName(
            event.candidate(), kCandidateCollection, "consent_event.candidate");
        violations.AddAll(candidate.status());
        CheckEmployerId("consent_event.employer", event.employer(), violations);
        if (event.kind() != v1::ConsentEvent::GIVEN &&
            event.kind() != v1::ConsentEvent::WITHDRAWN) {
          violations.Add("consent_event.kind", "must be GIVEN or WITHDRAWN");
        }
        if (!event.vacancy().empty()) {
          absl::StatusOr<v1::Vacancy> vacancy =
              vacancy_api_->Get(principal, event.vacancy());
          if (!vacancy.ok()) {
            violations.Add("consent_event.vacancy",
                           std::string(vacancy.status().message()));
          } else if (vacancy->employer() != event.employer()) {
            violations.Add("consent_event.vacancy",
                           "is not a vacancy of consent_event.employer");
          }
        }
        RETURN_IF_ERROR(violations.status());
        // The candidate must be within the caller's scope.
        RETURN_IF_ERROR(
            candidate_api_->CheckReadable(principal, event.candidate()));
        const storage::AuditActor actor{principal.id,
                                        MethodName(kService, "RecordConsent")};
        v1::ConsentEvent stored = event;
        RETURN_IF_ERROR(
            candidates_
                ->AppendOwned(
                    *candidate, storage::Family::kConsentEvents,
                    [&](const v1::Candidate&,
                        uint64_t sequence) -> absl::StatusOr<std::string> {
                      stored.set_name(absl::StrCat(
                          event.candidate(), "/consentEvents/", sequence));
                      *stored.mutable_record_time() = google::protobuf::util::
                          TimeUtil::MicrosecondsToTimestamp(
                              static_cast<int64_t>(sequence));
                      stored.set_recorded_by(principal.id);
                      return stored.SerializeAsString();
                    },
                    &actor)
                .status());
        *response = std::move(stored);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* ConsentServiceImpl::ListConsentEvents(
    grpc::CallbackServerContext* context,
    const v1::ListConsentEventsRequest* request,
    v1::ListConsentEventsResponse* response) {
  return Serve(
      context, *authorizer_, MethodName(kService, "ListConsentEvents"),
      [=, this](const Principal& principal) -> absl::Status {
        ASSIGN_OR_RETURN(std::string id,
                         ParseResourceName(request->parent(),
                                           kCandidateCollection, "parent"));
        RETURN_IF_ERROR(
            candidate_api_->CheckReadable(principal, request->parent()));
        bool parsed = true;
        RETURN_IF_ERROR(candidates_->ForEachOwned(
            id, storage::Family::kConsentEvents,
            [&](uint64_t, absl::string_view value) {
              parsed = response->add_consent_events()->ParseFromArray(
                  value.data(), static_cast<int>(value.size()));
              return parsed;
            }));
        if (!parsed) return absl::DataLossError("unreadable consent event");
        return audit_->Record(
            {principal.id, MethodName(kService, "ListConsentEvents")},
            {request->parent()}, "OK");
      });
}

grpc::ServerUnaryReactor* ConsentServiceImpl::GetIntroduction(
    grpc::CallbackServerContext* context,
    const v1::GetIntroductionRequest* request, v1::Introduction* response) {
  return Serve(
      context, *authorizer_, MethodName(kService, "GetIntroduction"),
      [=, this](const Principal& principal) -> absl::Status {
        FieldViolations violations;
        absl::StatusOr<std::string> candidate = ParseResourceName(
            request->candidate(), kCandidateCollection, "candidate");
        violations.AddAll(candidate.status());
        violations.AddAll(
            ParseResourceName(request->vacancy(), kVacancyCollection, "vacancy")
                .status());
        RETURN_IF_ERROR(violations.status());
        // An employer only for its own vacancies; a WSP only for its
        // regions' candidates.
        ASSIGN_OR_RETURN(v1::Vacancy vacancy,
                         vacancy_api_->Get(principal, request->vacancy()));
        if (principal.role != Role::kEmployer) {
          RETURN_IF_ERROR(
              candidate_api_->CheckReadable(principal, request->candidate()));
        }
        // Every introduction asked for is recorded, refused or not.
        auto record = [&](absl::Status outcome) -> absl::Status {
          RETURN_IF_ERROR(audit_->Record(
              {principal.id, MethodName(kService, "GetIntroduction")},
              {request->candidate()},
              outcome.ok() ? "OK" : absl::StatusCodeToString(outcome.code())));
          return outcome;
        };
        ASSIGN_OR_RETURN(std::optional<v1::ConsentEvent> latest,
                         LatestConsent(*candidates_, *candidate,
                                       vacancy.employer(), vacancy.name()));
        if (!latest.has_value() || latest->kind() != v1::ConsentEvent::GIVEN) {
          return record(NoConsent(request->candidate(), vacancy));
        }
        absl::StatusOr<v1::Candidate> person = candidates_->Get(*candidate);
        if (absl::IsNotFound(person.status())) {
          return record(NoConsent(request->candidate(), vacancy));
        }
        RETURN_IF_ERROR(person.status());
        RETURN_IF_ERROR(record(absl::OkStatus()));
        response->set_candidate(person->name());
        response->set_vacancy(vacancy.name());
        response->set_display_name(person->display_name());
        *response->mutable_contact() = person->contact();
        *response->mutable_consent() = *latest;
        return absl::OkStatus();
      });
}

}  // namespace passend::services
