#include "tests/tools/cli_runner.h"

#include "absl/strings/str_cat.h"

namespace passend::testing {

CliRun RunCli(const std::string& args) {
  return RunCommand(absl::StrCat(PASSEND_CLI, " ", args));
}

}  // namespace passend::testing
