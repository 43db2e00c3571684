// passend.v1.AdviceService over the in-memory Matcher: adjustment advice for
// a vacancy, blockers for a candidate, adjustment opportunities per region
// and region-wide assignment proposals (matcher/advice.h does the work).
#ifndef PASSEND_SERVICES_RPC_ADVICE_SERVICE_H_
#define PASSEND_SERVICES_RPC_ADVICE_SERVICE_H_

#include "matcher/matcher.h"
#include "passend/v1/advice.grpc.pb.h"
#include "services/rpc/call_path.h"
#include "storage/audit_log.h"

namespace passend::services {

// ProposeAssignments' edges per vacancy: default and cap.
inline constexpr int kDefaultEdgesPerVacancy = 100;
inline constexpr int kMaxEdgesPerVacancy = 1000;

class AdviceServiceImpl final
    : public passend::v1::AdviceService::CallbackService {
 public:
  // All must outlive the service. ExplainBlockers and ProposeAssignments
  // record in `audit` the candidates they show, before they return.
  AdviceServiceImpl(const CallPath* calls, const matcher::Matcher* matcher,
                    storage::AuditLog* audit)
      : calls_(calls), matcher_(matcher), audit_(audit) {}

  grpc::ServerUnaryReactor* SuggestAdjustments(
      grpc::CallbackServerContext* context,
      const passend::v1::SuggestAdjustmentsRequest* request,
      passend::v1::SuggestAdjustmentsResponse* response) override;
  grpc::ServerUnaryReactor* ExplainBlockers(
      grpc::CallbackServerContext* context,
      const passend::v1::ExplainBlockersRequest* request,
      passend::v1::ExplainBlockersResponse* response) override;
  grpc::ServerUnaryReactor* AdjustmentOpportunities(
      grpc::CallbackServerContext* context,
      const passend::v1::AdjustmentOpportunitiesRequest* request,
      passend::v1::AdjustmentOpportunitiesResponse* response) override;
  grpc::ServerUnaryReactor* ProposeAssignments(
      grpc::CallbackServerContext* context,
      const passend::v1::ProposeAssignmentsRequest* request,
      passend::v1::ProposeAssignmentsResponse* response) override;

 private:
  const CallPath* calls_;
  const matcher::Matcher* matcher_;
  storage::AuditLog* audit_;
};

}  // namespace passend::services

#endif  // PASSEND_SERVICES_RPC_ADVICE_SERVICE_H_
