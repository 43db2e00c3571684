// gRPC C++'s callback API answers a unary request it cannot parse with
// UNIMPLEMENTED and no message, which tells a client the method does not
// exist. AnswerUnparsableRequests puts a service behind a shell that hands
// such a call to the service's own handler all the same, flagged, so that
// Serve() answers it, after the same authorization and admission as every
// call, with INVALID_ARGUMENT naming the field at fault (request_parse.h).
#ifndef PASSEND_SERVICES_RPC_UNPARSABLE_REQUESTS_H_
#define PASSEND_SERVICES_RPC_UNPARSABLE_REQUESTS_H_

#include <memory>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "grpcpp/impl/service_type.h"

namespace passend::services {

// The service to register in place of `service` (named `full_name`, e.g.
// "passend.v1.CandidateService"), which must outlive it and is not
// registered itself. Streaming methods pass through unchanged: they read
// their messages as bytes and parse them themselves.
std::unique_ptr<grpc::Service> AnswerUnparsableRequests(
    grpc::Service* service, absl::string_view full_name);

// In a unary method's handler, called on the thread gRPC calls it on: OK,
// or why the call's request could not be parsed (its request message is
// then empty and must not be used).
absl::Status UnparsedRequest();

}  // namespace passend::services

#endif  // PASSEND_SERVICES_RPC_UNPARSABLE_REQUESTS_H_
