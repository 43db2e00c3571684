// passend.v1.AuditService: verifies the audit log's hash chain and lists
// the entries naming one candidate. Admins only (see the policy).
#ifndef PASSEND_SERVICES_RPC_AUDIT_SERVICE_H_
#define PASSEND_SERVICES_RPC_AUDIT_SERVICE_H_

#include "passend/v1/audit.grpc.pb.h"
#include "services/rpc/call_path.h"
#include "storage/audit_log.h"

namespace passend::services {

class AuditServiceImpl final
    : public passend::v1::AuditService::CallbackService {
 public:
  // Both must outlive the service.
  AuditServiceImpl(const CallPath* calls, storage::AuditLog* audit)
      : calls_(calls), audit_(audit) {}

  grpc::ServerUnaryReactor* VerifyAuditChain(
      grpc::CallbackServerContext* context,
      const passend::v1::VerifyAuditChainRequest* request,
      passend::v1::VerifyAuditChainResponse* response) override;
  grpc::ServerUnaryReactor* ListAuditEntries(
      grpc::CallbackServerContext* context,
      const passend::v1::ListAuditEntriesRequest* request,
      passend::v1::ListAuditEntriesResponse* response) override;

 private:
  const CallPath* calls_;
  storage::AuditLog* audit_;
};

}  // namespace passend::services

#endif  // PASSEND_SERVICES_RPC_AUDIT_SERVICE_H_
