// Runs the passend CLI built with the tests, as a script would.
#ifndef PASSEND_TESTS_TOOLS_CLI_RUNNER_H_
#define PASSEND_TESTS_TOOLS_CLI_RUNNER_H_

#include <string>

#include "tests/test_util.h"

namespace passend::testing {

// What one run of passend did: its exit code and output.
using CliRun = CommandRun;

// Runs the built passend with `args` (split by the shell).
CliRun RunCli(const std::string& args);

}  // namespace passend::testing

#endif  // PASSEND_TESTS_TOOLS_CLI_RUNNER_H_
