#include "services/reports/supply_reports.h"

#include <functional>
#include <map>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/dutch_calendar.h"
#include "common/resource_name.h"
#include "common/status_macros.h"
#include "services/access/record_access.h"
#include "services/access/suppression.h"
#include "services/reports/forecast.h"
#include "services/reports/supply.h"
#include "services/status/field_violations.h"
#include "storage/supply_flows.h"

namespace passend::services {
namespace {

constexpr absl::string_view kService = "/passend.v1.SupplyService/";

bool Available(const v1::Candidate& c, absl::CivilDay today) {
  if (c.availability() == v1::Candidate::AVAILABLE_NOW) return true;
  if (c.availability() != v1::Candidate::AVAILABLE_FROM) return false;
  const v1::Date& d = c.available_from();
  return absl::CivilDay(d.year(), d.month(), d.day()) <= today;
}

// Visits every stored candidate; `still_wanted`'s error (the caller has gone
// or its deadline passed) ends the visit, asked every 1,024 candidates.
absl::Status ForEachCandidate(
    const storage::CandidateStore& candidates,
    const std::function<absl::Status()>& still_wanted,
    const std::function<void(const v1::Candidate&)>& visit) {
  absl::Status failed;
  int until_check = 1024;
  RETURN_IF_ERROR(candidates.ForEach([&](const v1::Candidate& c) {
    if (--until_check == 0) {
      until_check = 1024;
      if (still_wanted) failed = still_wanted();
      if (!failed.ok()) return false;
    }
    visit(c);
    return true;
  }));
  return failed;
}

// At most this many quarters per RecordSupplyHistory call.
constexpr int kMaxHistoryQuarters = 10000;

// How far `now` is into its quarter, in [0, 1).
double ElapsedInQuarter(absl::Time now) {
  const absl::CivilDay today = DutchDay(now);
  const int quarter = QuarterIndex(today);
  const double days = QuarterStart(quarter + 1) - QuarterStart(quarter);
  return (today - QuarterStart(quarter)) / days;
}

}  // namespace

absl::StatusOr<v1::Supply> SupplyReports::GetSupply(
    const Principal& principal, const v1::GetSupplyRequest& request,
    matcher::AdviceOptions options) {
  v1::Supply response;
  const matcher::ReferenceData& reference =
      matcher_->model().compiler().reference();
  const matcher::Taxonomy& taxonomy = matcher_->model().compiler().taxonomy();
  std::vector<uint8_t> regions;
  RETURN_IF_ERROR(
      RegionsInScope(*matcher_, principal, request.regions(), &regions));
  const std::array<bool, 256> wanted = matcher::RegionMask(regions);

  const matcher::MatchPolicy& policy = options.policy;
  const absl::CivilDay today = TodayInNetherlands(*clock_);
  std::vector<matcher::VacancyProfile> open;
  for (matcher::VacancyProfile& v : matcher_->VacancySnapshot()) {
    if (v.state == matcher::VacancyState::kOpen) {
      open.push_back(std::move(v));
    }
  }
  std::vector<SupplyEntry> entries;
  RETURN_IF_ERROR(ForEachCandidate(
      *candidates_, options.check, [&](const v1::Candidate& c) {
        const matcher::Region* region = reference.FindRegion(c.owner_region());
        if (region == nullptr ||
            !wanted[static_cast<uint8_t>(region -
                                         reference.regions().data())] ||
            !Available(c, today)) {
          return;
        }
        SupplyEntry e;
        e.region = c.owner_region();
        const v1::Date& confirmed = c.last_confirmed();
        e.fresh = (today - absl::CivilDay(confirmed.year(), confirmed.month(),
                                          confirmed.day())) <=
                  policy.stale_after_days;
        int limited = 0;
        for (const v1::DimensionLevel& level : c.capacities()) {
          const int d = taxonomy.DimensionIndex(level.dimension());
          limited +=
              d >= 0 && level.level() < taxonomy.dimension(d).normal_level();
        }
        e.capacity_band = CapacityBandOf(limited);
        e.hours_band = HoursBandOf(c.hours_per_week().max());
        for (const v1::SupportNeed& need : c.support_needs()) {
          if (need.strength() == v1::SupportNeed::REQUIRED) {
            e.needs.push_back(need.need());
          }
        }
        e.stamped_not_placeable =
            c.placeability() == v1::Candidate::NOT_PLACEABLE;
        if (e.stamped_not_placeable && e.fresh) {
          // Placeable by need: some open vacancy fits on every count.
          std::optional<matcher::CandidateProfile> profile =
              matcher_->candidates().Find(std::string(IdOf(c.name())));
          for (const matcher::VacancyProfile& v : open) {
            if (profile.has_value() &&
                matcher_->model().Assess(*profile, v, policy).feasible()) {
              e.placeable_by_need = true;
              break;
            }
          }
        }
        entries.push_back(std::move(e));
      }));
  response =
      ComputeSupply(entries, SuppressionFor(principal, Aggregate::kReport));
  return response;
}

absl::StatusOr<v1::Bottlenecks> SupplyReports::GetBottlenecks(
    const Principal& principal, const v1::GetBottlenecksRequest& request,
    matcher::AdviceOptions options) {
  v1::Bottlenecks response;
  const matcher::ReferenceData& reference =
      matcher_->model().compiler().reference();
  const matcher::Taxonomy& taxonomy = matcher_->model().compiler().taxonomy();
  RETURN_IF_ERROR(RegionsInScope(*matcher_, principal, request.regions(),
                                 &options.vacancy_regions));
  ASSIGN_OR_RETURN(std::vector<matcher::RegionBottlenecks> regions,
                   matcher::Bottlenecks(matcher_->candidates(),
                                        matcher_->candidates().Snapshot(),
                                        matcher_->VacancySnapshot(), options));
  const int threshold = SuppressionFor(principal, Aggregate::kReport);
  response.set_suppressed_below(threshold);
  for (const matcher::RegionBottlenecks& r : regions) {
    v1::RegionBottlenecks* out = response.add_regions();
    out->set_region(reference.regions()[r.region].code);
    bool hidden = false;
    for (const matcher::VacancyBottleneck& b : r.vacancies) {
      v1::VacancyBottleneck* v = out->add_vacancies();
      v->set_vacancy(VacancyName(b.vacancy));
      v->set_kind(b.kind);
      if (b.kind == v1::Constraint::SUPPORT_NEED) {
        v->set_subject(taxonomy.proto().support_needs(b.subject).id());
      } else if (b.kind == v1::Constraint::CAPACITY) {
        v->set_subject(taxonomy.dimension(b.subject).id());
      }
      v->set_candidates(Shown(b.candidates, threshold, &hidden));
      v->set_suppressed(hidden);
    }
    out->set_stranded_candidates(Shown(r.stranded, threshold, &hidden));
    out->set_stranded_suppressed(hidden);
    for (const matcher::Gain& g : r.unoffered_needs) {
      v1::NeedGap* gap = out->add_unoffered_needs();
      gap->set_need(taxonomy.proto().support_needs(g.subject).id());
      gap->set_candidates(Shown(g.count, threshold, &hidden));
      gap->set_suppressed(hidden);
    }
  }
  return response;
}

absl::StatusOr<v1::SupplyForecast> SupplyReports::ForecastSupply(
    const Principal& principal, const v1::ForecastSupplyRequest& request,
    matcher::AdviceOptions call) {
  v1::SupplyForecast response;
  ForecastOptions options;
  const absl::Time now = clock_->Now();
  options.current_quarter = QuarterIndex(DutchDay(now));
  options.elapsed_in_quarter = ElapsedInQuarter(now);
  FieldViolations violations;
  if (request.years() < 0 || request.years() > 5) {
    violations.Add("years", "must be 1-5 (0: 5)");
  } else if (request.years() > 0) {
    options.years = request.years();
  }
  if (request.history_quarters() < 0 || request.history_quarters() == 1 ||
      request.history_quarters() > 40) {
    violations.Add("history_quarters", "must be 2-40 (0: 12)");
  } else if (request.history_quarters() > 0 && !principal.is_admin()) {
    // Fits on two windows would tell one quarter's exact flows apart.
    violations.Add("history_quarters", "only an admin may choose it");
  } else if (request.history_quarters() > 0) {
    options.history_quarters = request.history_quarters();
  }
  RETURN_IF_ERROR(violations.status());
  const matcher::ReferenceData& reference =
      matcher_->model().compiler().reference();
  std::vector<uint8_t> regions;
  RETURN_IF_ERROR(
      RegionsInScope(*matcher_, principal, request.regions(), &regions));
  std::map<std::string, SupplyState> states;
  if (regions.empty()) {  // every region
    for (const matcher::Region& r : reference.regions()) states[r.code];
  }
  for (uint8_t r : regions) states[reference.regions()[r].code];

  RETURN_IF_ERROR(
      ForEachCandidate(*candidates_, call.check, [&](const v1::Candidate& c) {
        auto it = states.find(c.owner_region());
        if (it == states.end() || !InSupply(c)) return;
        ++it->second.in_supply;
        if (c.birth_year() > 0) ++it->second.birth_years[c.birth_year()];
      }));
  ASSIGN_OR_RETURN(std::vector<storage::QuarterFlows> ledger,
                   storage::ReadSupplyFlows(*db_));
  for (storage::QuarterFlows& flows : ledger) {
    auto it = states.find(flows.region);
    if (it != states.end()) it->second.ledger.push_back(std::move(flows));
  }
  const std::vector<std::pair<std::string, SupplyState>> ordered(states.begin(),
                                                                 states.end());
  const int threshold = SuppressionFor(principal, Aggregate::kReport);
  response = ComputeForecast(ordered, options, threshold,
                             /*with_history=*/threshold == 0);
  if (threshold > 0) {
    // A rate times a small supply is a count: counts only, rounded.
    for (v1::RegionForecast& r : *response.mutable_regions()) {
      r.clear_rates();
    }
  }
  return response;
}

absl::StatusOr<v1::RecordSupplyHistoryResponse>
SupplyReports::RecordSupplyHistory(
    const Principal& principal, const v1::RecordSupplyHistoryRequest& request) {
  const std::string method = absl::StrCat(kService, "RecordSupplyHistory");
  v1::RecordSupplyHistoryResponse response;
  if (request.quarters_size() > kMaxHistoryQuarters) {
    return InvalidField(
        "quarters", absl::StrCat("at most ", kMaxHistoryQuarters, " per call"));
  }
  const matcher::ReferenceData& reference =
      matcher_->model().compiler().reference();
  const int current = QuarterIndex(TodayInNetherlands(*clock_));
  FieldViolations violations;
  storage::WriteSet writes;
  absl::flat_hash_set<std::pair<std::string, int>> seen;
  for (int i = 0; i < request.quarters_size(); ++i) {
    const std::string prefix = absl::StrCat("quarters[", i, "].");
    const v1::QuarterFlows& flows = request.quarters(i);
    if (reference.FindRegion(flows.region()) == nullptr) {
      violations.Add(prefix + "region", "is not a region code");
    }
    absl::StatusOr<storage::QuarterFlows> entry = LedgerEntry(flows, prefix);
    if (!entry.ok()) {
      violations.AddAll(entry.status());
      continue;
    }
    if (entry->quarter >= current) {
      violations.Add(prefix + "quarter",
                     "must be before the current quarter, which the "
                     "ledger keeps itself");
    } else if (!seen.insert({entry->region, entry->quarter}).second) {
      violations.Add(prefix + "quarter",
                     "repeats a region and quarter of this request");
    }
    storage::StageQuarterFlows(*entry, &writes);
  }
  RETURN_IF_ERROR(violations.status());
  if (!writes.empty()) {
    RETURN_IF_ERROR(
        audit_->Record({principal.id, method}, {}, "OK", std::move(writes)));
  }
  response.set_quarters_recorded(request.quarters_size());
  return response;
}

}  // namespace passend::services
