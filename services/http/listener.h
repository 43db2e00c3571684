// How passendd's HTTP ports (the door and the metrics port) listen: a
// cpp-httplib server bound to HOST:PORT and served on a thread of its own,
// with the health probes every port answers.
#ifndef PASSEND_SERVICES_HTTP_LISTENER_H_
#define PASSEND_SERVICES_HTTP_LISTENER_H_

#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace httplib {
class Server;
}  // namespace httplib

namespace passend::services {

// The host and port of "HOST:PORT" ("127.0.0.1:8080", "[::1]:8080"; the
// brackets are dropped); INVALID_ARGUMENT naming `what` otherwise.
absl::StatusOr<std::pair<std::string, int>> SplitHostPort(
    const std::string& listen, absl::string_view what);

// GET /healthz: 200 "alive" while the process lives. GET /readyz: 200
// "ready" while `ready()` holds, else 503 "not ready".
void AddProbes(httplib::Server& server, std::function<bool()> ready);

class HttpListener {
 public:
  // Binds `server` (which must outlive the listener) to `listen`, port 0
  // picking a free one, and serves it on a thread of its own. Returns once
  // the server runs, so that it can always be stopped. Errors name `what`.
  static absl::StatusOr<std::unique_ptr<HttpListener>> Start(
      httplib::Server& server, const std::string& listen,
      absl::string_view what);
  // Stops listening and waits for the requests being served.
  ~HttpListener();

  HttpListener(const HttpListener&) = delete;
  HttpListener& operator=(const HttpListener&) = delete;

  int port() const { return port_; }

 private:
  HttpListener(httplib::Server& server, int port)
      : server_(server), port_(port) {}

  httplib::Server& server_;
  const int port_;
  std::thread thread_;
};

}  // namespace passend::services

#endif  // PASSEND_SERVICES_HTTP_LISTENER_H_
