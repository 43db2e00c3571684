// progress, supply, bottlenecks, forecast and history record: the reports
// on jobs and on the candidate supply (docs/REPORTS.md), as tables or, with
// --json, the responses.
#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "passend/v1/placement.grpc.pb.h"
#include "passend/v1/supply.grpc.pb.h"
#include "tools/passend/client.h"
#include "tools/passend/command.h"
#include "tools/passend/flags.h"

ABSL_FLAG(std::string, from, "",
          "first quarter, e.g. 2026Q1 (default: four quarters before --to)");
ABSL_FLAG(std::string, to, "", "last quarter (default: this one)");
ABSL_FLAG(int, years, 0, "years ahead, 1-5 (default 5)");
ABSL_FLAG(double, target, 0,
          "one target for all jobs, private and public together (default: "
          "the two targets of the jobs agreement)");
ABSL_FLAG(int, history_quarters, 0,
          "past quarters to fit on, 2-40 (default 12)");

namespace passend::tools {
namespace {

int Progress(const Invocation& in) {
  auto stub = v1::PlacementService::NewStub(in.channel);
  v1::GetProgressRequest request;
  request.set_from_quarter(absl::GetFlag(FLAGS_from));
  request.set_to_quarter(absl::GetFlag(FLAGS_to));
  request.set_employer(absl::GetFlag(FLAGS_employer));
  request.set_target_total(absl::GetFlag(FLAGS_target));
  v1::Progress progress;
  grpc::Status s = stub->GetProgress(Context().get(), request, &progress);
  if (!s.ok()) return ReportError(s);
  if (PrintedAsJson(progress)) return kExitOk;
  auto cell = [](const v1::JobCount& c) {
    return c.suppressed() ? std::string("(<10)")
                          : absl::StrFormat("%.2f", c.total());
  };
  std::printf("jobs of 25.5 hours held at the end of each quarter%s\n",
              request.employer().empty()
                  ? ""
                  : absl::StrCat(" at ", request.employer()).c_str());
  std::printf("%-7s %10s %10s %10s %10s %10s %10s %10s  %s\n", "quarter",
              "jobs", "private", "public", "direct", "agency", "secondment",
              "hired", "regions");
  for (const auto& q : progress.quarters()) {
    const v1::JobCount& n = q.national();
    std::vector<std::string> regions;
    for (const auto& r : q.regions()) {
      regions.push_back(absl::StrCat(r.region(), " ", cell(r.jobs())));
    }
    std::printf(
        "%-7s %10s %10.2f %10.2f %10.2f %10.2f %10.2f %10s  %s\n",
        q.quarter().c_str(), cell(n).c_str(),
        n.private_direct() + n.private_agency() + n.private_secondment(),
        n.public_direct() + n.public_agency() + n.public_secondment(),
        n.private_direct() + n.public_direct(),
        n.private_agency() + n.public_agency(),
        n.private_secondment() + n.public_secondment(), cell(q.hired()).c_str(),
        absl::StrJoin(regions, ", ").c_str());
  }
  if (progress.target_total() > 0) {
    std::printf("target: %.0f jobs (%.3f%% reached)\n", progress.target_total(),
                100 * progress.total_share());
  } else {
    std::printf(
        "targets: %.0f private (%.3f%% reached), %.0f public (%.3f%%)\n",
        progress.target_private(), 100 * progress.private_share(),
        progress.target_public(), 100 * progress.public_share());
  }
  return kExitOk;
}

int Supply(const Invocation& in) {
  auto stub = v1::SupplyService::NewStub(in.channel);
  v1::GetSupplyRequest request;
  AddRegionsFlag(request);
  v1::Supply supply;
  grpc::Status s = stub->GetSupply(Context().get(), request, &supply);
  if (!s.ok()) return ReportError(s);
  if (PrintedAsJson(supply)) return kExitOk;
  auto count = [](int64_t n, bool hidden) {
    return hidden ? std::string("(<10)") : absl::StrCat(n);
  };
  std::printf("%-6s %10s %8s %7s %22s %18s  %s\n", "region", "available",
              "stale", "share", "stamped not placeable", "placeable by need",
              "largest needs");
  auto row = [&](const v1::RegionSupply& r) {
    std::vector<std::pair<int64_t, std::string>> needs;
    for (const auto& n : r.needs()) {
      if (!n.suppressed() && !n.need().empty()) {
        needs.emplace_back(n.candidates(), n.need());
      }
    }
    std::sort(needs.rbegin(), needs.rend());
    std::vector<std::string> top;
    for (size_t i = 0; i < needs.size() && i < 3; ++i) {
      top.push_back(absl::StrCat(needs[i].second, " ", needs[i].first));
    }
    std::printf(
        "%-6s %10s %8s %6.1f%% %22s %18s  %s\n",
        r.region().empty() ? "all" : r.region().c_str(),
        count(r.available(), r.available_suppressed()).c_str(),
        count(r.stale(), r.stale_suppressed()).c_str(), 100 * r.stale_share(),
        count(r.stamped_not_placeable(), r.stamped_suppressed()).c_str(),
        count(r.placeable_by_need(), r.placeable_suppressed()).c_str(),
        absl::StrJoin(top, ", ").c_str());
  };
  for (const auto& r : supply.regions()) row(r);
  row(supply.total());
  return kExitOk;
}

int Bottlenecks(const Invocation& in) {
  auto stub = v1::SupplyService::NewStub(in.channel);
  v1::GetBottlenecksRequest request;
  AddRegionsFlag(request);
  v1::Bottlenecks report;
  grpc::Status s = stub->GetBottlenecks(Context().get(), request, &report);
  if (!s.ok()) return ReportError(s);
  if (PrintedAsJson(report)) return kExitOk;
  for (const auto& r : report.regions()) {
    if (r.vacancies().empty() && r.stranded_candidates() == 0 &&
        !r.stranded_suppressed()) {
      continue;
    }
    std::printf("%s: %d vacancies nobody fits, %s candidates no vacancy fits\n",
                r.region().c_str(), r.vacancies_size(),
                r.stranded_suppressed()
                    ? "(<10)"
                    : absl::StrCat(r.stranded_candidates()).c_str());
    for (const auto& v : r.vacancies()) {
      std::printf(
          "  %-40s %s\n", v.vacancy().c_str(),
          v.kind() == v1::Constraint::TRAVEL
              ? "nobody available within reach"
              : absl::StrCat(v.kind() == v1::Constraint::SUPPORT_NEED
                                 ? "need "
                                 : "capacity ",
                             v.subject(), " keeps out ",
                             v.suppressed() ? std::string("(<10)")
                                            : absl::StrCat(v.candidates()))
                    .c_str());
    }
    for (const auto& n : r.unoffered_needs()) {
      std::printf(
          "  need %-34s no employer in reach offers it: %s candidates\n",
          n.need().c_str(),
          n.suppressed() ? "(<10)" : absl::StrCat(n.candidates()).c_str());
    }
  }
  return kExitOk;
}

int Forecast(const Invocation& in) {
  auto stub = v1::SupplyService::NewStub(in.channel);
  v1::ForecastSupplyRequest request;
  AddRegionsFlag(request);
  request.set_years(absl::GetFlag(FLAGS_years));
  request.set_history_quarters(absl::GetFlag(FLAGS_history_quarters));
  v1::SupplyForecast forecast;
  grpc::Status s = stub->ForecastSupply(Context().get(), request, &forecast);
  if (!s.ok()) return ReportError(s);
  if (PrintedAsJson(forecast)) return kExitOk;
  std::printf("%-6s %7s %8s %9s %8s %9s", "region", "now", "quarters",
              "inflow/q", "placed/q", "withdr./q");
  for (const auto& y : forecast.total().years()) {
    std::printf(" %20s", y.until_quarter().c_str());
  }
  std::printf("\n");
  auto row = [](const v1::RegionForecast& r) {
    std::printf("%-6s %7lld", r.region().empty() ? "all" : r.region().c_str(),
                static_cast<long long>(r.available_now()));
    if (r.has_rates()) {
      std::printf(" %8d %9.1f %7.1f%% %8.1f%%", r.rates().quarters_observed(),
                  r.rates().inflow(), 100 * r.rates().placement_rate(),
                  100 * r.rates().withdrawal_rate());
    } else {
      std::printf(" %8s %9s %8s %9s", "", "", "", "");
    }
    for (const auto& y : r.years()) {
      std::printf(" %20s", absl::StrFormat("%d (%d-%d)", y.available(), y.low(),
                                           y.high())
                               .c_str());
    }
    std::printf("\n");
  };
  for (const auto& r : forecast.regions()) row(r);
  row(forecast.total());
  std::printf(
      "the supply: available now or from a date; ranges are 80%% intervals "
      "of the flows' variation; method in docs/REPORTS.md%s\n",
      forecast.rounded_to() > 0
          ? absl::StrCat("; counts rounded to ", forecast.rounded_to()).c_str()
          : "");
  return kExitOk;
}

int RecordHistory(const Invocation& in) {
  v1::RecordSupplyHistoryRequest request;
  if (absl::Status read = ReadMessage(in.args[0], &request); !read.ok()) {
    return ReportUsageError(read);
  }
  v1::RecordSupplyHistoryResponse response;
  return PrintResult(
      v1::SupplyService::NewStub(in.channel)
          ->RecordSupplyHistory(Context().get(), request, &response),
      response);
}
}  // namespace

std::vector<Command> ReportCommands() {
  const char* regions =
      "the owner regions to report (comma-separated; default: every region, "
      "a WSP's own)";
  return {
      {"progress",
       {},
       {Opt(FLAGS_from), Opt(FLAGS_to),
        Opt(FLAGS_employer, "only jobs at this employer"), Opt(FLAGS_target)},
       "jobs per quarter against the targets of the jobs agreement",
       "Jobs of 25.5 hours held at the end of each quarter, by sector, "
       "contract and region.",
       Progress},
      {"supply",
       {},
       {Opt(FLAGS_regions, regions)},
       "available candidates per region: stale share, placeable by need",
       "",
       Supply},
      {"bottlenecks",
       {},
       {Opt(FLAGS_regions, regions)},
       "per region, the vacancies nobody fits and the needs nobody offers",
       "",
       Bottlenecks},
      {"forecast",
       {},
       {Opt(FLAGS_regions, regions), Opt(FLAGS_years),
        Opt(FLAGS_history_quarters)},
       "the candidate supply per region for the years ahead",
       "Fitted on the quarters of the supply ledger; ranges are 80% "
       "intervals. The method is in docs/REPORTS.md.",
       Forecast},
      {"history record",
       {"FILE"},
       {},
       "records past quarters of the supply ledger (admins)",
       "FILE holds a RecordSupplyHistoryRequest as JSON: the registrations, "
       "placements and withdrawals of region-quarters from before passend.",
       RecordHistory},
  };
}

}  // namespace passend::tools
