// Import and restart benchmark: streams a generated population through
// ImportCandidates to a real server on loopback (durable, synced writes),
// then restarts the server on the same data directory and times start-up.
//
//   import_bench [--candidates=1000000] [--vacancies=0] [--data_dir=DIR]
//
// Prints a table. Generation alone is timed first, in the same run, so the
// import figure can be read against the cost of making the records.
#include <cstdio>
#include <filesystem>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "grpcpp/grpcpp.h"
#include "matcher/reference_data.h"
#include "matcher/taxonomy.h"
#include "passend/v1/candidate.grpc.pb.h"
#include "services/server.h"
#include "tools/demo_population.h"

ABSL_FLAG(int64_t, candidates, 1000000, "candidates to import");
ABSL_FLAG(std::string, data_dir, "",
          "data directory (default: a fresh temp dir, removed afterwards)");
ABSL_FLAG(int, chunk, 500, "records per stream message");

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

  auto taxonomy = passend::matcher::Taxonomy::LoadFile(
      passend::services::DefaultTaxonomyFile());
  auto reference = passend::matcher::ReferenceData::LoadDirectory(
      passend::services::DefaultReferenceDataDir());
  if (!taxonomy.ok() || !reference.ok()) return Fail("cannot load data files");
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

  passend::services::ServerOptions options;
  options.listen = "127.0.0.1:0";
  options.data_dir = data_dir;
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
    if (request.candidates_size() == absl::GetFlag(FLAGS_chunk) || i == n - 1) {
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
  int64_t disk = DirectoryBytes(data_dir);

  t0 = absl::Now();
  auto restarted = passend::services::Server::Start(options);
  absl::Duration restart = absl::Now() - t0;
  if (!restarted.ok()) return Fail(std::string(restarted.status().message()));
  // The first read after restart proves the data is served.
  auto stub2 = passend::v1::CandidateService::NewStub(
      grpc::CreateChannel(absl::StrFormat("127.0.0.1:%d", (*restarted)->port()),
                          grpc::InsecureChannelCredentials()));
  passend::v1::ListCandidatesRequest list;
  list.set_page_size(1);
  passend::v1::ListCandidatesResponse first;
  grpc::ClientContext list_context;
  if (!stub2->ListCandidates(&list_context, list, &first).ok() ||
      first.candidates_size() != 1) {
    return Fail("no candidate readable after restart");
  }
  (*restarted)->Shutdown();

  auto seconds = [](absl::Duration d) { return absl::ToDoubleSeconds(d); };
  std::printf("import_bench: %lld candidates, %.0f bytes each on the wire\n",
              static_cast<long long>(n), static_cast<double>(bytes) / n);
  std::printf("%-34s %12s %14s\n", "phase", "seconds", "records/s");
  std::printf("%-34s %12.2f %14.0f\n", "generate only (baseline)",
              seconds(generate), n / seconds(generate));
  std::printf("%-34s %12.2f %14.0f\n", "import via gRPC, synced WAL",
              seconds(import), n / seconds(import));
  std::printf("%-34s %12.3f %14s\n", "restart (open + load + listen)",
              seconds(restart), "-");
  std::printf("import / generate time ratio: %.2f\n",
              seconds(import) / seconds(generate));
  std::printf("data directory after import: %.1f MiB (%.0f bytes/candidate)\n",
              disk / 1048576.0, static_cast<double>(disk) / n);
  if (temporary) std::filesystem::remove_all(data_dir);
  return 0;
}
