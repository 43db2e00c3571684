// passend.v1.PlacementService over PlacementApi: placements from proposal
// to hire or end, and the jobs-agreement progress report.
#ifndef PASSEND_SERVICES_RPC_PLACEMENT_SERVICE_H_
#define PASSEND_SERVICES_RPC_PLACEMENT_SERVICE_H_

#include "passend/v1/placement.grpc.pb.h"
#include "services/api/placement_api.h"
#include "services/rpc/call_path.h"

namespace passend::services {

class PlacementServiceImpl final
    : public passend::v1::PlacementService::CallbackService {
 public:
  // Both must outlive the service.
  PlacementServiceImpl(const CallPath* calls, PlacementApi* api)
      : calls_(calls), api_(api) {}

  grpc::ServerUnaryReactor* CreatePlacement(
      grpc::CallbackServerContext* context,
      const passend::v1::CreatePlacementRequest* request,
      passend::v1::Placement* response) override;
  grpc::ServerUnaryReactor* GetPlacement(
      grpc::CallbackServerContext* context,
      const passend::v1::GetPlacementRequest* request,
      passend::v1::Placement* response) override;
  grpc::ServerUnaryReactor* ListPlacements(
      grpc::CallbackServerContext* context,
      const passend::v1::ListPlacementsRequest* request,
      passend::v1::ListPlacementsResponse* response) override;
  grpc::ServerUnaryReactor* TransitionPlacement(
      grpc::CallbackServerContext* context,
      const passend::v1::TransitionPlacementRequest* request,
      passend::v1::Placement* response) override;
  grpc::ServerUnaryReactor* GetProgress(
      grpc::CallbackServerContext* context,
      const passend::v1::GetProgressRequest* request,
      passend::v1::Progress* response) override;

 private:
  const CallPath* calls_;
  PlacementApi* api_;
};

}  // namespace passend::services

#endif  // PASSEND_SERVICES_RPC_PLACEMENT_SERVICE_H_
