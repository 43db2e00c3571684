// The metrics port on its own: exact values on the page, the probes, and
// what it answers for other paths.
#include "services/server/metrics_server.h"

#include <atomic>
#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "prometheus/gauge.h"
#include "prometheus/registry.h"
#include "tests/test_util.h"

namespace passend::testing {
namespace {

using ::testing::HasSubstr;

// Byte counts and key counts pass a million quickly; a format with six
// significant digits would print 1234567 as 1.23457e+06.
TEST(MetricsTextTest, GaugesOverAMillionArePrintedExactly) {
  prometheus::Registry registry;
  auto& family = prometheus::BuildGauge()
                     .Name("passend_test_bytes")
                     .Help("A test gauge.")
                     .Register(registry);
  family.Add({{"size", "million"}}).Set(1234567);
  family.Add({{"size", "ten_billion"}}).Set(12345678901);
  // 2^53: the largest of the whole numbers a double holds all of.
  family.Add({{"size", "two_to_53"}}).Set(9007199254740992.0);
  family.Add({{"size", "fraction"}}).Set(0.25);
  const std::string page = services::MetricsText(registry);
  EXPECT_THAT(page,
              HasSubstr("passend_test_bytes{size=\"million\"} 1234567\n"));
  EXPECT_THAT(page, HasSubstr("passend_test_bytes{size=\"ten_billion\"} "
                              "12345678901\n"));
  EXPECT_THAT(page, HasSubstr("passend_test_bytes{size=\"two_to_53\"} "
                              "9007199254740992\n"));
  EXPECT_THAT(page, HasSubstr("passend_test_bytes{size=\"fraction\"} 0.25\n"));
}

class MetricsServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    services::MetricsPages pages;
    pages.metrics = [] { return std::string("passend_test 1\n"); };
    pages.ready = [this] { return ready_.load(); };
    server_ = ValueOrDie(
        services::MetricsServer::Start("127.0.0.1:0", std::move(pages)));
    ASSERT_GT(server_->port(), 0);
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }

  std::atomic<bool> ready_{true};
  std::unique_ptr<services::MetricsServer> server_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(MetricsServerTest, ServesTheMetricsPageInTheTextFormat) {
  httplib::Result got = client_->Get("/metrics");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, 200);
  EXPECT_EQ(got->body, "passend_test 1\n");
  EXPECT_EQ(got->get_header_value("Content-Type"),
            "text/plain; version=0.0.4; charset=utf-8");
}

TEST_F(MetricsServerTest, LivenessIsApartFromReadiness) {
  httplib::Result alive = client_->Get("/healthz");
  ASSERT_TRUE(alive);
  EXPECT_EQ(alive->status, 200);
  EXPECT_EQ(alive->body, "alive\n");
  httplib::Result ready = client_->Get("/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 200);
  EXPECT_EQ(ready->body, "ready\n");
  ready_ = false;
  httplib::Result not_ready = client_->Get("/readyz");
  ASSERT_TRUE(not_ready);
  EXPECT_EQ(not_ready->status, 503);
  EXPECT_EQ(not_ready->body, "not ready\n");
  alive = client_->Get("/healthz");
  ASSERT_TRUE(alive);
  EXPECT_EQ(alive->status, 200);
}

TEST_F(MetricsServerTest, OtherPathsAreNotFound) {
  httplib::Result got = client_->Get("/nothing");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, 404);
  EXPECT_EQ(got->body, "not found\n");
}

TEST(MetricsServerStartTest, RefusesAnAddressWithoutAPort) {
  services::MetricsPages pages;
  pages.metrics = [] { return std::string(); };
  pages.ready = [] { return true; };
  EXPECT_EQ(services::MetricsServer::Start("127.0.0.1", pages).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace passend::testing
