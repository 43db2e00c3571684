#include "services/rpc/vacancy_service.h"

#include <utility>

#include "services/rpc/import_reactor.h"
#include "services/rpc/serve.h"

namespace passend::services {
namespace {

const char* const kVacancies = v1::VacancyService::service_full_name();

}  // namespace

grpc::ServerUnaryReactor* VacancyServiceImpl::CreateVacancy(
    grpc::CallbackServerContext* context,
    const v1::CreateVacancyRequest* request, v1::Vacancy* response) {
  return Serve(context, *calls_, MethodName(kVacancies, "CreateVacancy"),
               [=, this](const Principal& principal) {
                 return Respond(api_->Create(principal, request->vacancy(),
                                             request->request_id()),
                                response);
               });
}

grpc::ServerUnaryReactor* VacancyServiceImpl::GetVacancy(
    grpc::CallbackServerContext* context, const v1::GetVacancyRequest* request,
    v1::Vacancy* response) {
  return Serve(context, *calls_, MethodName(kVacancies, "GetVacancy"),
               [=, this](const Principal& principal) {
                 return Respond(api_->Get(principal, request->name()),
                                response);
               });
}

grpc::ServerUnaryReactor* VacancyServiceImpl::UpdateVacancy(
    grpc::CallbackServerContext* context,
    const v1::UpdateVacancyRequest* request, v1::Vacancy* response) {
  return Serve(context, *calls_, MethodName(kVacancies, "UpdateVacancy"),
               [=, this](const Principal& principal) {
                 return Respond(api_->Update(principal, request->vacancy(),
                                             request->update_mask()),
                                response);
               });
}

grpc::ServerUnaryReactor* VacancyServiceImpl::DeleteVacancy(
    grpc::CallbackServerContext* context,
    const v1::DeleteVacancyRequest* request, google::protobuf::Empty*) {
  return Serve(context, *calls_, MethodName(kVacancies, "DeleteVacancy"),
               [=, this](const Principal& principal) {
                 return api_->Delete(principal, request->name(),
                                     request->etag());
               });
}

grpc::ServerUnaryReactor* VacancyServiceImpl::ListVacancies(
    grpc::CallbackServerContext* context,
    const v1::ListVacanciesRequest* request,
    v1::ListVacanciesResponse* response) {
  return Serve(
      context, *calls_, MethodName(kVacancies, "ListVacancies"),
      [=, this](const Principal& principal) -> absl::Status {
        auto page = api_->List(
            principal, request->page_size(), request->page_token(),
            {request->region(), request->status(), request->query()});
        if (!page.ok()) return page.status();
        for (v1::Vacancy& v : page->records) {
          *response->add_vacancies() = std::move(v);
        }
        response->set_next_page_token(std::move(page->next_page_token));
        return absl::OkStatus();
      });
}

grpc::ServerReadReactor<grpc::ByteBuffer>* VacancyServiceImpl::ImportVacancies(
    grpc::CallbackServerContext* context, grpc::ByteBuffer* response) {
  return new ImportReactor<v1::Vacancy>(
      context, *calls_, *idle_watch_, MethodName(kVacancies, "ImportVacancies"),
      api_, v1::ImportVacanciesRequest::kVacanciesFieldNumber, response);
}

}  // namespace passend::services
