#include "storage/key_vault.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/file.h"
#include "common/status_macros.h"
#include "storage/crypto.h"
#include "storage/key_codec.h"

namespace passend::storage {
namespace {

std::string DataKeyKey(absl::string_view id) {
  return KeyEncoder().String(id).Release();
}

// Binds a wrapped key to its record id.
std::string WrapContext(absl::string_view id) {
  return absl::StrCat("passend data key ", id);
}

absl::StatusOr<std::string> LoadOrCreateMasterKey(const std::string& path) {
  if (!std::filesystem::exists(path)) {
    std::error_code ec;
    std::filesystem::create_directories(
        std::filesystem::path(path).parent_path(), ec);
    const std::string text =
        absl::StrCat(absl::BytesToHexString(RandomBytes(kKeyBytes)), "\n");
    // Readable by the owner only from the first byte, and durable before
    // any data key is wrapped with it.
    const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    const bool written = fd >= 0 &&
                         write(fd, text.data(), text.size()) ==
                             static_cast<ssize_t>(text.size()) &&
                         fsync(fd) == 0;
    if (fd >= 0) close(fd);
    if (!written) {
      return absl::FailedPreconditionError(
          absl::StrCat("cannot write master key file ", path));
    }
  }
  ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  std::string hex = std::string(absl::StripAsciiWhitespace(text));
  if (hex.size() != 2 * kKeyBytes ||
      hex.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) {
    return absl::FailedPreconditionError(absl::StrCat(
        "master key file ", path, " must hold 64 hex digits (32 bytes)"));
  }
  return absl::HexStringToBytes(hex);
}

}  // namespace

absl::StatusOr<std::unique_ptr<KeyVault>> KeyVault::Open(
    const KeyVaultOptions& options) {
  if (options.dir.empty() || options.master_key_file.empty()) {
    return absl::InvalidArgumentError(
        "the key vault needs a directory and a master key file");
  }
  DatabaseOptions db_options;
  db_options.path = options.dir;
  db_options.sync_writes = options.sync_writes;
  db_options.block_cache_bytes = size_t{32} << 20;
  db_options.memtable_budget_bytes = size_t{32} << 20;
  ASSIGN_OR_RETURN(std::unique_ptr<Database> db, Database::Open(db_options));
  // A new master key for a vault that holds keys would make every one of
  // them unreadable, which start-up would take for erasures.
  bool holds_keys = false;
  RETURN_IF_ERROR(db->Scan(Family::kDataKeys, "", "",
                           [&](absl::string_view, absl::string_view) {
                             holds_keys = true;
                             return false;
                           }));
  if (holds_keys && !std::filesystem::exists(options.master_key_file)) {
    return absl::FailedPreconditionError(
        absl::StrCat("the key vault in ", options.dir,
                     " holds data keys but the master "
                     "key file ",
                     options.master_key_file,
                     " is missing (after a restore: "
                     "pass the original with --master_key_file)"));
  }
  ASSIGN_OR_RETURN(std::string master_key,
                   LoadOrCreateMasterKey(options.master_key_file));
  return std::unique_ptr<KeyVault>(
      new KeyVault(std::move(db), std::move(master_key)));
}

absl::StatusOr<std::string> KeyVault::Get(absl::string_view id) const {
  ASSIGN_OR_RETURN(std::optional<std::string> wrapped,
                   db_->Get(Family::kDataKeys, DataKeyKey(id)));
  if (!wrapped.has_value()) {
    return absl::NotFoundError(absl::StrCat("no data key for ", id));
  }
  return Unseal(master_key_, *wrapped, WrapContext(id));
}

KeyVault::OrderedReader::OrderedReader(const KeyVault* vault)
    : vault_(vault), cursor_(vault->db_->NewCursor(Family::kDataKeys)) {}

absl::StatusOr<std::string> KeyVault::OrderedReader::Get(absl::string_view id) {
  const std::string key = DataKeyKey(id);
  if (!started_) {
    cursor_->Seek(key);
    started_ = true;
  }
  // Sequential when most ids have keys; a few steps past the erased ones.
  int steps = 0;
  while (cursor_->Valid() && cursor_->key() < key) {
    if (++steps > 16) {
      cursor_->Seek(key);
      break;
    }
    cursor_->Next();
  }
  RETURN_IF_ERROR(cursor_->status());
  if (!cursor_->Valid() || cursor_->key() != key) {
    return absl::NotFoundError(absl::StrCat("no data key for ", id));
  }
  return Unseal(vault_->master_key_, cursor_->value(), WrapContext(id));
}

absl::StatusOr<std::string> KeyVault::GetOrCreate(absl::string_view id) {
  absl::MutexLock lock(&create_mu_);
  absl::StatusOr<std::string> existing = Get(id);
  if (!absl::IsNotFound(existing.status())) return existing;
  std::string key = RandomBytes(kKeyBytes);
  ASSIGN_OR_RETURN(std::string wrapped,
                   Seal(master_key_, key, WrapContext(id)));
  WriteSet writes;
  writes.Put(Family::kDataKeys, DataKeyKey(id), wrapped);
  RETURN_IF_ERROR(db_->Write(writes));
  return key;
}

absl::StatusOr<std::vector<std::string>> KeyVault::CreateMany(
    const std::vector<std::string>& ids) {
  WriteSet writes;
  std::vector<std::string> keys;
  for (const std::string& id : ids) {
    keys.push_back(RandomBytes(kKeyBytes));
    ASSIGN_OR_RETURN(std::string wrapped,
                     Seal(master_key_, keys.back(), WrapContext(id)));
    writes.Put(Family::kDataKeys, DataKeyKey(id), wrapped);
  }
  RETURN_IF_ERROR(db_->Write(writes));
  return keys;
}

absl::Status KeyVault::Erase(absl::string_view id) {
  WriteSet writes;
  writes.Delete(Family::kDataKeys, DataKeyKey(id));
  return db_->Write(writes);
}

std::string KeyVault::DerivedKey(absl::string_view purpose) const {
  return KeyedHash(master_key_, purpose);
}

}  // namespace passend::storage
