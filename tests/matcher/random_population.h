// Random candidate and vacancy profiles for the matcher's randomised tests
// (the fast index against a reference, advice against a recount).
#ifndef PASSEND_TESTS_MATCHER_RANDOM_POPULATION_H_
#define PASSEND_TESTS_MATCHER_RANDOM_POPULATION_H_

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "matcher/match_model.h"
#include "matcher/profile.h"

namespace passend::matcher {

// Random profiles over a few neighbouring regions, with every feature
// varied enough that each hard constraint both passes and fails often.
class RandomPopulation {
 public:
  RandomPopulation(const MatchModel& model, uint64_t seed)
      : model_(&model),
        taxonomy_(&model.compiler().taxonomy()),
        reference_(&model.compiler().reference()),
        rng(seed) {
    const auto& areas = reference_->postcode_areas();
    for (size_t i = 0; i < areas.size(); ++i) {
      const std::string& r = areas[i].region_code;
      if (r == "AM13" || r == "AM14" || r == "AM38" || r == "AM12") {
        postcodes.push_back(static_cast<uint16_t>(i));
      }
    }
    // A handful of occupations sharing ISCO groups, so closeness varies.
    for (size_t o = 0; o < reference_->occupations().size(); ++o) {
      const std::string& isco = reference_->occupations()[o].isco_group;
      if (isco.rfind("91", 0) == 0 || isco.rfind("93", 0) == 0 ||
          isco.rfind("5", 0) == 0) {
        occupations.push_back(static_cast<uint16_t>(o));
      }
    }
    occupations.resize(std::min<size_t>(occupations.size(), 40));
  }
  int Uniform(int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(rng);
  }
  bool Chance(double p) { return std::bernoulli_distribution(p)(rng); }

  CandidateProfile Candidate(int n) {
    CandidateProfile c;
    c.id = absl::StrCat("c", 1000000 + Uniform(0, 999999), "-", n);
    for (int d = 0; d < model_->dimension_count(); ++d) {
      c.capacity[d] = static_cast<uint8_t>(
          Chance(0.15) ? Uniform(0, model_->levels(d) - 1)
                       : taxonomy_->dimension(d).normal_level());
    }
    int needs = taxonomy_->proto().support_needs_size();
    for (int i = 0; i < needs; ++i) {
      if (Chance(0.08))
        c.required_needs |= 1u << i;
      else if (Chance(0.08))
        c.preferred_needs |= 1u << i;
    }
    c.hours_min = static_cast<uint8_t>(Uniform(4, 30));
    c.hours_max = static_cast<uint8_t>(c.hours_min + Uniform(0, 16));
    c.postcode = postcodes[Uniform(0, postcodes.size() - 1)];
    c.region = static_cast<uint8_t>(Uniform(10, 13));
    c.travel_km = static_cast<uint8_t>(Uniform(0, 40));
    int a = Uniform(0, 9);
    c.availability = a < 7   ? Availability::kNow
                     : a < 8 ? Availability::kFrom
                     : a < 9 ? Availability::kPlaced
                             : Availability::kWithdrawn;
    c.available_from_day = today + Uniform(-30, 30);
    c.last_confirmed_day = today - Uniform(0, 300);
    c.wage_value = static_cast<uint8_t>(Chance(0.2) ? 0 : Uniform(30, 100));
    int count = Uniform(0, 4);
    for (int i = 0; i < count; ++i) {
      c.occupations.push_back(
          {occupations[Uniform(0, occupations.size() - 1)], Chance(0.6)});
    }
    return c;
  }

  VacancyProfile Vacancy(int n) {
    VacancyProfile v;
    v.id = absl::StrCat("v", n);
    for (int d = 0; d < model_->dimension_count(); ++d) {
      if (Chance(0.08)) {
        v.demand[d] = static_cast<uint8_t>(Uniform(1, model_->levels(d) - 1));
      }
    }
    for (int a = 0; a < taxonomy_->proto().adjustments_size(); ++a) {
      if (Chance(0.25)) v.offered |= uint64_t{1} << a;
    }
    v.hours_min = static_cast<uint8_t>(Uniform(4, 32));
    v.hours_max = static_cast<uint8_t>(v.hours_min + Uniform(0, 12));
    v.postcode = postcodes[Uniform(0, postcodes.size() - 1)];
    v.remote = Chance(0.1);
    v.occupation = occupations[Uniform(0, occupations.size() - 1)];
    if (Chance(0.15)) v.must_haves.push_back(v.occupation);
    v.state = Chance(0.95) ? VacancyState::kOpen : VacancyState::kNotOpen;
    return v;
  }

  const MatchModel* model_;
  const Taxonomy* taxonomy_;
  const ReferenceData* reference_;
  std::mt19937_64 rng;
  std::vector<uint16_t> postcodes;
  std::vector<uint16_t> occupations;
  int32_t today = DayNumber(absl::CivilDay(2026, 6, 1));
};

}  // namespace passend::matcher

#endif  // PASSEND_TESTS_MATCHER_RANDOM_POPULATION_H_
