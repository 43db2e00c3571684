// The supply forecast: rates fitted on synthetic ledgers generated with
// known rates come back, and the projection's mean and 80% interval agree
// with a simulation of the same process.
#include "services/reports/forecast.h"

#include <cmath>
#include <random>

#include "common/dutch_calendar.h"
#include "gtest/gtest.h"

namespace passend::services {
namespace {

using storage::QuarterFlows;
using storage::SupplyFlow;

const int kNow = QuarterIndex(2026, 4);

// The process the forecast assumes, with known parameters.
struct Truth {
  int64_t supply = 5000;  // at the start of the history
  double inflow = 300;    // expected in the current quarter
  double inflow_trend = 0;
  double placement_rate = 0.06;
  double withdrawal_rate = 0.03;
};

// One draw of each candidate's fate in a quarter: placed, withdrawn or
// staying, independently with the rates.
struct Draw {
  int64_t placed = 0;
  int64_t withdrawn = 0;
};
Draw Leave(int64_t people, double p, double w, std::mt19937_64& rng) {
  Draw d;
  d.placed = std::binomial_distribution<int64_t>(people, p)(rng);
  d.withdrawn =
      std::binomial_distribution<int64_t>(people - d.placed, w / (1 - p))(rng);
  return d;
}

int64_t Poisson(double mean, std::mt19937_64& rng) {
  return mean <= 0 ? 0 : std::poisson_distribution<int64_t>(mean)(rng);
}

// `quarters` complete quarters before kNow generated from `truth`, and the
// supply they lead to.
SupplyState History(const Truth& truth, int quarters, uint64_t seed) {
  std::mt19937_64 rng(seed);
  SupplyState state;
  int64_t supply = truth.supply;
  for (int q = kNow - quarters; q < kNow; ++q) {
    const Draw d =
        Leave(supply, truth.placement_rate, truth.withdrawal_rate, rng);
    const int64_t in =
        Poisson(truth.inflow + truth.inflow_trend * (q - kNow), rng);
    QuarterFlows f{"AM14", q, {}};
    f[SupplyFlow::kRegistered] = in;
    f[SupplyFlow::kPlaced] = d.placed;
    f[SupplyFlow::kWithdrawn] = d.withdrawn;
    state.ledger.push_back(f);
    supply += in - d.placed - d.withdrawn;
  }
  state.in_supply = supply;
  return state;
}

ForecastOptions Options() {
  ForecastOptions options;
  options.current_quarter = kNow;
  return options;
}

TEST(ForecastFitTest, ConstantFlowsComeBackExactly) {
  SupplyState state;
  state.in_supply = 1000;
  for (int q = kNow - 8; q < kNow; ++q) {
    QuarterFlows f{"AM14", q, {}};
    f[SupplyFlow::kRegistered] = 120;
    f[SupplyFlow::kMovedIn] = 30;
    f[SupplyFlow::kPlaced] = 100;
    f[SupplyFlow::kWithdrawn] = 40;
    f[SupplyFlow::kMovedOut] = 10;
    state.ledger.push_back(f);
  }
  const FittedRates rates = FitRates(state, Options());
  EXPECT_EQ(rates.quarters_observed, 8);
  EXPECT_NEAR(rates.inflow, 150, 1e-9);
  EXPECT_NEAR(rates.inflow_trend, 0, 1e-9);
  EXPECT_NEAR(rates.placement_rate, 0.10, 1e-12);
  EXPECT_NEAR(rates.withdrawal_rate, 0.05, 1e-12);
  EXPECT_NEAR(rates.placement_trend, 0, 1e-12);
  // In balance: the supply stays where it is.
  for (const ProjectedYear& y : Project(state, rates, Options())) {
    EXPECT_NEAR(y.available, 1000, 1e-6) << y.years_ahead;
    EXPECT_GT(y.variance, 0);
  }
}

TEST(ForecastFitTest, AStraightInflowTrendAndAFallingRateComeBackExactly) {
  // Inflow 200 + 5 per quarter; placements 8% falling by half a point a
  // quarter, on a supply kept at 1,000 by withdrawals.
  SupplyState state;
  state.in_supply = 1000;
  for (int q = kNow - 6; q < kNow; ++q) {
    const int x = q - kNow;
    QuarterFlows f{"AM14", q, {}};
    f[SupplyFlow::kRegistered] = 200 + 5 * x;
    f[SupplyFlow::kPlaced] = 80 - 5 * x;
    f[SupplyFlow::kWithdrawn] = 120 + 10 * x;
    state.ledger.push_back(f);
  }
  const FittedRates rates = FitRates(state, Options());
  EXPECT_NEAR(rates.inflow, 200, 1e-9);
  EXPECT_NEAR(rates.inflow_trend, 5, 1e-9);
  EXPECT_NEAR(rates.placement_rate, 0.08, 1e-12);
  EXPECT_NEAR(rates.placement_trend, -0.005, 1e-12);
  EXPECT_NEAR(rates.withdrawal_rate, 0.12, 1e-12);
  EXPECT_NEAR(rates.withdrawal_trend, 0.01, 1e-12);
  EXPECT_NEAR(rates.inflow_deviation, 0, 1e-9);
}

TEST(ForecastFitTest, KnownRatesAreRecoveredFromNoisyHistories) {
  Truth truth;
  truth.inflow_trend = 4;
  const int quarters = 12;
  double sum_p = 0, sum_w = 0, sum_in = 0, sum_trend = 0;
  const int seeds = 20;
  for (int seed = 1; seed <= seeds; ++seed) {
    const SupplyState state = History(truth, quarters, seed);
    const FittedRates rates = FitRates(state, Options());
    ASSERT_EQ(rates.quarters_observed, quarters);
    // Standard errors: binomial over ~60,000 person-quarters; least squares
    // of Poisson counts (sd ~17) over 12 quarters, at x = 0 for the level.
    EXPECT_NEAR(rates.placement_rate, truth.placement_rate, 4 * 0.0025) << seed;
    EXPECT_NEAR(rates.withdrawal_rate, truth.withdrawal_rate, 4 * 0.002)
        << seed;
    EXPECT_NEAR(rates.inflow, truth.inflow, 4 * 11.0) << seed;
    EXPECT_NEAR(rates.inflow_trend, truth.inflow_trend, 4 * 1.5) << seed;
    EXPECT_NEAR(rates.inflow_deviation, std::sqrt(truth.inflow), 9) << seed;
    sum_p += rates.placement_rate;
    sum_w += rates.withdrawal_rate;
    sum_in += rates.inflow;
    sum_trend += rates.inflow_trend;
  }
  // Unbiased: the means over the seeds are closer still.
  const double root = std::sqrt(static_cast<double>(seeds));
  EXPECT_NEAR(sum_p / seeds, truth.placement_rate, 4 * 0.0025 / root);
  EXPECT_NEAR(sum_w / seeds, truth.withdrawal_rate, 4 * 0.002 / root);
  EXPECT_NEAR(sum_in / seeds, truth.inflow, 4 * 11.0 / root);
  EXPECT_NEAR(sum_trend / seeds, truth.inflow_trend, 4 * 1.5 / root);
}

TEST(ForecastFitTest, FewQuartersGiveLevelsWithoutTrendsAndNoneGiveNothing) {
  Truth truth;
  truth.inflow_trend = 10;
  SupplyState state = History(truth, 3, 7);
  const FittedRates rates = FitRates(state, Options());
  EXPECT_EQ(rates.quarters_observed, 3);
  EXPECT_EQ(rates.inflow_trend, 0);
  EXPECT_EQ(rates.placement_trend, 0);
  double mean = 0;
  for (const QuarterFlows& f : state.ledger) {
    mean += f[SupplyFlow::kRegistered] / 3.0;
  }
  EXPECT_NEAR(rates.inflow, mean, 1e-9);

  // Only the current quarter, or nothing: no history to fit.
  SupplyState fresh;
  fresh.in_supply = 50;
  fresh.ledger.push_back({"AM14", kNow, {}});
  fresh.ledger.back()[SupplyFlow::kRegistered] = 50;
  EXPECT_EQ(FitRates(fresh, Options()).quarters_observed, 0);
  fresh.ledger.clear();
  EXPECT_EQ(FitRates(fresh, Options()).quarters_observed, 0);
  EXPECT_NEAR(Project(fresh, FittedRates{}, Options()).back().available, 50,
              1e-9);
}

TEST(ForecastFitTest, OnlyTheWindowCountsAndPensionExitsAreNoRate) {
  SupplyState state;
  state.in_supply = 1000;
  for (int q = kNow - 20; q < kNow; ++q) {
    QuarterFlows f{"AM14", q, {}};
    // Before the window: everyone placed at 20%; in it: 10%.
    const bool in_window = q >= kNow - 4;
    f[SupplyFlow::kRegistered] = in_window ? 120 : 200;
    f[SupplyFlow::kPlaced] = in_window ? 100 : 200;
    f[SupplyFlow::kPensioned] = in_window ? 20 : 0;
    state.ledger.push_back(f);
  }
  ForecastOptions options = Options();
  options.history_quarters = 4;
  const FittedRates rates = FitRates(state, options);
  EXPECT_EQ(rates.quarters_observed, 4);
  // 100 placed of the 1,000 at each quarter's start less the 20 pensioned.
  EXPECT_NEAR(rates.placement_rate, 100.0 / 980, 1e-12);
  EXPECT_NEAR(rates.withdrawal_rate, 0, 1e-12);
}

TEST(ForecastFitTest, BackDatedRegistrationsAloneAreNoObservedQuarters) {
  // A bulk sync booked registrations in old quarters (registered_on); the
  // ledger saw anyone leave only from four quarters ago.
  SupplyState state;
  state.in_supply = 1000;
  for (int q = kNow - 10; q < kNow; ++q) {
    QuarterFlows f{"AM14", q, {}};
    f[SupplyFlow::kRegistered] = 50;
    if (q >= kNow - 4) f[SupplyFlow::kPlaced] = 50;
    state.ledger.push_back(f);
  }
  const FittedRates rates = FitRates(state, Options());
  EXPECT_EQ(rates.quarters_observed, 4);
  EXPECT_NEAR(rates.placement_rate, 0.05, 1e-12);
}

TEST(ForecastProjectionTest, PensionStartsFollowBirthYearsAndSurvival) {
  SupplyState state;
  state.in_supply = 1000;
  state.birth_years[1960] = 400;  // 67 in 2027: all four quarters ahead
  state.birth_years[1950] = 40;   // long past: leave at once
  state.birth_years[1990] = 560;
  FittedRates none;
  std::vector<ProjectedYear> years = Project(state, none, Options());
  ASSERT_EQ(years.size(), 5u);
  EXPECT_EQ(years[0].until_quarter, QuarterIndex(2027, 4));
  EXPECT_NEAR(years[0].pension_exits, 440, 1e-9);
  EXPECT_NEAR(years[0].available, 560, 1e-9);
  EXPECT_NEAR(years[4].available, 560, 1e-9);

  // With 10% placed a quarter, the 1960 cohort thins before its pension:
  // a quarter of it is due in each of quarters 1-4 ahead.
  FittedRates placing;
  placing.placement_rate = 0.1;
  years = Project(state, placing, Options());
  double expected = 0;
  for (int step = 1; step <= 4; ++step) expected += 100 * std::pow(0.9, step);
  EXPECT_NEAR(years[0].pension_exits, 40 + expected, 1e-9);
}

TEST(ForecastProjectionTest, DampedTrendsLevelOffAndRatesStayRates) {
  SupplyState state;
  state.in_supply = 0;
  FittedRates rates;
  rates.inflow = 100;
  rates.inflow_trend = 10;
  ForecastOptions straight = Options();
  straight.trend_damping = 1;
  // No outflow: the supply is the inflow summed, 100 + 10 * step.
  double sum = 0;
  for (int step = 0; step <= 20; ++step) sum += 100 + 10 * step;
  EXPECT_NEAR(Project(state, rates, straight).back().available, sum, 1e-6);
  EXPECT_LT(Project(state, rates, Options()).back().available, sum);

  // A rate trend that would pass 100% is held to it.
  state.in_supply = 1000;
  rates = FittedRates{};
  rates.placement_rate = 0.5;
  rates.placement_trend = 0.5;
  rates.withdrawal_rate = 0.5;
  for (const ProjectedYear& y : Project(state, rates, straight)) {
    EXPECT_GE(y.available, 0);
  }
}

// The projection with the true parameters against many simulations of the
// process: the mean within 1% and the 80% interval holding about 80%.
TEST(ForecastProjectionTest, MeanAndIntervalAgreeWithSimulation) {
  Truth truth;
  truth.inflow = 250;
  truth.inflow_trend = 3;
  SupplyState state;
  state.in_supply = 4000;
  state.birth_years[1961] = 300;
  state.birth_years[1963] = 200;
  FittedRates rates;
  rates.inflow = truth.inflow;
  rates.inflow_trend = truth.inflow_trend;
  rates.inflow_deviation = std::sqrt(truth.inflow);
  rates.placement_rate = truth.placement_rate;
  rates.withdrawal_rate = truth.withdrawal_rate;
  ForecastOptions options = Options();
  options.trend_damping = 1;
  const std::vector<ProjectedYear> projected = Project(state, rates, options);
  const int steps = 4 * options.years;

  // People of today's supply by the step their pension starts (each
  // cohort's members spread evenly over its four quarters); the rest, and
  // every newcomer, stay past the horizon.
  std::vector<int64_t> due_at(steps + 2, 0);
  int64_t others = state.in_supply;
  for (const auto& [year, count] : state.birth_years) {
    const int from = FirstPensionQuarter(year);
    for (int q = from; q < from + 4; ++q) {
      due_at[std::min(std::max(q - kNow, 0), steps + 1)] += count / 4;
    }
    others -= count;
  }
  const int runs = 1000;
  std::vector<int> inside(options.years, 0);
  std::vector<double> mean(options.years, 0);
  std::mt19937_64 rng(2026);
  for (int run = 0; run < runs; ++run) {
    std::vector<int64_t> due = due_at;
    int64_t rest = others;
    for (int step = 0; step <= steps; ++step) {
      due[step] = 0;  // pension starts
      // Everyone else at risk, each group on its own.
      for (int later = step + 1; later <= steps + 1; ++later) {
        const Draw d =
            Leave(due[later], truth.placement_rate, truth.withdrawal_rate, rng);
        due[later] -= d.placed + d.withdrawn;
      }
      const Draw d =
          Leave(rest, truth.placement_rate, truth.withdrawal_rate, rng);
      rest -= d.placed + d.withdrawn;
      rest += Poisson(truth.inflow + truth.inflow_trend * step, rng);
      if (step > 0 && step % 4 == 0) {
        int64_t supply = rest;
        for (int later = step + 1; later <= steps + 1; ++later) {
          supply += due[later];
        }
        const ProjectedYear& y = projected[step / 4 - 1];
        const double spread = 1.2816 * std::sqrt(y.variance);
        inside[step / 4 - 1] +=
            supply >= y.available - spread && supply <= y.available + spread;
        mean[step / 4 - 1] += static_cast<double>(supply) / runs;
      }
    }
  }
  for (int y = 0; y < options.years; ++y) {
    EXPECT_NEAR(projected[y].available, mean[y], 0.01 * mean[y]) << y + 1;
    EXPECT_NEAR(inside[y] / static_cast<double>(runs), 0.8, 0.05) << y + 1;
  }
}

}  // namespace
}  // namespace passend::services
