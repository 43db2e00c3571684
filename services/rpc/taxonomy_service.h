// passend.v1.TaxonomyService: the taxonomy the server matches with and the
// occupation search, for every role.
#ifndef PASSEND_SERVICES_RPC_TAXONOMY_SERVICE_H_
#define PASSEND_SERVICES_RPC_TAXONOMY_SERVICE_H_

#include "matcher/taxonomy.h"
#include "passend/v1/taxonomy.grpc.pb.h"
#include "services/api/occupation_api.h"
#include "services/rpc/call_path.h"

namespace passend::services {

class TaxonomyServiceImpl final
    : public passend::v1::TaxonomyService::CallbackService {
 public:
  TaxonomyServiceImpl(const CallPath* calls, const matcher::Taxonomy* taxonomy,
                      const OccupationApi* occupations)
      : calls_(calls), taxonomy_(taxonomy), occupations_(occupations) {}

  grpc::ServerUnaryReactor* GetTaxonomy(
      grpc::CallbackServerContext* context,
      const passend::v1::GetTaxonomyRequest* request,
      passend::v1::Taxonomy* response) override;
  grpc::ServerUnaryReactor* SearchOccupations(
      grpc::CallbackServerContext* context,
      const passend::v1::SearchOccupationsRequest* request,
      passend::v1::SearchOccupationsResponse* response) override;

 private:
  const CallPath* calls_;
  const matcher::Taxonomy* taxonomy_;
  const OccupationApi* occupations_;
};

}  // namespace passend::services

#endif  // PASSEND_SERVICES_RPC_TAXONOMY_SERVICE_H_
