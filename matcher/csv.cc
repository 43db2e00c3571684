#include "matcher/csv.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "common/file.h"
#include "common/status_macros.h"

namespace passend::matcher {
namespace {

// Splits `text` into records of fields. Fails on a quote that is never
// closed or text after a closing quote.
absl::Status SplitRecords(absl::string_view text, absl::string_view source,
                          std::vector<std::vector<std::string>>* records,
                          std::vector<int>* lines) {
  std::vector<std::string> record;
  std::string field;
  bool in_quotes = false;
  bool after_quote = false;  // just closed a quoted field
  bool record_started = false;
  int line = 1;
  int record_line = 1;
  auto end_field = [&] {
    record.push_back(std::move(field));
    field.clear();
    after_quote = false;
  };
  auto end_record = [&] {
    end_field();
    records->push_back(std::move(record));
    lines->push_back(record_line);
    record.clear();
    record_started = false;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (!record_started) {
      record_started = true;
      record_line = line;
    }
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          in_quotes = false;
          after_quote = true;
        }
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
      continue;
    }
    if (c == ',') {
      end_field();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_record();
      ++line;
    } else if (after_quote) {
      return absl::InvalidArgumentError(
          absl::StrCat(source, " line ", line, ": text after a closing quote"));
    } else if (c == '"' && field.empty()) {
      in_quotes = true;
    } else {
      field.push_back(c);
    }
  }
  if (in_quotes) {
    return absl::InvalidArgumentError(absl::StrCat(
        source, " line ", record_line, ": quoted field is never closed"));
  }
  if (record_started) end_record();
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<CsvTable> ParseCsv(absl::string_view text,
                                  absl::string_view source,
                                  const std::vector<std::string>& columns) {
  std::vector<std::vector<std::string>> records;
  std::vector<int> lines;
  if (absl::Status s = SplitRecords(text, source, &records, &lines); !s.ok()) {
    return s;
  }
  if (records.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(source, ": no header row"));
  }
  const std::vector<std::string>& header = records[0];
  std::vector<size_t> positions;
  for (const std::string& column : columns) {
    auto it = std::find(header.begin(), header.end(), column);
    if (it == header.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat(source, ": no column \"", column, "\" in the header"));
    }
    positions.push_back(static_cast<size_t>(it - header.begin()));
  }
  CsvTable table;
  for (size_t r = 1; r < records.size(); ++r) {
    if (records[r].size() == 1 && records[r][0].empty()) continue;  // blank
    if (records[r].size() != header.size()) {
      return absl::InvalidArgumentError(
          absl::StrCat(source, " line ", lines[r], ": ", records[r].size(),
                       " fields, the header has ", header.size()));
    }
    std::vector<std::string> row;
    for (size_t p : positions) row.push_back(records[r][p]);
    table.rows.push_back(std::move(row));
    table.lines.push_back(lines[r]);
  }
  return table;
}

absl::StatusOr<CsvTable> ReadCsv(const std::string& path,
                                 const std::vector<std::string>& columns) {
  ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  return ParseCsv(text, path, columns);
}

}  // namespace passend::matcher
