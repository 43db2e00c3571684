// The metrics port of a real server: the standard gRPC server counters and
// histograms per service, method and code after real calls, index sizes,
// RocksDB statistics, the build's version, liveness apart from readiness,
// and the naming rules of Prometheus over the whole page (and promtool's
// check of it where promtool is at hand).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "common/version.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/services/server_fixture.h"

namespace passend::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;
using ::testing::UnorderedElementsAre;

// GET `path` from 127.0.0.1:`port` as a plain HTTP/1.0 client would: the
// whole response, headers and all.
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

// The body of a response.
std::string Body(const std::string& response) {
  const size_t end = response.find("\r\n\r\n");
  return end == std::string::npos ? "" : response.substr(end + 4);
}

// The page, parsed: each family's HELP and TYPE, and the samples.
struct Family {
  std::string type;
  std::string help;
  bool has_help = false;
};
struct Sample {
  std::string name;
  std::map<std::string, std::string> labels;
  std::string value;
};
struct Page {
  std::map<std::string, Family> families;
  std::vector<Sample> samples;
  std::vector<std::string> unparsed;  // lines that are none of the above
};

// Parses the Prometheus text format as passendd writes it (label values
// hold no escaped quotes).
Page Parse(const std::string& text) {
  static const std::regex kSample(R"(([^{ ]+)(\{([^}]*)\})? (\S+))");
  static const std::regex kLabel(R"re(([^=,]+)="([^"]*)")re");
  Page page;
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
    const std::string l(line);
    std::vector<std::string> words = absl::StrSplit(l, absl::MaxSplits(' ', 3));
    if (absl::StartsWith(l, "# HELP ") && words.size() >= 3) {
      Family& family = page.families[words[2]];
      family.has_help = true;
      family.help = words.size() == 4 ? words[3] : "";
    } else if (absl::StartsWith(l, "# TYPE ") && words.size() == 4) {
      page.families[words[2]].type = words[3];
    } else if (absl::StartsWith(l, "#")) {
      // A comment.
    } else if (std::smatch m; std::regex_match(l, m, kSample)) {
      Sample sample{m[1], {}, m[4]};
      const std::string labels = m[3];
      for (std::sregex_iterator it(labels.begin(), labels.end(), kLabel), end;
           it != end; ++it) {
        sample.labels[(*it)[1]] = (*it)[2];
      }
      page.samples.push_back(std::move(sample));
    } else {
      page.unparsed.push_back(l);
    }
  }
  return page;
}

// The family a sample belongs to: itself, or a histogram's series.
std::string FamilyOf(const Page& page, const std::string& sample) {
  for (const char* suffix : {"_bucket", "_sum", "_count"}) {
    if (absl::EndsWith(sample, suffix)) {
      const std::string base =
          sample.substr(0, sample.size() - std::string(suffix).size());
      const auto it = page.families.find(base);
      if (it != page.families.end() && it->second.type == "histogram") {
        return base;
      }
    }
  }
  return sample;
}

// promtool from $PASSEND_PROMTOOL or the PATH; "" when there is none.
std::string Promtool() {
  if (const char* given = std::getenv("PASSEND_PROMTOOL");
      given != nullptr && *given != '\0') {
    return given;
  }
  const char* path = std::getenv("PATH");
  for (absl::string_view dir :
       absl::StrSplit(path == nullptr ? "" : path, ':', absl::SkipEmpty())) {
    const std::string candidate = std::string(dir) + "/promtool";
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

// What on `page` breaks the conventions at
// prometheus.io/docs/practices/naming: one line per problem, naming the
// metric.
std::vector<std::string> NamingProblems(const Page& page) {
  static const std::regex kMetricName("[a-zA-Z_:][a-zA-Z0-9_:]*");
  static const std::regex kLabelName("[a-zA-Z_][a-zA-Z0-9_]*");
  // Durations are in seconds: these words name another unit, or a
  // duration (which must then end in its unit).
  static const std::set<std::string> kOtherTimeUnits = {
      "ms",           "us",          "ns",      "millis", "milliseconds",
      "microseconds", "nanoseconds", "minutes", "hours",  "days"};
  static const std::set<std::string> kDurations = {
      "duration", "latency", "elapsed", "time", "uptime", "age"};
  std::vector<std::string> problems;
  const auto problem = [&](const std::string& name, const std::string& what) {
    problems.push_back(name + ": " + what);
  };
  for (const std::string& line : page.unparsed) {
    problem(line, "not a line of the text format");
  }
  for (const auto& [name, family] : page.families) {
    if (!std::regex_match(name, kMetricName)) problem(name, "not a name");
    if (!family.has_help || family.help.empty()) problem(name, "no HELP");
    if (family.type == "counter") {
      if (!absl::EndsWith(name, "_total")) {
        problem(name, "a counter ends in _total");
      }
    } else if (family.type == "histogram") {
      if (!absl::EndsWith(name, "_seconds") &&
          !absl::EndsWith(name, "_bytes")) {
        problem(name, "a histogram ends in its unit (_seconds, _bytes)");
      }
    } else if (family.type == "gauge") {
      if (absl::EndsWith(name, "_total")) {
        problem(name, "only counters end in _total");
      }
    } else {
      problem(name, "no TYPE, or not counter, gauge or histogram");
    }
    bool duration = false;
    for (absl::string_view word : absl::StrSplit(name, '_')) {
      if (kOtherTimeUnits.count(std::string(word)) > 0) {
        problem(name, "durations are in seconds");
      }
      duration = duration || kDurations.count(std::string(word)) > 0;
    }
    if (duration && !absl::EndsWith(name, "_seconds") &&
        !absl::EndsWith(name, "_seconds_total")) {
      problem(name, "a duration ends in _seconds");
    }
  }
  for (const Sample& sample : page.samples) {
    if (page.families.count(FamilyOf(page, sample.name)) == 0) {
      problem(sample.name, "a sample without HELP and TYPE");
    }
    for (const auto& [label, value] : sample.labels) {
      if (!std::regex_match(label, kLabelName) ||
          absl::StartsWith(label, "__")) {
        problem(sample.name, "label " + label + " is not a label name");
      }
    }
    double value = 0;
    if (!absl::SimpleAtod(sample.value, &value) && sample.value != "+Inf") {
      problem(sample.name, "value " + sample.value + " is not a number");
    }
  }
  return problems;
}

// The check itself finds what breaks each rule.
TEST(NamingProblemsTest, FindsWhatBreaksTheConventions) {
  const Page page = Parse(
      "# HELP calls Calls.\n# TYPE calls counter\ncalls 1\n"
      "# HELP open_total Open.\n# TYPE open_total gauge\nopen_total 1\n"
      "# HELP wait Waits.\n# TYPE wait histogram\nwait_count 1\n"
      "# HELP call_duration_ms Call time.\n# TYPE call_duration_ms gauge\n"
      "call_duration_ms 3\n"
      "# TYPE helpless gauge\nhelpless 1\n"
      "untyped 1\n"
      "# HELP labelled Labelled.\n# TYPE labelled gauge\n"
      "labelled{__x=\"1\"} one\n");
  EXPECT_THAT(
      NamingProblems(page),
      UnorderedElementsAre(
          "calls: a counter ends in _total",
          "open_total: only counters end in _total",
          "wait: a histogram ends in its unit (_seconds, _bytes)",
          "call_duration_ms: durations are in seconds",
          "call_duration_ms: a duration ends in _seconds", "helpless: no HELP",
          "untyped: a sample without HELP and TYPE",
          "labelled: label __x is not a label name",
          "labelled: value one is not a number"));
}

class MetricsTest : public ServerFixture {
 protected:
  void SetUp() override {
    services::ServerOptions options;
    options.metrics_listen = "127.0.0.1:0";
    StartServerWith(options);
  }

  // Calls that fill the call metrics: one created candidate and three
  // refused reads.
  void MakeCalls() {
    v1::CreateCandidateRequest create;
    *create.mutable_candidate() = ValidCandidate();
    v1::Candidate out;
    ASSERT_TRUE(
        candidates_->CreateCandidate(Context().get(), create, &out).ok());
    v1::GetCandidateRequest bad;
    bad.set_name("vacancies/x");
    for (int i = 0; i < 3; ++i) {
      EXPECT_FALSE(candidates_->GetCandidate(Context().get(), bad, &out).ok());
    }
  }
};

TEST_F(MetricsTest, CallsIndexAndStorageAreCountedAndProbesAnswer) {
  MakeCalls();
  const int port = server_->metrics_port();
  ASSERT_GT(port, 0);
  const std::string metrics = Get(port, "/metrics");
  EXPECT_THAT(metrics, StartsWith("HTTP/1.1 200 OK\r\n"));
  EXPECT_THAT(metrics, HasSubstr("Content-Type: text/plain; version=0.0.4; "
                                 "charset=utf-8\r\n"));
  EXPECT_THAT(metrics, HasSubstr("grpc_server_handled_total{grpc_code=\"OK\","
                                 "grpc_method=\"CreateCandidate\",grpc_service="
                                 "\"passend.v1.CandidateService\"} 1\n"));
  EXPECT_THAT(metrics,
              HasSubstr("grpc_server_handled_total{grpc_code=\"INVALID_"
                        "ARGUMENT\",grpc_method=\"GetCandidate\",grpc_service="
                        "\"passend.v1.CandidateService\"} 3\n"));
  EXPECT_THAT(metrics,
              HasSubstr("grpc_server_handling_seconds_bucket{grpc_code="
                        "\"INVALID_ARGUMENT\",grpc_method=\"GetCandidate\","
                        "grpc_service=\"passend.v1.CandidateService\",le=\"+"
                        "Inf\"} 3\n"));
  EXPECT_THAT(metrics, HasSubstr("\npassend_candidates 1\n"));
  EXPECT_THAT(metrics, HasSubstr("\npassend_vacancies 0\n"));
  EXPECT_THAT(metrics, HasSubstr("\npassend_ready 1\n"));
  EXPECT_THAT(metrics, HasSubstr("\npassend_rocksdb_keys "));
  EXPECT_THAT(metrics, HasSubstr("\npassend_rocksdb_memtable_bytes "));
  EXPECT_THAT(metrics,
              HasSubstr(std::string("\npassend_build_info{version=\"") +
                        kVersion + "\"} 1\n"));
  const std::string alive = Get(port, "/healthz");
  EXPECT_THAT(alive, StartsWith("HTTP/1.1 200 OK\r\n"));
  EXPECT_EQ(Body(alive), "alive\n");
  const std::string ready = Get(port, "/readyz");
  EXPECT_THAT(ready, StartsWith("HTTP/1.1 200 OK\r\n"));
  EXPECT_EQ(Body(ready), "ready\n");
  EXPECT_THAT(Get(port, "/nothing"), StartsWith("HTTP/1.1 404 "));
}

// Over everything the page shows, so that a metric added later keeps to
// the conventions too.
TEST_F(MetricsTest, EveryMetricIsNamedByPrometheusConventions) {
  MakeCalls();
  const std::string text = Body(Get(server_->metrics_port(), "/metrics"));
  const Page page = Parse(text);
  EXPECT_THAT(NamingProblems(page), IsEmpty()) << text;
  std::set<std::string> seen;
  for (const Sample& sample : page.samples) {
    seen.insert(FamilyOf(page, sample.name));
  }
  for (const char* expected :
       {"grpc_server_handled_total", "grpc_server_handling_seconds",
        "passend_build_info", "passend_ready", "passend_candidates",
        "passend_vacancies", "passend_rocksdb_keys",
        "passend_rocksdb_sst_bytes", "passend_rocksdb_memtable_bytes",
        "passend_rocksdb_pending_compaction_bytes",
        "passend_rocksdb_background_errors"}) {
    EXPECT_EQ(seen.count(expected), 1u) << expected << " has no sample";
  }
  EXPECT_EQ(page.families.at("grpc_server_handled_total").type, "counter");
  EXPECT_EQ(page.families.at("grpc_server_handling_seconds").type, "histogram");
  // passend_build_info: one sample, 1, labelled with the version.
  int build_infos = 0;
  for (const Sample& sample : page.samples) {
    if (sample.name != "passend_build_info") continue;
    ++build_infos;
    ASSERT_EQ(sample.labels.count("version"), 1u);
    EXPECT_EQ(sample.labels.at("version"), kVersion);
    EXPECT_FALSE(sample.labels.at("version").empty());
    EXPECT_EQ(sample.value, "1");
  }
  EXPECT_EQ(build_infos, 1);
  EXPECT_EQ(page.families.at("passend_build_info").type, "gauge");

  // promtool's own check, which also lints the names, where it is at hand
  // (scripts/test.sh fetches it).
  const std::string promtool = Promtool();
  if (promtool.empty()) {
    std::cout << "promtool not found (PASSEND_PROMTOOL, PATH): the page was "
                 "not checked with promtool\n";
    RecordProperty("promtool", "not run");
    return;
  }
  const std::string file = dir_.path() + "/metrics.txt";
  std::ofstream(file) << text;
  const CommandRun run =
      RunCommand("'" + promtool + "' check metrics < '" + file + "'");
  EXPECT_EQ(run.exit_code, 0) << run.out;
  std::cout << "checked with " << promtool << " check metrics\n";
  RecordProperty("promtool", promtool);
}

}  // namespace
}  // namespace passend::testing
