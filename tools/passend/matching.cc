// rank, explain and advice: what matches, why, and what would open more
// matches; readable tables, or the responses as JSON with --json.
#include "tools/passend/matching.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "passend/v1/advice.grpc.pb.h"
#include "passend/v1/match.grpc.pb.h"
#include "tools/passend/client.h"
#include "tools/passend/command.h"
#include "tools/passend/flags.h"

ABSL_FLAG(int, near_misses, 0,
          "also show this many near misses, with what would make them match");
ABSL_FLAG(int, edges_per_vacancy, 0,
          "each vacancy's best candidates considered (server default 100)");

namespace passend::tools {
namespace {

// One line per ranked pair: what a consultant scans first.
void PrintRankedLine(int rank, const v1::MatchExplanation& e,
                     absl::string_view other) {
  int needs = 0, met = 0;
  for (const auto& need : e.needs()) {
    ++needs;
    met += need.met();
  }
  std::printf(
      "%3d  %4d  %-38s %6.1f km  %2d-%2d h  needs %d/%d  %s\n", rank, e.score(),
      std::string(other).c_str(), e.travel().distance_km(),
      e.hours().candidate().min(), e.hours().candidate().max(), met, needs,
      v1::OccupationMatch::Closeness_Name(e.occupation().closeness()).c_str());
}

// Near misses with what would open them.
void PrintNearMisses(
    const google::protobuf::RepeatedPtrField<v1::MatchExplanation>& misses,
    bool by_vacancy) {
  if (misses.empty()) return;
  std::printf("\nnear misses (what would make them match):\n");
  for (const auto& e : misses) {
    std::printf("  %s:", (by_vacancy ? e.candidate() : e.vacancy()).c_str());
    for (const auto& u : e.unlockers()) {
      std::printf(" [%s]", u.description().c_str());
    }
    std::printf("\n");
  }
}

void PrintNextPage(const std::string& token) {
  if (!token.empty()) std::printf("more with --page_token=%s\n", token.c_str());
}

RankingPage PageFromFlags() {
  return {absl::GetFlag(FLAGS_page_size), absl::GetFlag(FLAGS_page_token),
          absl::GetFlag(FLAGS_near_misses), absl::GetFlag(FLAGS_region)};
}

template <typename Request>
void SetPage(const RankingPage& page, Request& request) {
  request.set_page_size(page.page_size);
  request.set_page_token(page.page_token);
  request.set_near_misses(page.near_misses);
  if (!page.region.empty()) request.add_regions(page.region);
}

// The line above a ranking: how many of how many `what` match `subject`.
template <typename Response>
void PrintRankingHeader(const Response& response, const char* what,
                        const std::string& subject) {
  std::printf("%lld of %lld %s match %s\n",
              static_cast<long long>(response.feasible_count()),
              static_cast<long long>(response.scanned_count()), what,
              subject.c_str());
}

int RankAnonymous(const Invocation& in) {
  v1::RankCandidatesRequest request;
  request.set_vacancy(in.args[0]);
  SetPage(PageFromFlags(), request);
  v1::RankAnonymousCandidatesResponse response;
  grpc::Status s =
      v1::MatchService::NewStub(in.channel)
          ->RankAnonymousCandidates(Context().get(), request, &response);
  if (!s.ok()) return ReportError(s);
  if (PrintedAsJson(response)) return kExitOk;
  PrintRankingHeader(response, "candidates (as an employer sees them)",
                     in.args[0]);
  int rank = 0;
  for (const auto& r : response.results()) {
    std::printf("%3d  %4d  %-38s %s  %2d-%2d h", ++rank, r.score(),
                r.candidate().c_str(),
                r.within_travel_range() ? "in reach" : "too far ",
                r.hours_per_week().min(), r.hours_per_week().max());
    for (const auto& c : r.conditions()) {
      std::printf("  %s%s", c.required() ? "needs " : "helps ",
                  absl::StrJoin(c.adjustments(), "|").c_str());
    }
    std::printf("\n");
  }
  PrintNextPage(response.next_page_token());
  return kExitOk;
}

int RankVacancies(const Invocation& in) {
  v1::RankVacanciesRequest request;
  request.set_candidate(in.args[0]);
  SetPage(PageFromFlags(), request);
  v1::RankVacanciesResponse response;
  grpc::Status s = v1::MatchService::NewStub(in.channel)
                       ->RankVacancies(Context().get(), request, &response);
  if (!s.ok()) return ReportError(s);
  if (PrintedAsJson(response)) return kExitOk;
  PrintRankingHeader(response, "open vacancies", in.args[0]);
  int rank = 0;
  for (const auto& r : response.results()) {
    PrintRankedLine(++rank, r.explanation(), r.vacancy());
  }
  PrintNearMisses(response.near_misses(), false);
  return kExitOk;
}

int Explain(const Invocation& in) {
  const std::string& candidate = in.args[0];
  const std::string& vacancy = in.args[1];
  v1::ExplainMatchRequest request;
  request.set_candidate(candidate);
  request.set_vacancy(vacancy);
  v1::MatchExplanation e;
  grpc::Status s = v1::MatchService::NewStub(in.channel)
                       ->ExplainMatch(Context().get(), request, &e);
  if (!s.ok()) return ReportError(s);
  if (PrintedAsJson(e)) return kExitOk;
  std::printf("%s x %s: %s, score %d\n", candidate.c_str(), vacancy.c_str(),
              e.feasible() ? "a match" : "not a match", e.score());
  for (const auto& need : e.needs()) {
    std::printf("  need %-24s %-9s %s", need.need().c_str(),
                v1::SupportNeed::Strength_Name(need.strength()).c_str(),
                need.met() ? "met by" : "NOT MET");
    for (const auto& a : need.met_by()) std::printf(" %s", a.c_str());
    std::printf("\n");
  }
  for (const auto& d : e.dimensions()) {
    std::printf("  demand %-22s capacity %d, demand %d -> %d %s\n",
                d.dimension().c_str(), d.capacity(), d.demand(),
                d.effective_demand(), d.met() ? "ok" : "TOO HIGH");
  }
  std::printf("  hours %d-%d vs %d-%d: %s\n", e.hours().candidate().min(),
              e.hours().candidate().max(), e.hours().vacancy().min(),
              e.hours().vacancy().max(), e.hours().met() ? "ok" : "NO OVERLAP");
  std::printf("  travel %.1f km of %d km%s: %s\n", e.travel().distance_km(),
              e.travel().travel_range_km(),
              e.travel().remote_possible() ? " (remote possible)" : "",
              e.travel().met() ? "ok" : "TOO FAR");
  std::printf("  available %s, confirmed %d days ago%s\n",
              e.availability().available() ? "yes" : "NO",
              e.availability().days_since_confirmed(),
              e.availability().fresh() ? "" : " (STALE)");
  const auto& b = e.score_breakdown();
  std::printf(
      "  score: needs %d + occupation %d + hours %d + distance %d + "
      "headroom %d + wage %d\n",
      b.preferred_needs(), b.occupation(), b.hours_fit(), b.distance(),
      b.headroom(), b.wage_value());
  for (const auto& u : e.unlockers()) {
    std::printf("  would match if: %s\n", u.description().c_str());
  }
  return kExitOk;
}

// "jobcoach_light 12, buddy_mentor 3" from gains, or "-".
template <typename Gains>
std::string GainList(const Gains& gains, bool with_vacancies = false) {
  std::vector<std::string> parts;
  for (const v1::AdjustmentGain& g : gains) {
    if (g.count() == 0) continue;
    parts.push_back(absl::StrCat(
        g.adjustment(), " ", g.count(),
        with_vacancies ? absl::StrCat(" (", g.vacancies(), " vacancies)")
                       : ""));
  }
  return parts.empty() ? "-" : absl::StrJoin(parts, ", ");
}

int AdviseAdjustments(const Invocation& in) {
  v1::SuggestAdjustmentsRequest request;
  request.set_vacancy(in.args[0]);
  AddRegionsFlag(request);
  v1::SuggestAdjustmentsResponse response;
  grpc::Status s =
      v1::AdviceService::NewStub(in.channel)
          ->SuggestAdjustments(Context().get(), request, &response);
  if (!s.ok()) return ReportError(s);
  if (PrintedAsJson(response)) return kExitOk;
  std::printf(
      "%s: %lld candidates match now; %lld more in reach are kept out by "
      "needs or capacities\n",
      in.args[0].c_str(), static_cast<long long>(response.feasible_count()),
      static_cast<long long>(response.blocked_count()));
  std::printf("  %-32s %-16s %s\n", "adjustment not offered", "kind",
              "more candidates");
  int silent = 0;
  for (const auto& g : response.adjustments()) {
    if (g.count() == 0) {
      ++silent;
      continue;
    }
    std::printf("  %-32s %-16s %lld\n", g.adjustment().c_str(),
                v1::AdjustmentKind_Name(g.kind()).c_str(),
                static_cast<long long>(g.count()));
  }
  if (silent > 0) std::printf("  (%d more would add no one)\n", silent);
  if (response.has_best_combination()) {
    std::vector<std::string> names;
    for (const auto& g : response.best_combination().adjustments()) {
      names.push_back(g.adjustment());
    }
    std::printf("best set: %s: %lld more%s\n",
                absl::StrJoin(names, " + ").c_str(),
                static_cast<long long>(response.best_combination().count()),
                response.best_combination().exact() ? "" : " (greedy)");
  }
  for (const auto& d : response.demands()) {
    std::printf("demand %s one level lower (now %d): %lld more\n",
                d.dimension().c_str(), d.level(),
                static_cast<long long>(d.count()));
  }
  return kExitOk;
}

int AdviseBlockers(const Invocation& in) {
  v1::ExplainBlockersRequest request;
  request.set_candidate(in.args[0]);
  AddRegionsFlag(request);
  v1::ExplainBlockersResponse response;
  grpc::Status s = v1::AdviceService::NewStub(in.channel)
                       ->ExplainBlockers(Context().get(), request, &response);
  if (!s.ok()) return ReportError(s);
  if (PrintedAsJson(response)) return kExitOk;
  std::printf(
      "%s: %lld open vacancies in reach, %lld match on needs and "
      "capacities\n",
      in.args[0].c_str(), static_cast<long long>(response.vacancies_in_reach()),
      static_cast<long long>(response.feasible_vacancies()));
  std::printf("  %-36s %9s %6s  %s\n", "blocker", "vacancies", "alone",
              "reopened by (vacancies)");
  for (const auto& b : response.blockers()) {
    std::printf(
        "  %-36s %9lld %6lld  %s\n",
        absl::StrCat(
            b.kind() == v1::Constraint::SUPPORT_NEED ? "need " : "capacity ",
            b.subject())
            .c_str(),
        static_cast<long long>(b.vacancies()),
        static_cast<long long>(b.vacancies_alone()),
        GainList(b.reopened_by()).c_str());
  }
  return kExitOk;
}

int AdviseOpportunities(const Invocation& in) {
  v1::AdjustmentOpportunitiesRequest request;
  AddRegionsFlag(request);
  v1::AdjustmentOpportunitiesResponse response;
  grpc::Status s =
      v1::AdviceService::NewStub(in.channel)
          ->AdjustmentOpportunities(Context().get(), request, &response);
  if (!s.ok()) return ReportError(s);
  if (PrintedAsJson(response)) return kExitOk;
  std::printf("%-6s %9s %14s %13s  %s\n", "region", "vacancies",
              "matching pairs", "blocked pairs",
              "adjustments by pairs they would open (top 3)");
  for (const auto& r : response.regions()) {
    google::protobuf::RepeatedPtrField<v1::AdjustmentGain> top(
        r.adjustments().begin(),
        r.adjustments().begin() + std::min(3, r.adjustments_size()));
    std::printf("%-6s %9lld %14lld %13lld  %s\n", r.region().c_str(),
                static_cast<long long>(r.open_vacancies()),
                static_cast<long long>(r.feasible_pairs()),
                static_cast<long long>(r.blocked_pairs()),
                GainList(top, /*with_vacancies=*/true).c_str());
  }
  return kExitOk;
}

int AdviseAssignment(const Invocation& in) {
  v1::ProposeAssignmentsRequest request;
  AddRegionsFlag(request);
  request.set_edges_per_vacancy(absl::GetFlag(FLAGS_edges_per_vacancy));
  v1::ProposeAssignmentsResponse response;
  grpc::Status s =
      v1::AdviceService::NewStub(in.channel)
          ->ProposeAssignments(Context().get(), request, &response);
  if (!s.ok()) return ReportError(s);
  if (PrintedAsJson(response)) return kExitOk;
  std::printf(
      "%lld placements (total score %lld) against %lld by greedy "
      "per-vacancy picking (%lld); %lld candidates, %lld open vacancies, "
      "%lld positions, %lld pairs considered (%d per vacancy)\n",
      static_cast<long long>(response.optimal().placements()),
      static_cast<long long>(response.optimal().total_score()),
      static_cast<long long>(response.greedy().placements()),
      static_cast<long long>(response.greedy().total_score()),
      static_cast<long long>(response.candidate_count()),
      static_cast<long long>(response.open_vacancy_count()),
      static_cast<long long>(response.open_position_count()),
      static_cast<long long>(response.edge_count()),
      response.edges_per_vacancy());
  std::printf("  %-40s %-40s %s\n", "candidate", "vacancy", "score");
  for (const auto& p : response.proposals()) {
    std::printf("  %-40s %-40s %d\n", p.candidate().c_str(),
                p.vacancy().c_str(), p.score());
  }
  return kExitOk;
}

// The options of the rank commands; `region` says what --region keeps.
std::vector<Option> RankingOptions(const char* region) {
  return {Opt(FLAGS_page_size), Opt(FLAGS_page_token), Opt(FLAGS_near_misses),
          Opt(FLAGS_region, region)};
}

}  // namespace

int RankCandidates(const std::shared_ptr<grpc::Channel>& channel,
                   const std::string& vacancy, const RankingPage& page) {
  v1::RankCandidatesRequest request;
  request.set_vacancy(vacancy);
  SetPage(page, request);
  v1::RankCandidatesResponse response;
  grpc::Status s = v1::MatchService::NewStub(channel)->RankCandidates(
      Context().get(), request, &response);
  if (!s.ok()) return ReportError(s);
  if (PrintedAsJson(response)) return kExitOk;
  PrintRankingHeader(response, "candidates", vacancy);
  std::printf(
      "  #  score  candidate                              distance"
      "   hours  needs     occupation\n");
  int rank = 0;
  for (const auto& r : response.results()) {
    PrintRankedLine(++rank, r.explanation(), r.candidate());
  }
  PrintNearMisses(response.near_misses(), true);
  PrintNextPage(response.next_page_token());
  return kExitOk;
}

std::vector<Command> MatchingCommands() {
  const char* regions =
      "only candidates owned by these regions "
      "(comma-separated; default: every region, a WSP's own)";
  return {
      {"rank candidates",
       {"VACANCY"},
       RankingOptions("only candidates owned by this region"),
       "the candidates who match VACANCY, best first",
       "",
       [](const Invocation& in) {
         return RankCandidates(in.channel, in.args[0], PageFromFlags());
       }},
      {"rank vacancies",
       {"CANDIDATE"},
       RankingOptions("only vacancies in this region"),
       "the open vacancies that match CANDIDATE, best first",
       "",
       RankVacancies},
      {"rank anonymous",
       {"VACANCY"},
       RankingOptions("only candidates owned by this region"),
       "the candidates for VACANCY as its employer sees them",
       "No names, no contact details: the score, whether the candidate is "
       "in reach, their hours, and the adjustments they need or are helped "
       "by.",
       RankAnonymous},
      {"explain",
       {"CANDIDATE", "VACANCY"},
       {},
       "why CANDIDATE and VACANCY match or do not, point by point",
       "",
       Explain},
      {"advice adjustments",
       {"VACANCY"},
       {Opt(FLAGS_regions, regions)},
       "which adjustments VACANCY does not offer would open it to more "
       "candidates",
       "",
       AdviseAdjustments},
      {"advice blockers",
       {"CANDIDATE"},
       {Opt(FLAGS_regions,
            "only vacancies in these regions (comma-"
            "separated; default: every region)")},
       "what keeps CANDIDATE from the open vacancies in reach",
       "",
       AdviseBlockers},
      {"advice opportunities",
       {},
       {Opt(FLAGS_regions,
            "the vacancies' regions to report (comma-"
            "separated; default: every region, a WSP's own)")},
       "per region, the adjustments that would open the most pairs",
       "",
       AdviseOpportunities},
      {"advice assign",
       {},
       {Opt(FLAGS_regions,
            "required: candidates owned by and vacancies in "
            "these regions (comma-separated)"),
        Opt(FLAGS_edges_per_vacancy)},
       "the best placements region-wide, against greedy picking per vacancy",
       "Each candidate at most once, each vacancy up to its open positions, "
       "the total score as high as it goes.",
       AdviseAssignment},
  };
}

}  // namespace passend::tools
