// The shape every unary handler shares: refuse a cancelled call, pass the
// one authorization point, run the body, finish with its status.
#ifndef PASSEND_SERVICES_HANDLER_H_
#define PASSEND_SERVICES_HANDLER_H_

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpcpp/server_context.h"
#include "services/authorizer.h"
#include "services/metrics.h"
#include "services/status_util.h"

namespace passend::services {

// "/passend.v1.Service/Method".
inline std::string MethodName(const char* service, absl::string_view method) {
  return absl::StrCat("/", service, "/", method);
}

// Authorizes the call, then runs `body(principal)` (returning absl::Status)
// and finishes the call with its result.
template <typename Body>
grpc::ServerUnaryReactor* Serve(grpc::CallbackServerContext* context,
                                const Authorizer& authorizer,
                                const std::string& method, Body&& body) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  const absl::Time start = absl::Now();
  absl::Status status;
  if (context->IsCancelled()) {
    status = absl::CancelledError("call cancelled before it started");
  } else if (absl::StatusOr<Principal> principal =
                 authorizer.Authorize(*context, method);
             !principal.ok()) {
    status = principal.status();
  } else {
    status = body(*principal);
  }
  ProcessCallMetrics().Record(method, status.code(), absl::Now() - start);
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

// Stores `result`'s value in `*response`, or returns its error.
template <typename T>
absl::Status Respond(absl::StatusOr<T> result, T* response) {
  if (!result.ok()) return result.status();
  *response = *std::move(result);
  return absl::OkStatus();
}

// OK while the call should go on; DEADLINE_EXCEEDED or CANCELLED once the
// client has gone or its deadline has passed. For long loops.
absl::Status CallStillWanted(const grpc::CallbackServerContext& context);

}  // namespace passend::services

#endif  // PASSEND_SERVICES_HANDLER_H_
