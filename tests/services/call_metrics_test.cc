// CallMetrics on its own: the standard gRPC server series per service,
// method and code, and counts that stay exact under concurrent calls.
#include "services/rpc/call_metrics.h"

#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "prometheus/registry.h"
#include "services/server/metrics_server.h"

namespace passend::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kGet[] = "/passend.v1.CandidateService/GetCandidate";
constexpr char kGetLabels[] =
    "grpc_code=\"OK\",grpc_method=\"GetCandidate\",grpc_service=\"passend.v1."
    "CandidateService\"";

TEST(CallMetricsTest, CountsAndTimesEachServiceMethodAndCode) {
  prometheus::Registry registry;
  services::CallMetrics metrics(registry);
  metrics.Record(kGet, absl::StatusCode::kOk, absl::Milliseconds(3));
  metrics.Record(kGet, absl::StatusCode::kOk, absl::Milliseconds(30));
  metrics.Record(kGet, absl::StatusCode::kInvalidArgument,
                 absl::Milliseconds(1));
  const std::string page = services::MetricsText(registry);
  EXPECT_THAT(page, HasSubstr("# TYPE grpc_server_handled_total counter\n"));
  EXPECT_THAT(page,
              HasSubstr("# TYPE grpc_server_handling_seconds histogram\n"));
  EXPECT_THAT(page, HasSubstr(std::string("grpc_server_handled_total{") +
                              kGetLabels + "} 2\n"));
  EXPECT_THAT(page,
              HasSubstr("grpc_server_handled_total{grpc_code=\"INVALID_"
                        "ARGUMENT\",grpc_method=\"GetCandidate\",grpc_service="
                        "\"passend.v1.CandidateService\"} 1\n"));
  // Today's bucket bounds, in seconds: 3 ms is over 0.002 and within 0.005.
  const std::string bucket =
      std::string("grpc_server_handling_seconds_bucket{") + kGetLabels;
  EXPECT_THAT(page, HasSubstr(bucket + ",le=\"0.002\"} 0\n"));
  EXPECT_THAT(page, HasSubstr(bucket + ",le=\"0.005\"} 1\n"));
  EXPECT_THAT(page, HasSubstr(bucket + ",le=\"0.05\"} 2\n"));
  EXPECT_THAT(page, HasSubstr(bucket + ",le=\"5\"} 2\n"));
  EXPECT_THAT(page, HasSubstr(bucket + ",le=\"+Inf\"} 2\n"));
  EXPECT_THAT(page, HasSubstr(std::string("grpc_server_handling_seconds_sum{") +
                              kGetLabels + "} 0.033\n"));
  EXPECT_THAT(page,
              HasSubstr(std::string("grpc_server_handling_seconds_count{") +
                        kGetLabels + "} 2\n"));
  EXPECT_THAT(page, Not(HasSubstr("/passend.v1")));
}

TEST(CallMetricsTest, ACodeOutsideTheCanonicalOnesCountsAsUnknown) {
  prometheus::Registry registry;
  services::CallMetrics metrics(registry);
  metrics.Record(kGet, static_cast<absl::StatusCode>(99), absl::ZeroDuration());
  EXPECT_THAT(services::MetricsText(registry),
              HasSubstr("grpc_server_handled_total{grpc_code=\"UNKNOWN\","
                        "grpc_method=\"GetCandidate\",grpc_service=\"passend."
                        "v1.CandidateService\"} 1\n"));
}

TEST(CallMetricsTest, ConcurrentCallsAreAllCounted) {
  prometheus::Registry registry;
  services::CallMetrics metrics(registry);
  constexpr int kThreads = 4;
  constexpr int kCalls = 5000;
  const std::vector<std::string> methods = {
      kGet, "/passend.v1.VacancyService/GetVacancy",
      "/passend.v1.MatchService/RankCandidates"};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kCalls; ++i) {
        metrics.Record(methods[i % methods.size()],
                       static_cast<absl::StatusCode>(i % 17),
                       absl::Microseconds(i));
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  const std::string page = services::MetricsText(registry);
  // Calls 0, 51, 102, ... (i % 3 == 0 and i % 17 == 0) of each thread are
  // GetCandidate with OK: 99 of 5000.
  EXPECT_THAT(page,
              HasSubstr(std::string("grpc_server_handled_total{") + kGetLabels +
                        "} " + std::to_string(kThreads * 99) + "\n"));
}

}  // namespace
}  // namespace passend::testing
