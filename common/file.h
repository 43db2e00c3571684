// Reading a whole file: the text files passend loads at start-up (taxonomy,
// reference data, key files, certificates) and the matcher's snapshot.
#ifndef PASSEND_COMMON_FILE_H_
#define PASSEND_COMMON_FILE_H_

#include <fstream>
#include <sstream>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"

namespace passend {

// The file's bytes, or NOT_FOUND naming `path`.
inline absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  // Sized in one go where the size is known (the snapshot is large); pipes
  // and /proc files are read as a stream.
  file.seekg(0, std::ios::end);
  const std::streamoff size = file.tellg();
  if (size > 0) {
    std::string bytes(static_cast<size_t>(size), '\0');
    file.seekg(0);
    if (!file.read(bytes.data(), static_cast<std::streamsize>(size))) {
      return absl::DataLossError(absl::StrCat("cannot read all of ", path));
    }
    return bytes;
  }
  file.clear();
  file.seekg(0);
  file.clear();
  std::stringstream bytes;
  bytes << file.rdbuf();
  return bytes.str();
}

}  // namespace passend

#endif  // PASSEND_COMMON_FILE_H_
