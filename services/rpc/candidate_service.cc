#include "services/rpc/candidate_service.h"

#include <utility>

#include "services/rpc/import_reactor.h"
#include "services/rpc/serve.h"

namespace passend::services {
namespace {

const char* const kCandidates = v1::CandidateService::service_full_name();

}  // namespace

grpc::ServerUnaryReactor* CandidateServiceImpl::CreateCandidate(
    grpc::CallbackServerContext* context,
    const v1::CreateCandidateRequest* request, v1::Candidate* response) {
  return Serve(context, *calls_, MethodName(kCandidates, "CreateCandidate"),
               [=, this](const Principal& principal) {
                 return Respond(api_->Create(principal, request->candidate(),
                                             request->request_id()),
                                response);
               });
}

grpc::ServerUnaryReactor* CandidateServiceImpl::GetCandidate(
    grpc::CallbackServerContext* context,
    const v1::GetCandidateRequest* request, v1::Candidate* response) {
  return Serve(context, *calls_, MethodName(kCandidates, "GetCandidate"),
               [=, this](const Principal& principal) {
                 return Respond(api_->Get(principal, request->name()),
                                response);
               });
}

grpc::ServerUnaryReactor* CandidateServiceImpl::UpdateCandidate(
    grpc::CallbackServerContext* context,
    const v1::UpdateCandidateRequest* request, v1::Candidate* response) {
  return Serve(context, *calls_, MethodName(kCandidates, "UpdateCandidate"),
               [=, this](const Principal& principal) {
                 return Respond(api_->Update(principal, request->candidate(),
                                             request->update_mask()),
                                response);
               });
}

grpc::ServerUnaryReactor* CandidateServiceImpl::DeleteCandidate(
    grpc::CallbackServerContext* context,
    const v1::DeleteCandidateRequest* request, google::protobuf::Empty*) {
  return Serve(context, *calls_, MethodName(kCandidates, "DeleteCandidate"),
               [=, this](const Principal& principal) {
                 return api_->Delete(principal, request->name(),
                                     request->etag());
               });
}

grpc::ServerUnaryReactor* CandidateServiceImpl::ListCandidates(
    grpc::CallbackServerContext* context,
    const v1::ListCandidatesRequest* request,
    v1::ListCandidatesResponse* response) {
  return Serve(
      context, *calls_, MethodName(kCandidates, "ListCandidates"),
      [=, this](const Principal& principal) -> absl::Status {
        auto page =
            api_->List(principal, request->page_size(), request->page_token(),
                       {request->owner_region(), request->availability(),
                        request->query(), request->freshness()});
        if (!page.ok()) return page.status();
        for (v1::Candidate& c : page->records) {
          *response->add_candidates() = std::move(c);
        }
        response->set_next_page_token(std::move(page->next_page_token));
        return absl::OkStatus();
      });
}

grpc::ServerReadReactor<grpc::ByteBuffer>*
CandidateServiceImpl::ImportCandidates(grpc::CallbackServerContext* context,
                                       grpc::ByteBuffer* response) {
  return new ImportReactor<v1::Candidate>(
      context, *calls_, *idle_watch_,
      MethodName(kCandidates, "ImportCandidates"), api_,
      v1::ImportCandidatesRequest::kCandidatesFieldNumber, response);
}

}  // namespace passend::services
