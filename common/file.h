// Reading a whole file, for the small text files passend loads at start-up
// (taxonomy, reference data, key files, certificates).
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
  std::stringstream bytes;
  bytes << file.rdbuf();
  return bytes.str();
}

}  // namespace passend

#endif  // PASSEND_COMMON_FILE_H_
