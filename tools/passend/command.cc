#include "tools/passend/command.h"

#include <algorithm>
#include <optional>

#include "absl/container/flat_hash_set.h"
#include "absl/flags/reflection.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "tools/passend/client.h"

namespace passend::tools {
namespace {

constexpr size_t kWidth = 80;

// `text` wrapped at word boundaries to kWidth columns, every line but the
// first indented by `indent` (the first continues a line of that width).
std::string Wrap(absl::string_view text, size_t indent) {
  std::string out;
  size_t column = indent;
  for (absl::string_view word : absl::StrSplit(text, ' ', absl::SkipEmpty())) {
    if (column > indent && column + 1 + word.size() > kWidth) {
      absl::StrAppend(&out, "\n", std::string(indent, ' '));
      column = indent;
    } else if (column > indent) {
      out += ' ';
      ++column;
    }
    absl::StrAppend(&out, word);
    column += word.size();
  }
  return out;
}

// "  NAME  help (default D)" lines, names padded to one column.
void PrintColumns(const std::vector<std::pair<std::string, std::string>>& rows,
                  std::ostream& out) {
  size_t width = 0;
  for (const auto& [name, help] : rows) width = std::max(width, name.size());
  for (const auto& [name, help] : rows) {
    const std::string left =
        absl::StrCat("  ", name, std::string(width - name.size() + 2, ' '));
    out << left << Wrap(help, left.size()) << "\n";
  }
}

// An option's row: its name, its help, and its default where that is not
// the zero value a flag has when the server (or the command) decides.
std::pair<std::string, std::string> OptionRow(const absl::CommandLineFlag& flag,
                                              const std::string& help) {
  const std::string def = flag.DefaultValue();
  return {absl::StrCat("--", flag.Name()),
          def.empty() || def == "0" || def == "false"
              ? help
              : absl::StrCat(help, " (default ", def, ")")};
}

}  // namespace

const Command* FindCommand(const std::vector<Command>& table,
                           absl::Span<const std::string> words) {
  const Command* found = nullptr;
  size_t found_words = 0;
  for (const Command& command : table) {
    const std::vector<absl::string_view> name =
        absl::StrSplit(command.name, ' ');
    if (name.size() > words.size() || name.size() <= found_words ||
        !std::equal(name.begin(), name.end(), words.begin())) {
      continue;
    }
    found = &command;
    found_words = name.size();
  }
  return found;
}

void PrintCommandList(const std::vector<Command>& table,
                      absl::string_view group, std::ostream& out) {
  std::vector<std::pair<std::string, std::string>> rows;
  for (const Command& command : table) {
    const absl::string_view name = command.name;
    if (group.empty() || name.substr(0, name.find(' ')) == group) {
      // Without the arguments, for a narrow first column: the summaries
      // name them.
      rows.emplace_back(command.name, command.summary);
    }
  }
  if (!group.empty()) {
    PrintColumns(rows, out);
    return;
  }
  out << "usage: passend [global options] COMMAND [ARGUMENTS] [options]\n\n"
      << "commands:\n";
  rows.emplace_back("help [COMMAND]",
                    "this list, or a command's arguments and options (as "
                    "passend COMMAND --help)");
  PrintColumns(rows, out);
  out << "\nglobal options, which every command takes:\n";
  rows.clear();
  for (const absl::CommandLineFlag* flag : GlobalFlags()) {
    rows.push_back(OptionRow(*flag, flag->Help()));
  }
  PrintColumns(rows, out);
  out << "\n"
      << Wrap(
             "Records are read and written as JSON in protobuf's JSON mapping "
             "(field names as in proto/passend/v1/*.proto); FILE may be - for "
             "standard input. Errors name the field at fault. Exit status: 0 "
             "success, 1 the server refused, 2 bad usage or input.",
             0)
      << "\n";
}

std::string UsageLine(const Command& command) {
  std::string usage = absl::StrCat("passend ", command.name);
  for (const std::string& arg : command.args) absl::StrAppend(&usage, " ", arg);
  if (!command.options.empty()) absl::StrAppend(&usage, " [options]");
  return usage;
}

void PrintCommandHelp(const Command& command, std::ostream& out) {
  out << "usage: " << UsageLine(command) << "\n\n"
      << Wrap(command.summary, 0) << "\n";
  if (!command.help.empty()) out << "\n" << Wrap(command.help, 0) << "\n";
  if (!command.options.empty()) {
    out << "\noptions:\n";
    std::vector<std::pair<std::string, std::string>> rows;
    for (const Option& option : command.options) {
      rows.push_back(OptionRow(*option.flag, option.help.empty()
                                                 ? option.flag->Help()
                                                 : option.help));
    }
    PrintColumns(rows, out);
  }
  std::vector<std::string> globals;
  for (const absl::CommandLineFlag* flag : GlobalFlags()) {
    globals.push_back(absl::StrCat("--", flag->Name()));
  }
  out << "\n"
      << Wrap(absl::StrCat("global options (passend help): ",
                           absl::StrJoin(globals, " ")),
              0)
      << "\n";
}

absl::Status CheckArguments(const Command& command, size_t given) {
  const size_t required =
      std::count_if(command.args.begin(), command.args.end(),
                    [](const std::string& a) { return a[0] != '['; });
  if (given >= required && given <= command.args.size()) {
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(absl::StrCat(
      command.name, " takes ",
      command.args.empty() ? "no arguments" : absl::StrJoin(command.args, " "),
      ", not ", given, given == 1 ? " argument" : " arguments"));
}

absl::Status CheckOptions(const std::vector<Command>& table,
                          const Command& command,
                          const std::vector<std::string>& flags_given) {
  absl::flat_hash_set<absl::string_view> table_flags, allowed;
  for (const Command& c : table) {
    for (const Option& option : c.options) {
      table_flags.insert(option.flag->Name());
    }
  }
  for (const absl::CommandLineFlag* flag : GlobalFlags()) {
    allowed.insert(flag->Name());
  }
  for (const Option& option : command.options) {
    allowed.insert(option.flag->Name());
  }
  for (const std::string& name : flags_given) {
    if (table_flags.contains(name) && !allowed.contains(name)) {
      return absl::InvalidArgumentError(
          absl::StrCat(command.name, " does not take --", name));
    }
  }
  return absl::OkStatus();
}

namespace {

// Calls `visit(name, flag, value)` for each flag in `args`, read as
// absl::ParseCommandLine reads them; `flag` is null for a name absl does not
// know, `value` null when the value is not in the same argument.
template <typename Visit>
void ForEachFlagArgument(absl::Span<char* const> args, const Visit& visit) {
  for (size_t i = 0; i < args.size(); ++i) {
    absl::string_view arg = args[i];
    if (arg == "--") break;
    // Not a flag, or "-" for standard input.
    if (!absl::ConsumePrefix(&arg, "-") || arg.empty()) continue;
    absl::ConsumePrefix(&arg, "-");
    const size_t equals = arg.find('=');
    absl::string_view name = arg.substr(0, equals);
    absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
    if (flag == nullptr && equals == absl::string_view::npos) {
      absl::string_view positive = name;
      if (absl::ConsumePrefix(&positive, "no")) {
        absl::CommandLineFlag* negated = absl::FindCommandLineFlag(positive);
        if (negated != nullptr && negated->IsOfType<bool>()) {
          visit(positive, negated, nullptr);
          continue;
        }
      }
    }
    std::optional<absl::string_view> value;
    if (equals != absl::string_view::npos) {
      value = arg.substr(equals + 1);
    } else if (flag != nullptr && !flag->IsOfType<bool>() &&
               i + 1 < args.size()) {
      value = args[++i];
    }
    visit(name, flag, value ? &*value : nullptr);
  }
}

}  // namespace

std::vector<std::string> FlagsOnCommandLine(absl::Span<char* const> args) {
  std::vector<std::string> names;
  ForEachFlagArgument(args,
                      [&](absl::string_view name, absl::CommandLineFlag* flag,
                          const absl::string_view*) {
                        if (flag != nullptr) names.emplace_back(name);
                      });
  return names;
}

absl::Status CheckFlagSyntax(absl::Span<char* const> args) {
  absl::Status status;
  ForEachFlagArgument(
      args, [&](absl::string_view name, absl::CommandLineFlag* flag,
                const absl::string_view* value) {
        if (!status.ok()) return;
        if (flag == nullptr) {
          status = absl::InvalidArgumentError(
              absl::StrCat("no option --", name, "; passend help lists them"));
          return;
        }
        // absl's own flags (--flagfile, --fromenv, ...) act when parsed: absl
        // checks those itself.
        if (flag->Filename().find("absl/flags") != std::string::npos) return;
        std::string error;
        if (value != nullptr && !flag->IsOfType<bool>() &&
            !flag->ParseFrom(*value, &error)) {
          status =
              absl::InvalidArgumentError(absl::StrCat("--", name, ": ", error));
        }
      });
  return status;
}

}  // namespace passend::tools
