// passend.v1.SupplyService: bottlenecks (GetBottlenecks, from the matcher,
// matcher/advice.h) and the supply picture (GetSupply) from the stored
// candidates -- the only report that reads the placeability stamp, and only
// to count it -- and the matcher, which says who fits an open vacancy.
#ifndef PASSEND_SERVICES_SUPPLY_SERVICE_H_
#define PASSEND_SERVICES_SUPPLY_SERVICE_H_

#include "matcher/matcher.h"
#include "passend/v1/supply.grpc.pb.h"
#include "services/authorizer.h"
#include "storage/record_store.h"

namespace passend::services {

class SupplyServiceImpl final
    : public passend::v1::SupplyService::CallbackService {
 public:
  // All must outlive the service.
  SupplyServiceImpl(const Authorizer* authorizer,
                    const matcher::Matcher* matcher,
                    const storage::CandidateStore* candidates)
      : authorizer_(authorizer), matcher_(matcher), candidates_(candidates) {}

  grpc::ServerUnaryReactor* GetSupply(
      grpc::CallbackServerContext* context,
      const passend::v1::GetSupplyRequest* request,
      passend::v1::Supply* response) override;
  grpc::ServerUnaryReactor* GetBottlenecks(
      grpc::CallbackServerContext* context,
      const passend::v1::GetBottlenecksRequest* request,
      passend::v1::Bottlenecks* response) override;

 private:
  const Authorizer* authorizer_;
  const matcher::Matcher* matcher_;
  const storage::CandidateStore* candidates_;
};

}  // namespace passend::services

#endif  // PASSEND_SERVICES_SUPPLY_SERVICE_H_
