// End-to-end load: a callback-API client drives RankCandidates on a real
// server over loopback, with 1, 16 and 64 calls in flight, on a generated
// population (default 100,000 candidates), and the same for an empty RPC
// (the standard health check) in the same run. Prints QPS, p50 and p99 and
// the ratio of RankCandidates to empty-RPC throughput, with the processor
// time (server and client together) each call costs and the candidates a
// ranking scans on average; beside them, the same rankings timed in process
// (the engine alone, one thread) and the target processor time per call:
// an empty call's plus 1.5 times the ranking in process.
//
// With --http the same server also opens its HTTP door, and RankCandidates
// (BASIC) and GetCandidate are driven over Connect with JSON (a blocking
// client per call in flight) against
// the same over gRPC, in the same run: both rows and the ratio of their
// throughput.
//
// With --overload the server admits --max_calls calls at once and the client
// steps its calls in flight up to four times that and back: admitted
// throughput and latency, calls refused per second and the process's
// resident memory show that admitted calls keep a bounded p99, memory stays
// bounded, and service recovers when load drops.
//
//   rank_load [--candidates=100000] [--seconds=3] [--page_size=50]
//   rank_load --overload [--max_calls=16]
//   rank_load --http
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "google/protobuf/util/json_util.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "httplib.h"
#include "matcher/matcher.h"
#include "matcher/reference_data.h"
#include "matcher/taxonomy.h"
#include "passend/v1/candidate.grpc.pb.h"
#include "passend/v1/match.grpc.pb.h"
#include "passend/v1/vacancy.grpc.pb.h"
#include "services/rpc/match_options.h"
#include "services/server/server.h"
#include "tools/demo_population.h"

ABSL_FLAG(int64_t, candidates, 100000, "candidates in the population");
ABSL_FLAG(int64_t, vacancies, 1500, "vacancies in the population");
ABSL_FLAG(double, seconds, 3, "measuring time per row");
ABSL_FLAG(int, page_size, 50, "RankCandidates page size");
ABSL_FLAG(bool, overload, false, "step load past the admission limit");
ABSL_FLAG(bool, http, false,
          "compare Connect (HTTP, JSON) with gRPC for RankCandidates and "
          "GetCandidate");
ABSL_FLAG(int, max_calls, 16, "--overload: the server's admission limit");
ABSL_FLAG(int, memtable_budget_mib, 64,
          "--overload: the server's memtable budget (every ranking writes "
          "audit entries)");

namespace {

struct Row {
  double qps = 0;  // completed OK
  double p50_ms = 0;
  double p99_ms = 0;
  double refused_per_s = 0;
  // Processor time of the whole process (server and client) per completed
  // call, user and system.
  double cpu_us_per_call = 0;
};

// User plus system processor time of this process so far.
absl::Duration ProcessCpuTime() {
  rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return absl::DurationFromTimeval(usage.ru_utime) +
         absl::DurationFromTimeval(usage.ru_stime);
}

// Resident memory of this process (server and client), MiB.
double ResidentMiB() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atof(line.c_str() + 6) / 1024;
  }
  return 0;
}

// The row of calls that took `latencies_ms` (those that succeeded) and
// `failed`, made since `begin`, when the process had used `cpu_begin`.
Row Summarize(std::vector<double> latencies_ms, int failed, absl::Time begin,
              absl::Duration cpu_begin) {
  const double seconds = absl::ToDoubleSeconds(absl::Now() - begin);
  const double cpu_us =
      absl::ToDoubleMicroseconds(ProcessCpuTime() - cpu_begin);
  std::sort(latencies_ms.begin(), latencies_ms.end());
  Row row;
  row.refused_per_s = failed / seconds;
  row.cpu_us_per_call =
      cpu_us / std::max<double>(1, latencies_ms.size() + failed);
  if (latencies_ms.empty()) return row;
  row.qps = latencies_ms.size() / seconds;
  row.p50_ms = latencies_ms[latencies_ms.size() / 2];
  row.p99_ms = latencies_ms[latencies_ms.size() * 99 / 100];
  return row;
}

