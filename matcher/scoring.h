// The soft score of a feasible pair: integer points per component, summed.
// Every ranking path (the fast index scan, the per-pair assessment, the
// reference ranker in the tests) computes its points with these functions,
// so equal inputs give equal scores bit for bit.
//
// Weights are points out of 1000 (see docs/MATCHING.md for why these).
#ifndef PASSEND_MATCHER_SCORING_H_
#define PASSEND_MATCHER_SCORING_H_

#include <algorithm>
#include <cmath>

namespace passend::matcher {

struct ScoringWeights {
  // Share of the candidate's preferred needs the vacancy meets.
  int preferred_needs = 250;
  // Closeness of the candidate's experience or interest to the occupation.
  int occupation = 250;
  // Share of the candidate's wished hours the vacancy offers.
  int hours_fit = 150;
  // How far inside the candidate's travel range the work is.
  int distance = 150;
  // Capacity to spare over what the work demands (after adjustments).
  int headroom = 100;
  // Wage value against the employer's acceptance of wage-cost subsidy.
  int wage_value = 100;

  int total() const {
    return preferred_needs + occupation + hours_fit + distance + headroom +
           wage_value;
  }
};

// Closeness along the ESCO/ISCO-08 hierarchy, lowest first.
enum class Closeness : int {
  kNone = 0,
  kMajorGroup = 1,
  kSubMajorGroup = 2,
  kMinorGroup = 3,
  kUnitGroup = 4,
  kSameOccupation = 5,
};

// Percent of the occupation weight per closeness level. Interest counts for
// three quarters of experience.
inline constexpr int kClosenessPercent[] = {0, 5, 15, 35, 60, 100};

inline int PreferredNeedsPoints(int met, int total, const ScoringWeights& w) {
  return total == 0 ? w.preferred_needs : w.preferred_needs * met / total;
}

// weight x percent (x 3/4 for interest), rounded down once at the end, as
// docs/MATCHING.md writes it.
inline int OccupationPoints(Closeness closeness, bool experience,
                            const ScoringWeights& w) {
  const int percent = kClosenessPercent[static_cast<int>(closeness)];
  return w.occupation * percent * (experience ? 4 : 3) / 400;
}

// Whole hours per week in both ranges, ends included (8-16 and 16-24 share
// one: 16); 0 when the ranges do not meet.
inline int HoursOverlap(int candidate_min, int candidate_max, int vacancy_min,
                        int vacancy_max) {
  return std::max(0, std::min(candidate_max, vacancy_max) -
                         std::max(candidate_min, vacancy_min) + 1);
}

// REQUIRES: HoursOverlap(...) > 0.
inline int HoursFitPoints(int candidate_min, int candidate_max, int vacancy_min,
                          int vacancy_max, const ScoringWeights& w) {
  return w.hours_fit *
         HoursOverlap(candidate_min, candidate_max, vacancy_min, vacancy_max) /
         (candidate_max - candidate_min + 1);
}

// REQUIRES: remote || km <= range_km.
inline int DistancePoints(double km, int range_km, bool remote,
                          const ScoringWeights& w) {
  if (remote || range_km == 0) return w.distance;
  return static_cast<int>(
      std::floor(w.distance * (1.0 - km / static_cast<double>(range_km))));
}

// `slack`: levels of capacity above the effective demand, summed over the
// demanded dimensions; `max_slack`: the same for a candidate at the top of
// every scale.
inline int HeadroomPoints(int slack, int max_slack, const ScoringWeights& w) {
  return max_slack == 0 ? w.headroom : w.headroom * slack / max_slack;
}

inline int WageValuePoints(int wage_value, bool subsidy_accepted,
                           const ScoringWeights& w) {
  if (wage_value == 0 || wage_value >= 100 || subsidy_accepted) {
    return w.wage_value;
  }
  return w.wage_value * wage_value / 100;
}

}  // namespace passend::matcher

#endif  // PASSEND_MATCHER_SCORING_H_
