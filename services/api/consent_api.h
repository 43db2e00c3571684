// A candidate's consent log and the introduction it unlocks, free of gRPC:
// the one path by which identity reaches an employer. Consent is read from
// storage on every call, so a withdrawal takes effect on the next one.
#ifndef PASSEND_SERVICES_API_CONSENT_API_H_
#define PASSEND_SERVICES_API_CONSENT_API_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "passend/v1/consent.pb.h"
#include "services/access/principal.h"
#include "services/api/resource_api.h"
#include "storage/audit_log.h"
#include "storage/owned_entries.h"
#include "storage/record_store.h"

namespace passend::services {

class ConsentApi {
 public:
  // All must outlive this object. `candidates` is the store behind
  // `candidate_api`; `audit` its audit log, which also records every
  // introduction asked for, given or refused.
  ConsentApi(storage::CandidateStore* candidates,
             ResourceApi<v1::Candidate>* candidate_api,
             ResourceApi<v1::Vacancy>* vacancy_api, storage::AuditLog* audit)
      : events_(candidates, storage::Family::kConsentEvents),
        candidate_api_(candidate_api),
        vacancy_api_(vacancy_api),
        audit_(audit) {}

  // Appends `event` to its candidate's log (which must be in the caller's
  // scope), stamped with its name, time and recorder.
  absl::StatusOr<v1::ConsentEvent> Record(const Principal& principal,
                                          const v1::ConsentEvent& event);
  // The candidate's (`parent`) events, oldest first.
  absl::StatusOr<v1::ListConsentEventsResponse> List(const Principal& principal,
                                                     const std::string& parent);
  // The candidate's name and contact for the employer of `vacancy`, when
  // the candidate's consent for it is in effect. An employer asks only for
  // its own vacancies, a WSP only for its regions' candidates. Without
  // consent, or without the candidate: the same PERMISSION_DENIED.
  absl::StatusOr<v1::Introduction> Introduce(const Principal& principal,
                                             const std::string& candidate,
                                             const std::string& vacancy);

  // The latest of the candidate's events that concerns the vacancy named
  // `vacancy_name` of `employer` (employer-wide or for this vacancy), or
  // nullopt: consent is in effect when it is GIVEN.
  absl::StatusOr<std::optional<v1::ConsentEvent>> Latest(
      absl::string_view candidate_id, absl::string_view employer,
      absl::string_view vacancy_name) const;
  // Latest's answer as a yes or no.
  absl::StatusOr<bool> InEffect(absl::string_view candidate_id,
                                absl::string_view employer,
                                absl::string_view vacancy_name) const;

 private:
  storage::OwnedEntries<v1::ConsentEvent> events_;
  ResourceApi<v1::Candidate>* candidate_api_;
  ResourceApi<v1::Vacancy>* vacancy_api_;
  storage::AuditLog* audit_;
};

}  // namespace passend::services

#endif  // PASSEND_SERVICES_API_CONSENT_API_H_
