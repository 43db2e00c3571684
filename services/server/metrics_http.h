// A minimal HTTP/1.0 server for the metrics and probe pages, on its own port
// so that scraping never competes with the API: GET of a path answers with
// what `page` returns. One connection at a time; bodies are small.
#ifndef PASSEND_SERVICES_SERVER_METRICS_HTTP_H_
#define PASSEND_SERVICES_SERVER_METRICS_HTTP_H_

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace passend::services {

class MetricsHttpServer {
 public:
  // HTTP status and body for a path ("/metrics").
  using Page = std::function<std::pair<int, std::string>(absl::string_view)>;

  // Listens on `listen` ("127.0.0.1:9464"; port 0 picks one).
  static absl::StatusOr<std::unique_ptr<MetricsHttpServer>> Start(
      const std::string& listen, Page page);
  ~MetricsHttpServer();

  int port() const { return port_; }

 private:
  MetricsHttpServer(int fd, int port, Page page);
  void Serve();

  const int fd_;
  const int port_;
  const Page page_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace passend::services

#endif  // PASSEND_SERVICES_SERVER_METRICS_HTTP_H_
