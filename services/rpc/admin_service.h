// passend.v1.AdminService: online backups of the records and the key vault
// (storage/backup.h), one at a time. Admins only (see the policy).
#ifndef PASSEND_SERVICES_RPC_ADMIN_SERVICE_H_
#define PASSEND_SERVICES_RPC_ADMIN_SERVICE_H_

#include "absl/synchronization/mutex.h"
#include "passend/v1/admin.grpc.pb.h"
#include "services/rpc/call_path.h"
#include "storage/backup.h"
#include "storage/database.h"

namespace passend::services {

class AdminServiceImpl final
    : public passend::v1::AdminService::CallbackService {
 public:
  // All must outlive the service; `backups.dir` empty turns backups off.
  AdminServiceImpl(const CallPath* calls, storage::Database* records,
                   storage::Database* vault, storage::BackupOptions backups)
      : calls_(calls),
        records_(records),
        vault_(vault),
        backups_(std::move(backups)) {}

  grpc::ServerUnaryReactor* CreateBackup(
      grpc::CallbackServerContext* context,
      const passend::v1::CreateBackupRequest* request,
      passend::v1::Backup* response) override;
  grpc::ServerUnaryReactor* ListBackups(
      grpc::CallbackServerContext* context,
      const passend::v1::ListBackupsRequest* request,
      passend::v1::ListBackupsResponse* response) override;

 private:
  const CallPath* calls_;
  storage::Database* records_;
  storage::Database* vault_;
  const storage::BackupOptions backups_;
  // One backup engine at a time on the directory.
  absl::Mutex backup_mu_;
};

}  // namespace passend::services

#endif  // PASSEND_SERVICES_RPC_ADMIN_SERVICE_H_
