#include "services/rpc/placement_service.h"

#include "services/rpc/serve.h"

namespace passend::services {
namespace {

const char* const kService = v1::PlacementService::service_full_name();

}  // namespace

grpc::ServerUnaryReactor* PlacementServiceImpl::CreatePlacement(
    grpc::CallbackServerContext* context,
    const v1::CreatePlacementRequest* request, v1::Placement* response) {
  return Serve(context, *calls_, MethodName(kService, "CreatePlacement"),
               [=, this](const Principal& principal) {
                 return Respond(api_->Create(principal, request->placement()),
                                response);
               });
}

grpc::ServerUnaryReactor* PlacementServiceImpl::GetPlacement(
    grpc::CallbackServerContext* context,
    const v1::GetPlacementRequest* request, v1::Placement* response) {
  return Serve(context, *calls_, MethodName(kService, "GetPlacement"),
               [=, this](const Principal& principal) {
                 return Respond(api_->Get(principal, request->name()),
                                response);
               });
}

grpc::ServerUnaryReactor* PlacementServiceImpl::ListPlacements(
    grpc::CallbackServerContext* context,
    const v1::ListPlacementsRequest* request,
    v1::ListPlacementsResponse* response) {
  return Serve(context, *calls_, MethodName(kService, "ListPlacements"),
               [=, this](const Principal& principal) {
                 return Respond(api_->List(principal, *request), response);
               });
}

grpc::ServerUnaryReactor* PlacementServiceImpl::TransitionPlacement(
    grpc::CallbackServerContext* context,
    const v1::TransitionPlacementRequest* request, v1::Placement* response) {
  return Serve(context, *calls_, MethodName(kService, "TransitionPlacement"),
               [=, this](const Principal& principal) {
                 return Respond(api_->Transition(principal, *request),
                                response);
               });
}

grpc::ServerUnaryReactor* PlacementServiceImpl::GetProgress(
    grpc::CallbackServerContext* context, const v1::GetProgressRequest* request,
    v1::Progress* response) {
  return Serve(context, *calls_, MethodName(kService, "GetProgress"),
               [=, this](const Principal& principal) {
                 return Respond(api_->Progress(principal, *request), response);
               });
}

}  // namespace passend::services
