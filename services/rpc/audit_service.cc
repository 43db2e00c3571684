#include "services/rpc/audit_service.h"

#include "common/resource_name.h"
#include "common/status_macros.h"
#include "services/api/resource_api.h"
#include "services/rpc/serve.h"

namespace passend::services {
namespace {

const char* const kService = v1::AuditService::service_full_name();

}  // namespace

grpc::ServerUnaryReactor* AuditServiceImpl::VerifyAuditChain(
    grpc::CallbackServerContext* context, const v1::VerifyAuditChainRequest*,
    v1::VerifyAuditChainResponse* response) {
  return Serve(context, *calls_, MethodName(kService, "VerifyAuditChain"),
               [=, this](const Principal&) {
                 return Respond(audit_->Verify(), response);
               });
}

grpc::ServerUnaryReactor* AuditServiceImpl::ListAuditEntries(
    grpc::CallbackServerContext* context,
    const v1::ListAuditEntriesRequest* request,
    v1::ListAuditEntriesResponse* response) {
  return Serve(
      context, *calls_, MethodName(kService, "ListAuditEntries"),
      [=, this](const Principal&) -> absl::Status {
        // The candidate may have been erased: the name's form is
        // checked, not its existence.
        RETURN_IF_ERROR(ParseResourceName(request->candidate(),
                                          kCandidateCollection, "candidate")
                            .status());
        ASSIGN_OR_RETURN(std::vector<v1::AuditEntry> entries,
                         audit_->ForObject(request->candidate()));
        for (v1::AuditEntry& e : entries) {
          *response->add_entries() = std::move(e);
        }
        return absl::OkStatus();
      });
}

}  // namespace passend::services
