// passend.v1.TaxonomyService: the taxonomy the server matches with, for
// every role.
#ifndef PASSEND_SERVICES_RPC_TAXONOMY_SERVICE_H_
#define PASSEND_SERVICES_RPC_TAXONOMY_SERVICE_H_

#include "matcher/taxonomy.h"
#include "passend/v1/taxonomy.grpc.pb.h"
#include "services/rpc/call_path.h"

namespace passend::services {

class TaxonomyServiceImpl final
    : public passend::v1::TaxonomyService::CallbackService {
 public:
  TaxonomyServiceImpl(const CallPath* calls, const matcher::Taxonomy* taxonomy)
      : calls_(calls), taxonomy_(taxonomy) {}

  grpc::ServerUnaryReactor* GetTaxonomy(
      grpc::CallbackServerContext* context,
      const passend::v1::GetTaxonomyRequest* request,
      passend::v1::Taxonomy* response) override;

 private:
  const CallPath* calls_;
  const matcher::Taxonomy* taxonomy_;
};

}  // namespace passend::services

#endif  // PASSEND_SERVICES_RPC_TAXONOMY_SERVICE_H_
