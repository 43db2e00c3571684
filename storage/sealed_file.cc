#include "storage/sealed_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "common/file.h"
#include "common/status_macros.h"
#include "storage/crypto.h"

namespace passend::storage {
namespace {

absl::Status IoError(absl::string_view what, const std::string& path) {
  return absl::UnavailableError(
      absl::StrCat("cannot ", what, " ", path, ": ", std::strerror(errno)));
}

absl::Status SyncDirectoryOf(const std::string& path) {
  const std::filesystem::path parent =
      std::filesystem::path(path).parent_path();
  const std::string dir = parent.empty() ? std::string(".") : parent.string();
  const int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return IoError("open directory", dir);
  const bool synced = fsync(fd) == 0;
  close(fd);
  return synced ? absl::OkStatus() : IoError("sync directory", dir);
}

}  // namespace

absl::Status WriteSealedFile(const std::string& path, absl::string_view key,
                             absl::string_view context,
                             absl::string_view content) {
  ASSIGN_OR_RETURN(std::string sealed, Seal(key, content, context));
  return WriteFileDurably(path, sealed);
}

absl::Status WriteFileDurably(const std::string& path,
                              absl::string_view content) {
  const std::string temporary = absl::StrCat(path, ".new");
  const int fd =
      open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return IoError("create", temporary);
  absl::string_view rest = content;
  while (!rest.empty()) {
    const ssize_t n = write(fd, rest.data(), rest.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      absl::Status error = IoError("write", temporary);
      close(fd);
      unlink(temporary.c_str());
      return error;
    }
    rest.remove_prefix(static_cast<size_t>(n));
  }
  if (fsync(fd) != 0) {
    absl::Status error = IoError("sync", temporary);
    close(fd);
    unlink(temporary.c_str());
    return error;
  }
  close(fd);
  if (rename(temporary.c_str(), path.c_str()) != 0) {
    absl::Status error = IoError("rename", temporary);
    unlink(temporary.c_str());
    return error;
  }
  return SyncDirectoryOf(path);
}

absl::StatusOr<std::string> ReadSealedFile(const std::string& path,
                                           absl::string_view key,
                                           absl::string_view context) {
  ASSIGN_OR_RETURN(std::string bytes, ReadFile(path));
  absl::StatusOr<std::string> content = Unseal(key, bytes, context);
  if (!content.ok()) {
    return absl::DataLossError(
        absl::StrCat(path, " does not open: ", content.status().message()));
  }
  return content;
}

absl::Status RemoveFileDurably(const std::string& path) {
  if (unlink(path.c_str()) != 0) {
    if (errno == ENOENT) return absl::OkStatus();
    return IoError("remove", path);
  }
  return SyncDirectoryOf(path);
}

}  // namespace passend::storage
