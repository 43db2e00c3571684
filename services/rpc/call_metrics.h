// Call counts and latency histograms per service, method and status code, as
// gRPC servers name them (go-grpc-prometheus): grpc_server_handled_total and
// grpc_server_handling_seconds, labelled grpc_service, grpc_method and
// grpc_code (docs/OPERATIONS.md). Counts only: no request content, no
// principal.
#ifndef PASSEND_SERVICES_RPC_CALL_METRICS_H_
#define PASSEND_SERVICES_RPC_CALL_METRICS_H_

#include <array>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace passend::services {

class CallMetrics {
 public:
  // Upper bounds of the latency buckets, seconds.
  static constexpr std::array<double, 12> kBuckets = {
      0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5};

  // Adds the two families to `registry`, which must outlive this.
  explicit CallMetrics(prometheus::Registry& registry);

  CallMetrics(const CallMetrics&) = delete;
  CallMetrics& operator=(const CallMetrics&) = delete;

  // Counts a finished call of `method` ("/passend.v1.Service/Method").
  // Called on every call: after the first call of a method and code it only
  // looks the series up under a shared lock.
  void Record(absl::string_view method, absl::StatusCode code,
              absl::Duration latency) ABSL_LOCKS_EXCLUDED(mu_);

 private:
  // absl::StatusCode's canonical values, kOk (0) to kUnauthenticated (16).
  static constexpr int kCodes = 17;

  // Owned by the families; stable for the registry's life.
  struct Series {
    prometheus::Counter* handled = nullptr;
    prometheus::Histogram* seconds = nullptr;
  };

  // The series of `method` and `code`, added on first use.
  Series Add(absl::string_view method, absl::StatusCode code)
      ABSL_LOCKS_EXCLUDED(mu_);

  prometheus::Family<prometheus::Counter>& handled_;
  prometheus::Family<prometheus::Histogram>& seconds_;
  absl::Mutex mu_;
  // By method path, then by code.
  absl::flat_hash_map<std::string, std::array<Series, kCodes>> series_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace passend::services

#endif  // PASSEND_SERVICES_RPC_CALL_METRICS_H_
