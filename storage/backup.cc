#include "storage/backup.h"

#include <filesystem>
#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/status_macros.h"

namespace passend::storage {
namespace {

constexpr absl::string_view kRecordsOf = "records backup ";

std::string RecordsDir(const std::string& dir) { return dir + "/records"; }
std::string KeysDir(const std::string& dir) { return dir + "/keys"; }

// Vault backups by the records backup they go with.
absl::StatusOr<std::map<uint32_t, BackupInfo>> VaultBackups(
    const std::string& dir) {
  ASSIGN_OR_RETURN(std::vector<BackupInfo> keys,
                   Database::ListBackups(KeysDir(dir)));
  std::map<uint32_t, BackupInfo> by_records;
  for (const BackupInfo& k : keys) {
    absl::string_view metadata = k.metadata;
    uint32_t records = 0;
    if (absl::ConsumePrefix(&metadata, kRecordsOf) &&
        absl::SimpleAtoi(metadata, &records)) {
      by_records[records] = k;
    }
  }
  return by_records;
}

}  // namespace

absl::StatusOr<BackupInfo> BackUp(Database& records, Database& vault,
                                  const BackupOptions& options) {
  if (options.dir.empty() || options.keep < 1) {
    return absl::InvalidArgumentError(
        "a backup needs a directory and keeps at least 1");
  }
  ASSIGN_OR_RETURN(BackupInfo backup, records.Backup(RecordsDir(options.dir)));
  absl::StatusOr<BackupInfo> keys =
      vault.Backup(KeysDir(options.dir), absl::StrCat(kRecordsOf, backup.id));
  if (!keys.ok()) {
    // Half a backup is none: take the records half back.
    Database::DeleteBackup(RecordsDir(options.dir), backup.id).IgnoreError();
    return keys.status();
  }
  backup.bytes += keys->bytes;
  // Retention: the newest `keep` complete backups stay.
  ASSIGN_OR_RETURN(std::vector<BackupInfo> complete, ListBackups(options.dir));
  ASSIGN_OR_RETURN(auto vault_backups, VaultBackups(options.dir));
  const size_t drop = complete.size() > static_cast<size_t>(options.keep)
                          ? complete.size() - static_cast<size_t>(options.keep)
                          : 0;
  for (size_t i = 0; i < drop; ++i) {
    RETURN_IF_ERROR(Database::DeleteBackup(
        KeysDir(options.dir), vault_backups.at(complete[i].id).id));
    RETURN_IF_ERROR(
        Database::DeleteBackup(RecordsDir(options.dir), complete[i].id));
  }
  return backup;
}

absl::StatusOr<std::vector<BackupInfo>> ListBackups(const std::string& dir) {
  ASSIGN_OR_RETURN(std::vector<BackupInfo> records,
                   Database::ListBackups(RecordsDir(dir)));
  ASSIGN_OR_RETURN(auto vault_backups, VaultBackups(dir));
  std::vector<BackupInfo> complete;
  for (BackupInfo& r : records) {
    auto it = vault_backups.find(r.id);
    if (it == vault_backups.end()) continue;
    r.bytes += it->second.bytes;
    r.metadata.clear();
    complete.push_back(r);
  }
  return complete;
}

absl::Status RestoreBackup(const std::string& dir, uint32_t id,
                           const std::string& data_dir,
                           const std::string& key_dir) {
  ASSIGN_OR_RETURN(std::vector<BackupInfo> complete, ListBackups(dir));
  if (complete.empty()) {
    return absl::NotFoundError(absl::StrCat("no complete backup in ", dir));
  }
  if (id == 0) id = complete.back().id;
  ASSIGN_OR_RETURN(auto vault_backups, VaultBackups(dir));
  auto it = vault_backups.find(id);
  if (it == vault_backups.end()) {
    return absl::NotFoundError(
        absl::StrCat("no complete backup ", id, " in ", dir));
  }
  RETURN_IF_ERROR(Database::RestoreBackup(RecordsDir(dir), id, data_dir));
  absl::Status keys =
      Database::RestoreBackup(KeysDir(dir), it->second.id, key_dir);
  if (!keys.ok()) {
    // Half a restore is none: both directories were empty before.
    std::error_code ec;
    std::filesystem::remove_all(data_dir, ec);
    std::filesystem::remove_all(key_dir, ec);
  }
  return keys;
}

}  // namespace passend::storage
