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
#include "services/reports/supply_reports.h"
#include "services/rpc/call_path.h"

namespace passend::services {

class SupplyServiceImpl final
    : public passend::v1::SupplyService::CallbackService {
 public:
  // All must outlive the service; `matcher` gives the calls today's policy.
  SupplyServiceImpl(const CallPath* calls, const matcher::Matcher* matcher,
                    SupplyReports* reports)
      : calls_(calls), matcher_(matcher), api_(reports) {}

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
  SupplyReports* api_;
};

}  // namespace passend::services

#endif  // PASSEND_SERVICES_RPC_SUPPLY_SERVICE_H_