// Keeps `in_flight` calls going for `duration`: each completion records its
// latency and starts the next call. `start(done)` begins one call and calls
// done(ok) when it completes.
using StartCall = std::function<void(std::function<void(bool)>)>;

Row Drive(int in_flight, absl::Duration duration, const StartCall& start) {
  absl::Mutex mu;
  std::vector<double> latencies_ms;
  int active = in_flight;
  int failed = 0;
  const absl::Time begin = absl::Now();
  const absl::Duration cpu_begin = ProcessCpuTime();
  const absl::Time end = begin + duration;
  std::function<void()> issue = [&] {
    const absl::Time sent = absl::Now();
    start([&, sent](bool ok) {
      const absl::Time now = absl::Now();
      {
        absl::MutexLock lock(&mu);
        if (ok) {
          latencies_ms.push_back(absl::ToDoubleMilliseconds(now - sent));
        }
        failed += !ok;
        if (now >= end) {
          --active;
          return;
        }
      }
      issue();
    });
  };
  for (int i = 0; i < in_flight; ++i) issue();
  absl::MutexLock lock(&mu);
  mu.Await(absl::Condition(
      +[](int* a) { return *a == 0; }, &active));
  return Summarize(std::move(latencies_ms), failed, begin, cpu_begin);
}

// Keeps `in_flight` blocking calls going for `duration`, one thread each:
// `call(worker)` makes one and says whether it succeeded.
Row DriveThreads(int in_flight, absl::Duration duration,
                 const std::function<bool(int)>& call) {
  absl::Mutex mu;
  std::vector<double> latencies_ms;
  int failed = 0;
  const absl::Time begin = absl::Now();
  const absl::Duration cpu_begin = ProcessCpuTime();
  const absl::Time end = begin + duration;
  std::vector<std::thread> threads;
  for (int worker = 0; worker < in_flight; ++worker) {
    threads.emplace_back([&, worker] {
      std::vector<double> mine;
      int my_failed = 0;
      for (absl::Time sent = absl::Now(); sent < end; sent = absl::Now()) {
        if (call(worker)) {
          mine.push_back(absl::ToDoubleMilliseconds(absl::Now() - sent));
        } else {
          ++my_failed;
        }
      }
      absl::MutexLock lock(&mu);
      latencies_ms.insert(latencies_ms.end(), mine.begin(), mine.end());
      failed += my_failed;
    });
  }
  for (std::thread& t : threads) t.join();
  return Summarize(std::move(latencies_ms), failed, begin, cpu_begin);
}

// Processor time per ranking of the served engine called in process, on
// one thread, for the same vacancies in the same order as the calls:
// what a call would cost with no RPC, no audit entry and no answer to
// build.
std::atomic<int64_t> benchmark_sink{0};

double InProcessMicrosPerRanking(const passend::matcher::Matcher& matcher,
                                 const std::vector<std::string>& vacancies,
                                 int page_size, bool explain) {
  passend::matcher::RankOptions options;
  options.policy =
      passend::services::TodaysPolicy(matcher, passend::SystemClock());
  options.limit = page_size;
  options.explain = explain;
  auto rank_all = [&] {
    for (const std::string& name : vacancies) {
      auto ranking =
          matcher.RankCandidates(name.substr(name.find('/') + 1), options);
      benchmark_sink += ranking.ok() ? ranking->scanned : -1;
    }
  };
  // Once to build the tables the engine keeps per vacancy postcode and
  // occupation, as the served calls before have.
  rank_all();
  timespec begin, end;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &begin);
  rank_all();
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &end);
  const double micros =
      (end.tv_sec - begin.tv_sec) * 1e6 + (end.tv_nsec - begin.tv_nsec) / 1e3;
  return micros / static_cast<double>(vacancies.size());
}

// A Connect call over JSON on `client`. The answer's JSON is not decoded
// here: a browser's JSON.parse would not run on this machine, and
// protobuf's JSON parser would charge Connect with a cost no such client
// has.
bool ConnectCall(httplib::Client& client, const std::string& path,
                 const google::protobuf::Message& request) {
  std::string body;
  if (!google::protobuf::util::MessageToJsonString(request, &body).ok()) {
    return false;
  }
  httplib::Result result = client.Post(
      path, {{"Connect-Protocol-Version", "1"}}, body, "application/json");
  return result && result->status == 200 && !result->body.empty();
}

