#include "services/server/metrics_server.h"

#include <thread>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "httplib.h"
#include "prometheus/text_serializer.h"

namespace passend::services {

std::string MetricsText(const prometheus::Registry& registry) {
  return prometheus::TextSerializer().Serialize(registry.Collect());
}

struct MetricsServer::Rep {
  MetricsPages pages;
  httplib::Server http;
  std::thread listener;
  int port = 0;
};

absl::StatusOr<std::unique_ptr<MetricsServer>> MetricsServer::Start(
    const std::string& listen, MetricsPages pages) {
  const size_t colon = listen.rfind(':');
  int port = -1;
  if (colon == std::string::npos ||
      !absl::SimpleAtoi(listen.substr(colon + 1), &port) || port < 0 ||
      port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("metrics address \"", listen, "\" is not HOST:PORT"));
  }
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  auto rep = std::make_unique<Rep>();
  rep->pages = std::move(pages);
  httplib::Server& http = rep->http;
  // Probes come often and have short timeouts (a second by default in
  // Kubernetes), so nothing may hold a thread long: one request per
  // connection (no idle keep-alive connections), a second to send it, and a
  // few threads for the scraper and the probes together.
  http.new_task_queue = [] { return new httplib::ThreadPool(4); };
  http.set_keep_alive_max_count(1);
  http.set_keep_alive_timeout(1);
  http.set_read_timeout(1, 0);
  http.set_write_timeout(1, 0);
  http.set_payload_max_length(4096);
  const MetricsPages* served = &rep->pages;
  http.Get("/metrics",
           [served](const httplib::Request&, httplib::Response& response) {
             response.set_content(served->metrics(),
                                  "text/plain; version=0.0.4; charset=utf-8");
           });
  http.Get("/healthz",
           [](const httplib::Request&, httplib::Response& response) {
             response.set_content("alive\n", "text/plain");
           });
  http.Get("/readyz", [served](const httplib::Request&,
                               httplib::Response& response) {
    const bool ready = served->ready();
    response.status = ready ? 200 : 503;
    response.set_content(ready ? "ready\n" : "not ready\n", "text/plain");
  });
  http.set_error_handler(
      [](const httplib::Request&, httplib::Response& response) {
        if (response.status == 404) {
          response.set_content("not found\n", "text/plain");
        }
      });
  if (port == 0) {
    rep->port = http.bind_to_any_port(host);
  } else {
    rep->port = http.bind_to_port(host, port) ? port : -1;
  }
  if (rep->port <= 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen for metrics on ", listen));
  }
  Rep* raw = rep.get();
  rep->listener = std::thread([raw] { raw->http.listen_after_bind(); });
  // stop() does nothing before the server runs: wait until it does, so
  // that it can always be stopped.
  for (int waited_ms = 0; !raw->http.is_running(); ++waited_ms) {
    if (waited_ms == 5000) {
      raw->http.stop();
      rep->listener.join();
      return absl::UnavailableError(
          absl::StrCat("the metrics listener on ", listen, " did not start"));
    }
    absl::SleepFor(absl::Milliseconds(1));
  }
  return std::unique_ptr<MetricsServer>(new MetricsServer(std::move(rep)));
}

MetricsServer::MetricsServer(std::unique_ptr<Rep> rep) : rep_(std::move(rep)) {}

MetricsServer::~MetricsServer() {
  rep_->http.stop();
  if (rep_->listener.joinable()) rep_->listener.join();
}

int MetricsServer::port() const { return rep_->port; }

}  // namespace passend::services
