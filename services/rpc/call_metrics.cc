#include "services/rpc/call_metrics.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace passend::services {

void CallMetrics::Record(absl::string_view method, absl::StatusCode code,
                         absl::Duration latency) {
  const double seconds = absl::ToDoubleSeconds(latency);
  absl::MutexLock lock(&mu_);
  Series& s = series_[{std::string(method), code}];
  ++s.count;
  s.seconds += seconds;
  for (size_t b = 0; b < kBuckets.size(); ++b) {
    if (seconds <= kBuckets[b]) {
      ++s.buckets[b];
      break;
    }
  }
}

void CallMetrics::Render(std::string* out) const {
  absl::MutexLock lock(&mu_);
  absl::StrAppend(out,
                  "# HELP passend_calls_total Calls finished, by method and "
                  "status code.\n# TYPE passend_calls_total counter\n");
  for (const auto& [key, s] : series_) {
    absl::StrAppend(out, "passend_calls_total{method=\"", key.first,
                    "\",code=\"", absl::StatusCodeToString(key.second), "\"} ",
                    s.count, "\n");
  }
  absl::StrAppend(out,
                  "# HELP passend_call_seconds Call latency, by method and "
                  "status code.\n# TYPE passend_call_seconds histogram\n");
  for (const auto& [key, s] : series_) {
    const std::string labels =
        absl::StrCat("method=\"", key.first, "\",code=\"",
                     absl::StatusCodeToString(key.second), "\"");
    int64_t cumulative = 0;
    for (size_t b = 0; b < kBuckets.size(); ++b) {
      cumulative += s.buckets[b];
      absl::StrAppend(out, "passend_call_seconds_bucket{", labels, ",le=\"",
                      kBuckets[b], "\"} ", cumulative, "\n");
    }
    absl::StrAppend(out, "passend_call_seconds_bucket{", labels,
                    ",le=\"+Inf\"} ", s.count, "\n");
    absl::StrAppend(out, "passend_call_seconds_sum{", labels, "} ",
                    absl::StrFormat("%.6f", s.seconds), "\n");
    absl::StrAppend(out, "passend_call_seconds_count{", labels, "} ", s.count,
                    "\n");
  }
}

void RenderGauge(absl::string_view name, absl::string_view help, double value,
                 std::string* out) {
  absl::StrAppend(out, "# HELP ", name, " ", help, "\n# TYPE ", name,
                  " gauge\n", name, " ", value, "\n");
}

}  // namespace passend::services
