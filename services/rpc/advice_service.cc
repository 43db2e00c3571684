#include "services/rpc/advice_service.h"

#include "services/rpc/match_options.h"
#include "services/rpc/serve.h"

namespace passend::services {
namespace {

const char* const kService = v1::AdviceService::service_full_name();

}  // namespace

grpc::ServerUnaryReactor* AdviceServiceImpl::SuggestAdjustments(
    grpc::CallbackServerContext* context,
    const v1::SuggestAdjustmentsRequest* request,
    v1::SuggestAdjustmentsResponse* response) {
  return Serve(context, *calls_, MethodName(kService, "SuggestAdjustments"),
               [=, this](const Principal& principal) {
                 return Respond(
                     api_->SuggestAdjustments(
                         principal, *request,
                         AdviceOptionsFor(*matcher_, *calls_->clock, *context)),
                     response);
               });
}

grpc::ServerUnaryReactor* AdviceServiceImpl::ExplainBlockers(
    grpc::CallbackServerContext* context,
    const v1::ExplainBlockersRequest* request,
    v1::ExplainBlockersResponse* response) {
  return Serve(context, *calls_, MethodName(kService, "ExplainBlockers"),
               [=, this](const Principal& principal) {
                 return Respond(
                     api_->ExplainBlockers(
                         principal, *request,
                         AdviceOptionsFor(*matcher_, *calls_->clock, *context)),
                     response);
               });
}

grpc::ServerUnaryReactor* AdviceServiceImpl::AdjustmentOpportunities(
    grpc::CallbackServerContext* context,
    const v1::AdjustmentOpportunitiesRequest* request,
    v1::AdjustmentOpportunitiesResponse* response) {
  return Serve(context, *calls_,
               MethodName(kService, "AdjustmentOpportunities"),
               [=, this](const Principal& principal) {
                 return Respond(
                     api_->AdjustmentOpportunities(
                         principal, *request,
                         AdviceOptionsFor(*matcher_, *calls_->clock, *context)),
                     response);
               });
}

grpc::ServerUnaryReactor* AdviceServiceImpl::ProposeAssignments(
    grpc::CallbackServerContext* context,
    const v1::ProposeAssignmentsRequest* request,
    v1::ProposeAssignmentsResponse* response) {
  return Serve(context, *calls_, MethodName(kService, "ProposeAssignments"),
               [=, this](const Principal& principal) {
                 return Respond(
                     api_->ProposeAssignments(
                         principal, *request,
                         AdviceOptionsFor(*matcher_, *calls_->clock, *context)),
                     response);
               });
}

}  // namespace passend::services
