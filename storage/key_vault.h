// Per-record data keys, each wrapped (AES-256-GCM) by a master key read from
// a file, kept in a database of their own apart from the data directory, so
// that copies of the data (backups, files not yet compacted, write-ahead
// logs) never hold them. Erasing a record's data key makes every copy of
// what was sealed with it unreadable.
#ifndef PASSEND_STORAGE_KEY_VAULT_H_
#define PASSEND_STORAGE_KEY_VAULT_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "storage/database.h"

namespace passend::storage {

struct KeyVaultOptions {
  // Directory of the vault's database. Required; must not be inside the
  // data directory that backups copy.
  std::string dir;
  // File holding the master key as 64 hex digits. Required. When it does
  // not exist, a new random key is written to it (mode 0600).
  std::string master_key_file;
  // As DatabaseOptions::sync_writes.
  bool sync_writes = true;
};

class KeyVault {
 public:
  static absl::StatusOr<std::unique_ptr<KeyVault>> Open(
      const KeyVaultOptions& options);

  // The data key of `id`; NOT_FOUND when it has none (never had, or erased).
  absl::StatusOr<std::string> Get(absl::string_view id) const;
  // The data key of `id`, created (durably) when it has none.
  absl::StatusOr<std::string> GetOrCreate(absl::string_view id);
  // Reads data keys for ids asked in ascending order, in one pass over the
  // vault instead of a lookup each (start-up reads every candidate).
  class OrderedReader {
   public:
    explicit OrderedReader(const KeyVault* vault);
    // As KeyVault::Get. REQUIRES: `id` > every id asked before.
    absl::StatusOr<std::string> Get(absl::string_view id);

   private:
    const KeyVault* vault_;
    std::unique_ptr<Database::Cursor> cursor_;
    bool started_ = false;
  };

  // Creates data keys for `ids` (which have none), in one durable write,
  // and returns them in the order of `ids`.
  absl::StatusOr<std::vector<std::string>> CreateMany(
      const std::vector<std::string>& ids);
  // Erases the data key of `id`, durably.
  absl::Status Erase(absl::string_view id);
  // A key for `purpose`, derived from the master key (HMAC), e.g. for
  // keyed hashes of citizen numbers.
  std::string DerivedKey(absl::string_view purpose) const;

  // The vault's database, for backups (storage/backup.h).
  Database& database() { return *db_; }

 private:
  KeyVault(std::unique_ptr<Database> db, std::string master_key)
      : db_(std::move(db)), master_key_(std::move(master_key)) {}

  std::unique_ptr<Database> db_;
  const std::string master_key_;
  absl::Mutex create_mu_;
};

}  // namespace passend::storage

#endif  // PASSEND_STORAGE_KEY_VAULT_H_
