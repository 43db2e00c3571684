// A synthetic but realistic population of candidates and vacancies for demos,
// tests and benchmarks, calibrated to docs/DOMAIN.md section 6.
//
// Deterministic: the i-th record depends only on (seed, today, i), so a
// population can be generated in any order, streamed, or regenerated in a
// test to compare with what a server holds.
#ifndef PASSEND_TOOLS_DEMO_POPULATION_H_
#define PASSEND_TOOLS_DEMO_POPULATION_H_

#include <cstdint>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "matcher/reference_data.h"
#include "matcher/taxonomy.h"
#include "passend/v1/candidate.pb.h"
#include "passend/v1/vacancy.pb.h"

namespace passend::tools {

// The share of the demo supply leaving it each quarter, placed or
// withdrawn: registration dates are drawn to match it.
inline constexpr double kDemoQuarterlyOutflow = 0.07;

struct DemoOptions {
  uint64_t seed = 42;
  // Dates (last confirmed, available from) are drawn relative to this day.
  absl::CivilDay today = absl::CivilDay(2026, 1, 1);
};

// Whether work in ISCO-08 unit group `isco_group` can plausibly be done
// from home: office, ICT and remote customer contact (business and
// administration, ICT, legal and writing professions and their associate
// professionals, office and call-centre clerks, some managers). Never field
// work, care, teaching, shops, trades or machines.
bool RemoteWorkPlausible(absl::string_view isco_group);

class DemoPopulation {
 public:
  // The taxonomy and reference data must outlive this object.
  DemoPopulation(const matcher::Taxonomy& taxonomy,
                 const matcher::ReferenceData& reference,
                 const DemoOptions& options);

  // Candidate number `index` (external_ref "demo-c-<index>"), with every
  // required field set and valid against the taxonomy and reference data.
  passend::v1::Candidate Candidate(int64_t index) const;
  // Vacancy number `index` (external_ref "demo-v-<index>").
  passend::v1::Vacancy Vacancy(int64_t index) const;

 private:
  const matcher::Taxonomy& taxonomy_;
  const matcher::ReferenceData& reference_;
  DemoOptions options_;
  // A region index drawn by population weight from 64 random bits.
  size_t DrawRegion(uint64_t bits) const;
  // An occupation index drawn with elementary work most likely.
  size_t DrawOccupation(uint64_t bits) const;

  // Postcode areas (indexes into reference_.postcode_areas()) by region,
  // and the cumulative region weights used to draw a region.
  std::vector<std::vector<size_t>> postcodes_by_region_;
  std::vector<double> region_cumulative_weight_;
  // Occupation indexes by ISCO major group (0-9).
  std::vector<std::vector<size_t>> occupations_by_major_;
};

}  // namespace passend::tools

#endif  // PASSEND_TOOLS_DEMO_POPULATION_H_
