// The metrics port of a real server: Prometheus counters and histograms per
// method and code after real calls, index sizes, RocksDB statistics, and
// liveness apart from readiness.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/services/server_fixture.h"

namespace passend::testing {
namespace {

using ::testing::HasSubstr;

// GET `path` from 127.0.0.1:`port`: the whole response, headers and all.
std::string Get(int port, const std::string& path) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  std::string response;
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) ==
      0) {
    const std::string request = "GET " + path + " HTTP/1.0\r\n\r\n";
    if (write(fd, request.data(), request.size()) ==
        static_cast<ssize_t>(request.size())) {
      char buffer[4096];
      ssize_t n;
      while ((n = read(fd, buffer, sizeof(buffer))) > 0) {
        response.append(buffer, static_cast<size_t>(n));
      }
    }
  }
  close(fd);
  return response;
}

class MetricsTest : public ServerFixture {
 protected:
  void SetUp() override {
    services::ServerOptions options;
    options.metrics_listen = "127.0.0.1:0";
    StartServerWith(options);
  }
};

TEST_F(MetricsTest, CallsIndexAndStorageAreCountedAndProbesAnswer) {
  v1::CreateCandidateRequest create;
  *create.mutable_candidate() = ValidCandidate();
  v1::Candidate out;
  ASSERT_TRUE(candidates_->CreateCandidate(Context().get(), create, &out).ok());
  v1::GetCandidateRequest bad;
  bad.set_name("vacancies/x");
  for (int i = 0; i < 3; ++i) {
    EXPECT_FALSE(candidates_->GetCandidate(Context().get(), bad, &out).ok());
  }
  const int port = server_->metrics_port();
  ASSERT_GT(port, 0);
  const std::string metrics = Get(port, "/metrics");
  EXPECT_THAT(metrics, HasSubstr("HTTP/1.1 200 OK"));
  EXPECT_THAT(metrics,
              HasSubstr("passend_calls_total{method=\"/passend.v1."
                        "CandidateService/CreateCandidate\",code=\"OK\"} 1\n"));
  EXPECT_THAT(metrics, HasSubstr("passend_calls_total{method=\"/passend.v1."
                                 "CandidateService/GetCandidate\",code=\""
                                 "INVALID_ARGUMENT\"} 3\n"));
  EXPECT_THAT(metrics, HasSubstr("passend_call_seconds_bucket{method=\"/"
                                 "passend.v1.CandidateService/GetCandidate\","
                                 "code=\"INVALID_ARGUMENT\",le=\"+Inf\"} 3\n"));
  EXPECT_THAT(metrics, HasSubstr("passend_candidates 1\n"));
  EXPECT_THAT(metrics, HasSubstr("passend_ready 1\n"));
  EXPECT_THAT(metrics, HasSubstr("passend_rocksdb_keys "));
  EXPECT_THAT(Get(port, "/healthz"), HasSubstr("200 OK"));
  EXPECT_THAT(Get(port, "/readyz"), HasSubstr("200 OK"));
  EXPECT_THAT(Get(port, "/nothing"), HasSubstr("404"));
}

}  // namespace
}  // namespace passend::testing
