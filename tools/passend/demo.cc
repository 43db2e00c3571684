// demo load and demo show: a synthetic population (tools/demo_population.h)
// loaded into a server, with a history and placements so that every report
// has something to show, and a first look at a ranking.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "common/data_files.h"
#include "common/dutch_calendar.h"
#include "common/supply.h"
#include "matcher/reference_data.h"
#include "matcher/taxonomy.h"
#include "passend/v1/consent.grpc.pb.h"
#include "passend/v1/match.grpc.pb.h"
#include "passend/v1/placement.grpc.pb.h"
#include "passend/v1/supply.grpc.pb.h"
#include "passend/v1/vacancy.grpc.pb.h"
#include "tools/demo_population.h"
#include "tools/passend/client.h"
#include "tools/passend/command.h"
#include "tools/passend/matching.h"
#include "tools/passend/records.h"

ABSL_FLAG(int64_t, candidates, 10000, "candidates to generate");
ABSL_FLAG(int64_t, vacancies, 1500, "vacancies to generate");
ABSL_FLAG(int64_t, placements, 150, "vacancies to walk through to a placement");
ABSL_FLAG(uint64_t, seed, 42, "the generator's seed");

namespace passend::tools {
namespace {

using v1::Candidate;
using v1::Vacancy;

// The demo's supply ledger for the last 12 quarters, synthetic: each
// quarter's registrations as the population's registration dates imply
// (those still here, scaled up by the outflow since), and placements and
// withdrawals at 4.5% and 2.5% of the supply at the quarter's start, worked
// back from the supply now.
int DemoHistory(const std::shared_ptr<grpc::Channel>& channel,
                const DemoPopulation& population, int64_t candidates,
                absl::CivilDay today) {
  constexpr int kQuarters = 12;
  constexpr double kPlaced = 0.045;
  constexpr double kWithdrawn = kDemoQuarterlyOutflow - kPlaced;
  const int current = QuarterIndex(today);
  // Per region: the supply now, and those still here by quarters since
  // their registration.
  std::map<std::string, std::pair<int64_t, std::vector<int64_t>>> regions;
  for (int64_t i = 0; i < candidates; ++i) {
    const Candidate c = population.Candidate(i);
    if (!InSupply(c)) continue;
    auto& [supply, still_here] = regions[c.owner_region()];
    still_here.resize(kQuarters + 1);
    ++supply;
    const v1::Date& d = c.registered_on();
    const int back =
        current - QuarterIndex(absl::CivilDay(d.year(), d.month(), d.day()));
    if (back <= kQuarters) ++still_here[back];
  }
  v1::RecordSupplyHistoryRequest request;
  for (const auto& [region, counts] : regions) {
    const auto& [supply, still_here] = counts;
    double at_end = static_cast<double>(supply - still_here[0]);
    for (int back = 1; back <= kQuarters; ++back) {
      const int64_t in = std::llround(
          still_here[back] / std::pow(1 - kDemoQuarterlyOutflow, back));
      const double at_start = std::max(0.0, (at_end - static_cast<double>(in)) /
                                                (1 - kDemoQuarterlyOutflow));
      v1::QuarterFlows* f = request.add_quarters();
      f->set_region(region);
      f->set_quarter(
          passend::QuarterName(passend::QuarterStart(current - back)));
      f->set_registrations(in);
      f->set_placements(std::llround(kPlaced * at_start));
      f->set_withdrawals(std::llround(kWithdrawn * at_start));
      at_end += static_cast<double>(f->placements() + f->withdrawals() - in);
    }
  }
  v1::RecordSupplyHistoryResponse response;
  grpc::Status s = v1::SupplyService::NewStub(channel)->RecordSupplyHistory(
      Context().get(), request, &response);
  if (!s.ok()) return ReportError(s);
  std::cerr << "recorded a synthetic supply history: "
            << response.quarters_recorded() << " region-quarters\n";
  return kExitOk;
}

// Walks the best candidates of up to `count` open vacancies through
// proposal, consent, introduction and trial to a hire (hired over the last
// four quarters, for the progress report); every seventh is declined at
// introduction and every tenth hire ends again.
int DemoPlacements(const std::shared_ptr<grpc::Channel>& channel, int64_t count,
                   absl::CivilDay today) {
  auto vacancies = v1::VacancyService::NewStub(channel);
  auto match = v1::MatchService::NewStub(channel);
  auto placements = v1::PlacementService::NewStub(channel);
  auto consent = v1::ConsentService::NewStub(channel);
  v1::ListVacanciesRequest list;
  list.set_status(Vacancy::OPEN);
  list.set_page_size(static_cast<int>(std::min<int64_t>(count, 1000)));
  v1::ListVacanciesResponse open;
  grpc::Status s = vacancies->ListVacancies(Context().get(), list, &open);
  if (!s.ok()) return ReportError(s);
  int hired = 0, declined = 0, ended = 0;
  for (int n = 0; n < open.vacancies_size(); ++n) {
    const Vacancy& vacancy = open.vacancies(n);
    v1::RankCandidatesRequest rank;
    rank.set_vacancy(vacancy.name());
    rank.set_page_size(1);
    v1::RankCandidatesResponse best;
    s = match->RankCandidates(Context().get(), rank, &best);
    if (!s.ok()) return ReportError(s);
    if (best.results().empty()) continue;
    v1::CreatePlacementRequest propose;
    propose.mutable_placement()->set_candidate(best.results(0).candidate());
    propose.mutable_placement()->set_vacancy(vacancy.name());
    v1::Placement placement;
    s = placements->CreatePlacement(Context().get(), propose, &placement);
    if (!s.ok()) return ReportError(s);
    v1::RecordConsentRequest given;
    given.mutable_consent_event()->set_candidate(best.results(0).candidate());
    given.mutable_consent_event()->set_employer(vacancy.employer());
    given.mutable_consent_event()->set_kind(v1::ConsentEvent::GIVEN);
    v1::ConsentEvent event;
    s = consent->RecordConsent(Context().get(), given, &event);
    if (!s.ok()) return ReportError(s);
    auto move = [&](v1::Placement::State state) {
      v1::TransitionPlacementRequest request;
      request.set_name(placement.name());
      request.set_state(state);
      if (state == v1::Placement::DECLINED) {
        request.set_decline_reason("candidate_declined");
      }
      if (state == v1::Placement::HIRED) {
        request.set_hours_per_week(12 + 5 * (n % 5));
        const absl::CivilDay on = today - 91 * (n % 4);
        v1::Date* date = request.mutable_effective_on();
        date->set_year(static_cast<int>(on.year()));
        date->set_month(on.month());
        date->set_day(on.day());
      }
      return placements->TransitionPlacement(Context().get(), request,
                                             &placement);
    };
    s = move(v1::Placement::INTRODUCED);
    if (s.ok() && n % 7 == 6) {
      s = move(v1::Placement::DECLINED);
      declined += s.ok();
    } else if (s.ok()) {
      s = move(v1::Placement::TRIAL);
      if (s.ok()) s = move(v1::Placement::HIRED);
      hired += s.ok();
      if (s.ok() && hired % 10 == 0) {
        s = move(v1::Placement::ENDED);
        ended += s.ok();
      }
    }
    if (!s.ok()) return ReportError(s);
    if (hired + declined >= count) break;
  }
  std::cerr << "demo placements: " << hired << " hired (" << ended
            << " ended since), " << declined << " declined\n";
  return kExitOk;
}

int DemoLoad(const Invocation& in) {
  const std::shared_ptr<grpc::Channel>& channel = in.channel;
  auto taxonomy = matcher::Taxonomy::LoadFile(passend::DefaultTaxonomyFile());
  auto reference =
      matcher::ReferenceData::LoadDirectory(passend::DefaultReferenceDataDir());
  if (!taxonomy.ok() || !reference.ok()) {
    std::cerr << "error: cannot load the data files: "
              << (taxonomy.ok() ? reference.status() : taxonomy.status())
              << "\n";
    return kExitUsage;
  }
  DemoOptions options;
  options.seed = absl::GetFlag(FLAGS_seed);
  options.today = DutchDay(absl::Now());
  DemoPopulation population(*taxonomy, **reference, options);

  const int64_t candidates = absl::GetFlag(FLAGS_candidates);
  const int64_t vacancies = absl::GetFlag(FLAGS_vacancies);
  int64_t i = 0;
  int result = ImportCandidates(
      channel,
      [&](Candidate* c) {
        if (i >= candidates) return false;
        *c = population.Candidate(i++);
        return true;
      },
      candidates);
  if (result != kExitOk) return result;
  int64_t j = 0;
  result = ImportVacancies(
      channel,
      [&](Vacancy* v) {
        if (j >= vacancies) return false;
        *v = population.Vacancy(j++);
        return true;
      },
      vacancies);
  if (result != kExitOk) return result;
  result = DemoHistory(channel, population, candidates, options.today);
  if (result != kExitOk) return result;
  return DemoPlacements(channel, absl::GetFlag(FLAGS_placements),
                        options.today);
}

// Shows a new user ranked matches at once: the open vacancy worked on site
// with the most matching candidates among the first page of open ones, and
// its top five. On site, because travel is part of every match a newcomer
// should see; a job done from home reaches people anywhere.
int DemoShow(const Invocation& in) {
  auto vacancies = v1::VacancyService::NewStub(in.channel);
  auto match = v1::MatchService::NewStub(in.channel);
  v1::ListVacanciesRequest list;
  list.set_status(v1::Vacancy::OPEN);
  list.set_page_size(100);
  v1::ListVacanciesResponse open;
  grpc::Status s = vacancies->ListVacancies(Context().get(), list, &open);
  if (!s.ok()) return ReportError(s);
  std::string best;
  int64_t most = -1;
  for (const auto& v : open.vacancies()) {
    if (v.remote_possible()) continue;
    v1::RankCandidatesRequest request;
    request.set_vacancy(v.name());
    request.set_page_size(1);
    v1::RankCandidatesResponse response;
    if (match->RankCandidates(Context().get(), request, &response).ok() &&
        response.feasible_count() > most) {
      most = response.feasible_count();
      best = v.name();
    }
  }
  if (best.empty()) {
    std::printf("no open vacancies yet\n");
    return kExitOk;
  }
  RankingPage page;
  page.page_size = 5;
  page.near_misses = 3;
  return RankCandidates(in.channel, best, page);
}

}  // namespace

std::vector<Command> DemoCommands() {
  return {
      {"demo load",
       {},
       {Opt(FLAGS_candidates), Opt(FLAGS_vacancies), Opt(FLAGS_placements),
        Opt(FLAGS_seed)},
       "loads a synthetic population into the server (admins)",
       "Imports the generated candidates and vacancies, records a synthetic "
       "supply history of the last 12 quarters, and walks the best "
       "candidates of open vacancies to placements over the last four "
       "quarters, so that every report has something to show. The same "
       "seed and day give the same population.",
       DemoLoad},
      {"demo show",
       {},
       {},
       "the best matches of the open vacancy with the most of them",
       "",
       DemoShow},
  };
}

}  // namespace passend::tools
