// Placements from proposal to hire or end, free of gRPC: entries their
// candidate owns (erased with the candidate), moved through a state machine,
// with a hire written atomically across placement, candidate and vacancy
// (storage::JointWrite); and the jobs-agreement progress report over them.
#ifndef PASSEND_SERVICES_API_PLACEMENT_API_H_
#define PASSEND_SERVICES_API_PLACEMENT_API_H_

#include <string>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "matcher/taxonomy.h"
#include "passend/v1/placement.pb.h"
#include "services/access/principal.h"
#include "services/api/consent_api.h"
#include "services/api/resource_api.h"
#include "services/status/field_violations.h"
#include "storage/audit_log.h"
#include "storage/owned_entries.h"
#include "storage/record_store.h"

namespace passend::services {

class PlacementApi {
 public:
  // All must outlive this object. `candidates` is the store behind
  // `candidate_api`, `audit` its audit log; `clock` dates every event.
  PlacementApi(const matcher::Taxonomy* taxonomy,
               storage::CandidateStore* candidates,
               storage::VacancyStore* vacancies,
               ResourceApi<v1::Candidate>* candidate_api,
               const ConsentApi* consent, storage::AuditLog* audit,
               const Clock* clock)
      : taxonomy_(taxonomy),
        placements_(candidates, storage::Family::kPlacements),
        vacancies_(vacancies),
        candidate_api_(candidate_api),
        consent_(consent),
        audit_(audit),
        clock_(clock) {}

  // Proposes `placement.candidate` (in the caller's scope, available) for
  // `placement.vacancy` (open, with a position left): at most one active
  // placement per pair. An employer's create is a request for an
  // introduction (REQUESTED), for a vacancy of its own.
  absl::StatusOr<v1::Placement> Create(const Principal& principal,
                                       const v1::Placement& placement);
  absl::StatusOr<v1::Placement> Get(const Principal& principal,
                                    const std::string& name);
  // Placements of one candidate or of every candidate in scope, filtered by
  // region and state, in pages.
  absl::StatusOr<v1::ListPlacementsResponse> List(
      const Principal& principal, const v1::ListPlacementsRequest& request);
  // One step of proposed or requested -> introduced (needs consent in
  // effect) -> trial -> hired (fills a position, places the candidate) ->
  // ended, or declined with a reason. An employer takes one step only:
  // withdrawing its own request (REQUESTED -> DECLINED, reason
  // request_withdrawn).
  absl::StatusOr<v1::Placement> Transition(
      const Principal& principal,
      const v1::TransitionPlacementRequest& request);
  // Jobs-agreement progress: employers see their own jobs only; small
  // cells are suppressed for all but admins.
  absl::StatusOr<v1::Progress> Progress(const Principal& principal,
                                        const v1::GetProgressRequest& request);

 private:
  // Adds to `violations` what is wrong with the request's fields other than
  // its name; returns the day the step takes effect.
  absl::CivilDay CheckTransition(const v1::TransitionPlacementRequest& request,
                                 FieldViolations& violations) const;
  // Records `state` in the placement's history, stamped now.
  void Record(v1::Placement& placement, v1::Placement::State state,
              const Principal& principal,
              const std::string& decline_reason) const;

  const matcher::Taxonomy* taxonomy_;
  storage::OwnedEntries<v1::Placement> placements_;
  storage::VacancyStore* vacancies_;
  ResourceApi<v1::Candidate>* candidate_api_;
  const ConsentApi* consent_;
  storage::AuditLog* audit_;
  const Clock* clock_;
};

}  // namespace passend::services

#endif  // PASSEND_SERVICES_API_PLACEMENT_API_H_
