#include "services/rpc/supply_service.h"

#include "services/rpc/match_options.h"
#include "services/rpc/serve.h"

namespace passend::services {
namespace {

const char* const kService = v1::SupplyService::service_full_name();

}  // namespace

grpc::ServerUnaryReactor* SupplyServiceImpl::GetSupply(
    grpc::CallbackServerContext* context, const v1::GetSupplyRequest* request,
    v1::Supply* response) {
  return Serve(context, *calls_, MethodName(kService, "GetSupply"),
               [=, this](const Principal& principal) {
                 return Respond(
                     api_->GetSupply(
                         principal, *request,
                         AdviceOptionsFor(*matcher_, *calls_->clock, *context)),
                     response);
               });
}

grpc::ServerUnaryReactor* SupplyServiceImpl::GetBottlenecks(
    grpc::CallbackServerContext* context,
    const v1::GetBottlenecksRequest* request, v1::Bottlenecks* response) {
  return Serve(context, *calls_, MethodName(kService, "GetBottlenecks"),
               [=, this](const Principal& principal) {
                 return Respond(
                     api_->GetBottlenecks(
                         principal, *request,
                         AdviceOptionsFor(*matcher_, *calls_->clock, *context)),
                     response);
               });
}

grpc::ServerUnaryReactor* SupplyServiceImpl::ForecastSupply(
    grpc::CallbackServerContext* context,
    const v1::ForecastSupplyRequest* request, v1::SupplyForecast* response) {
  return Serve(context, *calls_, MethodName(kService, "ForecastSupply"),
               [=, this](const Principal& principal) {
                 return Respond(
                     api_->ForecastSupply(
                         principal, *request,
                         AdviceOptionsFor(*matcher_, *calls_->clock, *context)),
                     response);
               });
}

grpc::ServerUnaryReactor* SupplyServiceImpl::RecordSupplyHistory(
    grpc::CallbackServerContext* context,
    const v1::RecordSupplyHistoryRequest* request,
    v1::RecordSupplyHistoryResponse* response) {
  return Serve(context, *calls_, MethodName(kService, "RecordSupplyHistory"),
               [=, this](const Principal& principal) {
                 return Respond(api_->RecordSupplyHistory(principal, *request),
                                response);
               });
}

}  // namespace passend::services
