#include "tests/test_util.h"

#include <cstdlib>
#include <filesystem>

namespace passend::testing {

TempDir::TempDir() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "passend-test-XXXXXX").string();
  char* made = mkdtemp(pattern.data());
  if (made == nullptr) std::abort();
  path_ = made;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string DataDir() { return PASSEND_DATA_DIR; }

}  // namespace passend::testing
