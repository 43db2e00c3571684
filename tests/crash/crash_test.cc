// Crash test: concurrent writers through the real gRPC API against a real
// passendd process that is killed with SIGKILL at random moments and
// restarted, over many cycles. Each writer journals a write as pending
// before sending it and as acknowledged after OK. After every restart:
//
// - every acknowledged create, update and delete is there (a record at or
//   above its acknowledged revision, holding the acknowledged value or one
//   sent after it; a deleted one gone);
// - a create retried with its request id returns the record it created;
// - the region-and-status index lists exactly the records (each status);
// - the matcher, rebuilt from storage, finds every available candidate
//   feasible for a vacancy they all fit, as the records say.
//
// At the end the matcher's live index, after writes, ranks as one rebuilt
// from storage at a clean restart. Seeded: a failure prints the seed;
// --seed replays the same writes (the kill moments follow the same draws,
// though timing makes a replay close rather than exact).
//
//   crash_test [--cycles=N] [--writers=N] [--seed=S] [--keep_dir]
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "grpcpp/grpcpp.h"
#include "passend/v1/candidate.grpc.pb.h"
#include "passend/v1/match.grpc.pb.h"
#include "passend/v1/vacancy.grpc.pb.h"
#include "tests/services/server_fixture.h"
#include "tests/services/server_process.h"

ABSL_FLAG(int, cycles, 6, "kill-and-restart cycles");
ABSL_FLAG(int, writers, 4, "concurrent writers");
ABSL_FLAG(uint64_t, seed, 0, "seed (0: from the clock)");
ABSL_FLAG(bool, keep_dir, false, "keep the data directory afterwards");

namespace passend::testing {
namespace {

using v1::Candidate;

int failures = 0;
#define CHECK_THAT(cond, ...)                          \
  do {                                                 \
    if (!(cond)) {                                     \
      ++failures;                                      \
      std::fprintf(stderr, "FAILED: %s: %s\n", #cond,  \
                   absl::StrCat(__VA_ARGS__).c_str()); \
    }                                                  \
  } while (0)

int64_t RevisionOf(const Candidate& c) {
  int64_t revision = 0;
  return absl::SimpleAtoi(c.etag(), &revision) ? revision : -1;
}

int StartFailed(const ServerProcess& server) {
  std::fprintf(stderr, "passendd did not start:\n%s\n", server.Log().c_str());
  return 1;
}

std::unique_ptr<grpc::ClientContext> Context(int seconds = 3) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(seconds));
  return context;
}

// What one writer knows of one candidate it wrote.
struct Journal {
  std::string request_id;
  std::string created_as;  // the display name the create sent
  int64_t acked_revision = 0;
  std::string acked_name;  // display name
  // Display names sent since the last acknowledgement (any may be stored).
  std::set<std::string> pending;
  bool delete_pending = false;
  bool delete_acked = false;
};

// A writer's candidates by resource name, and creates never acknowledged.
struct WriterLog {
  std::map<std::string, Journal> written;
  int64_t acked = 0;
};

// Creates, updates (display name and availability together) and deletes
// its own candidates until `stop`.
void Write(const std::shared_ptr<grpc::Channel>& channel, uint64_t seed,
           int cycle, int writer, const std::atomic<bool>& stop,
           WriterLog& log) {
  auto stub = v1::CandidateService::NewStub(channel);
  std::mt19937_64 rng(seed * 1000003 + cycle * 101 + writer);
  std::vector<std::string> live;
  for (const auto& [name, j] : log.written) {
    if (!j.delete_acked && !j.delete_pending) live.push_back(name);
  }
  for (int n = 0; !stop.load(); ++n) {
    const double r = std::uniform_real_distribution<>(0, 1)(rng);
    if (live.empty() || r < 0.5) {
      v1::CreateCandidateRequest request;
      *request.mutable_candidate() = ValidCandidate();
      const std::string value = absl::StrCat("w", writer, "-", cycle, "-", n);
      request.mutable_candidate()->set_display_name(value);
      request.set_request_id(absl::StrCat("s", seed, "-", value));
      Candidate out;
      if (stub->CreateCandidate(Context().get(), request, &out).ok()) {
        Journal& j = log.written[out.name()];
        j.request_id = request.request_id();
        j.created_as = value;
        j.acked_revision = RevisionOf(out);
        j.acked_name = value;
        live.push_back(out.name());
        ++log.acked;
      }
      continue;
    }
    const size_t pick = rng() % live.size();
    Journal& j = log.written[live[pick]];
    if (r < 0.9) {
      v1::UpdateCandidateRequest request;
      const std::string value =
          absl::StrCat("w", writer, "-", cycle, "-", n, "u");
      request.mutable_candidate()->set_name(live[pick]);
      request.mutable_candidate()->set_display_name(value);
      // Moves the record between index entries too.
      request.mutable_candidate()->set_availability(
          value.size() % 2 == 0 ? Candidate::AVAILABLE_NOW
                                : Candidate::WITHDRAWN);
      request.mutable_update_mask()->add_paths("display_name");
      request.mutable_update_mask()->add_paths("availability");
      j.pending.insert(value);
      Candidate out;
      if (stub->UpdateCandidate(Context().get(), request, &out).ok()) {
        j.acked_revision = RevisionOf(out);
        j.acked_name = value;
        j.pending.clear();
        ++log.acked;
      }
    } else {
      v1::DeleteCandidateRequest request;
      request.set_name(live[pick]);
      j.delete_pending = true;
      google::protobuf::Empty empty;
      if (stub->DeleteCandidate(Context().get(), request, &empty).ok()) {
        j.delete_acked = true;
        ++log.acked;
      }
      live.erase(live.begin() + static_cast<long>(pick));
    }
  }
}

