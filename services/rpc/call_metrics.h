// Call counts and latency histograms per method and status code, and the
// Prometheus text page that shows them with the server's gauges
// (docs/OPERATIONS.md). Counts only: no request content, no principal.
#ifndef PASSEND_SERVICES_RPC_CALL_METRICS_H_
#define PASSEND_SERVICES_RPC_CALL_METRICS_H_

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace passend::services {

class CallMetrics {
 public:
  // Upper bounds of the latency buckets, seconds.
  static constexpr std::array<double, 12> kBuckets = {
      0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5};

  void Record(absl::string_view method, absl::StatusCode code,
              absl::Duration latency);
  // Appends passend_calls_total and passend_call_seconds (a histogram) in
  // the Prometheus text format.
  void Render(std::string* out) const;

 private:
  struct Series {
    std::array<int64_t, kBuckets.size()> buckets{};  // not cumulative
    int64_t count = 0;
    double seconds = 0;
  };
  mutable absl::Mutex mu_;
  std::map<std::pair<std::string, absl::StatusCode>, Series> series_
      ABSL_GUARDED_BY(mu_);
};

// Appends one gauge in the Prometheus text format.
void RenderGauge(absl::string_view name, absl::string_view help, double value,
                 std::string* out);

}  // namespace passend::services

#endif  // PASSEND_SERVICES_RPC_CALL_METRICS_H_
