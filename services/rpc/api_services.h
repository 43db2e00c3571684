// The gRPC services of passend.v1: thin adapters that authorize each call at
// the one authorization point, hand the request to ResourceApi (or the
// taxonomy) and map the result to a gRPC status.
#ifndef PASSEND_SERVICES_RPC_API_SERVICES_H_
#define PASSEND_SERVICES_RPC_API_SERVICES_H_

#include "matcher/taxonomy.h"
#include "passend/v1/candidate.grpc.pb.h"
#include "passend/v1/taxonomy.grpc.pb.h"
#include "passend/v1/vacancy.grpc.pb.h"
#include "services/access/authorizer.h"
#include "services/api/resource_api.h"
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
using VacancyCallbackService =
    passend::v1::VacancyService::WithCallbackMethod_CreateVacancy<
        passend::v1::VacancyService::WithCallbackMethod_GetVacancy<
            passend::v1::VacancyService::WithCallbackMethod_UpdateVacancy<
                passend::v1::VacancyService::WithCallbackMethod_DeleteVacancy<
                    passend::v1::VacancyService::
                        WithCallbackMethod_ListVacancies<
                            passend::v1::VacancyService::
                                WithRawCallbackMethod_ImportVacancies<
                                    passend::v1::VacancyService::Service>>>>>>;

class CandidateServiceImpl final : public CandidateCallbackService {
 public:
  CandidateServiceImpl(const Authorizer* authorizer, IdleWatch* idle_watch,
                       ResourceApi<passend::v1::Candidate>* api)
      : authorizer_(authorizer), idle_watch_(idle_watch), api_(api) {}

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
  const Authorizer* authorizer_;
  IdleWatch* idle_watch_;  // ends import streams whose client is quiet
  ResourceApi<passend::v1::Candidate>* api_;
};

class VacancyServiceImpl final : public VacancyCallbackService {
 public:
  VacancyServiceImpl(const Authorizer* authorizer, IdleWatch* idle_watch,
                     ResourceApi<passend::v1::Vacancy>* api)
      : authorizer_(authorizer), idle_watch_(idle_watch), api_(api) {}

  grpc::ServerUnaryReactor* CreateVacancy(
      grpc::CallbackServerContext* context,
      const passend::v1::CreateVacancyRequest* request,
      passend::v1::Vacancy* response) override;
  grpc::ServerUnaryReactor* GetVacancy(
      grpc::CallbackServerContext* context,
      const passend::v1::GetVacancyRequest* request,
      passend::v1::Vacancy* response) override;
  grpc::ServerUnaryReactor* UpdateVacancy(
      grpc::CallbackServerContext* context,
      const passend::v1::UpdateVacancyRequest* request,
      passend::v1::Vacancy* response) override;
  grpc::ServerUnaryReactor* DeleteVacancy(
      grpc::CallbackServerContext* context,
      const passend::v1::DeleteVacancyRequest* request,
      google::protobuf::Empty* response) override;
  grpc::ServerUnaryReactor* ListVacancies(
      grpc::CallbackServerContext* context,
      const passend::v1::ListVacanciesRequest* request,
      passend::v1::ListVacanciesResponse* response) override;
  // `response` receives a serialized passend.v1.ImportSummary.
  grpc::ServerReadReactor<grpc::ByteBuffer>* ImportVacancies(
      grpc::CallbackServerContext* context,
      grpc::ByteBuffer* response) override;

 private:
  const Authorizer* authorizer_;
  IdleWatch* idle_watch_;  // ends import streams whose client is quiet
  ResourceApi<passend::v1::Vacancy>* api_;
};

class TaxonomyServiceImpl final
    : public passend::v1::TaxonomyService::CallbackService {
 public:
  TaxonomyServiceImpl(const Authorizer* authorizer,
                      const matcher::Taxonomy* taxonomy)
      : authorizer_(authorizer), taxonomy_(taxonomy) {}

  grpc::ServerUnaryReactor* GetTaxonomy(
      grpc::CallbackServerContext* context,
      const passend::v1::GetTaxonomyRequest* request,
      passend::v1::Taxonomy* response) override;

 private:
  const Authorizer* authorizer_;
  const matcher::Taxonomy* taxonomy_;
};

}  // namespace passend::services

#endif  // PASSEND_SERVICES_RPC_API_SERVICES_H_
