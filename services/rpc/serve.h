// The shape every unary handler shares: refuse a cancelled call, pass the
// one authorization point, answer a request that could not be parsed, run
// the body, finish with its status.
#ifndef PASSEND_SERVICES_RPC_SERVE_H_
#define PASSEND_SERVICES_RPC_SERVE_H_

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpcpp/server_context.h"
#include "services/rpc/call_path.h"
#include "services/rpc/grpc_status.h"
#include "services/rpc/unparsable_requests.h"
#include "services/status/field_violations.h"

namespace passend::services {

// "/passend.v1.Service/Method".
inline std::string MethodName(const char* service, absl::string_view method) {
  return absl::StrCat("/", service, "/", method);
}

// OK while the call should go on; DEADLINE_EXCEEDED or CANCELLED once the
// client has gone or its deadline has passed. For long loops.
absl::Status CallStillWanted(const grpc::CallbackServerContext& context);

// Authorizes (and admits) the call on gRPC's thread, then runs
// `body(principal)` (returning absl::Status) on the server's call executor and
// finishes the call with its result. `body` is run after the handler has
// returned: it must capture by value (the request, response and context
// pointers stay valid until the call finishes).
template <typename Body>
grpc::ServerUnaryReactor* Serve(grpc::CallbackServerContext* context,
                                const CallPath& calls,
                                const std::string& method, Body&& body) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  const absl::Time start = absl::Now();
  CallMetrics* metrics = calls.metrics;
  auto finish = [reactor, start, method, metrics](const absl::Status& status) {
    metrics->Record(method, status.code(), absl::Now() - start);
    reactor->Finish(ToGrpcStatus(status));
  };
  if (context->IsCancelled()) {
    finish(absl::CancelledError("call cancelled before it started"));
    return reactor;
  }
  // Read now: it is set only while gRPC runs this handler on this thread.
  absl::Status unparsed = UnparsedRequest();
  absl::StatusOr<Principal> principal =
      calls.authorizer->Authorize(*context, method);
  if (!principal.ok()) {
    finish(principal.status());
    return reactor;
  }
  if (!unparsed.ok()) {
    principal->in_flight.reset();
    finish(unparsed);
    return reactor;
  }
  calls.executor->Run([context, finish = std::move(finish),
                       principal = *std::move(principal),
                       body = std::forward<Body>(body)]() mutable {
    absl::Status status = CallStillWanted(*context);
    if (status.ok()) status = body(principal);
    // Frees the admission slot before the client hears the end, so
    // that its next call is admitted.
    principal.in_flight.reset();
    finish(status);
  });
  return reactor;
}

// Stores `result`'s value in `*response`, or returns its error.
template <typename T>
absl::Status Respond(absl::StatusOr<T> result, T* response) {
  if (!result.ok()) return result.status();
  *response = *std::move(result);
  return absl::OkStatus();
}

}  // namespace passend::services

#endif  // PASSEND_SERVICES_RPC_SERVE_H_
