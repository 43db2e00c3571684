// passend.v1.AdviceService over AdviceApi: adjustment advice, blockers,
// opportunities per region and region-wide assignment proposals.
#ifndef PASSEND_SERVICES_RPC_ADVICE_SERVICE_H_
#define PASSEND_SERVICES_RPC_ADVICE_SERVICE_H_

#include "matcher/matcher.h"
#include "passend/v1/advice.grpc.pb.h"
#include "services/api/advice_api.h"
#include "services/rpc/call_path.h"

namespace passend::services {

class AdviceServiceImpl final
    : public passend::v1::AdviceService::CallbackService {
 public:
  // All must outlive the service; `matcher` gives the calls today's policy.
  AdviceServiceImpl(const CallPath* calls, const matcher::Matcher* matcher,
                    AdviceApi* api)
      : calls_(calls), matcher_(matcher), api_(api) {}

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
  AdviceApi* api_;
};

}  // namespace passend::services

#endif  // PASSEND_SERVICES_RPC_ADVICE_SERVICE_H_