std::map<std::string, Candidate> ListAll(v1::CandidateService::Stub& stub,
                                         Candidate::Availability only) {
  std::map<std::string, Candidate> all;
  v1::ListCandidatesRequest request;
  request.set_page_size(1000);
  request.set_availability(only);
  // With a region, listing reads the region-and-status index.
  if (only != Candidate::AVAILABILITY_UNSPECIFIED) {
    request.set_owner_region("AM14");
  }
  do {
    v1::ListCandidatesResponse response;
    grpc::Status s = stub.ListCandidates(Context(30).get(), request, &response);
    CHECK_THAT(s.ok(), "list: ", s.error_message());
    if (!s.ok()) break;
    for (const Candidate& c : response.candidates()) all[c.name()] = c;
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  return all;
}

int64_t FeasibleFor(const std::shared_ptr<grpc::Channel>& channel,
                    const std::string& vacancy,
                    std::vector<std::string>* top = nullptr) {
  v1::RankCandidatesRequest request;
  request.set_vacancy(vacancy);
  request.set_page_size(50);
  v1::RankCandidatesResponse response;
  grpc::Status s = v1::MatchService::NewStub(channel)->RankCandidates(
      Context(30).get(), request, &response);
  CHECK_THAT(s.ok(), "rank: ", s.error_message());
  if (top != nullptr) {
    for (const auto& r : response.results()) {
      top->push_back(absl::StrCat(r.candidate(), " ", r.score()));
    }
  }
  return response.feasible_count();
}

// Everything acknowledged is there; nothing is torn; the index and the
// matcher agree with the records.
void Verify(const std::shared_ptr<grpc::Channel>& channel,
            const std::vector<WriterLog>& logs, const std::string& vacancy,
            int cycle) {
  auto stub = v1::CandidateService::NewStub(channel);
  const std::map<std::string, Candidate> all =
      ListAll(*stub, Candidate::AVAILABILITY_UNSPECIFIED);
  int64_t checked = 0;
  for (const WriterLog& log : logs) {
    for (const auto& [name, j] : log.written) {
      auto it = all.find(name);
      if (j.delete_acked) {
        CHECK_THAT(it == all.end(), name, " deleted but still there");
        continue;
      }
      if (it == all.end()) {
        CHECK_THAT(j.delete_pending, name, " acknowledged but missing");
        continue;
      }
      ++checked;
      CHECK_THAT(RevisionOf(it->second) >= j.acked_revision, name, " revision ",
                 it->second.etag(), " < acknowledged ", j.acked_revision);
      const std::string& stored = it->second.display_name();
      CHECK_THAT(stored == j.acked_name || j.pending.count(stored) > 0, name,
                 " holds ", stored, ", neither acknowledged ", j.acked_name,
                 " nor sent after it");
      // Display name and availability were written together.
      if (stored.back() == 'u') {
        CHECK_THAT((it->second.availability() == Candidate::AVAILABLE_NOW) ==
                       (stored.size() % 2 == 0),
                   name, " is torn: ", stored, " with availability ",
                   it->second.availability());
      }
    }
  }
  // A create's request id still names what it created.
  int retried = 0;
  for (const WriterLog& log : logs) {
    for (const auto& [name, j] : log.written) {
      if (retried >= 10) break;
      if (j.delete_pending || j.request_id.empty()) continue;
      v1::CreateCandidateRequest request;
      *request.mutable_candidate() = ValidCandidate();  // the same request
      request.mutable_candidate()->set_display_name(j.created_as);
      request.set_request_id(j.request_id);
      Candidate out;
      grpc::Status s = stub->CreateCandidate(Context().get(), request, &out);
      CHECK_THAT(s.ok() && out.name() == name, "retry of ", j.request_id,
                 " gave ", out.name(), " ", s.error_message());
      ++retried;
    }
  }
  // The region-and-status index lists each status's records exactly.
  int64_t available = 0;
  for (Candidate::Availability a :
       {Candidate::AVAILABLE_NOW, Candidate::WITHDRAWN}) {
    std::set<std::string> expected, listed;
    for (const auto& [name, c] : all) {
      if (c.availability() == a) expected.insert(name);
    }
    for (const auto& [name, c] : ListAll(*stub, a)) listed.insert(name);
    CHECK_THAT(expected == listed, "index of availability ", a, " lists ",
               listed.size(), ", records ", expected.size());
    if (a == Candidate::AVAILABLE_NOW) {
      available = static_cast<int64_t>(expected.size());
    }
  }
  // Every available candidate fits the vacancy: so says the matcher.
  CHECK_THAT(FeasibleFor(channel, vacancy) == available, "matcher finds ",
             FeasibleFor(channel, vacancy), " feasible, records ", available);
  std::printf("cycle %d: %zu records, %lld acknowledged writes verified\n",
              cycle, all.size(), static_cast<long long>(checked));
}

int Run() {
  uint64_t seed = absl::GetFlag(FLAGS_seed);
  if (seed == 0) seed = static_cast<uint64_t>(absl::ToUnixNanos(absl::Now()));
  std::printf("crash test, seed %llu (replay with --seed=%llu)\n",
              static_cast<unsigned long long>(seed),
              static_cast<unsigned long long>(seed));
  TempDir dir;
  ServerProcess server(PASSENDD, dir.path());
  if (!server.Start()) return StartFailed(server);
  std::string vacancy;
  {
    v1::CreateVacancyRequest request;
    *request.mutable_vacancy() = ValidVacancy();
    request.mutable_vacancy()->set_positions(1000);
    v1::Vacancy out;
    grpc::Status s = v1::VacancyService::NewStub(server.Channel())
                         ->CreateVacancy(Context().get(), request, &out);
    if (!s.ok()) {
      std::fprintf(stderr, "cannot create the vacancy: %s\n",
                   s.error_message().c_str());
      return 1;
    }
    vacancy = out.name();
  }
  std::vector<WriterLog> logs(absl::GetFlag(FLAGS_writers));
  std::mt19937_64 kills(seed);
  int64_t acked = 0;
  for (int cycle = 1; cycle <= absl::GetFlag(FLAGS_cycles); ++cycle) {
    std::shared_ptr<grpc::Channel> channel = server.Channel();
    std::atomic<bool> stop{false};
    std::vector<std::thread> writers;
    for (int w = 0; w < static_cast<int>(logs.size()); ++w) {
      writers.emplace_back(Write, channel, seed, cycle, w, std::cref(stop),
                           std::ref(logs[w]));
    }
    absl::SleepFor(absl::Milliseconds(100 + kills() % 900));
    server.Signal(SIGKILL);
    stop = true;
    for (std::thread& t : writers) t.join();
    if (!server.Start()) return StartFailed(server);
    Verify(server.Channel(), logs, vacancy, cycle);
    if (failures > 0) break;
  }
  for (const WriterLog& log : logs) acked += log.acked;

  // The live index after writes ranks as the index rebuilt at a restart.
  if (failures == 0) {
    std::atomic<bool> stop{false};
    std::thread writer(Write, server.Channel(), seed, 0, 0, std::cref(stop),
                       std::ref(logs[0]));
    absl::SleepFor(absl::Milliseconds(300));
    stop = true;
    writer.join();
    std::vector<std::string> live, rebuilt;
    const int64_t live_feasible = FeasibleFor(server.Channel(), vacancy, &live);
    server.Signal(SIGTERM);
    if (!server.Start()) return StartFailed(server);
    const int64_t rebuilt_feasible =
        FeasibleFor(server.Channel(), vacancy, &rebuilt);
    CHECK_THAT(live_feasible == rebuilt_feasible && live == rebuilt,
               "live index: ", live_feasible,
               " feasible, rebuilt: ", rebuilt_feasible);
  }
  server.Signal(SIGKILL);
  std::printf(
      "%d cycles, %lld writes acknowledged in all, %d failures%s\n",
      absl::GetFlag(FLAGS_cycles), static_cast<long long>(acked), failures,
      failures > 0 ? absl::StrCat("; replay with --seed=", seed).c_str() : "");
  return failures == 0 ? 0 : 1;
}

}  // namespace
}  // namespace passend::testing

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return passend::testing::Run();
}
