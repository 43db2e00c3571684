#include "services/rpc/admin_service.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "services/rpc/serve.h"
#include "services/status/field_violations.h"

namespace passend::services {
namespace {

const char* const kService = v1::AdminService::service_full_name();

void FillBackup(const storage::BackupInfo& info, v1::Backup* backup) {
  backup->set_name(absl::StrCat("backups/", info.id));
  backup->mutable_create_time()->set_seconds(info.unix_seconds);
  backup->set_size_bytes(static_cast<int64_t>(info.bytes));
}

absl::Status BackupsOn(const storage::BackupOptions& backups) {
  if (backups.dir.empty()) {
    return absl::FailedPreconditionError(
        "backups are off: start passendd with --backup_dir");
  }
  return absl::OkStatus();
}

}  // namespace

grpc::ServerUnaryReactor* AdminServiceImpl::CreateBackup(
    grpc::CallbackServerContext* context,
    const v1::CreateBackupRequest* request, v1::Backup* response) {
  return Serve(context, *calls_, MethodName(kService, "CreateBackup"),
               [=, this](const Principal&) -> absl::Status {
                 if (request->keep() < 0 || request->keep() > 1000) {
                   return InvalidField("keep", "must be 1-1000 (0: default)");
                 }
                 RETURN_IF_ERROR(BackupsOn(backups_));
                 storage::BackupOptions options = backups_;
                 if (request->keep() > 0) options.keep = request->keep();
                 absl::MutexLock lock(&backup_mu_);
                 RETURN_IF_ERROR(CallStillWanted(*context));
                 ASSIGN_OR_RETURN(storage::BackupInfo info,
                                  storage::BackUp(*records_, *vault_, options));
                 FillBackup(info, response);
                 return absl::OkStatus();
               });
}

grpc::ServerUnaryReactor* AdminServiceImpl::ListBackups(
    grpc::CallbackServerContext* context, const v1::ListBackupsRequest*,
    v1::ListBackupsResponse* response) {
  return Serve(context, *calls_, MethodName(kService, "ListBackups"),
               [=, this](const Principal&) -> absl::Status {
                 RETURN_IF_ERROR(BackupsOn(backups_));
                 absl::MutexLock lock(&backup_mu_);
                 absl::StatusOr<std::vector<storage::BackupInfo>> backups =
                     storage::ListBackups(backups_.dir);
                 if (absl::IsNotFound(backups.status())) {
                   return absl::OkStatus();  // none taken yet
                 }
                 RETURN_IF_ERROR(backups.status());
                 for (const storage::BackupInfo& info : *backups) {
                   FillBackup(info, response->add_backups());
                 }
                 return absl::OkStatus();
               });
}

}  // namespace passend::services
