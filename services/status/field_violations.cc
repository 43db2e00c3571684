#include "services/status/field_violations.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace passend::services {

void FieldViolations::Add(std::string field, std::string description) {
  auto* violation = bad_request_.add_field_violations();
  violation->set_field(std::move(field));
  violation->set_description(std::move(description));
}

void FieldViolations::AddAll(const absl::Status& status) {
  const google::rpc::BadRequest other = BadRequestOf(status);
  for (const auto& v : other.field_violations()) {
    *bad_request_.add_field_violations() = v;
  }
}

absl::Status FieldViolations::status() const {
  if (empty()) return absl::OkStatus();
  // The message names every field too, for clients that ignore details.
  std::vector<std::string> parts;
  for (const auto& v : bad_request_.field_violations()) {
    parts.push_back(absl::StrCat(v.field(), ": ", v.description()));
  }
  absl::Status status = absl::InvalidArgumentError(absl::StrJoin(parts, "; "));
  status.SetPayload(kBadRequestTypeUrl,
                    absl::Cord(bad_request_.SerializeAsString()));
  return status;
}

absl::Status InvalidField(std::string field, std::string description) {
  FieldViolations violations;
  violations.Add(std::move(field), std::move(description));
  return violations.status();
}

google::rpc::BadRequest BadRequestOf(const absl::Status& status) {
  google::rpc::BadRequest bad_request;
  if (auto payload = status.GetPayload(kBadRequestTypeUrl)) {
    bad_request.ParseFromString(std::string(*payload));
  }
  return bad_request;
}

}  // namespace passend::services
