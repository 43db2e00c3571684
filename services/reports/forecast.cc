#include "services/reports/forecast.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "common/dutch_calendar.h"
#include "common/status_macros.h"
#include "services/reports/progress.h"
#include "services/status/field_violations.h"

namespace passend::services {
namespace {

namespace v1 = passend::v1;
using storage::QuarterFlows;
using storage::SupplyFlow;

int64_t Inflow(const QuarterFlows& f) {
  return f[SupplyFlow::kRegistered] + f[SupplyFlow::kMovedIn];
}
int64_t Withdrawals(const QuarterFlows& f) {
  return f[SupplyFlow::kWithdrawn] + f[SupplyFlow::kMovedOut];
}
int64_t Net(const QuarterFlows& f) {
  return Inflow(f) - f[SupplyFlow::kPlaced] - Withdrawals(f) -
         f[SupplyFlow::kPensioned];
}

// y = level + trend * x by least squares with weights w, where level is at
// x = 0; the weighted mean when `with_trend` is false or x does not vary.
struct Line {
  double level = 0;
  double trend = 0;
};
Line FitLine(const std::vector<double>& x, const std::vector<double>& y,
             const std::vector<double>& w, bool with_trend) {
  double sw = 0, sx = 0, sy = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    sw += w[i];
    sx += w[i] * x[i];
    sy += w[i] * y[i];
  }
  if (sw <= 0) return {};
  const double mx = sx / sw, my = sy / sw;
  double sxx = 0, sxy = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    sxx += w[i] * (x[i] - mx) * (x[i] - mx);
    sxy += w[i] * (x[i] - mx) * (y[i] - my);
  }
  Line line;
  if (with_trend && sxx > 0) line.trend = sxy / sxx;
  line.level = my - line.trend * mx;
  return line;
}

// A fitted level `quarters` ahead under a damped trend.
double Ahead(double level, double trend, double damping, int quarters) {
  double sum = 0, factor = 1;
  for (int i = 1; i <= quarters; ++i) {
    factor *= damping;
    sum += factor;
  }
  return level + trend * sum;
}

}  // namespace

FittedRates FitRates(const SupplyState& state, const ForecastOptions& options) {
  std::vector<QuarterFlows> ledger;
  for (const QuarterFlows& f : state.ledger) {
    if (f.quarter <= options.current_quarter) ledger.push_back(f);
  }
  std::sort(ledger.begin(), ledger.end(),
            [](const QuarterFlows& a, const QuarterFlows& b) {
              return a.quarter < b.quarter;
            });
  FittedRates rates;
  // Observed from the first quarter that saw anyone leave: quarters before
  // hold only registrations back-dated by a bulk sync (registered_on), not
  // a record of what happened then.
  auto observed =
      std::find_if(ledger.begin(), ledger.end(), [](const QuarterFlows& f) {
        return f[SupplyFlow::kPlaced] + Withdrawals(f) +
                   f[SupplyFlow::kPensioned] >
               0;
      });
  if (observed == ledger.end()) return rates;
  const int first = std::max(
      observed->quarter, options.current_quarter - options.history_quarters);
  const int last = options.current_quarter - 1;
  if (first > last) return rates;

  // Walking back from now: the supply at each quarter's start is the supply
  // at its end less the quarter's net flow.
  std::vector<double> x, inflow, ones, exposure, placed, withdrawn;
  double supply_at_end = static_cast<double>(state.in_supply);
  size_t next = ledger.size();
  for (int q = options.current_quarter; q >= first; --q) {
    QuarterFlows flows;
    if (next > 0 && ledger[next - 1].quarter == q) flows = ledger[--next];
    const double start = supply_at_end - static_cast<double>(Net(flows));
    supply_at_end = start;
    if (q > last) continue;
    x.push_back(q - options.current_quarter);
    inflow.push_back(static_cast<double>(Inflow(flows)));
    ones.push_back(1);
    // Pension starts are projected from birth years, not from a rate.
    const double at_risk =
        start - static_cast<double>(flows[SupplyFlow::kPensioned]);
    exposure.push_back(std::max(at_risk, 0.0));
    placed.push_back(at_risk > 0 ? flows[SupplyFlow::kPlaced] / at_risk : 0);
    withdrawn.push_back(at_risk > 0 ? Withdrawals(flows) / at_risk : 0);
  }
  const int n = static_cast<int>(x.size());
  const bool with_trend = n >= options.min_quarters_for_trend;
  rates.quarters_observed = n;
  const Line in = FitLine(x, inflow, ones, with_trend);
  rates.inflow = in.level;
  rates.inflow_trend = in.trend;
  const int parameters = with_trend ? 2 : 1;
  if (n > parameters + 1) {
    double residuals = 0;
    for (int i = 0; i < n; ++i) {
      const double r = inflow[i] - (in.level + in.trend * x[i]);
      residuals += r * r;
    }
    rates.inflow_deviation = std::sqrt(residuals / (n - parameters));
  } else {
    rates.inflow_deviation = std::sqrt(std::max(in.level, 0.0));
  }
  const Line p = FitLine(x, placed, exposure, with_trend);
  rates.placement_rate = p.level;
  rates.placement_trend = p.trend;
  const Line w = FitLine(x, withdrawn, exposure, with_trend);
  rates.withdrawal_rate = w.level;
  rates.withdrawal_trend = w.trend;
  return rates;
}

