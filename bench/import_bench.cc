// Import and restart benchmark: streams a generated population through
// ImportCandidates to a real server on loopback (durable, synced writes),
// then restarts the server on the same data directory and times start-up:
// reading every stored record (the baseline), and from the matcher snapshot
// a clean shutdown leaves.
//
//   import_bench [--candidates=1000000] [--data_dir=DIR [--reuse]]
//                [--restarts=3]
//
// Prints tables. Generation alone is timed first, in the same run, so the
// import figure can be read against the cost of making the records.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "grpcpp/grpcpp.h"
#include "matcher/reference_data.h"
#include "matcher/taxonomy.h"
#include "passend/v1/candidate.grpc.pb.h"
#include "services/server/server.h"
#include "tools/demo_population.h"

ABSL_FLAG(int64_t, candidates, 1000000, "candidates to import");
ABSL_FLAG(std::string, data_dir, "",
          "data directory (default: a fresh temp dir, removed afterwards)");
ABSL_FLAG(int, chunk, 500, "records per stream message");
ABSL_FLAG(bool, reuse, false,
          "skip the import when --data_dir exists (a directory an earlier "
          "run left)");
ABSL_FLAG(int, restarts, 3, "restarts of each kind, for medians");

namespace {

using passend::v1::Candidate;

int64_t DirectoryBytes(const std::string& path) {
  int64_t bytes = 0;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(path)) {
    if (entry.is_regular_file()) bytes += entry.file_size();
  }
  return bytes;
}

