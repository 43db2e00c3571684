#include "services/api/consent_api.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/resource_name.h"
#include "common/status_macros.h"
#include "google/protobuf/util/time_util.h"
#include "services/api/validation.h"
#include "services/status/field_violations.h"

namespace passend::services {
namespace {

constexpr absl::string_view kService = "/passend.v1.ConsentService/";

// The refusal for an introduction without consent in effect, the same
// whether the candidate exists or not.
absl::Status NoConsent(const std::string& candidate, const v1::Vacancy& v) {
  return absl::PermissionDeniedError(
      absl::StrCat("no consent in effect to introduce ", candidate, " to ",
                   v.employer(), " for ", v.name()));
}

}  // namespace

absl::StatusOr<std::optional<v1::ConsentEvent>> ConsentApi::Latest(
    absl::string_view candidate_id, absl::string_view employer,
    absl::string_view vacancy_name) const {
  std::optional<v1::ConsentEvent> latest;
  RETURN_IF_ERROR(
      events_.ForEach(candidate_id, [&](uint64_t, v1::ConsentEvent event) {
        if (event.employer() == employer &&
            (event.vacancy().empty() || event.vacancy() == vacancy_name)) {
          latest = std::move(event);
        }
        return true;
      }));
  return latest;
}

absl::StatusOr<bool> ConsentApi::InEffect(
    absl::string_view candidate_id, absl::string_view employer,
    absl::string_view vacancy_name) const {
  ASSIGN_OR_RETURN(std::optional<v1::ConsentEvent> latest,
                   Latest(candidate_id, employer, vacancy_name));
  return latest.has_value() && latest->kind() == v1::ConsentEvent::GIVEN;
}

absl::StatusOr<v1::ConsentEvent> ConsentApi::Record(
    const Principal& principal, const v1::ConsentEvent& event) {
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
  RETURN_IF_ERROR(candidate_api_->CheckReadable(principal, event.candidate()));
  const storage::AuditActor actor{principal.id,
                                  absl::StrCat(kService, "RecordConsent")};
  return events_.Append(
      *candidate,
      [&](const v1::Candidate&,
          uint64_t sequence) -> absl::StatusOr<v1::ConsentEvent> {
        v1::ConsentEvent stored = event;
        stored.set_name(
            absl::StrCat(event.candidate(), "/consentEvents/", sequence));
        // The sequence is the time the event was appended, in microseconds.
        *stored.mutable_record_time() =
            google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(
                static_cast<int64_t>(sequence));
        stored.set_recorded_by(principal.id);
        return stored;
      },
      &actor);
}

absl::StatusOr<v1::ListConsentEventsResponse> ConsentApi::List(
    const Principal& principal, const std::string& parent) {
  ASSIGN_OR_RETURN(std::string id,
                   ParseResourceName(parent, kCandidateCollection, "parent"));
  RETURN_IF_ERROR(candidate_api_->CheckReadable(principal, parent));
  v1::ListConsentEventsResponse response;
  RETURN_IF_ERROR(events_.ForEach(id, [&](uint64_t, v1::ConsentEvent event) {
    *response.add_consent_events() = std::move(event);
    return true;
  }));
  RETURN_IF_ERROR(audit_->Record(
      {principal.id, absl::StrCat(kService, "ListConsentEvents")}, {parent},
      "OK"));
  return response;
}

absl::StatusOr<v1::Introduction> ConsentApi::Introduce(
    const Principal& principal, const std::string& candidate_name,
    const std::string& vacancy_name) {
  FieldViolations violations;
  absl::StatusOr<std::string> candidate =
      ParseResourceName(candidate_name, kCandidateCollection, "candidate");
  violations.AddAll(candidate.status());
  violations.AddAll(
      ParseResourceName(vacancy_name, kVacancyCollection, "vacancy").status());
  RETURN_IF_ERROR(violations.status());
  ASSIGN_OR_RETURN(v1::Vacancy vacancy,
                   vacancy_api_->Get(principal, vacancy_name));
  if (principal.role != Role::kEmployer) {
    RETURN_IF_ERROR(candidate_api_->CheckReadable(principal, candidate_name));
  }
  // Every introduction asked for is recorded, refused or not.
  auto record = [&](absl::Status outcome) -> absl::Status {
    RETURN_IF_ERROR(audit_->Record(
        {principal.id, absl::StrCat(kService, "GetIntroduction")},
        {candidate_name},
        outcome.ok() ? "OK" : absl::StatusCodeToString(outcome.code())));
    return outcome;
  };
  ASSIGN_OR_RETURN(std::optional<v1::ConsentEvent> latest,
                   Latest(*candidate, vacancy.employer(), vacancy.name()));
  if (!latest.has_value() || latest->kind() != v1::ConsentEvent::GIVEN) {
    return record(NoConsent(candidate_name, vacancy));
  }
  absl::StatusOr<v1::Candidate> person = events_.store().Get(*candidate);
  if (absl::IsNotFound(person.status())) {
    return record(NoConsent(candidate_name, vacancy));
  }
  RETURN_IF_ERROR(person.status());
  RETURN_IF_ERROR(record(absl::OkStatus()));
  v1::Introduction introduction;
  introduction.set_candidate(person->name());
  introduction.set_vacancy(vacancy.name());
  introduction.set_display_name(person->display_name());
  *introduction.mutable_contact() = person->contact();
  *introduction.mutable_consent() = *latest;
  return introduction;
}

}  // namespace passend::services
