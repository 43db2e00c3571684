// passend.v1.SupplyService: bottlenecks (GetBottlenecks, from the matcher,
// matcher/advice.h); the supply picture (GetSupply) from the stored
// candidates -- the only report that reads the placeability stamp, and only
// to count it -- and the matcher, which says who fits an open vacancy; and
// the forecast (ForecastSupply) from the supply ledger and the candidates'
// birth years.
#ifndef PASSEND_SERVICES_RPC_SUPPLY_SERVICE_H_
#define PASSEND_SERVICES_RPC_SUPPLY_SERVICE_H_

#include "matcher/matcher.h"
#include "passend/v1/supply.grpc.pb.h"
#include "services/rpc/call_path.h"
#include "storage/audit_log.h"
#include "storage/database.h"
#include "storage/record_store.h"

namespace passend::services {

class SupplyServiceImpl final
    : public passend::v1::SupplyService::CallbackService {
 public:
  // All must outlive the service.
  SupplyServiceImpl(const CallPath* calls, const matcher::Matcher* matcher,
                    const storage::CandidateStore* candidates,
                    storage::Database* db, storage::AuditLog* audit)
      : calls_(calls),
        matcher_(matcher),
        candidates_(candidates),
        db_(db),
        audit_(audit) {}

  grpc::ServerUnaryReactor* GetSupply(
      grpc::CallbackServerContext* context,
      const passend::v1::GetSupplyRequest* request,
      passend::v1::Supply* response) override;
  grpc::ServerUnaryReactor* GetBottlenecks(
      grpc::CallbackServerContext* context,
      const passend::v1::GetBottlenecksRequest* request,
      passend::v1::Bottlenecks* response) override;
  grpc::ServerUnaryReactor* ForecastSupply(
      grpc::CallbackServerContext* context,
      const passend::v1::ForecastSupplyRequest* request,
      passend::v1::SupplyForecast* response) override;
  grpc::ServerUnaryReactor* RecordSupplyHistory(
      grpc::CallbackServerContext* context,
      const passend::v1::RecordSupplyHistoryRequest* request,
      passend::v1::RecordSupplyHistoryResponse* response) override;

 private:
  const CallPath* calls_;
  const matcher::Matcher* matcher_;
  const storage::CandidateStore* candidates_;
  storage::Database* db_;
  storage::AuditLog* audit_;
};

}  // namespace passend::services

#endif  // PASSEND_SERVICES_RPC_SUPPLY_SERVICE_H_
