#include "services/reports/progress.h"

#include <algorithm>
#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/dutch_calendar.h"
#include "services/access/suppression.h"
#include "services/status/field_violations.h"

namespace passend::services {
namespace {

using v1::Placement;
using v1::Vacancy;

absl::CivilDay DayOf(const v1::Date& d) {
  return absl::CivilDay(d.year(), d.month(), d.day());
}

absl::CivilDay QuarterStart(absl::CivilDay day) {
  return absl::CivilDay(day.year(), (day.month() - 1) / 3 * 3 + 1, 1);
}

absl::CivilDay NextQuarter(absl::CivilDay start) {
  return absl::CivilDay(absl::CivilMonth(start) + 3);
}

// One cell of the report before it becomes a JobCount: jobs and placements
// per sector (private, public) and contract (direct, agency, secondment).
struct Cell {
  double jobs[2][3] = {};
  int64_t placements[2][3] = {};

  void Add(const Placement& p) {
    const int sector = p.sector() == Vacancy::PUBLIC ? 1 : 0;
    const int contract = p.contract_type() == Vacancy::AGENCY       ? 1
                         : p.contract_type() == Vacancy::SECONDMENT ? 2
                                                                    : 0;
    jobs[sector][contract] += p.hours_per_week() / kHoursPerJob;
    ++placements[sector][contract];
  }
  int64_t total_placements() const {
    int64_t n = 0;
    for (const auto& row : placements) {
      for (int64_t c : row) n += c;
    }
    return n;
  }
};

// The cell as published: nothing but `suppressed` when it describes fewer
// than `threshold` placements; else every number, with small parts of the
// split hidden as one table. Returns false when anything is hidden.
bool Fill(const Cell& cell, int threshold, v1::JobCount* out) {
  const int64_t n = cell.total_placements();
  if (threshold > 0 && n > 0 && n < threshold) {
    out->set_suppressed(true);
    return false;
  }
  out->set_placements(n);
  std::vector<int64_t> counts;
  double total = 0;
  for (int s = 0; s < 2; ++s) {
    for (int c = 0; c < 3; ++c) {
      counts.push_back(cell.placements[s][c]);
      total += cell.jobs[s][c];
    }
  }
  out->set_total(total);
  std::vector<bool> hidden;
  SuppressTogether(counts, threshold, &hidden);
  static constexpr const char* kParts[2][3] = {
      {"private_direct", "private_agency", "private_secondment"},
      {"public_direct", "public_agency", "public_secondment"}};
  auto part = [&](int s, int c) {
    if (!hidden[s * 3 + c]) return cell.jobs[s][c];
    out->add_hidden_parts(kParts[s][c]);
    return 0.0;
  };
  out->set_private_direct(part(0, 0));
  out->set_private_agency(part(0, 1));
  out->set_private_secondment(part(0, 2));
  out->set_public_direct(part(1, 0));
  out->set_public_agency(part(1, 1));
  out->set_public_secondment(part(1, 2));
  return std::find(hidden.begin(), hidden.end(), true) == hidden.end();
}

void Suppress(v1::JobCount* cell) {
  cell->Clear();
  cell->set_suppressed(true);
}

}  // namespace

absl::StatusOr<absl::CivilDay> ParseQuarter(absl::string_view quarter,
                                            absl::string_view field) {
  int year = 0;
  if (quarter.size() != 6 || quarter[4] != 'Q' ||
      !absl::SimpleAtoi(quarter.substr(0, 4), &year) || quarter[5] < '1' ||
      quarter[5] > '4' || year < 2000) {
    return InvalidField(std::string(field),
                        "must be a quarter such as \"2026Q3\" (year 2000 on)");
  }
  return absl::CivilDay(year, (quarter[5] - '1') * 3 + 1, 1);
}

v1::Progress ComputeProgress(const std::vector<Placement>& placements,
                             const ProgressQuery& query) {
  v1::Progress progress;
  progress.set_target_private(query.target_private);
  progress.set_target_public(query.target_public);
  progress.set_target_total(query.target_total);
  const int threshold = query.suppress_below;
  for (absl::CivilDay start = QuarterStart(query.from);
       start <= QuarterStart(query.to); start = NextQuarter(start)) {
    // Jobs held on the quarter's last day, or today in the current one.
    const absl::CivilDay last = std::min(NextQuarter(start) - 1, query.today);
    Cell national;
    Cell hired;
    std::map<std::string, Cell> regions;
    for (const Placement& p : placements) {
      if (!query.employer.empty() && p.employer() != query.employer) continue;
      if ((p.state() != Placement::HIRED && p.state() != Placement::ENDED) ||
          !p.has_hired_on()) {
        continue;
      }
      const absl::CivilDay hired_on = DayOf(p.hired_on());
      if (hired_on >= start && hired_on <= last) hired.Add(p);
      const bool held = hired_on <= last &&
                        (p.state() == Placement::HIRED ||
                         (p.has_ended_on() && DayOf(p.ended_on()) > last));
      if (!held) continue;
      national.Add(p);
      regions[p.region()].Add(p);
    }
    v1::QuarterProgress* q = progress.add_quarters();
    q->set_quarter(QuarterName(start));
    const bool national_complete =
        Fill(national, threshold, q->mutable_national());
    Fill(hired, threshold, q->mutable_hired());
    std::vector<int64_t> counts;
    for (const auto& [code, cell] : regions) {
      v1::RegionJobs* r = q->add_regions();
      r->set_region(code);
      Fill(cell, threshold, r->mutable_jobs());
      counts.push_back(cell.total_placements());
    }
    // The regions add up to the national cell: hide them as one table. (If
    // that hides them all, the national cell is small and hidden itself.)
    std::vector<bool> hidden;
    SuppressTogether(counts, threshold, &hidden);
    for (size_t i = 0; i < hidden.size(); ++i) {
      if (hidden[i]) Suppress(q->mutable_regions(i)->mutable_jobs());
    }
    // Shares against the targets, from the last quarter: of a sector only
    // when they cannot give a hidden part of the split away; of all jobs
    // whenever the total is shown.
    if (start == QuarterStart(query.to) && !q->national().suppressed()) {
      double sector_jobs[2] = {0, 0};
      for (int s = 0; s < 2; ++s) {
        for (int c = 0; c < 3; ++c) sector_jobs[s] += national.jobs[s][c];
      }
      if (query.target_private > 0 && national_complete) {
        progress.set_private_share(sector_jobs[0] / query.target_private);
      }
      if (query.target_public > 0 && national_complete) {
        progress.set_public_share(sector_jobs[1] / query.target_public);
      }
      if (query.target_total > 0) {
        progress.set_total_share((sector_jobs[0] + sector_jobs[1]) /
                                 query.target_total);
      }
    }
  }
  return progress;
}

}  // namespace passend::services
