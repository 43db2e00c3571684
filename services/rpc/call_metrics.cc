#include "services/rpc/call_metrics.h"

#include <vector>

#include "absl/strings/strip.h"

namespace passend::services {

CallMetrics::CallMetrics(prometheus::Registry& registry)
    : handled_(prometheus::BuildCounter()
                   .Name("grpc_server_handled_total")
                   .Help("Calls finished on the server, by service, method "
                         "and status code.")
                   .Register(registry)),
      seconds_(prometheus::BuildHistogram()
                   .Name("grpc_server_handling_seconds")
                   .Help("Time from a call's start to its status, by "
                         "service, method and status code.")
                   .Register(registry)) {}

void CallMetrics::Record(absl::string_view method, absl::StatusCode code,
                         absl::Duration latency) {
  // A status outside the canonical codes counts as UNKNOWN, as gRPC sends it.
  if (static_cast<int>(code) < 0 || static_cast<int>(code) >= kCodes) {
    code = absl::StatusCode::kUnknown;
  }
  Series series;
  {
    absl::ReaderMutexLock lock(&mu_);
    const auto it = series_.find(method);
    if (it != series_.end()) series = it->second[static_cast<int>(code)];
  }
  if (series.handled == nullptr) series = Add(method, code);
  series.handled->Increment();
  series.seconds->Observe(absl::ToDoubleSeconds(latency));
}

CallMetrics::Series CallMetrics::Add(absl::string_view method,
                                     absl::StatusCode code) {
  absl::MutexLock lock(&mu_);
  Series& series = series_[method][static_cast<int>(code)];
  if (series.handled == nullptr) {
    // "/passend.v1.CandidateService/GetCandidate" is service
    // "passend.v1.CandidateService", method "GetCandidate".
    const absl::string_view path = absl::StripPrefix(method, "/");
    const size_t slash = path.rfind('/');
    const absl::string_view service =
        slash == absl::string_view::npos ? "" : path.substr(0, slash);
    const absl::string_view name =
        slash == absl::string_view::npos ? path : path.substr(slash + 1);
    const prometheus::Labels labels = {
        {"grpc_service", std::string(service)},
        {"grpc_method", std::string(name)},
        {"grpc_code", absl::StatusCodeToString(code)}};
    series.handled = &handled_.Add(labels);
    series.seconds =
        &seconds_.Add(labels, prometheus::Histogram::BucketBoundaries(
                                  kBuckets.begin(), kBuckets.end()));
  }
  return series;
}

}  // namespace passend::services
