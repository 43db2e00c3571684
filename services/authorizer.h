// The one authorization point every RPC passes through before it does any
// work. It receives the caller's identity from the request metadata and
// decides whether that caller may invoke the method.
#ifndef PASSEND_SERVICES_AUTHORIZER_H_
#define PASSEND_SERVICES_AUTHORIZER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "grpcpp/server_context.h"

namespace passend::services {

// Who is calling, as established by the Authorizer.
struct Principal {
  // A stable, non-personal identifier of the caller (never a raw key).
  std::string id;
  std::string role;
};

class Authorizer {
 public:
  virtual ~Authorizer() = default;

  // The caller of `method` (its full gRPC name, "/passend.v1.X/Y"), judged
  // from `context`'s metadata on every call. UNAUTHENTICATED or
  // PERMISSION_DENIED when the call must not proceed.
  virtual absl::StatusOr<Principal> Authorize(
      const grpc::CallbackServerContext& context,
      absl::string_view method) const = 0;
};

// Admits every call. The identity is taken from an `authorization: Bearer`
// header when present (as an opaque fingerprint of the key), and is
// "anonymous" otherwise. The policy that replaces it comes with the security
// work; until then the server listens on loopback by default.
class AllowAllAuthorizer : public Authorizer {
 public:
  absl::StatusOr<Principal> Authorize(
      const grpc::CallbackServerContext& context,
      absl::string_view method) const override;
};

}  // namespace passend::services

#endif  // PASSEND_SERVICES_AUTHORIZER_H_
