#include "services/rpc/consent_service.h"

#include "services/rpc/serve.h"

namespace passend::services {
namespace {

const char* const kService = v1::ConsentService::service_full_name();

}  // namespace

grpc::ServerUnaryReactor* ConsentServiceImpl::RecordConsent(
    grpc::CallbackServerContext* context,
    const v1::RecordConsentRequest* request, v1::ConsentEvent* response) {
  return Serve(context, *calls_, MethodName(kService, "RecordConsent"),
               [=, this](const Principal& principal) {
                 return Respond(
                     api_->Record(principal, request->consent_event()),
                     response);
               });
}

grpc::ServerUnaryReactor* ConsentServiceImpl::ListConsentEvents(
    grpc::CallbackServerContext* context,
    const v1::ListConsentEventsRequest* request,
    v1::ListConsentEventsResponse* response) {
  return Serve(context, *calls_, MethodName(kService, "ListConsentEvents"),
               [=, this](const Principal& principal) {
                 return Respond(api_->List(principal, request->parent()),
                                response);
               });
}

grpc::ServerUnaryReactor* ConsentServiceImpl::GetIntroduction(
    grpc::CallbackServerContext* context,
    const v1::GetIntroductionRequest* request, v1::Introduction* response) {
  return Serve(context, *calls_, MethodName(kService, "GetIntroduction"),
               [=, this](const Principal& principal) {
                 return Respond(api_->Introduce(principal, request->candidate(),
                                                request->vacancy()),
                                response);
               });
}

}  // namespace passend::services
