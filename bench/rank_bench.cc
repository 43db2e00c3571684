// In-process RankCandidates over a generated population (default 1,000,000
// candidates), single-threaded:
//   typical   a vacancy in Amersfoort with a few demands: only the regions
//             within reach are scanned
//   national  a remote job with no demands: nearly everyone passes the
//             filter and is scored
// and, as the baseline in the same run, a plain pass reading the same hot
// bytes (what memory bandwidth alone allows). Reports medians over
// repetitions, bytes per candidate and effective GB/s.
//
//   rank_bench [--candidates=1000000] [--benchmark_repetitions=15]
#include <cstdio>
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

void Build(int64_t candidates) {
  world = new World;
  world->bench = BuildBenchWorld(candidates);
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

// Baseline: read every hot byte of every candidate once.
void BM_BaselineReadHotBytes(benchmark::State& state) {
  const auto& bytes = world->hot_bytes;
  for (auto _ : state) {
    const uint64_t* words = reinterpret_cast<const uint64_t*>(bytes.data());
    uint64_t sum = 0;
    for (size_t i = 0; i < bytes.size() / 8; ++i) sum += words[i];
    benchmark::DoNotOptimize(sum);
  }
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
