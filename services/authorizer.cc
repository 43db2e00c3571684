#include "services/authorizer.h"

#include <functional>
#include <string_view>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace passend::services {

absl::StatusOr<Principal> AllowAllAuthorizer::Authorize(
    const grpc::CallbackServerContext& context, absl::string_view) const {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  if (it == metadata.end()) return Principal{"anonymous", "admin"};
  absl::string_view value(it->second.data(), it->second.size());
  if (!absl::StartsWith(value, "Bearer ")) {
    return absl::UnauthenticatedError(
        "authorization metadata must be \"Bearer <key>\"");
  }
  // Not a security boundary yet: a fingerprint keeps the key out of logs.
  return Principal{
      absl::StrFormat("key-%016x",
                      std::hash<std::string_view>()(std::string_view(
                          value.substr(7).data(), value.size() - 7))),
      "admin"};
}

}  // namespace passend::services
