// The one place an absl::Status becomes the gRPC status a client receives:
// same code and message, and every payload (a google.rpc.BadRequest, ...) as
// a detail of a serialized google.rpc.Status.
#ifndef PASSEND_SERVICES_RPC_GRPC_STATUS_H_
#define PASSEND_SERVICES_RPC_GRPC_STATUS_H_

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace passend::services {

grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace passend::services

#endif  // PASSEND_SERVICES_RPC_GRPC_STATUS_H_
