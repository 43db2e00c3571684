// The supply picture, free of gRPC: who is available and what holds them
// back per region (GetSupply), the demands and needs that block most pairs
// (GetBottlenecks), the forecast of supply from the ledger's flows
// (ForecastSupply), and the history an operator loads into the ledger
// (RecordSupplyHistory). Cells are suppressed for all but admins.
#ifndef PASSEND_SERVICES_REPORTS_SUPPLY_REPORTS_H_
#define PASSEND_SERVICES_REPORTS_SUPPLY_REPORTS_H_

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "matcher/advice.h"
#include "matcher/matcher.h"
#include "passend/v1/supply.pb.h"
#include "services/access/principal.h"
#include "storage/audit_log.h"
#include "storage/database.h"
#include "storage/record_store.h"

namespace passend::services {

class SupplyReports {
 public:
  // All must outlive this object.
  SupplyReports(const matcher::Matcher* matcher,
                const storage::CandidateStore* candidates,
                storage::Database* db, storage::AuditLog* audit,
                const Clock* clock)
      : matcher_(matcher),
        candidates_(candidates),
        db_(db),
        audit_(audit),
        clock_(clock) {}

  // Each method takes the call's options (today's policy, the caller's
  // deadline and cancellation) where it scans the population.
  absl::StatusOr<v1::Supply> GetSupply(const Principal& principal,
                                       const v1::GetSupplyRequest& request,
                                       matcher::AdviceOptions options);
  absl::StatusOr<v1::Bottlenecks> GetBottlenecks(
      const Principal& principal, const v1::GetBottlenecksRequest& request,
      matcher::AdviceOptions options);
  absl::StatusOr<v1::SupplyForecast> ForecastSupply(
      const Principal& principal, const v1::ForecastSupplyRequest& request,
      matcher::AdviceOptions call);
  absl::StatusOr<v1::RecordSupplyHistoryResponse> RecordSupplyHistory(
      const Principal& principal,
      const v1::RecordSupplyHistoryRequest& request);

 private:
  const matcher::Matcher* matcher_;
  const storage::CandidateStore* candidates_;
  storage::Database* db_;
  storage::AuditLog* audit_;
  const Clock* clock_;
};

}  // namespace passend::services

#endif  // PASSEND_SERVICES_REPORTS_SUPPLY_REPORTS_H_
