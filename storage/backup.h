// Backups of a passend server's two databases -- the records and the key
// vault of candidates' data keys -- taken together, kept to a retention
// count, and restored together into new directories.
//
// The records go first, then the vault: every record of a backup finds its
// data key in the vault's, and a candidate erased in between has no key
// there, so a server on the restored copy deletes the record (as after any
// erasure cut short). The master key file is not in a backup: keep it
// apart, or the backup cannot be read.
#ifndef PASSEND_STORAGE_BACKUP_H_
#define PASSEND_STORAGE_BACKUP_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "storage/database.h"

namespace passend::storage {

struct BackupOptions {
  // Directory of the backups (records in "records", keys in "keys").
  // Required.
  std::string dir;
  // Backups kept: after a new one, the oldest beyond this many are deleted.
  // Default 7; at least 1.
  int keep = 7;
};

// Backs up `records` and then `vault`. Returns the new backup, named by the
// records backup's id.
absl::StatusOr<BackupInfo> BackUp(Database& records, Database& vault,
                                  const BackupOptions& options);

// The complete backups in `dir` (both halves intact), oldest first.
absl::StatusOr<std::vector<BackupInfo>> ListBackups(const std::string& dir);

// Restores backup `id` (0: the newest) of `dir` into `data_dir` and
// `key_dir`, neither of which may hold anything yet.
absl::Status RestoreBackup(const std::string& dir, uint32_t id,
                           const std::string& data_dir,
                           const std::string& key_dir);

}  // namespace passend::storage

#endif  // PASSEND_STORAGE_BACKUP_H_
