// The command options that commands of more than one file take; each file
// defines the options only its own commands take. Their help is general:
// a command's table entry says what one means for it where that differs.
#ifndef PASSEND_TOOLS_PASSEND_FLAGS_H_
#define PASSEND_TOOLS_PASSEND_FLAGS_H_

#include <string>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "tools/passend/client.h"

ABSL_DECLARE_FLAG(std::string, region);
ABSL_DECLARE_FLAG(std::string, regions);
ABSL_DECLARE_FLAG(std::string, status);
ABSL_DECLARE_FLAG(std::string, query);
ABSL_DECLARE_FLAG(int, page_size);
ABSL_DECLARE_FLAG(std::string, page_token);
ABSL_DECLARE_FLAG(std::string, etag);
ABSL_DECLARE_FLAG(std::string, employer);

namespace passend::tools {

// Adds the --regions codes to `request`.
template <typename Request>
void AddRegionsFlag(Request& request) {
  for (std::string& region : SplitList(absl::GetFlag(FLAGS_regions))) {
    request.add_regions(std::move(region));
  }
}

}  // namespace passend::tools

#endif  // PASSEND_TOOLS_PASSEND_FLAGS_H_
