// The HTTP door's connections. cpp-httplib parses and routes requests, but
// the connections are served here, because its own loop gives a client as
// long as it likes as long as it sends a byte now and then, and queues
// connections without bound. Here a request must arrive whole, and its answer
// be taken, within a deadline; at most a set number of connections are
// served at once, and those past it are answered 503 on threads of their own
// (the health probes still answered there).
#ifndef PASSEND_SERVICES_HTTP_CONNECTIONS_H_
#define PASSEND_SERVICES_HTTP_CONNECTIONS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace httplib {
class Server;
}  // namespace httplib

namespace passend::services {

struct ConnectionLimits {
  // Connections served at once. One more gets 503 (health probes apart).
  // Default 256.
  int max_connections = 256;
  // A connection on which nothing arrives for this long, mid-request, is
  // closed. Default 10 s.
  absl::Duration read_idle = absl::Seconds(10);
  // A request, headers and body, must arrive within this of its first byte
  // (a TLS handshake too), and its answer be taken within this again; else
  // the connection is closed. Default 30 s.
  absl::Duration request_deadline = absl::Seconds(30);
  // An idle connection between requests is closed after this. Default 5 s.
  absl::Duration keep_alive = absl::Seconds(5);
  // Requests one connection may carry before it is closed. Default 1000.
  int max_requests_per_connection = 1000;
};

// True while this thread serves a connection past the limit: everything
// but a health probe is to be answered 503.
bool OverConnectionLimit();

// Called by a handler on the thread serving the request: the connection is
// closed once this answer is sent (a body refused unread leaves nothing on
// it that could be read as a request).
void CloseAfterAnswer();

// An HTTP server whose connections follow `limits`. With `tls_cert_file`
// and `tls_key_file`, HTTPS; with `tls_client_ca_file` as well, a client
// certificate signed by that CA is required.
absl::StatusOr<std::unique_ptr<httplib::Server>> MakeLimitedServer(
    const ConnectionLimits& limits, const std::string& tls_cert_file,
    const std::string& tls_key_file, const std::string& tls_client_ca_file);

// Raises the listening socket's backlog from cpp-httplib's 5, so that many
// clients connecting at once are not made to retry. Call after binding.
void WidenBacklog(httplib::Server& server);

// Reads the TLS files of a MakeLimitedServer server again: new connections
// get the new certificate and client CAs, those open keep theirs. Files
// that do not load change nothing (INVALID_ARGUMENT); FAILED_PRECONDITION
// for a server without TLS.
absl::Status ReloadTls(httplib::Server& server);

}  // namespace passend::services

#endif  // PASSEND_SERVICES_HTTP_CONNECTIONS_H_
