// passend.v1.VacancyService: a thin adapter over ResourceApi<Vacancy>
// (standard methods) and the import reactor.
#ifndef PASSEND_SERVICES_RPC_VACANCY_SERVICE_H_
#define PASSEND_SERVICES_RPC_VACANCY_SERVICE_H_

#include "passend/v1/vacancy.grpc.pb.h"
#include "services/api/resource_api.h"
#include "services/rpc/call_path.h"
#include "services/rpc/idle_watch.h"

namespace passend::services {

// The generated CallbackService with the import method raw, as for
// candidates (candidate_service.h).
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

class VacancyServiceImpl final : public VacancyCallbackService {
 public:
  VacancyServiceImpl(const CallPath* calls, IdleWatch* idle_watch,
                     ResourceApi<passend::v1::Vacancy>* api)
      : calls_(calls), idle_watch_(idle_watch), api_(api) {}

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
  const CallPath* calls_;
  IdleWatch* idle_watch_;  // ends import streams whose client is quiet
  ResourceApi<passend::v1::Vacancy>* api_;
};

}  // namespace passend::services

#endif  // PASSEND_SERVICES_RPC_VACANCY_SERVICE_H_
