#include "services/rpc/account_service.h"

#include "services/rpc/serve.h"

namespace passend::services {
namespace {

const char* const kAccount = v1::AccountService::service_full_name();

v1::Caller::Role CallerRole(Role role) {
  switch (role) {
    case Role::kWsp:
      return v1::Caller::WSP;
    case Role::kEmployer:
      return v1::Caller::EMPLOYER;
    case Role::kIntegration:
      return v1::Caller::INTEGRATION;
    case Role::kAnalyst:
      return v1::Caller::ANALYST;
    case Role::kAdmin:
      return v1::Caller::ADMIN;
  }
  return v1::Caller::ROLE_UNSPECIFIED;
}

}  // namespace

grpc::ServerUnaryReactor* AccountServiceImpl::GetCaller(
    grpc::CallbackServerContext* context, const v1::GetCallerRequest*,
    v1::Caller* response) {
  return Serve(context, *calls_, MethodName(kAccount, "GetCaller"),
               [=](const Principal& principal) {
                 response->set_principal(principal.id);
                 response->set_role(CallerRole(principal.role));
                 for (const std::string& region : principal.regions) {
                   response->add_regions(region);
                 }
                 response->set_employer(principal.employer);
                 return absl::OkStatus();
               });
}

}  // namespace passend::services
