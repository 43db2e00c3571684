// Files kept beside a database, written whole and durably or not at all:
// sealed (AES-256-GCM) under a key, and read back only when key and context
// match; or in the clear.
#ifndef PASSEND_STORAGE_SEALED_FILE_H_
#define PASSEND_STORAGE_SEALED_FILE_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace passend::storage {

// Seals `content` under `key` bound to `context` and replaces `path` with
// it atomically: a crash leaves the old file or the new one, never a part.
// The new file is synced, and so is its directory.
absl::Status WriteSealedFile(const std::string& path, absl::string_view key,
                             absl::string_view context,
                             absl::string_view content);

// The content of a file WriteSealedFile wrote. NOT_FOUND when there is no
// readable file; DATA_LOSS when it does not open with `key` and `context`.
absl::StatusOr<std::string> ReadSealedFile(const std::string& path,
                                           absl::string_view key,
                                           absl::string_view context);

// Replaces `path` with `content` atomically and durably, as above but in
// the clear.
absl::Status WriteFileDurably(const std::string& path,
                              absl::string_view content);

// Removes `path` and syncs its directory, so the removal survives a crash.
// OK when there is no such file.
absl::Status RemoveFileDurably(const std::string& path);

}  // namespace passend::storage

#endif  // PASSEND_STORAGE_SEALED_FILE_H_
