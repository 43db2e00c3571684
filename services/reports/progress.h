// The jobs-agreement progress report (GetProgress), computed from
// placements: jobs in 25.5-hour units held on each quarter's last day, split
// by sector and contract, per region and nationally, with small-cell
// suppression for callers that may not see records (docs/DOMAIN.md sections 4
// and 5).
#ifndef PASSEND_SERVICES_REPORTS_PROGRESS_H_
#define PASSEND_SERVICES_REPORTS_PROGRESS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "passend/v1/placement.pb.h"

namespace passend::services {

// One standard job (standaardbaan), hours per week.
inline constexpr double kHoursPerJob = 25.5;
// Targets of the jobs agreement, in jobs.
inline constexpr double kDefaultTargetPrivate = 100000;
inline constexpr double kDefaultTargetPublic = 25000;

struct ProgressQuery {
  absl::CivilDay today;
  // First days of the first and last quarter reported.
  absl::CivilDay from;
  absl::CivilDay to;
  double target_private = kDefaultTargetPrivate;
  double target_public = kDefaultTargetPublic;
  // One target for all jobs instead of the two above; 0 for none.
  double target_total = 0;
  // Only jobs at this employer; empty for all.
  std::string employer;
  // Suppress cells of fewer placements than this; 0 for none.
  int suppress_below = 0;
};

// The first day of quarter "2026Q3", or INVALID_ARGUMENT naming `field`.
absl::StatusOr<absl::CivilDay> ParseQuarter(absl::string_view quarter,
                                            absl::string_view field);

// `placements` as stored; only HIRED and ENDED ones with a hire date count.
passend::v1::Progress ComputeProgress(
    const std::vector<passend::v1::Placement>& placements,
    const ProgressQuery& query);

}  // namespace passend::services

#endif  // PASSEND_SERVICES_REPORTS_PROGRESS_H_