std::vector<ProjectedYear> Project(const SupplyState& state,
                                   const FittedRates& rates,
                                   const ForecastOptions& options) {
  const int steps = 4 * options.years;
  // Pension starts due at each step among today's supply, if all stayed:
  // everyone already past the age at step 0.
  std::vector<double> due(steps + 1, 0.0);
  for (const auto& [year, count] : state.birth_years) {
    const int from = FirstPensionQuarter(year);
    for (int q = from; q < from + 4; ++q) {
      const int step = std::max(q - options.current_quarter, 0);
      if (step <= steps) due[step] += count / 4.0;
    }
  }
  std::vector<ProjectedYear> years(options.years);
  double supply = static_cast<double>(state.in_supply);
  double variance = 0;
  double staying = 1;  // share of today's supply still in it
  for (int step = 0; step <= steps; ++step) {
    // Step 0 is what is left of the current quarter.
    const double part = step == 0 ? 1.0 - options.elapsed_in_quarter : 1.0;
    const double damping = options.trend_damping;
    double p = std::clamp(
        Ahead(rates.placement_rate, rates.placement_trend, damping, step), 0.0,
        1.0);
    double w = std::clamp(
        Ahead(rates.withdrawal_rate, rates.withdrawal_trend, damping, step),
        0.0, 1.0);
    if (p + w > 1) {
      const double scale = 1 / (p + w);
      p *= scale;
      w *= scale;
    }
    const double inflow =
        part *
        std::max(Ahead(rates.inflow, rates.inflow_trend, damping, step), 0.0);
    const double pensioned = std::min(due[step] * staying, supply);
    const double at_risk = supply - pensioned;
    const double leave = part * (p + w);
    const double placed = part * p * at_risk;
    const double withdrawn = part * w * at_risk;
    supply = at_risk - placed - withdrawn + inflow;
    variance = (1 - leave) * (1 - leave) * variance +
               at_risk * leave * (1 - leave) +
               part * rates.inflow_deviation * rates.inflow_deviation;
    staying *= 1 - leave;

    ProjectedYear& year = years[std::max(step - 1, 0) / 4];
    year.inflow += inflow;
    year.placements += placed;
    year.withdrawals += withdrawn;
    year.pension_exits += pensioned;
    if (step > 0 && step % 4 == 0) {
      year.years_ahead = step / 4;
      year.until_quarter = options.current_quarter + step;
      year.available = supply;
      year.variance = variance;
    }
  }
  return years;
}

namespace {

// The proto's count fields, in SupplyFlow order, with their names.
struct FlowField {
  storage::SupplyFlow flow;
  const char* name;
  int64_t (v1::QuarterFlows::*get)() const;
  void (v1::QuarterFlows::*set)(int64_t);
};
const FlowField kFlowFields[] = {
    {SupplyFlow::kRegistered, "registrations", &v1::QuarterFlows::registrations,
     &v1::QuarterFlows::set_registrations},
    {SupplyFlow::kMovedIn, "moves_in", &v1::QuarterFlows::moves_in,
     &v1::QuarterFlows::set_moves_in},
    {SupplyFlow::kPlaced, "placements", &v1::QuarterFlows::placements,
     &v1::QuarterFlows::set_placements},
    {SupplyFlow::kWithdrawn, "withdrawals", &v1::QuarterFlows::withdrawals,
     &v1::QuarterFlows::set_withdrawals},
    {SupplyFlow::kPensioned, "pension_exits", &v1::QuarterFlows::pension_exits,
     &v1::QuarterFlows::set_pension_exits},
    {SupplyFlow::kMovedOut, "moves_out", &v1::QuarterFlows::moves_out,
     &v1::QuarterFlows::set_moves_out},
};

std::string QuarterNameOf(int quarter) {
  return QuarterName(QuarterStart(quarter));
}

// `value` to the nearest multiple of `round_to` (to the nearest whole with
// 0), never below 0.
int64_t Rounded(double value, int round_to) {
  const double unit = round_to > 0 ? round_to : 1;
  return static_cast<int64_t>(std::llround(std::max(value, 0.0) / unit)) *
         static_cast<int64_t>(unit);
}

// The 80% interval's half-width per standard deviation.
constexpr double kInterval80 = 1.2816;

void FillYears(const std::vector<ProjectedYear>& years, int round_to,
               v1::RegionForecast* out) {
  for (const ProjectedYear& y : years) {
    v1::ForecastYear* year = out->add_years();
    year->set_years_ahead(y.years_ahead);
    year->set_until_quarter(QuarterNameOf(y.until_quarter));
    const double spread = kInterval80 * std::sqrt(y.variance);
    year->set_available(Rounded(y.available, round_to));
    year->set_low(Rounded(y.available - spread, round_to));
    year->set_high(Rounded(y.available + spread, round_to));
    year->set_inflow(Rounded(y.inflow, round_to));
    year->set_placements(Rounded(y.placements, round_to));
    year->set_withdrawals(Rounded(y.withdrawals, round_to));
    year->set_pension_exits(Rounded(y.pension_exits, round_to));
  }
}

}  // namespace

