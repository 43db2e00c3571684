// passend: the command-line client of a passendd server. `passend help`
// lists its commands (command.h: the table they are generated from).
//
// Options are absl flags, which are process-wide: every command's options
// are defined once, and each command lists the flags it takes. absl parses
// and checks the values; main then refuses a flag that is neither global
// nor one of the command's, so that a misplaced option is an error rather
// than silently ignored.
#include <algorithm>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "common/version.h"
#include "tools/passend/client.h"
#include "tools/passend/command.h"

namespace passend::tools {
namespace {

std::vector<Command> AllCommands() {
  std::vector<Command> table;
  for (auto group : {RecordCommands, MatchingCommands, PlacementCommands,
                     ReportCommands, DemoCommands, AdminCommands}) {
    for (Command& command : group()) table.push_back(std::move(command));
  }
  return table;
}

bool IsHelpFlag(absl::string_view arg) {
  return arg == "--help" || arg == "-help";
}

// Says `words` name no command and lists the commands of the group
// words[0] names, if it names one; returns kExitUsage.
int NoCommand(const std::vector<Command>& table,
              const std::vector<std::string>& words) {
  std::cerr << "error: no command " << absl::StrJoin(words, " ")
            << "; passend help lists them\n";
  PrintCommandList(table, words[0], std::cerr);
  return kExitUsage;
}

// passend help [COMMAND]: every command, one command's help, or the
// commands of a group ("help candidates").
int Help(const std::vector<Command>& table,
         const std::vector<std::string>& words) {
  if (words.empty()) {
    PrintCommandList(table, "", std::cout);
    return kExitOk;
  }
  const Command* command = FindCommand(table, words);
  if (command != nullptr && command->name == absl::StrJoin(words, " ")) {
    PrintCommandHelp(*command, std::cout);
    return kExitOk;
  }
  std::ostringstream group;
  if (words.size() == 1) PrintCommandList(table, words[0], group);
  if (group.str().empty()) return NoCommand(table, words);
  std::cout << group.str();
  return kExitOk;
}

int Main(int argc, char** argv) {
  // absl would answer --help with every flag of the program and exit; the
  // command's own help is what the user asked for.
  bool help = false;
  std::vector<char*> kept;
  for (int i = 1; i < argc; ++i) {
    if (absl::string_view(argv[i]) == "--version") {
      std::cout << VersionLine("passend");
      return kExitOk;
    }
  }
  for (int i = 0; i < argc; ++i) {
    if (i > 0 && IsHelpFlag(argv[i])) {
      help = true;
    } else {
      kept.push_back(argv[i]);
    }
  }
  if (absl::Status syntax = CheckFlagSyntax({kept.data() + 1, kept.size() - 1});
      !syntax.ok()) {
    std::cerr << "error: " << syntax.message() << "\n";
    return kExitUsage;
  }
  const std::vector<char*> positional =
      absl::ParseCommandLine(static_cast<int>(kept.size()), kept.data());
  const std::vector<std::string> words(positional.begin() + 1,
                                       positional.end());
  const std::vector<Command> table = AllCommands();

  if (!words.empty() && words[0] == "help") {
    return Help(table, {words.begin() + 1, words.end()});
  }
  const Command* command = FindCommand(table, words);
  if (command == nullptr) {
    if (help) return Help(table, words);
    if (!words.empty()) return NoCommand(table, words);
    PrintCommandList(table, "", std::cerr);
    return kExitUsage;
  }
  if (help) {
    PrintCommandHelp(*command, std::cout);
    return kExitOk;
  }

  Invocation invocation;
  const size_t name_words =
      std::count(command->name.begin(), command->name.end(), ' ') + 1;
  invocation.args.assign(words.begin() + name_words, words.end());
  absl::Status usage = CheckArguments(*command, invocation.args.size());
  if (usage.ok()) {
    usage =
        CheckOptions(table, *command,
                     FlagsOnCommandLine({kept.data() + 1, kept.size() - 1}));
  }
  if (!usage.ok()) {
    std::cerr << "error: " << usage.message()
              << "\nusage: " << UsageLine(*command) << "   (passend "
              << command->name << " --help)\n";
    return kExitUsage;
  }
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = OpenChannel();
  if (!channel.ok()) return ReportUsageError(channel.status());
  invocation.channel = *std::move(channel);
  return command->run(invocation);
}

}  // namespace
}  // namespace passend::tools

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "passend [global options] COMMAND [ARGUMENTS] [options]\n"
      "passend help lists the commands; passend help COMMAND (or passend "
      "COMMAND --help) shows one.");
  return passend::tools::Main(argc, argv);
}
