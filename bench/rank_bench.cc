// In-process RankCandidates over a generated population (default 1,000,000
// candidates), single-threaded:
//   typical   a vacancy in Amersfoort with a few demands: only the regions
//             within reach are scanned
//   national  a remote job with no demands: nearly everyone passes the
//             filter and is scored
// and, as the baseline in the same run, the fastest plain pass reading the
// same hot bytes this machine can do (AVX2 with four accumulators when the
// processor has it, chosen at run time as the engine's filter is; what
// memory bandwidth alone allows). Reports medians over repetitions, bytes
// per candidate and effective GB/s, and the index's memory: the bytes it
// holds against the resident memory building it added.
//
//   rank_bench [--candidates=1000000] [--benchmark_repetitions=15]
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <numeric>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "bench/bench_world.h"
#include "bench/top50_scan.h"
#include "benchmark/benchmark.h"
#include "matcher/matcher.h"

namespace passend::bench {
namespace {

// The shared population, and the baseline's buffer of as many hot bytes.
struct World {
  std::unique_ptr<BenchWorld> bench;
  std::vector<uint8_t> hot_bytes;
};
World* world = nullptr;

// Resident memory of this process, in bytes.
int64_t ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  int64_t pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * sysconf(_SC_PAGESIZE);
}

void Build(int64_t candidates) {
  world = new World;
  const int64_t resident_before = ResidentBytes();
  world->bench = BuildBenchWorld(candidates);
  const int64_t resident = ResidentBytes() - resident_before;
  const matcher::IndexMemory held =
      world->bench->matcher->candidates().Memory();
  const double n = static_cast<double>(candidates);
  std::fprintf(
      stderr,
      "rank_bench: memory per candidate: columns %.1f B, profiles "
      "%.1f B, lookups %.1f B, held %.1f B; resident memory added "
      "%.1f B (%.2fx held)\n",
      static_cast<double>(held.columns) / n,
      static_cast<double>(held.profiles) / n,
      static_cast<double>(held.lookup) / n,
      static_cast<double>(held.total()) / n, static_cast<double>(resident) / n,
      static_cast<double>(resident) / static_cast<double>(held.total()));
  world->hot_bytes.assign(
      static_cast<size_t>(candidates) *
          world->bench->matcher->candidates().hot_bytes_per_candidate(),
      1);
}

void Report(benchmark::State& state, int64_t scanned, int64_t feasible) {
  const int bytes =
      world->bench->matcher->candidates().hot_bytes_per_candidate();
  state.counters["scanned"] = static_cast<double>(scanned);
  state.counters["feasible"] = static_cast<double>(feasible);
  state.counters["bytes_per_candidate"] = bytes;
  state.SetBytesProcessed(state.iterations() * scanned * bytes);
}

// The whole in-process call: scan, top-50 and an explanation per result.
void RankWithExplanations(benchmark::State& state,
                          const matcher::VacancyProfile& vacancy) {
  matcher::RankOptions options;
  options.policy = world->bench->policy;
  options.limit = 50;
  matcher::Ranking last;
  for (auto _ : state) {
    last = *world->bench->matcher->RankCandidates(vacancy.id, options);
    benchmark::DoNotOptimize(last);
  }
  Report(state, last.scanned, last.feasible);
}

// The scan and top-50 alone.
void ScanOnly(benchmark::State& state, const matcher::VacancyProfile& vacancy) {
  const matcher::RankResult last =
      BenchmarkTop50Scan(state, *world->bench, vacancy);
  Report(state, last.scanned, last.feasible);
}

void BM_RankTypical(benchmark::State& state) {
  RankWithExplanations(state, world->bench->typical);
}
void BM_RankNational(benchmark::State& state) {
  RankWithExplanations(state, world->bench->national);
}
void BM_ScanTypical(benchmark::State& state) {
  ScanOnly(state, world->bench->typical);
}
void BM_ScanNational(benchmark::State& state) {
  ScanOnly(state, world->bench->national);
}

// Baseline: read every hot byte of every candidate once, as fast as the
// processor allows: 32-byte lanes, four sums at once, built for AVX2 and
// for x86-64-v2 (two 16-byte halves) and chosen as the engine's filter is.
__attribute__((target_clones("avx2", "default"))) uint64_t SumBytes(
    const uint8_t* bytes, size_t size) {
  using Lanes = uint64_t __attribute__((vector_size(32)));
  Lanes sum[4] = {};
  size_t i = 0;
  for (; i + 4 * sizeof(Lanes) <= size; i += 4 * sizeof(Lanes)) {
    for (int k = 0; k < 4; ++k) {
      Lanes lanes;
      std::memcpy(&lanes, bytes + i + k * sizeof(Lanes), sizeof(Lanes));
      sum[k] += lanes;
    }
  }
  const Lanes all = sum[0] + sum[1] + sum[2] + sum[3];
  uint64_t total = all[0] + all[1] + all[2] + all[3];
  for (; i < size; ++i) total += bytes[i];
  return total;
}

void BM_BaselineReadHotBytes(benchmark::State& state) {
  const auto& bytes = world->hot_bytes;
  for (auto _ : state) {
    uint64_t sum = SumBytes(bytes.data(), bytes.size());
    benchmark::DoNotOptimize(sum);
  }
  state.SetLabel(__builtin_cpu_supports("avx2") ? "avx2" : "x86-64-v2");
  state.SetBytesProcessed(state.iterations() *
                          static_cast<int64_t>(bytes.size()));
}

BENCHMARK(BM_BaselineReadHotBytes)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ScanTypical)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ScanNational)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RankTypical)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RankNational)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace passend::bench

int main(int argc, char** argv) {
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  int64_t candidates =
      passend::bench::TakeFlag(&argc, argv, "candidates", 1000000);
  std::fprintf(stderr, "rank_bench: building %lld candidates...\n",
               static_cast<long long>(candidates));
  passend::bench::Build(candidates);
  std::fprintf(stderr,
               "rank_bench: %zu candidates indexed, %d hot bytes each\n",
               passend::bench::world->bench->matcher->candidates().size(),
               passend::bench::world->bench->matcher->candidates()
                   .hot_bytes_per_candidate());
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
