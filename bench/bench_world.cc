#include "bench/bench_world.h"

#include <cstdlib>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "tools/demo_population.h"

namespace passend::bench {

std::unique_ptr<BenchWorld> BuildBenchWorld(int64_t candidates) {
  auto world = std::make_unique<BenchWorld>();
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
  for (const auto& v : world->matcher->VacancySnapshot()) {
    (v.id == "typical" ? world->typical : world->national) = v;
  }
  world->policy.today = matcher::DayNumber(options.today);
  world->policy.stale_after_days = world->taxonomy->proto().stale_after_days();
  return world;
}

int64_t TakeFlag(int* argc, char** argv, const char* name, int64_t fallback) {
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

}  // namespace passend::bench
