// Requests as clients send them: bytes. When bytes do not parse as the
// message a method takes, says why in terms a client can act on (the field
// at fault and the rule), and splits an import message into its records so
// that one bad record is reported alone while the others go on. Never says
// what a field held: a value may be personal. gRPC-free.
#ifndef PASSEND_SERVICES_API_REQUEST_PARSE_H_
#define PASSEND_SERVICES_API_REQUEST_PARSE_H_

#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"

namespace passend::services {

// Why `bytes`, which protobuf refused to parse as `type`, are not a `type`
// message: INVALID_ARGUMENT saying the request could not be parsed, with a
// BadRequest naming the first field at fault as `prefix` + its path (e.g.
// "candidate.display_name": "not valid UTF-8"), or no field where the bytes
// are not a protobuf message at all.
absl::Status UnparsableMessage(const google::protobuf::Descriptor& type,
                               absl::string_view bytes,
                               absl::string_view prefix = "");

// The bytes of each occurrence of the length-delimited field
// `field_number` at the top level of `message`, in order, without parsing
// them; other fields are passed over as protobuf does. INVALID_ARGUMENT when
// the message's own framing is broken (then no record can be trusted).
absl::StatusOr<std::vector<absl::string_view>> SplitRecords(
    absl::string_view message, int field_number);

}  // namespace passend::services

#endif  // PASSEND_SERVICES_API_REQUEST_PARSE_H_
