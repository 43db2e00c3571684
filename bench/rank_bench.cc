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
#include <cstring>
#include <memory>
#include <numeric>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "benchmark/benchmark.h"
#include "matcher/matcher.h"
#include "tools/demo_population.h"

namespace passend::bench {
namespace {

struct World {
  std::unique_ptr<matcher::Taxonomy> taxonomy;
  std::unique_ptr<matcher::ReferenceData> reference;
  std::unique_ptr<matcher::Matcher> matcher;
  std::string typical_id;
  std::string national_id;
  matcher::MatchPolicy policy;
  std::vector<uint8_t> hot_bytes;  // the baseline's buffer
};
World* world = nullptr;

int64_t FlagValue(int* argc, char** argv, const char* name, int64_t fallback) {
  std::string prefix = absl::StrCat("--", name, "=");
  for (int i = 1; i < *argc; ++i) {
    if (std::strncmp(argv[i], prefix.c_str(), prefix.size()) == 0) {
      int64_t value = std::atoll(argv[i] + prefix.size());
      for (int j = i; j + 1 < *argc; ++j) argv[j] = argv[j + 1];
      --*argc;
      return value;
    }
  }
  return fallback;
}

void Build(int64_t candidates) {
  world = new World;
  world->taxonomy = std::make_unique<matcher::Taxonomy>(
      *matcher::Taxonomy::LoadFile(PASSEND_DATA_DIR "/taxonomy.textproto"));
  world->reference = *matcher::ReferenceData::LoadDirectory(PASSEND_DATA_DIR);
  world->matcher =
      *matcher::Matcher::Create(world->taxonomy.get(), world->reference.get());
  tools::DemoOptions options;
  options.today = absl::CivilDay(2026, 11, 1);
  tools::DemoPopulation population(*world->taxonomy, *world->reference,
                                   options);
  for (int64_t i = 0; i < candidates; ++i) {
    v1::Candidate c = population.Candidate(i);
    c.set_name(absl::StrCat("candidates/c", i));
    world->matcher->OnCandidateWritten(nullptr, &c);
  }
  v1::Vacancy typical = population.Vacancy(0);
  typical.set_name("vacancies/typical");
  typical.set_postcode_area("3811");
  typical.set_region("AM14");
  typical.set_remote_possible(false);
  typical.set_status(v1::Vacancy::OPEN);
  world->matcher->OnVacancyWritten(nullptr, &typical);
  world->typical_id = "typical";

  v1::Vacancy national = typical;
  national.set_name("vacancies/national");
  national.set_remote_possible(true);
  national.clear_demands();
  national.set_evening_work(false);
  national.set_night_work(false);
  national.clear_must_have_experience();
  national.mutable_hours_per_week()->set_min(1);
  national.mutable_hours_per_week()->set_max(60);
  // Every adjustment offered: every required need is met.
  national.clear_offered_adjustments();
  for (const auto& a : world->taxonomy->proto().adjustments()) {
    national.add_offered_adjustments(a.id());
  }
  world->matcher->OnVacancyWritten(nullptr, &national);
  world->national_id = "national";

  world->policy.today = matcher::DayNumber(options.today);
  world->policy.stale_after_days = world->taxonomy->proto().stale_after_days();
  world->hot_bytes.assign(
      static_cast<size_t>(candidates) *
          world->matcher->candidates().hot_bytes_per_candidate(),
      1);
}

void Report(benchmark::State& state, int64_t scanned, int64_t feasible) {
  const int bytes = world->matcher->candidates().hot_bytes_per_candidate();
  state.counters["scanned"] = static_cast<double>(scanned);
  state.counters["feasible"] = static_cast<double>(feasible);
  state.counters["bytes_per_candidate"] = bytes;
  state.SetBytesProcessed(state.iterations() * scanned * bytes);
}

// The whole in-process call: scan, top-50 and an explanation per result.
void RankWithExplanations(benchmark::State& state, const std::string& vacancy) {
  matcher::RankOptions options;
  options.policy = world->policy;
  options.limit = 50;
  matcher::Ranking last;
  for (auto _ : state) {
    last = *world->matcher->RankCandidates(vacancy, options);
    benchmark::DoNotOptimize(last);
  }
  Report(state, last.scanned, last.feasible);
}

// The scan and top-50 alone.
void ScanOnly(benchmark::State& state, const std::string& vacancy) {
  matcher::VacancyProfile profile;
  for (const auto& v : world->matcher->VacancySnapshot()) {
    if (v.id == vacancy) profile = v;
  }
  matcher::RankQuery query;
  query.vacancy = &profile;
  query.policy = world->policy;
  query.limit = 50;
  matcher::RankResult last;
  for (auto _ : state) {
    last = *world->matcher->candidates().Rank(query);
    benchmark::DoNotOptimize(last);
  }
  Report(state, last.scanned, last.feasible);
}

void BM_RankTypical(benchmark::State& state) {
  RankWithExplanations(state, world->typical_id);
}
void BM_RankNational(benchmark::State& state) {
  RankWithExplanations(state, world->national_id);
}
void BM_ScanTypical(benchmark::State& state) {
  ScanOnly(state, world->typical_id);
}
void BM_ScanNational(benchmark::State& state) {
  ScanOnly(state, world->national_id);
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
      passend::bench::FlagValue(&argc, argv, "candidates", 1000000);
  std::fprintf(stderr, "rank_bench: building %lld candidates...\n",
               static_cast<long long>(candidates));
  passend::bench::Build(candidates);
  std::fprintf(
      stderr, "rank_bench: %zu candidates indexed, %d hot bytes each\n",
      passend::bench::world->matcher->candidates().size(),
      passend::bench::world->matcher->candidates().hot_bytes_per_candidate());
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
