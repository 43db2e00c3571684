#include "services/server/metrics_server.h"

#include <utility>

#include "absl/time/time.h"
#include "httplib.h"
#include "prometheus/text_serializer.h"
#include "services/http/connections.h"
#include "services/http/listener.h"

namespace passend::services {

std::string MetricsText(const prometheus::Registry& registry) {
  return prometheus::TextSerializer().Serialize(registry.Collect());
}

struct MetricsServer::Rep {
  MetricsPages pages;
  std::unique_ptr<httplib::Server> http;
  // After `http`, which it serves: stopped first.
  std::unique_ptr<HttpListener> listener;
};

absl::StatusOr<std::unique_ptr<MetricsServer>> MetricsServer::Start(
    const std::string& listen, MetricsPages pages) {
  auto rep = std::make_unique<Rep>();
  rep->pages = std::move(pages);
  // Probes come often and have short timeouts (a second by default in
  // Kubernetes), so nothing may hold a thread long: one request per
  // connection, a second to send it and a second for its answer to be
  // taken, and a few threads for the scraper and the probes together.
  ConnectionLimits limits;
  limits.max_connections = 4;
  limits.read_idle = absl::Seconds(1);
  limits.request_deadline = absl::Seconds(1);
  limits.keep_alive = absl::Seconds(1);
  limits.max_requests_per_connection = 1;
  absl::StatusOr<std::unique_ptr<httplib::Server>> server =
      MakeLimitedServer(limits, "", "", "");
  if (!server.ok()) return server.status();
  rep->http = *std::move(server);
  httplib::Server& http = *rep->http;
  http.set_payload_max_length(4096);
  const MetricsPages* served = &rep->pages;
  http.Get("/metrics",
           [served](const httplib::Request&, httplib::Response& response) {
             response.set_content(served->metrics(),
                                  "text/plain; version=0.0.4; charset=utf-8");
           });
  AddProbes(http, [served] { return served->ready(); });
  http.set_error_handler(
      [](const httplib::Request&, httplib::Response& response) {
        if (response.status == 404) {
          response.set_content("not found\n", "text/plain");
        }
      });
  absl::StatusOr<std::unique_ptr<HttpListener>> listener =
      HttpListener::Start(http, listen, "metrics");
  if (!listener.ok()) return listener.status();
  rep->listener = *std::move(listener);
  return std::unique_ptr<MetricsServer>(new MetricsServer(std::move(rep)));
}

MetricsServer::MetricsServer(std::unique_ptr<Rep> rep) : rep_(std::move(rep)) {}

MetricsServer::~MetricsServer() { rep_->listener.reset(); }

int MetricsServer::port() const { return rep_->listener->port(); }

}  // namespace passend::services
