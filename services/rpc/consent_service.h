// passend.v1.ConsentService: a candidate's append-only consent log and the
// introduction it unlocks, the one path by which identity reaches an
// employer. Consent is read from storage on every call, so a withdrawal
// takes effect on the next one.
#ifndef PASSEND_SERVICES_RPC_CONSENT_SERVICE_H_
#define PASSEND_SERVICES_RPC_CONSENT_SERVICE_H_

#include <optional>

#include "passend/v1/consent.grpc.pb.h"
#include "services/access/authorizer.h"
#include "services/api/resource_api.h"
#include "storage/record_store.h"

namespace passend::services {

// The latest of the candidate's consent events that concerns the vacancy
// named `vacancy_name` of `employer` (employer-wide or for this vacancy), or
// nullopt: consent is in effect when it is GIVEN.
absl::StatusOr<std::optional<passend::v1::ConsentEvent>> LatestConsent(
    const storage::CandidateStore& candidates, const std::string& candidate_id,
    absl::string_view employer, absl::string_view vacancy_name);

class ConsentServiceImpl final
    : public passend::v1::ConsentService::CallbackService {
 public:
  // All must outlive the service. `candidates` is the store behind
  // `candidate_api`; `audit` is its audit log, which also records every
  // introduction asked for, given or refused.
  ConsentServiceImpl(const Authorizer* authorizer,
                     storage::CandidateStore* candidates,
                     ResourceApi<passend::v1::Candidate>* candidate_api,
                     ResourceApi<passend::v1::Vacancy>* vacancy_api,
                     storage::AuditLog* audit)
      : authorizer_(authorizer),
        candidates_(candidates),
        candidate_api_(candidate_api),
        vacancy_api_(vacancy_api),
        audit_(audit) {}

  grpc::ServerUnaryReactor* RecordConsent(
      grpc::CallbackServerContext* context,
      const passend::v1::RecordConsentRequest* request,
      passend::v1::ConsentEvent* response) override;
  grpc::ServerUnaryReactor* ListConsentEvents(
      grpc::CallbackServerContext* context,
      const passend::v1::ListConsentEventsRequest* request,
      passend::v1::ListConsentEventsResponse* response) override;
  grpc::ServerUnaryReactor* GetIntroduction(
      grpc::CallbackServerContext* context,
      const passend::v1::GetIntroductionRequest* request,
      passend::v1::Introduction* response) override;

 private:
  const Authorizer* authorizer_;
  storage::CandidateStore* candidates_;
  ResourceApi<passend::v1::Candidate>* candidate_api_;
  ResourceApi<passend::v1::Vacancy>* vacancy_api_;
  storage::AuditLog* audit_;
};

}  // namespace passend::services

#endif  // PASSEND_SERVICES_RPC_CONSENT_SERVICE_H_
