// The supply forecast (ForecastSupply): rates fitted on the supply ledger
// (storage/supply_flows.h) and a quarter-by-quarter projection of the
// supply from them. The method and its assumptions are in docs/REPORTS.md.
#ifndef PASSEND_SERVICES_REPORTS_FORECAST_H_
#define PASSEND_SERVICES_REPORTS_FORECAST_H_

#include <cstdint>
#include <map>
#include <vector>

#include "absl/status/statusor.h"
#include "passend/v1/supply.pb.h"
#include "storage/supply_flows.h"

namespace passend::services {

struct ForecastOptions {
  // The quarter of today (common/dutch_calendar.h numbering). Required.
  int current_quarter = 0;
  // How far the current quarter has run, in [0, 1); the projection covers
  // the rest of it first.
  double elapsed_in_quarter = 0;
  // Complete quarters before the current one to fit on. Default 12.
  int history_quarters = 12;
  // Years to project. Default 5.
  int years = 5;
  // Fitted trends are damped by this factor per quarter ahead (a damped
  // trend: five years of a straight line would take rates to 0 or 1).
  // Default 0.9; 1 extrapolates them straight.
  double trend_damping = 0.9;
  // Fewer complete quarters than this: levels only, no trends. Default 4.
  int min_quarters_for_trend = 4;
};

// One region's supply as the forecast needs it.
struct SupplyState {
  // In the supply now (storage::InSupply).
  int64_t in_supply = 0;
  // Of those, how many were born in each year (unknown years left out).
  std::map<int, int64_t> birth_years;
  // The region's ledger, any order; quarters after the current one are
  // ignored.
  std::vector<storage::QuarterFlows> ledger;
};

// Per quarter; trends per quarter, measured from the current quarter.
struct FittedRates {
  int quarters_observed = 0;
  double inflow = 0;
  double inflow_trend = 0;
  // Standard deviation of inflow around its fit (Poisson's when too few
  // quarters to tell).
  double inflow_deviation = 0;
  double placement_rate = 0;
  double placement_trend = 0;
  double withdrawal_rate = 0;
  double withdrawal_trend = 0;
};

struct ProjectedYear {
  int years_ahead = 0;
  // The supply at the end of this quarter.
  int until_quarter = 0;
  double available = 0;
  // Variance of `available` from the flows' variation.
  double variance = 0;
  double inflow = 0;
  double placements = 0;
  double withdrawals = 0;
  double pension_exits = 0;
};

// Fits the rates on the complete quarters of `state.ledger` within the
// window, from the first quarter the ledger holds (quarters in between
// without flows count as quarters without flows). The supply at each
// quarter's start is worked back from the supply now.
FittedRates FitRates(const SupplyState& state, const ForecastOptions& options);

// Projects the supply from `state` with `rates`, quarter by quarter: pension
// starts first (from birth years, for the supply of now), then placements
// and withdrawals at the rates for the supply at the quarter's start, then
// inflow (which meets the rates from the next quarter on).
std::vector<ProjectedYear> Project(const SupplyState& state,
                                   const FittedRates& rates,
                                   const ForecastOptions& options);

// The forecast report for `regions` (by code, in code order) with their
// total, every count rounded to a multiple of `round_to` (0: exact); the
// ledger's quarters in the window go along with `with_history`.
passend::v1::SupplyForecast ComputeForecast(
    const std::vector<std::pair<std::string, SupplyState>>& regions,
    const ForecastOptions& options, int round_to, bool with_history);

// The ledger entry `flows` describes: INVALID_ARGUMENT naming the field
// under `prefix` (e.g. "quarters[2].") for a bad quarter or a negative
// count. The region is taken as it is.
absl::StatusOr<storage::QuarterFlows> LedgerEntry(
    const passend::v1::QuarterFlows& flows, absl::string_view prefix);

}  // namespace passend::services

#endif  // PASSEND_SERVICES_REPORTS_FORECAST_H_
