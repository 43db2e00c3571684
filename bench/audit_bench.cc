// The audit log's cost per call: AuditLog::Record of a read naming 1 or 50
// candidates (as a ranking page does), next to a bare unsynced write of
// the same number of keys to the same database in the same run.
//
//   audit_bench [--benchmark_repetitions=5]
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "storage/audit_log.h"
#include "storage/database.h"
#include "storage/record_store.h"

namespace passend::storage {
namespace {

struct World {
  std::string dir;
  std::unique_ptr<Database> db;
  std::unique_ptr<AuditLog> audit;
  World() {
    dir = (std::filesystem::temp_directory_path() /
           absl::StrCat("passend-audit-bench-", getpid()))
              .string();
    std::filesystem::remove_all(dir);
    DatabaseOptions options;
    options.path = dir;
    db = std::move(Database::Open(options)).value();
    audit = std::move(AuditLog::Open(db.get())).value();
  }
  ~World() {
    audit.reset();
    db.reset();
    std::filesystem::remove_all(dir);
  }
};

World& TheWorld() {
  static World* world = new World;
  return *world;
}

std::vector<std::string> Names(int n) {
  std::vector<std::string> names;
  for (int i = 0; i < n; ++i) {
    names.push_back(absl::StrCat("candidates/", NewResourceId()));
  }
  return names;
}

void BM_AuditRecord(benchmark::State& state) {
  World& w = TheWorld();
  const std::vector<std::string> names = Names(state.range(0));
  const AuditActor actor{"wsp-amersfoort",
                         "/passend.v1.MatchService/RankCandidates"};
  for (auto _ : state) {
    if (!w.audit->Record(actor, names, "OK").ok()) state.SkipWithError("write");
  }
}
BENCHMARK(BM_AuditRecord)->Arg(1)->Arg(50);

// Baseline: the same number of keys (plus one value) in one unsynced write.
void BM_UnsyncedWrite(benchmark::State& state) {
  World& w = TheWorld();
  const std::vector<std::string> names = Names(state.range(0));
  uint64_t n = 0;
  for (auto _ : state) {
    WriteSet writes;
    writes.Put(Family::kMeta, absl::StrCat("bench", n++),
               std::string(200, 'x'));
    for (const std::string& name : names) {
      writes.Put(Family::kAuditByObject, absl::StrCat(name, n), "");
    }
    if (!w.db->Write(writes, /*sync=*/false).ok()) state.SkipWithError("write");
  }
}
BENCHMARK(BM_UnsyncedWrite)->Arg(1)->Arg(50);

}  // namespace
}  // namespace passend::storage

BENCHMARK_MAIN();
