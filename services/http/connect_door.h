// The HTTP door: every unary passend.v1 method over the Connect protocol
// (POST /passend.v1.Service/Method, JSON or binary protobuf), forwarded to
// the gRPC server in process, so that authorization, admission, deadlines,
// audit and metrics are exactly those of a gRPC call and no method is
// implemented twice (docs/HTTP.md). People sign in with their key once and
// are then known by a session cookie.
#ifndef PASSEND_SERVICES_HTTP_CONNECT_DOOR_H_
#define PASSEND_SERVICES_HTTP_CONNECT_DOOR_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/channel.h"
#include "grpcpp/support/status.h"
#include "services/http/connections.h"
#include "services/http/sessions.h"

namespace passend::services {

// Connect's name for a gRPC code and the HTTP status it is sent with.
struct ConnectError {
  const char* name;
  int http_status;
};
ConnectError ConnectErrorOf(grpc::StatusCode code);

struct ConnectDoorOptions {
  // host:port to listen on; port 0 picks a free one. Required.
  std::string listen;
  // With both, HTTPS. Without, the caller must keep `listen` on loopback.
  std::string tls_cert_file;
  std::string tls_key_file;
  // With HTTPS: a client certificate signed by this CA is required, as on
  // the gRPC port.
  std::string tls_client_ca_file;
  // Largest request body; a larger one is answered 413 unread.
  size_t max_body_bytes = size_t{4} << 20;
  // Largest body of an import (a JSON array or JSON lines of records).
  size_t max_import_bytes = size_t{64} << 20;
  // The longest a call may run: a client's Connect-Timeout-Ms is lowered to
  // it, and a call without one gets it.
  int max_call_seconds = 120;
  // How many connections, how slow a client may be, how long kept open.
  ConnectionLimits connections;
  // Whether the server takes calls (GET /readyz). Default: always.
  std::function<bool()> ready = [] { return true; };
  // Sign-in sessions (POST /session); their clock, timeouts and rate limit.
  SessionOptions sessions;
  // The built web pages, served under / with index.html for any path
  // without a file extension (the pages' own routes). Empty: a short page
  // saying what the server is.
  std::string web_root;
};

class ConnectDoor {
 public:
  // Listens on `options.listen` and forwards to `channel` (the gRPC
  // server's in-process channel, which must outlive the door).
  static absl::StatusOr<std::unique_ptr<ConnectDoor>> Start(
      std::shared_ptr<grpc::Channel> channel, ConnectDoorOptions options);
  // Stops listening and waits for the calls in flight.
  ~ConnectDoor();

  int port() const;
  // Reads the TLS files again for new connections (connections.h).
  absl::Status ReloadTls();

 private:
  struct Rep;
  explicit ConnectDoor(std::unique_ptr<Rep> rep);
  std::unique_ptr<Rep> rep_;
};

}  // namespace passend::services

#endif  // PASSEND_SERVICES_HTTP_CONNECT_DOOR_H_
