// Candidates and vacancies compiled for matching: every code replaced by its
// index in the taxonomy or reference data, every date by a day number.
//
// Label-blind by construction: a profile has no field for the label or the
// placeability stamp, so nothing downstream can read them.
#ifndef PASSEND_MATCHER_PROFILE_H_
#define PASSEND_MATCHER_PROFILE_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "matcher/reference_data.h"
#include "matcher/taxonomy.h"
#include "passend/v1/candidate.pb.h"
#include "passend/v1/vacancy.pb.h"

namespace passend::matcher {

// Sizes the compiled forms support; a taxonomy beyond them is refused by
// ProfileCompiler::Create.
inline constexpr int kMaxDimensions = 64;
inline constexpr int kMaxNeeds = 32;
inline constexpr int kMaxAdjustments = 64;

// Region indexes as a lookup table: true for each of `regions`, or for
// every region when `regions` is empty.
inline std::array<bool, 256> RegionMask(const std::vector<uint8_t>& regions) {
  std::array<bool, 256> mask;
  mask.fill(regions.empty());
  for (uint8_t r : regions) mask[r] = true;
  return mask;
}

// Days since 1970-01-01.
int32_t DayNumber(absl::CivilDay day);
int32_t DayNumber(const passend::v1::Date& date);

struct OccupationRef {
  uint16_t esco = 0;        // index into ReferenceData::occupations()
  bool experience = false;  // else interest
};

enum class Availability : uint8_t { kNow, kFrom, kPlaced, kWithdrawn };

struct CandidateProfile {
  std::string id;  // without "candidates/"
  // Capacity level per taxonomy dimension (the normal level when the record
  // lists none).
  std::array<uint8_t, kMaxDimensions> capacity{};
  uint32_t required_needs = 0;  // bit i: taxonomy need i
  uint32_t preferred_needs = 0;
  uint8_t hours_min = 0;
  uint8_t hours_max = 0;
  uint16_t postcode = 0;  // index into ReferenceData::postcode_areas()
  uint8_t region = 0;     // index into ReferenceData::regions() (owner)
  uint8_t travel_km = 0;
  Availability availability = Availability::kNow;
  int32_t available_from_day = 0;
  int32_t last_confirmed_day = 0;
  uint8_t wage_value = 0;  // 0: not assessed
  std::vector<OccupationRef> occupations;
};

enum class VacancyState : uint8_t { kOpen, kNotOpen };

struct VacancyProfile {
  std::string id;  // without "vacancies/"
  // Demand level per dimension before adjustments (0 where none is listed),
  // including the demands set by evening_work and night_work.
  std::array<uint8_t, kMaxDimensions> demand{};
  uint64_t offered = 0;  // bit i: taxonomy adjustment i
  uint8_t hours_min = 0;
  uint8_t hours_max = 0;
  uint16_t postcode = 0;
  uint8_t region = 0;
  bool remote = false;
  uint16_t occupation = 0;           // ESCO index
  std::vector<uint16_t> must_haves;  // ESCO indexes
  // Open with at least one unfilled position.
  VacancyState state = VacancyState::kOpen;
  // Positions not yet filled (0 when not open).
  int open_positions = 0;
  // The employer's id, for access checks.
  std::string employer;
};

// Turns API records into profiles. Records must already be valid (the
// services validate before they write); an unknown code is INTERNAL here.
class ProfileCompiler {
 public:
  // FAILED_PRECONDITION when the taxonomy exceeds the sizes above.
  static absl::StatusOr<ProfileCompiler> Create(const Taxonomy* taxonomy,
                                                const ReferenceData* reference);

  absl::StatusOr<CandidateProfile> Compile(
      const passend::v1::Candidate& candidate) const;
  absl::StatusOr<VacancyProfile> Compile(
      const passend::v1::Vacancy& vacancy) const;

  const Taxonomy& taxonomy() const { return *taxonomy_; }
  const ReferenceData& reference() const { return *reference_; }

 private:
  ProfileCompiler(const Taxonomy* taxonomy, const ReferenceData* reference)
      : taxonomy_(taxonomy), reference_(reference) {}
  const Taxonomy* taxonomy_;
  const ReferenceData* reference_;
};

}  // namespace passend::matcher

#endif  // PASSEND_MATCHER_PROFILE_H_
