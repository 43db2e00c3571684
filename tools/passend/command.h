// The passend CLI as a table of commands. Each command names itself, its
// arguments and its options, says what it does, and runs; `passend help`,
// `passend help COMMAND` and `passend COMMAND --help` are generated from the
// table, and an option a command does not take is refused.
#ifndef PASSEND_TOOLS_PASSEND_COMMAND_H_
#define PASSEND_TOOLS_PASSEND_COMMAND_H_

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/flags/commandlineflag.h"
#include "absl/flags/flag.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "grpcpp/grpcpp.h"

namespace passend::tools {

// What a command runs with.
struct Invocation {
  // The positional arguments after the command's name.
  std::vector<std::string> args;
  // To passendd, as the global flags say.
  std::shared_ptr<grpc::Channel> channel;
};

// An option a command takes: one of the program's absl flags.
struct Option {
  const absl::CommandLineFlag* flag;
  // What the flag means for this command, where its own help is too
  // general for it; empty for the flag's help.
  std::string help;
};

// The option `flag`, with `help` for this command if given.
template <typename T>
Option Opt(const absl::Flag<T>& flag, std::string help = "") {
  return {&absl::GetFlagReflectionHandle(flag), std::move(help)};
}

struct Command {
  // One or two words: "taxonomy", "candidates create".
  std::string name;
  // The positional arguments by name; "[NAME]" for an optional last one.
  std::vector<std::string> args;
  // The options it takes besides the global ones.
  std::vector<Option> options;
  // One line, for `passend help`.
  std::string summary;
  // What `passend COMMAND --help` adds: what the arguments are, what it
  // prints, who may call it. May be empty.
  std::string help;
  // Runs it; returns the exit status (kExitOk, kExitRefused, kExitUsage).
  std::function<int(const Invocation&)> run;
};

// The command groups, one per file of tools/passend/.
std::vector<Command> RecordCommands();     // records.cc
std::vector<Command> MatchingCommands();   // matching.cc
std::vector<Command> PlacementCommands();  // placements.cc
std::vector<Command> ReportCommands();     // reports.cc
std::vector<Command> DemoCommands();       // demo.cc
std::vector<Command> AdminCommands();      // admin.cc

// The command whose name `words` start with; nullptr if none.
const Command* FindCommand(const std::vector<Command>& table,
                           absl::Span<const std::string> words);

// Every command whose first word is `group` ("" for all) with its summary;
// for all, the global options too.
void PrintCommandList(const std::vector<Command>& table,
                      absl::string_view group, std::ostream& out);
// The usage line of `command`.
std::string UsageLine(const Command& command);
// Its usage line, help, and options with their help and defaults.
void PrintCommandHelp(const Command& command, std::ostream& out);

// INVALID_ARGUMENT unless `given` positional arguments fit the command's.
absl::Status CheckArguments(const Command& command, size_t given);
// INVALID_ARGUMENT naming the first of `flags_given` that is neither global
// nor an option of `command`. Flags no command of `table` takes (absl's
// own, such as --flagfile) are not the table's to refuse.
absl::Status CheckOptions(const std::vector<Command>& table,
                          const Command& command,
                          const std::vector<std::string>& flags_given);

// The names of the flags in `args` (a command line without the program's
// name), read as absl::ParseCommandLine reads them: "--name=value",
// "--name value" for a flag that is not a bool, "--name" and "--noname" for
// a bool one, with one dash or two, up to "--". Flags from a --flagfile are
// not seen. `args` must have parsed. (absl 20220623 keeps which flags the
// command line set to itself.)
std::vector<std::string> FlagsOnCommandLine(absl::Span<char* const> args);

// INVALID_ARGUMENT naming the first flag in `args` that absl does not know
// or whose value does not parse. absl's own parser would exit 1 on it; the
// CLI answers bad usage with 2, so main asks here first.
absl::Status CheckFlagSyntax(absl::Span<char* const> args);

}  // namespace passend::tools

#endif  // PASSEND_TOOLS_PASSEND_COMMAND_H_