int Fail(const std::string& what) {
  std::fprintf(stderr, "rank_load: %s\n", what.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const std::string dir = (std::filesystem::temp_directory_path() /
                           absl::StrFormat("passend-rank-load-%d", getpid()))
                              .string();
  passend::services::ServerOptions options;
  options.listen = "127.0.0.1:0";
  // A throw-away loopback server: every call is admitted as admin.
  options.allow_unauthenticated = true;
  options.data_dir = dir;
  if (absl::GetFlag(FLAGS_http)) options.http_listen = "127.0.0.1:0";
  if (absl::GetFlag(FLAGS_overload)) {
    options.max_calls_in_flight = absl::GetFlag(FLAGS_max_calls);
    options.memtable_budget_bytes =
        static_cast<size_t>(absl::GetFlag(FLAGS_memtable_budget_mib)) << 20;
  }
  auto server = passend::services::Server::Start(options);
  if (!server.ok()) return Fail(std::string(server.status().message()));
  auto channel =
      grpc::CreateChannel(absl::StrFormat("127.0.0.1:%d", (*server)->port()),
                          grpc::InsecureChannelCredentials());

  // Load the population through the import RPCs.
  auto taxonomy =
      passend::matcher::Taxonomy::LoadFile(passend::DefaultTaxonomyFile());
  auto reference = passend::matcher::ReferenceData::LoadDirectory(
      passend::DefaultReferenceDataDir());
  if (!taxonomy.ok() || !reference.ok()) return Fail("cannot load data");
  passend::tools::DemoOptions demo;
  demo.today = absl::CivilDay(2026, 11, 1);
  passend::tools::DemoPopulation population(*taxonomy, **reference, demo);
  {
    auto stub = passend::v1::CandidateService::NewStub(channel);
    grpc::ClientContext context;
    passend::v1::ImportSummary summary;
    auto writer = stub->ImportCandidates(&context, &summary);
    passend::v1::ImportCandidatesRequest request;
    for (int64_t i = 0; i < absl::GetFlag(FLAGS_candidates); ++i) {
      *request.add_candidates() = population.Candidate(i);
      if (request.candidates_size() == 500) {
        writer->Write(request);
        request.Clear();
      }
    }
    if (request.candidates_size() > 0) writer->Write(request);
    writer->WritesDone();
    if (!writer->Finish().ok()) return Fail("candidate import failed");
  }
  std::vector<std::string> vacancy_names;
  {
    auto stub = passend::v1::VacancyService::NewStub(channel);
    for (int64_t i = 0; i < absl::GetFlag(FLAGS_vacancies); ++i) {
      passend::v1::CreateVacancyRequest request;
      *request.mutable_vacancy() = population.Vacancy(i);
      request.mutable_vacancy()->set_status(passend::v1::Vacancy::OPEN);
      passend::v1::Vacancy created;
      grpc::ClientContext context;
      if (!stub->CreateVacancy(&context, request, &created).ok()) {
        return Fail("vacancy create failed");
      }
      vacancy_names.push_back(created.name());
    }
  }

  auto match = passend::v1::MatchService::NewStub(channel);
  auto health = grpc::health::v1::Health::NewStub(channel);
  std::atomic<uint64_t> next{0};
  // Candidates scanned by the rankings of the current row, and their count.
  std::atomic<int64_t> scanned{0};
  std::atomic<int64_t> ranked{0};
  const int page_size = absl::GetFlag(FLAGS_page_size);

  // Each call owns its context, request and response until it completes.
  passend::v1::MatchView view = passend::v1::FULL;
  StartCall rank = [&](std::function<void(bool)> done) {
    struct Call {
      grpc::ClientContext context;
      passend::v1::RankCandidatesRequest request;
      passend::v1::RankCandidatesResponse response;
    };
    auto* call = new Call;
    call->request.set_vacancy(
        vacancy_names[next.fetch_add(1) % vacancy_names.size()]);
    call->request.set_page_size(page_size);
    call->request.set_view(view);
    match->async()->RankCandidates(
        &call->context, &call->request, &call->response,
        [&, call, done = std::move(done)](grpc::Status s) {
          if (s.ok()) {
            scanned += call->response.scanned_count();
            ++ranked;
          }
          delete call;
          done(s.ok());
        });
  };
  StartCall empty = [&](std::function<void(bool)> done) {
    struct Call {
      grpc::ClientContext context;
      grpc::health::v1::HealthCheckRequest request;
      grpc::health::v1::HealthCheckResponse response;
    };
    auto* call = new Call;
    health->async()->Check(&call->context, &call->request, &call->response,
                           [call, done = std::move(done)](grpc::Status s) {
                             delete call;
                             done(s.ok());
                           });
  };

  const absl::Duration duration = absl::Seconds(absl::GetFlag(FLAGS_seconds));
  Drive(4, absl::Milliseconds(500), rank);  // warm up
  if (absl::GetFlag(FLAGS_overload)) {
    const int limit = absl::GetFlag(FLAGS_max_calls);
    std::printf(
        "rank_load --overload: %lld candidates, admission limit %d calls, "
        "RankCandidates FULL page_size %d\n",
        static_cast<long long>(absl::GetFlag(FLAGS_candidates)), limit,
        page_size);
    std::printf("%9s %6s | %10s %9s %9s | %10s | %8s %13s\n", "in flight",
                "x limit", "admitted/s", "p50", "p99", "refused/s", "RSS MiB",
                "memtable MiB");
    for (int in_flight :
         {limit / 2, limit, 2 * limit, 4 * limit, 2 * limit, limit / 2}) {
      Row r = Drive(in_flight, duration, rank);
      std::printf(
          "%9d %6.1f | %10.0f %7.2fms %7.2fms | %10.0f | %8.0f %13.0f\n",
          in_flight, static_cast<double>(in_flight) / limit, r.qps, r.p50_ms,
          r.p99_ms, r.refused_per_s, ResidentMiB(),
          (*server)->memtable_bytes() / 1048576.0);
    }
    (*server)->Shutdown();
    server->reset();
    std::filesystem::remove_all(dir);
    return 0;
  }
  if (absl::GetFlag(FLAGS_http)) {
    // Names to get, from the first pages of the list.
    std::vector<std::string> candidate_names;
    {
      auto stub = passend::v1::CandidateService::NewStub(channel);
      passend::v1::ListCandidatesRequest request;
      request.set_page_size(1000);
      while (candidate_names.size() < 10000) {
        grpc::ClientContext context;
        passend::v1::ListCandidatesResponse page;
        if (!stub->ListCandidates(&context, request, &page).ok()) {
          return Fail("candidate list failed");
        }
        for (const auto& c : page.candidates()) {
          candidate_names.push_back(c.name());
        }
        if (page.next_page_token().empty()) break;
        request.set_page_token(page.next_page_token());
      }
    }
    auto candidates = passend::v1::CandidateService::NewStub(channel);
    StartCall get = [&](std::function<void(bool)> done) {
      struct Call {
        grpc::ClientContext context;
        passend::v1::GetCandidateRequest request;
        passend::v1::Candidate response;
      };
      auto* call = new Call;
      call->request.set_name(
          candidate_names[next.fetch_add(1) % candidate_names.size()]);
      candidates->async()->GetCandidate(
          &call->context, &call->request, &call->response,
          [call, done = std::move(done)](grpc::Status s) {
            delete call;
            done(s.ok());
          });
    };
    // A kept-alive HTTP connection per call in flight.
    std::vector<std::unique_ptr<httplib::Client>> clients;
    for (int i = 0; i < 64; ++i) {
      clients.push_back(std::make_unique<httplib::Client>(
          "127.0.0.1", (*server)->http_port()));
      clients.back()->set_keep_alive(true);
      clients.back()->set_tcp_nodelay(true);
    }
    const std::function<bool(int)> rank_over_http = [&](int worker) {
      passend::v1::RankCandidatesRequest request;
      request.set_vacancy(
          vacancy_names[next.fetch_add(1) % vacancy_names.size()]);
      request.set_page_size(page_size);
      request.set_view(passend::v1::BASIC);
      return ConnectCall(*clients[worker],
                         "/passend.v1.MatchService/RankCandidates", request);
    };
    const std::function<bool(int)> get_over_http = [&](int worker) {
      passend::v1::GetCandidateRequest request;
      request.set_name(
          candidate_names[next.fetch_add(1) % candidate_names.size()]);
      return ConnectCall(*clients[worker],
                         "/passend.v1.CandidateService/GetCandidate", request);
    };
    view = passend::v1::BASIC;
    std::printf(
        "rank_load --http: %lld candidates, %zu vacancies, RankCandidates "
        "BASIC page_size %d; gRPC (callback client) against Connect JSON "
        "(blocking client per call in flight, answers not decoded), loopback, "
        "the same 2 cores\n",
        static_cast<long long>(absl::GetFlag(FLAGS_candidates)),
        vacancy_names.size(), page_size);
    std::printf("%-14s %9s | %37s | %37s | %s\n", "method", "in flight",
                "gRPC qps p50 p99 cpu/call", "Connect qps p50 p99 cpu/call",
                "Connect/gRPC qps");
    const std::pair<const char*,
                    std::pair<StartCall*, const std::function<bool(int)>*>>
        methods[] = {{"RankCandidates", {&rank, &rank_over_http}},
                     {"GetCandidate", {&get, &get_over_http}}};
    for (const auto& [name, calls] : methods) {
      for (int in_flight : {1, 16, 64}) {
        Row g = Drive(in_flight, duration, *calls.first);
        Row c = DriveThreads(in_flight, duration, *calls.second);
        std::printf(
            "%-14s %9d | %8.0f %7.2fms %7.2fms %7.0fus | %8.0f %7.2fms "
            "%7.2fms %7.0fus | %15.0f%%\n",
            name, in_flight, g.qps, g.p50_ms, g.p99_ms, g.cpu_us_per_call,
            c.qps, c.p50_ms, c.p99_ms, c.cpu_us_per_call,
            100.0 * c.qps / g.qps);
      }
    }
    clients.clear();
    (*server)->Shutdown();
    server->reset();
    std::filesystem::remove_all(dir);
    return 0;
  }
  std::printf(
      "rank_load: %lld candidates, %zu vacancies, RankCandidates page_size "
      "%d, loopback, server and client on the same 2 cores\n",
      static_cast<long long>(absl::GetFlag(FLAGS_candidates)),
      vacancy_names.size(), page_size);
  std::printf("%-5s %9s | %37s | %33s | %13s | %20s | %s\n", "view",
              "in flight", "RankCandidates qps p50 p99 cpu/call",
              "empty RPC qps p50 p99 cpu/call", "in process",
              "target: cpu/call <=", "rank/empty qps | scanned/call");
  for (passend::v1::MatchView v : {passend::v1::BASIC, passend::v1::FULL}) {
    view = v;
    for (int in_flight : {1, 16, 64}) {
      scanned = 0;
      ranked = 0;
      const double in_process = InProcessMicrosPerRanking(
          (*server)->matcher(), vacancy_names, page_size,
          /*explain=*/v == passend::v1::FULL);
      Row r = Drive(in_flight, duration, rank);
      Row e = Drive(in_flight, duration, empty);
      // The issue's target: an empty call plus 1.5 times the ranking.
      const double target = e.cpu_us_per_call + 1.5 * in_process;
      std::printf(
          "%-5s %9d | %8.0f %7.2fms %7.2fms %7.0fus | %8.0f %6.2fms %6.2fms "
          "%5.0fus | %11.0fus | %9.0fus (%4.2fx) | %13.0f%% | %12.0f\n",
          passend::v1::MatchView_Name(v).c_str(), in_flight, r.qps, r.p50_ms,
          r.p99_ms, r.cpu_us_per_call, e.qps, e.p50_ms, e.p99_ms,
          e.cpu_us_per_call, in_process, target, r.cpu_us_per_call / target,
          100.0 * r.qps / e.qps,
          static_cast<double>(scanned) / std::max<int64_t>(1, ranked));
    }
  }
  (*server)->Shutdown();
  server->reset();
  std::filesystem::remove_all(dir);
  return 0;
}
