#include "services/rpc/match_service.h"

#include "services/rpc/match_options.h"
#include "services/rpc/serve.h"

namespace passend::services {
namespace {

const char* const kService = v1::MatchService::service_full_name();

}  // namespace

grpc::ServerUnaryReactor* MatchServiceImpl::RankCandidates(
    grpc::CallbackServerContext* context,
    const v1::RankCandidatesRequest* request,
    v1::RankCandidatesResponse* response) {
  return Serve(context, *calls_, MethodName(kService, "RankCandidates"),
               [=, this](const Principal& principal) {
                 return Respond(
                     api_->RankCandidates(
                         principal, *request,
                         AdviceOptionsFor(*matcher_, *calls_->clock, *context)),
                     response);
               });
}

grpc::ServerUnaryReactor* MatchServiceImpl::RankAnonymousCandidates(
    grpc::CallbackServerContext* context,
    const v1::RankCandidatesRequest* request,
    v1::RankAnonymousCandidatesResponse* response) {
  return Serve(context, *calls_,
               MethodName(kService, "RankAnonymousCandidates"),
               [=, this](const Principal& principal) {
                 return Respond(
                     api_->RankAnonymousCandidates(
                         principal, *request,
                         AdviceOptionsFor(*matcher_, *calls_->clock, *context)),
                     response);
               });
}

grpc::ServerUnaryReactor* MatchServiceImpl::RankVacancies(
    grpc::CallbackServerContext* context,
    const v1::RankVacanciesRequest* request,
    v1::RankVacanciesResponse* response) {
  return Serve(context, *calls_, MethodName(kService, "RankVacancies"),
               [=, this](const Principal& principal) {
                 return Respond(
                     api_->RankVacancies(
                         principal, *request,
                         AdviceOptionsFor(*matcher_, *calls_->clock, *context)),
                     response);
               });
}

grpc::ServerUnaryReactor* MatchServiceImpl::ExplainMatch(
    grpc::CallbackServerContext* context,
    const v1::ExplainMatchRequest* request, v1::MatchExplanation* response) {
  return Serve(context, *calls_, MethodName(kService, "ExplainMatch"),
               [=, this](const Principal& principal) {
                 return Respond(
                     api_->ExplainMatch(
                         principal, *request,
                         AdviceOptionsFor(*matcher_, *calls_->clock, *context)),
                     response);
               });
}

grpc::ServerUnaryReactor* MatchServiceImpl::ExplainAnonymousMatch(
    grpc::CallbackServerContext* context,
    const v1::ExplainMatchRequest* request, v1::AnonymousMatch* response) {
  return Serve(context, *calls_, MethodName(kService, "ExplainAnonymousMatch"),
               [=, this](const Principal& principal) {
                 return Respond(
                     api_->ExplainAnonymousMatch(
                         principal, *request,
                         AdviceOptionsFor(*matcher_, *calls_->clock, *context)),
                     response);
               });
}

}  // namespace passend::services
