// Errors at the API boundary: field violations collected during validation
// travel inside absl::Status as a google.rpc.BadRequest payload, which
// rpc/grpc_status.h turns into google.rpc.Status details. gRPC-free, so that
// every layer of services/ can name a field at fault.
#ifndef PASSEND_SERVICES_STATUS_FIELD_VIOLATIONS_H_
#define PASSEND_SERVICES_STATUS_FIELD_VIOLATIONS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/rpc/error_details.pb.h"

namespace passend::services {

// The type URL under which a BadRequest rides in an absl::Status payload and
// in google.rpc.Status.details.
inline constexpr absl::string_view kBadRequestTypeUrl =
    "type.googleapis.com/google.rpc.BadRequest";

// Collects field violations; `status()` is OK when there are none and
// INVALID_ARGUMENT carrying them all otherwise.
class FieldViolations {
 public:
  // `field` is a path into the request, e.g. "candidate.hours_per_week.min".
  void Add(std::string field, std::string description);
  // Adds the violations carried by `status` (none when it carries none).
  void AddAll(const absl::Status& status);
  bool empty() const { return bad_request_.field_violations().empty(); }
  absl::Status status() const;

 private:
  google::rpc::BadRequest bad_request_;
};

// INVALID_ARGUMENT with one field violation.
absl::Status InvalidField(std::string field, std::string description);

// The BadRequest in `status`'s payload (empty when it has none).
google::rpc::BadRequest BadRequestOf(const absl::Status& status);

}  // namespace passend::services

#endif  // PASSEND_SERVICES_STATUS_FIELD_VIOLATIONS_H_
