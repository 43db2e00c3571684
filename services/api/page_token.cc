#include "services/api/page_token.h"

#include <algorithm>

#include "absl/strings/escaping.h"
#include "passend/internal/internal.pb.h"
#include "services/status/field_violations.h"

namespace passend::services {

int PageSize(int requested, int default_size, int max_size,
             FieldViolations& violations) {
  if (requested < 0) {
    violations.Add("page_size", "may not be negative");
    return 0;
  }
  return requested == 0 ? default_size : std::min(requested, max_size);
}

uint64_t FilterFingerprint(absl::string_view filters) {
  uint64_t hash = 14695981039346656037ULL;
  for (char c : filters) {
    hash = (hash ^ static_cast<uint8_t>(c)) * 1099511628211ULL;
  }
  return hash;
}

std::string EncodePageToken(absl::string_view position, uint64_t fingerprint) {
  internal::PageToken token;
  token.set_last_key(std::string(position));
  token.set_filter_fingerprint(fingerprint);
  return absl::WebSafeBase64Escape(token.SerializeAsString());
}

absl::StatusOr<std::string> DecodePageToken(absl::string_view token,
                                            uint64_t fingerprint) {
  std::string bytes;
  internal::PageToken decoded;
  if (!absl::WebSafeBase64Unescape(token, &bytes) ||
      !decoded.ParseFromString(bytes) || decoded.last_key().empty()) {
    return InvalidField("page_token", "not a page token this server issued");
  }
  if (decoded.filter_fingerprint() != fingerprint) {
    return InvalidField("page_token",
                        "was issued for a request with other filters");
  }
  return decoded.last_key();
}

}  // namespace passend::services
