// The matching model of docs/DOMAIN.md 3.4 for one pair: the hard filter, the
// soft score and the explanation with unlockers. Derived tables of the taxonomy
// (which needs an adjustment meets, how far it lowers a demand) and the
// reference data (distances, occupation closeness) live here, shared by every
// ranking path.
#ifndef PASSEND_MATCHER_MATCH_MODEL_H_
#define PASSEND_MATCHER_MATCH_MODEL_H_

#include <array>
#include <memory>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "matcher/profile.h"
#include "matcher/scoring.h"
#include "passend/v1/match.pb.h"

namespace passend::matcher {

// What a ranking takes as "now" and how strict it is about freshness.
struct MatchPolicy {
  // Day number (DayNumber) of today.
  int32_t today = 0;
  // A profile confirmed more than this many days ago is stale.
  int stale_after_days = 180;
};

// One hard constraint that failed, as in v1::Constraint.
struct Failure {
  passend::v1::Constraint::Kind kind;
  // Index of the need or dimension, the ESCO index for MUST_HAVE; else -1.
  int subject = -1;
};

// The outcome of the model for one pair.
struct Assessment {
  std::vector<Failure> failures;  // empty when feasible
  passend::v1::ScoreBreakdown breakdown;
  // Sum of the breakdown; computed for infeasible pairs too (ranges that do
  // not meet score 0 on that component), which orders near misses.
  int score = 0;
  bool feasible() const { return failures.empty(); }
  // Whether a ranking can show the pair: feasible, or a near miss (the
  // vacancy open, the candidate available, at most kMaxNearMissFailures
  // constraints failing).
  bool rankable() const;
};

// Near misses fail at most this many hard constraints.
inline constexpr int kMaxNearMissFailures = 2;

// Great-circle km from one postcode area to every postcode area, and the
// nearest and farthest distance into every municipality.
struct DistanceTable {
  std::vector<double> km;  // by postcode index
  // The least whole travel range in km that reaches each postcode (km
  // rounded up): a range r reaches postcode p when reach_km[p] <= r.
  std::vector<uint16_t> reach_km;
  // The nearest and the farthest distance into every municipality, by
  // municipality index.
  std::vector<double> municipality_min_km;
  std::vector<double> municipality_max_km;
};

// A table per key, built on first use and then shared (thread-safe). Keys
// are small integers below the size given at construction.
template <typename T>
class LazyTables {
 public:
  explicit LazyTables(size_t keys) : tables_(keys) {}
  template <typename Build>
  std::shared_ptr<const T> Get(size_t key, const Build& build) const {
    {
      absl::MutexLock lock(&mu_);
      if (tables_[key] != nullptr) return tables_[key];
    }
    auto table = std::make_shared<const T>(build());  // outside the lock
    absl::MutexLock lock(&mu_);
    if (tables_[key] == nullptr) tables_[key] = std::move(table);
    return tables_[key];
  }

 private:
  mutable absl::Mutex mu_;
  mutable std::vector<std::shared_ptr<const T>> tables_ ABSL_GUARDED_BY(mu_);
};

class MatchModel {
 public:
  MatchModel(const ProfileCompiler* compiler, ScoringWeights weights = {});

  const ProfileCompiler& compiler() const { return *compiler_; }
  const ScoringWeights& weights() const { return weights_; }
  int dimension_count() const { return dimension_count_; }
  int levels(int dimension) const { return levels_[dimension]; }

  // Needs met by the adjustments in `offered`.
  uint32_t MetNeeds(uint64_t offered) const;
  int adjustment_count() const { return static_cast<int>(meets_.size()); }
  // Needs adjustment `a` meets; levels it lowers each dimension's demand by.
  uint32_t Meets(int a) const { return meets_[a]; }
  const std::array<uint8_t, kMaxDimensions>& Lowers(int a) const {
    return lowers_[a];
  }
  // Demand per dimension after the offered adjustments lower it.
  std::array<uint8_t, kMaxDimensions> EffectiveDemand(
      const VacancyProfile& vacancy) const;
  // True when `offered` holds a financial adjustment (wage-cost subsidy or
  // dispensation).
  bool AcceptsSubsidy(uint64_t offered) const {
    return (offered & financial_) != 0;
  }
  Closeness OccupationCloseness(uint16_t a, uint16_t b) const;
  // The ISCO-08 unit group of an occupation, as a 4-digit number.
  int IscoCode(uint16_t occupation) const { return isco_[occupation]; }
  // Cached per origin postcode; thread-safe.
  std::shared_ptr<const DistanceTable> DistancesFrom(uint16_t postcode) const;
  // Preferred-needs points by [needs met][needs preferred].
  int16_t PreferredPoints(int met, int total) const {
    return preferred_points_[met][total];
  }
  // Occupation points for a vacancy's occupation, by (ESCO index << 1 |
  // experience), with one extra zero entry at the end (for "none").
  // Cached per occupation.
  std::shared_ptr<const std::vector<int16_t>> OccupationPointsFor(
      uint16_t occupation) const;
  // Hours-fit points for a vacancy's hours range, by (candidate min << 6 |
  // candidate max); -1 where the ranges do not meet. Cached per range.
  std::shared_ptr<const std::vector<int16_t>> HoursPointsFor(
      int vacancy_min, int vacancy_max) const;

  // Available (now, or from a day not after today) — ignoring freshness.
  static bool IsAvailable(const CandidateProfile& c, const MatchPolicy& p);
  static bool IsFresh(const CandidateProfile& c, const MatchPolicy& p);

  // The hard filter and soft score, computed straightforwardly from the
  // profiles.
  Assessment Assess(const CandidateProfile& candidate,
                    const VacancyProfile& vacancy,
                    const MatchPolicy& policy) const;

  // Assess plus every detail and, for an infeasible pair, the unlockers.
  passend::v1::MatchExplanation Explain(const CandidateProfile& candidate,
                                        const VacancyProfile& vacancy,
                                        const MatchPolicy& policy) const;

 private:
  const ProfileCompiler* compiler_;
  ScoringWeights weights_;
  int dimension_count_ = 0;
  std::array<int, kMaxDimensions> levels_{};
  std::vector<uint32_t> meets_;  // by adjustment: needs it meets
  // by adjustment: levels it lowers each dimension by
  std::vector<std::array<uint8_t, kMaxDimensions>> lowers_;
  uint64_t financial_ = 0;
  // ISCO unit group code (4 digits, as a number) per occupation index.
  std::vector<int> isco_;

  std::array<std::array<int16_t, kMaxNeeds + 1>, kMaxNeeds + 1>
      preferred_points_{};
  LazyTables<DistanceTable> distances_;
  LazyTables<std::vector<int16_t>> occupation_points_;
  LazyTables<std::vector<int16_t>> hours_points_;
};

}  // namespace passend::matcher

#endif  // PASSEND_MATCHER_MATCH_MODEL_H_
