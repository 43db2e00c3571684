#include "services/rpc/taxonomy_service.h"

#include "services/rpc/serve.h"

namespace passend::services {
namespace {

const char* const kTaxonomy = v1::TaxonomyService::service_full_name();

}  // namespace

grpc::ServerUnaryReactor* TaxonomyServiceImpl::GetTaxonomy(
    grpc::CallbackServerContext* context, const v1::GetTaxonomyRequest*,
    v1::Taxonomy* response) {
  return Serve(context, *calls_, MethodName(kTaxonomy, "GetTaxonomy"),
               [=, this](const Principal&) {
                 *response = taxonomy_->proto();
                 return absl::OkStatus();
               });
}

grpc::ServerUnaryReactor* TaxonomyServiceImpl::SearchOccupations(
    grpc::CallbackServerContext* context,
    const v1::SearchOccupationsRequest* request,
    v1::SearchOccupationsResponse* response) {
  return Serve(context, *calls_, MethodName(kTaxonomy, "SearchOccupations"),
               [=, this](const Principal&) {
                 return Respond(occupations_->Search(*request), response);
               });
}

}  // namespace passend::services
