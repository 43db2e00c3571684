// The metrics port: /metrics (the Prometheus text format), /healthz and
// /readyz, on cpp-httplib. A port of its own, apart from the API's, so that
// scraping and probes never queue behind calls and can be reached where the
// API is not (docs/OPERATIONS.md). Plain HTTP: the pages hold counts only.
#ifndef PASSEND_SERVICES_SERVER_METRICS_SERVER_H_
#define PASSEND_SERVICES_SERVER_METRICS_SERVER_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "prometheus/registry.h"

namespace passend::services {

// The Prometheus text exposition (format 0.0.4) of what `registry` holds.
// Values are printed with 16 significant digits, so every whole number up to
// 2^53 (counts, bytes) is printed exactly.
std::string MetricsText(const prometheus::Registry& registry);

struct MetricsPages {
  // The body of /metrics, in the Prometheus text format.
  std::function<std::string()> metrics;
  // Whether /readyz answers 200 "ready" (or 503 "not ready").
  std::function<bool()> ready;
};

class MetricsServer {
 public:
  // Listens on `listen` ("127.0.0.1:9464", "[::1]:9464"; port 0 picks one)
  // and serves `pages`, which must be safe to call from several threads.
  static absl::StatusOr<std::unique_ptr<MetricsServer>> Start(
      const std::string& listen, MetricsPages pages);
  // Stops listening and waits for the pages being served.
  ~MetricsServer();

  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  int port() const;

 private:
  struct Rep;
  explicit MetricsServer(std::unique_ptr<Rep> rep);
  std::unique_ptr<Rep> rep_;
};

}  // namespace passend::services

#endif  // PASSEND_SERVICES_SERVER_METRICS_SERVER_H_