v1::SupplyForecast ComputeForecast(
    const std::vector<std::pair<std::string, SupplyState>>& regions,
    const ForecastOptions& options, int round_to, bool with_history) {
  v1::SupplyForecast forecast;
  forecast.set_rounded_to(round_to);
  std::vector<ProjectedYear> total(options.years);
  int64_t total_now = 0;
  for (const auto& [code, state] : regions) {
    v1::RegionForecast* out = forecast.add_regions();
    out->set_region(code);
    out->set_available_now(
        Rounded(static_cast<double>(state.in_supply), round_to));
    total_now += state.in_supply;
    const FittedRates rates = FitRates(state, options);
    v1::SupplyRates* r = out->mutable_rates();
    r->set_quarters_observed(rates.quarters_observed);
    r->set_inflow(rates.inflow);
    r->set_inflow_trend(rates.inflow_trend);
    r->set_placement_rate(rates.placement_rate);
    r->set_placement_rate_trend(rates.placement_trend);
    r->set_withdrawal_rate(rates.withdrawal_rate);
    r->set_withdrawal_rate_trend(rates.withdrawal_trend);
    const std::vector<ProjectedYear> years = Project(state, rates, options);
    FillYears(years, round_to, out);
    for (size_t i = 0; i < years.size(); ++i) {
      total[i].years_ahead = years[i].years_ahead;
      total[i].until_quarter = years[i].until_quarter;
      total[i].available += years[i].available;
      total[i].variance += years[i].variance;
      total[i].inflow += years[i].inflow;
      total[i].placements += years[i].placements;
      total[i].withdrawals += years[i].withdrawals;
      total[i].pension_exits += years[i].pension_exits;
    }
    if (!with_history) continue;
    std::vector<storage::QuarterFlows> ledger = state.ledger;
    std::sort(
        ledger.begin(), ledger.end(),
        [](const storage::QuarterFlows& a, const storage::QuarterFlows& b) {
          return a.quarter < b.quarter;
        });
    for (const storage::QuarterFlows& f : ledger) {
      if (f.quarter < options.current_quarter - options.history_quarters ||
          f.quarter >= options.current_quarter) {
        continue;
      }
      v1::QuarterFlows* h = out->add_history();
      h->set_region(code);
      h->set_quarter(QuarterNameOf(f.quarter));
      for (const FlowField& field : kFlowFields) (h->*field.set)(f[field.flow]);
    }
  }
  v1::RegionForecast* out = forecast.mutable_total();
  out->set_available_now(Rounded(static_cast<double>(total_now), round_to));
  FillYears(total, round_to, out);
  return forecast;
}

absl::StatusOr<storage::QuarterFlows> LedgerEntry(const v1::QuarterFlows& flows,
                                                  absl::string_view prefix) {
  ASSIGN_OR_RETURN(
      absl::CivilDay start,
      ParseQuarter(flows.quarter(), absl::StrCat(prefix, "quarter")));
  storage::QuarterFlows entry;
  entry.region = flows.region();
  entry.quarter = QuarterIndex(start);
  FieldViolations violations;
  for (const FlowField& field : kFlowFields) {
    const int64_t count = (flows.*field.get)();
    if (count < 0) {
      violations.Add(absl::StrCat(prefix, field.name), "must not be negative");
    }
    entry[field.flow] = count;
  }
  RETURN_IF_ERROR(violations.status());
  return entry;
}

}  // namespace passend::services
