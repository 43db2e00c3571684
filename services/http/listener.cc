#include "services/http/listener.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "httplib.h"
#include "services/http/connections.h"

namespace passend::services {

absl::StatusOr<std::pair<std::string, int>> SplitHostPort(
    const std::string& listen, absl::string_view what) {
  const size_t colon = listen.rfind(':');
  int port = -1;
  if (colon == std::string::npos ||
      !absl::SimpleAtoi(listen.substr(colon + 1), &port) || port < 0 ||
      port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " address \"", listen, "\" is not HOST:PORT"));
  }
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  return std::make_pair(std::move(host), port);
}

void AddProbes(httplib::Server& server, std::function<bool()> ready) {
  server.Get("/healthz",
             [](const httplib::Request&, httplib::Response& response) {
               response.set_header("Cache-Control", "no-store");
               response.set_content("alive\n", "text/plain");
             });
  server.Get("/readyz", [ready = std::move(ready)](
                            const httplib::Request&,
                            httplib::Response& response) {
    const bool is_ready = ready();
    response.status = is_ready ? 200 : 503;
    response.set_header("Cache-Control", "no-store");
    response.set_content(is_ready ? "ready\n" : "not ready\n", "text/plain");
  });
}

absl::StatusOr<std::unique_ptr<HttpListener>> HttpListener::Start(
    httplib::Server& server, const std::string& listen,
    absl::string_view what) {
  absl::StatusOr<std::pair<std::string, int>> address =
      SplitHostPort(listen, what);
  if (!address.ok()) return address.status();
  const auto& [host, wanted] = *address;
  const int port = wanted == 0
                       ? server.bind_to_any_port(host)
                       : (server.bind_to_port(host, wanted) ? wanted : -1);
  if (port <= 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen for ", what, " on ", listen));
  }
  WidenBacklog(server);
  std::unique_ptr<HttpListener> listener(new HttpListener(server, port));
  listener->thread_ = std::thread([&server] { server.listen_after_bind(); });
  // stop() does nothing before the server runs: wait until it does.
  for (int waited_ms = 0; !server.is_running(); ++waited_ms) {
    if (waited_ms == 5000) {
      return absl::UnavailableError(
          absl::StrCat("the ", what, " listener on ", listen,
                       " did not start"));  // the destructor stops it
    }
    absl::SleepFor(absl::Milliseconds(1));
  }
  return listener;
}

HttpListener::~HttpListener() {
  // A server that never got to run is stopped by closing its socket, which
  // stop() does either way.
  server_.stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace passend::services
