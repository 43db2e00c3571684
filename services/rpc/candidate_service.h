// passend.v1.CandidateService: a thin adapter over ResourceApi<Candidate>
// (standard methods) and the import reactor.
#ifndef PASSEND_SERVICES_RPC_CANDIDATE_SERVICE_H_
#define PASSEND_SERVICES_RPC_CANDIDATE_SERVICE_H_

#include "passend/v1/candidate.grpc.pb.h"
#include "services/api/resource_api.h"
#include "services/rpc/call_path.h"
#include "services/rpc/idle_watch.h"

namespace passend::services {

// The generated CallbackService with the import method raw: imports read
// their stream as bytes, so that a message that does not parse is reported
// rather than taken for the stream's end. (Spelt out rather than
// WithRawCallbackMethod_ImportCandidates<CallbackService>, whose raw
// overload would hide the typed one.)
using CandidateCallbackService =
    passend::v1::CandidateService::WithCallbackMethod_CreateCandidate<
        passend::v1::CandidateService::WithCallbackMethod_GetCandidate<
            passend::v1::CandidateService::WithCallbackMethod_UpdateCandidate<
                passend::v1::CandidateService::
                    WithCallbackMethod_DeleteCandidate<
                        passend::v1::CandidateService::
                            WithCallbackMethod_ListCandidates<
                                passend::v1::CandidateService::
                                    WithRawCallbackMethod_ImportCandidates<
                                        passend::v1::CandidateService::
                                            Service>>>>>>;
class CandidateServiceImpl final : public CandidateCallbackService {
 public:
  CandidateServiceImpl(const CallPath* calls, IdleWatch* idle_watch,
                       ResourceApi<passend::v1::Candidate>* api)
      : calls_(calls), idle_watch_(idle_watch), api_(api) {}

  grpc::ServerUnaryReactor* CreateCandidate(
      grpc::CallbackServerContext* context,
      const passend::v1::CreateCandidateRequest* request,
      passend::v1::Candidate* response) override;
  grpc::ServerUnaryReactor* GetCandidate(
      grpc::CallbackServerContext* context,
      const passend::v1::GetCandidateRequest* request,
      passend::v1::Candidate* response) override;
  grpc::ServerUnaryReactor* UpdateCandidate(
      grpc::CallbackServerContext* context,
      const passend::v1::UpdateCandidateRequest* request,
      passend::v1::Candidate* response) override;
  grpc::ServerUnaryReactor* DeleteCandidate(
      grpc::CallbackServerContext* context,
      const passend::v1::DeleteCandidateRequest* request,
      google::protobuf::Empty* response) override;
  grpc::ServerUnaryReactor* ListCandidates(
      grpc::CallbackServerContext* context,
      const passend::v1::ListCandidatesRequest* request,
      passend::v1::ListCandidatesResponse* response) override;
  // `response` receives a serialized passend.v1.ImportSummary.
  grpc::ServerReadReactor<grpc::ByteBuffer>* ImportCandidates(
      grpc::CallbackServerContext* context,
      grpc::ByteBuffer* response) override;

 private:
  const CallPath* calls_;
  IdleWatch* idle_watch_;  // ends import streams whose client is quiet
  ResourceApi<passend::v1::Candidate>* api_;
};

}  // namespace passend::services

#endif  // PASSEND_SERVICES_RPC_CANDIDATE_SERVICE_H_
