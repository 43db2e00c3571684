#include "tools/passend/flags.h"

#include "absl/flags/flag.h"

ABSL_FLAG(std::string, region, "", "only this region (e.g. AM14)");
ABSL_FLAG(std::string, regions, "",
          "region codes, comma-separated (e.g. AM14,AM18)");
ABSL_FLAG(std::string, status, "", "only records in this state");
ABSL_FLAG(std::string, query, "",
          "only records whose name (title) contains this text, any case, or "
          "whose external reference is this text");
ABSL_FLAG(int, page_size, 0, "records per page (server default 50)");
ABSL_FLAG(std::string, page_token, "", "continue from this token");
ABSL_FLAG(std::string, etag, "",
          "the etag the record must still have (ABORTED if changed since)");
ABSL_FLAG(std::string, employer, "", "an employer id");
