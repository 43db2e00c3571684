// A small RFC 4180 CSV reader for the reference data files: quoted fields
// (with commas, doubled quotes and line breaks), CRLF line ends, and a header
// row whose column names the caller asks for.
#ifndef PASSEND_MATCHER_CSV_H_
#define PASSEND_MATCHER_CSV_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace passend::matcher {

struct CsvTable {
  // The values of `columns`, in that order, for every data row.
  std::vector<std::vector<std::string>> rows;
  // 1-based line on which each row starts, for error messages.
  std::vector<int> lines;
};

// Parses `text` (named `source` in errors). Every row must have as many
// fields as the header; every name in `columns` must be in the header.
absl::StatusOr<CsvTable> ParseCsv(absl::string_view text,
                                  absl::string_view source,
                                  const std::vector<std::string>& columns);

// Reads and parses the file at `path`.
absl::StatusOr<CsvTable> ReadCsv(const std::string& path,
                                 const std::vector<std::string>& columns);

}  // namespace passend::matcher

#endif  // PASSEND_MATCHER_CSV_H_
