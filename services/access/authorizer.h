// The one authorization point every RPC passes through before it does any
// work. It receives the caller's identity from the request metadata, on
// every call (never cached on the connection), and decides whether that
// caller may invoke the method.
#ifndef PASSEND_SERVICES_ACCESS_AUTHORIZER_H_
#define PASSEND_SERVICES_ACCESS_AUTHORIZER_H_

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/server_context.h"
#include "services/access/principal.h"

namespace passend::services {

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

// Admits every call as an admin. Only for a server explicitly opened
// without a key file (ServerOptions::allow_unauthenticated: loopback, no
// TLS).
class AllowAllAuthorizer : public Authorizer {
 public:
  absl::StatusOr<Principal> Authorize(
      const grpc::CallbackServerContext& context,
      absl::string_view method) const override;
};

// True when the policy lets `role` call `method` ("/passend.v1.X/Y").
bool RoleMayCall(Role role, absl::string_view method);

// Authenticates `authorization: Bearer <key>` (or, without one, a verified
// client certificate whose common name is a principal) against a key store
// and checks the role may call the method (function level). Methods not in the
// policy are refused. At most `max_in_flight` calls of one principal run at
// once; more get RESOURCE_EXHAUSTED at once.
class KeyAuthorizer : public Authorizer {
 public:
  explicit KeyAuthorizer(std::unique_ptr<KeyStore> keys,
                         int max_in_flight = 32);
  absl::StatusOr<Principal> Authorize(
      const grpc::CallbackServerContext& context,
      absl::string_view method) const override;
  // From now on, `keys` decide: a key no longer in them is refused on its
  // next call. Calls in flight finish.
  void ReplaceKeys(std::unique_ptr<KeyStore> keys);

 private:
  mutable absl::Mutex keys_mu_;
  std::shared_ptr<const KeyStore> keys_ ABSL_GUARDED_BY(keys_mu_);
  const int max_in_flight_;
  // Shared with the slots handed out, which may outlive a call's handler.
  struct InFlight {
    absl::Mutex mu;
    absl::flat_hash_map<std::string, int> calls ABSL_GUARDED_BY(mu);
  };
  std::shared_ptr<InFlight> in_flight_ = std::make_shared<InFlight>();
};

// Admission control in front of another authorizer: at most `max_calls`
// calls run in the whole server at once; one more is refused at once, before
// any work, with RESOURCE_EXHAUSTED (retry with backoff). Health checks do
// not count.
class AdmittingAuthorizer : public Authorizer {
 public:
  AdmittingAuthorizer(std::shared_ptr<const Authorizer> inner, int max_calls);
  absl::StatusOr<Principal> Authorize(
      const grpc::CallbackServerContext& context,
      absl::string_view method) const override;

 private:
  const std::shared_ptr<const Authorizer> inner_;
  const int max_calls_;
  const std::shared_ptr<std::atomic<int>> in_flight_ =
      std::make_shared<std::atomic<int>>(0);
};

}  // namespace passend::services

#endif  // PASSEND_SERVICES_ACCESS_AUTHORIZER_H_
