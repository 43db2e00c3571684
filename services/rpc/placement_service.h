// passend.v1.PlacementService: placements from proposal to hire or end, as
// entries their candidate owns (erased with the candidate), with the hire
// written atomically across placement, candidate and vacancy
// (storage::JointWrite); and the jobs-agreement progress report.
#ifndef PASSEND_SERVICES_RPC_PLACEMENT_SERVICE_H_
#define PASSEND_SERVICES_RPC_PLACEMENT_SERVICE_H_

#include "matcher/taxonomy.h"
#include "passend/v1/placement.grpc.pb.h"
#include "services/access/authorizer.h"
#include "services/api/resource_api.h"
#include "storage/audit_log.h"
#include "storage/record_store.h"

namespace passend::services {

class PlacementServiceImpl final
    : public passend::v1::PlacementService::CallbackService {
 public:
  // All must outlive the service.
  PlacementServiceImpl(const Authorizer* authorizer,
                       const matcher::Taxonomy* taxonomy,
                       storage::CandidateStore* candidates,
                       storage::VacancyStore* vacancies,
                       ResourceApi<passend::v1::Candidate>* candidate_api,
                       storage::AuditLog* audit)
      : authorizer_(authorizer),
        taxonomy_(taxonomy),
        candidates_(candidates),
        vacancies_(vacancies),
        candidate_api_(candidate_api),
        audit_(audit) {}

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
  const Authorizer* authorizer_;
  const matcher::Taxonomy* taxonomy_;
  storage::CandidateStore* candidates_;
  storage::VacancyStore* vacancies_;
  ResourceApi<passend::v1::Candidate>* candidate_api_;
  storage::AuditLog* audit_;
};

}  // namespace passend::services

#endif  // PASSEND_SERVICES_RPC_PLACEMENT_SERVICE_H_
