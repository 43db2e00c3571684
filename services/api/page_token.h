// Paging for every list and ranking method: one page-size rule, and opaque
// page tokens (web-safe base64 of an internal PageToken holding the position
// to resume after and a fingerprint of the request's filters, so a token
// cannot be replayed with other filters).
#ifndef PASSEND_SERVICES_API_PAGE_TOKEN_H_
#define PASSEND_SERVICES_API_PAGE_TOKEN_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/status/field_violations.h"

namespace passend::services {

// The page size a list or ranking method uses for `requested` (AIP-158):
// 0 means `default_size`, a value above `max_size` is lowered to it, and a
// negative one is a violation of "page_size" (the result is then 0).
int PageSize(int requested, int default_size, int max_size,
             FieldViolations& violations);

// A stable (not per-process-seeded) 64-bit FNV-1a of `filters`, so tokens
// survive a restart.
uint64_t FilterFingerprint(absl::string_view filters);

std::string EncodePageToken(absl::string_view position, uint64_t fingerprint);

// The position in `token`; INVALID_ARGUMENT naming "page_token" when the
// token is malformed or was issued for other filters.
absl::StatusOr<std::string> DecodePageToken(absl::string_view token,
                                            uint64_t fingerprint);

}  // namespace passend::services

#endif  // PASSEND_SERVICES_API_PAGE_TOKEN_H_