int Fail(const std::string& what) {
  std::fprintf(stderr, "import_bench: %s\n", what.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const int64_t n = absl::GetFlag(FLAGS_candidates);
  std::string data_dir = absl::GetFlag(FLAGS_data_dir);
  const bool temporary = data_dir.empty();
  if (temporary) {
    data_dir = (std::filesystem::temp_directory_path() /
                absl::StrFormat("passend-import-bench-%d", getpid()))
                   .string();
  }
  const bool reuse =
      absl::GetFlag(FLAGS_reuse) && std::filesystem::exists(data_dir);
  auto seconds = [](absl::Duration d) { return absl::ToDoubleSeconds(d); };

  passend::services::ServerOptions options;
  options.listen = "127.0.0.1:0";
  // A throw-away loopback server: every call is admitted as admin.
  options.allow_unauthenticated = true;
  options.data_dir = data_dir;
  if (!reuse) {
    auto taxonomy =
        passend::matcher::Taxonomy::LoadFile(passend::DefaultTaxonomyFile());
    auto reference = passend::matcher::ReferenceData::LoadDirectory(
        passend::DefaultReferenceDataDir());
    if (!taxonomy.ok() || !reference.ok()) {
      return Fail("cannot load data files");
    }
    passend::tools::DemoOptions demo_options;
    demo_options.today = absl::CivilDay(2026, 11, 1);
    passend::tools::DemoPopulation population(*taxonomy, **reference,
                                              demo_options);

    // Baseline: generating (and serializing, as the client must) alone.
    absl::Time t0 = absl::Now();
    int64_t bytes = 0;
    for (int64_t i = 0; i < n; ++i) {
      bytes += population.Candidate(i).ByteSizeLong();
    }
    absl::Duration generate = absl::Now() - t0;

    auto server = passend::services::Server::Start(options);
    if (!server.ok()) return Fail(std::string(server.status().message()));
    auto channel =
        grpc::CreateChannel(absl::StrFormat("127.0.0.1:%d", (*server)->port()),
                            grpc::InsecureChannelCredentials());
    auto stub = passend::v1::CandidateService::NewStub(channel);

    t0 = absl::Now();
    grpc::ClientContext context;
    passend::v1::ImportSummary summary;
    auto writer = stub->ImportCandidates(&context, &summary);
    passend::v1::ImportCandidatesRequest request;
    for (int64_t i = 0; i < n; ++i) {
      *request.add_candidates() = population.Candidate(i);
      if (request.candidates_size() == absl::GetFlag(FLAGS_chunk) ||
          i == n - 1) {
        if (!writer->Write(request)) break;
        request.Clear();
      }
    }
    writer->WritesDone();
    grpc::Status status = writer->Finish();
    absl::Duration import = absl::Now() - t0;
    if (!status.ok()) return Fail("import failed: " + status.error_message());
    if (summary.created() != n) {
      return Fail(absl::StrFormat("created %d of %d (failed %d)",
                                  summary.created(), n, summary.failed()));
    }
    (*server)->Shutdown();
    server->reset();
    std::printf("import_bench: %lld candidates, %.0f bytes each on the wire\n",
                static_cast<long long>(n), static_cast<double>(bytes) / n);
    std::printf("%-40s %12s %14s\n", "phase", "seconds", "records/s");
    std::printf("%-40s %12.2f %14.0f\n", "generate only (baseline)",
                seconds(generate), n / seconds(generate));
    std::printf("%-40s %12.2f %14.0f\n", "import via gRPC, synced WAL",
                seconds(import), n / seconds(import));
    std::printf("import / generate time ratio: %.2f\n",
                seconds(import) / seconds(generate));
    const int64_t disk = DirectoryBytes(data_dir);
    std::printf(
        "data directory after import: %.1f MiB (%.0f bytes/candidate)\n",
        disk / 1048576.0, static_cast<double>(disk) / n);
  }

  // Restarts, each timed from Start to listening; the first read after it
  // proves the data is served. A clean shutdown leaves the matcher snapshot
  // the next start reads; a start without it reads every record.
  struct Restart {
    absl::Duration start, stop;
    size_t candidates = 0;
    bool from_snapshot = false;
  };
  auto restart = [&]() -> absl::StatusOr<Restart> {
    Restart r;
    absl::Time t0 = absl::Now();
    auto server = passend::services::Server::Start(options);
    r.start = absl::Now() - t0;
    if (!server.ok()) return server.status();
    auto stub = passend::v1::CandidateService::NewStub(
        grpc::CreateChannel(absl::StrFormat("127.0.0.1:%d", (*server)->port()),
                            grpc::InsecureChannelCredentials()));
    passend::v1::ListCandidatesRequest list;
    list.set_page_size(1);
    passend::v1::ListCandidatesResponse first;
    grpc::ClientContext list_context;
    if (!stub->ListCandidates(&list_context, list, &first).ok() ||
        first.candidates_size() != 1) {
      return absl::InternalError("no candidate readable after restart");
    }
    r.candidates = (*server)->candidate_count();
    r.from_snapshot = (*server)->started_from_snapshot();
    t0 = absl::Now();
    (*server)->Shutdown();
    r.stop = absl::Now() - t0;
    return r;
  };
  const int rounds = absl::GetFlag(FLAGS_restarts);
  std::vector<double> full, fast, stops;
  size_t candidates = 0;
  for (int i = 0; i < rounds; ++i) {
    // Without a snapshot the start reads every record; its clean shutdown
    // writes the snapshot the next start reads.
    std::filesystem::remove(data_dir + "/matcher.snapshot");
    auto slow = restart();
    if (!slow.ok()) return Fail(std::string(slow.status().message()));
    if (slow->from_snapshot) return Fail("a snapshot was read unexpectedly");
    full.push_back(seconds(slow->start));
    candidates = slow->candidates;
    auto quick = restart();
    if (!quick.ok()) return Fail(std::string(quick.status().message()));
    if (!quick->from_snapshot || quick->candidates != candidates) {
      return Fail("the restart did not load the snapshot");
    }
    fast.push_back(seconds(quick->start));
    stops.push_back(seconds(quick->stop));
  }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  std::printf("restarts at %zu candidates, medians of %d:\n", candidates,
              rounds);
  std::printf("%-40s %12s\n", "phase", "seconds");
  std::printf("%-40s %12.3f\n", "start reading every record (baseline)",
              median(full));
  std::printf("%-40s %12.3f\n", "start from the matcher snapshot",
              median(fast));
  std::printf("%-40s %12.3f\n", "shutdown writing the snapshot", median(stops));
  std::printf("snapshot start / baseline ratio: %.3f\n",
              median(fast) / median(full));
  if (temporary) std::filesystem::remove_all(data_dir);
  return 0;
}
