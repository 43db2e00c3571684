#include "services/api/match_api.h"

#include <algorithm>
#include <functional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/resource_name.h"
#include "common/status_macros.h"
#include "services/access/record_access.h"
#include "services/access/shown_records.h"
#include "services/api/page_token.h"
#include "services/api/resource_api.h"
#include "services/api/validation.h"
#include "services/status/field_violations.h"

namespace passend::services {
namespace {

constexpr absl::string_view kService = "/passend.v1.MatchService/";

// The candidates of a ranking for a vacancy: results and near misses.
std::vector<std::string> CandidatesOf(const matcher::Ranking& ranking) {
  std::vector<std::string> names;
  for (const auto& e : ranking.results) names.push_back(e.candidate());
  for (const auto& e : ranking.near_misses) names.push_back(e.candidate());
  return names;
}

// The parts of a ranking request every ranking method shares, checked.
struct RankRequest {
  std::string id;  // of the vacancy or candidate ranked for
  matcher::RankOptions options;
  // Of every field that changes the result set, for page tokens.
  uint64_t fingerprint = 0;
};

// Checks and translates the shared fields. `subject_field` names the
// resource field ("vacancy" or "candidate"), `collection` its collection.
absl::StatusOr<RankRequest> ParseRankRequest(
    const matcher::Matcher& matcher, const matcher::MatchPolicy& today,
    const std::string& name, absl::string_view collection,
    absl::string_view subject_field, int page_size,
    const std::string& page_token,
    const google::protobuf::RepeatedPtrField<std::string>& regions,
    int confirmed_within_days, int near_misses, v1::MatchView view,
    const std::function<absl::Status()>& check) {
  const matcher::ReferenceData& reference =
      matcher.model().compiler().reference();
  FieldViolations violations;
  RankRequest request;
  absl::StatusOr<std::string> id =
      ParseResourceName(name, collection, subject_field);
  if (id.ok()) {
    request.id = *id;
  } else {
    violations.AddAll(id.status());
  }
  request.options.limit =
      PageSize(page_size, kDefaultRankPageSize, kMaxRankPageSize, violations);
  ParseRegions(reference, regions, violations, &request.options.regions);
  if (!v1::MatchView_IsValid(view)) {
    violations.Add("view", "must be BASIC or FULL");
  }
  request.options.explain = view != v1::BASIC;
  if (confirmed_within_days < 0) {
    violations.Add("confirmed_within_days", "may not be negative");
  }
  if (near_misses < 0 || near_misses > kMaxNearMisses) {
    violations.Add("near_misses",
                   absl::StrCat("must be between 0 and ", kMaxNearMisses));
  }
  request.options.policy = today;
  if (confirmed_within_days > 0) {
    request.options.policy.stale_after_days = std::min(
        confirmed_within_days, request.options.policy.stale_after_days);
  }
  // The regions as a set: page 2 may list them in another order.
  std::vector<std::string> region_set(regions.begin(), regions.end());
  std::sort(region_set.begin(), region_set.end());
  region_set.erase(std::unique(region_set.begin(), region_set.end()),
                   region_set.end());
  request.fingerprint = FilterFingerprint(absl::StrCat(
      name, "|", absl::StrJoin(region_set, ","), "|", confirmed_within_days));
  if (!page_token.empty()) {
    absl::StatusOr<std::string> position =
        DecodePageToken(page_token, request.fingerprint);
    std::pair<absl::string_view, absl::string_view> parts;
    int score = 0;
    if (position.ok()) {
      parts = absl::StrSplit(*position, absl::MaxSplits(':', 1));
    }
    if (!position.ok()) {
      violations.AddAll(position.status());
    } else if (!absl::SimpleAtoi(parts.first, &score) || parts.second.empty()) {
      violations.Add("page_token", "not a page token this server issued");
    } else {
      request.options.after = matcher::Hit{score, std::string(parts.second)};
    }
  } else {
    request.options.near_misses = near_misses;
  }
  RETURN_IF_ERROR(violations.status());
  // One more than the page, to know whether another page follows.
  request.options.limit += 1;
  request.options.check = check;
  return request;
}

// Trims the extra result and returns the token of the next page ("" at the
// end).
std::string NextPageToken(std::vector<v1::MatchExplanation>& results,
                          const RankRequest& request, bool by_vacancy) {
  const size_t page = static_cast<size_t>(request.options.limit - 1);
  if (results.size() <= page) return "";
  results.resize(page);
  const v1::MatchExplanation& last = results.back();
  absl::string_view other = by_vacancy ? last.candidate() : last.vacancy();
  return EncodePageToken(
      absl::StrCat(last.score(), ":", other.substr(other.find('/') + 1)),
      request.fingerprint);
}

// Fills a ranking response from `ranking`: `add_result` and `add_miss` add
// one result or near miss in the response's own type.
template <typename Response, typename AddResult, typename AddMiss>
void FillRankResponse(matcher::Ranking ranking, const RankRequest& rank,
                      bool by_vacancy, const AddResult& add_result,
                      const AddMiss& add_miss, Response* response) {
  response->set_next_page_token(
      NextPageToken(ranking.results, rank, by_vacancy));
  for (v1::MatchExplanation& e : ranking.results) {
    add_result(std::move(e), response);
  }
  for (v1::MatchExplanation& e : ranking.near_misses) {
    add_miss(std::move(e), response);
  }
  response->set_feasible_count(ranking.feasible);
  response->set_scanned_count(ranking.scanned);
}

// The ranked resource's name on a result.
void SetRankedName(v1::RankedCandidate& result, const v1::MatchExplanation& e) {
  result.set_candidate(e.candidate());
}
void SetRankedName(v1::RankedVacancy& result, const v1::MatchExplanation& e) {
  result.set_vacancy(e.vacancy());
}

// Adds a result to a RankCandidatesResponse or RankVacanciesResponse, with
// its explanation when `explain`.
template <typename Response>
auto AddRanked(bool explain) {
  return [explain](v1::MatchExplanation&& e, Response* response) {
    auto* result = response->add_results();
    SetRankedName(*result, e);
    result->set_score(e.score());
    if (explain) *result->mutable_explanation() = std::move(e);
  };
}

// Moves a full explanation into a response's near misses.
template <typename Response>
void AddNearMiss(v1::MatchExplanation&& e, Response* response) {
  *response->add_near_misses() = std::move(e);
}

// The candidates for the request's vacancy within the caller's scope;
// `view` decides whether results are explained.
absl::StatusOr<std::pair<RankRequest, matcher::Ranking>> RankForVacancy(
    const matcher::Matcher& matcher, const matcher::MatchPolicy& today,
    const Principal& principal, const v1::RankCandidatesRequest& request,
    v1::MatchView view, const std::function<absl::Status()>& check) {
  ASSIGN_OR_RETURN(
      RankRequest rank,
      ParseRankRequest(matcher, today, request.vacancy(), kVacancyCollection,
                       "vacancy", request.page_size(), request.page_token(),
                       request.regions(), request.confirmed_within_days(),
                       request.near_misses(), view, check));
  RETURN_IF_ERROR(CheckVacancy(matcher, principal, rank.id));
  RETURN_IF_ERROR(ScopeRegions(matcher, principal, request.regions(),
                               &rank.options.regions));
  ASSIGN_OR_RETURN(matcher::Ranking ranking,
                   matcher.RankCandidates(rank.id, rank.options));
  return std::make_pair(std::move(rank), std::move(ranking));
}

// One pair explained, if the caller may see it: an employer asks about its
// own vacancies, and only about people a ranking for it can show or who
// consented to an introduction (anyone else is answered as if missing); a
// WSP about its regions' candidates.
absl::StatusOr<v1::MatchExplanation> ExplainPair(
    const matcher::Matcher& matcher, const matcher::MatchPolicy& policy,
    const ConsentApi& consent, const Principal& principal,
    const v1::ExplainMatchRequest& request) {
  FieldViolations violations;
  absl::StatusOr<std::string> candidate =
      ParseResourceName(request.candidate(), kCandidateCollection, "candidate");
  absl::StatusOr<std::string> vacancy =
      ParseResourceName(request.vacancy(), kVacancyCollection, "vacancy");
  violations.AddAll(candidate.status());
  violations.AddAll(vacancy.status());
  RETURN_IF_ERROR(violations.status());
  if (principal.role != Role::kEmployer) {
    RETURN_IF_ERROR(CheckCandidate(matcher, principal, *candidate));
    return matcher.Explain(*candidate, *vacancy, policy);
  }
  RETURN_IF_ERROR(CheckVacancy(matcher, principal, *vacancy));
  absl::StatusOr<v1::MatchExplanation> shown =
      matcher.ExplainRankable(*candidate, *vacancy, policy);
  if (!absl::IsNotFound(shown.status())) return shown;
  ASSIGN_OR_RETURN(
      bool consented,
      consent.InEffect(*candidate, principal.employer, request.vacancy()));
  if (!consented) return shown;
  return matcher.Explain(*candidate, *vacancy, policy);
}

}  // namespace

absl::StatusOr<v1::RankCandidatesResponse> MatchApi::RankCandidates(
    const Principal& principal, const v1::RankCandidatesRequest& request,
    matcher::AdviceOptions call) {
  v1::RankCandidatesResponse response;
  ASSIGN_OR_RETURN(auto ranked,
                   RankForVacancy(*matcher_, call.policy, principal, request,
                                  request.view(), call.check));
  RETURN_IF_ERROR(RecordShown(*audit_, principal,
                              absl::StrCat(kService, "RankCandidates"),
                              CandidatesOf(ranked.second)));
  const bool explain = ranked.first.options.explain;
  FillRankResponse(std::move(ranked.second), ranked.first,
                   /*by_vacancy=*/true,
                   AddRanked<v1::RankCandidatesResponse>(explain),
                   AddNearMiss<v1::RankCandidatesResponse>, &response);
  return response;
}

absl::StatusOr<v1::RankAnonymousCandidatesResponse>
MatchApi::RankAnonymousCandidates(const Principal& principal,
                                  const v1::RankCandidatesRequest& request,
                                  matcher::AdviceOptions call) {
  v1::RankAnonymousCandidatesResponse response;
  // Rankings asked region by region would tell an employer where
  // each anonymous person lives.
  if (principal.role == Role::kEmployer && !request.regions().empty()) {
    return absl::PermissionDeniedError(
        "employers may not narrow a ranking down by region");
  }
  ASSIGN_OR_RETURN(auto ranked,
                   RankForVacancy(*matcher_, call.policy, principal, request,
                                  v1::FULL, call.check));
  RETURN_IF_ERROR(RecordShown(*audit_, principal,
                              absl::StrCat(kService, "RankAnonymousCandidates"),
                              CandidatesOf(ranked.second)));
  auto anonymous = [this](v1::MatchExplanation&& e, v1::AnonymousMatch* out) {
    *out = anonymous_.Of(e);
  };
  FillRankResponse(
      std::move(ranked.second), ranked.first, /*by_vacancy=*/true,
      [&](v1::MatchExplanation&& e, v1::RankAnonymousCandidatesResponse* r) {
        anonymous(std::move(e), r->add_results());
      },
      [&](v1::MatchExplanation&& e, v1::RankAnonymousCandidatesResponse* r) {
        anonymous(std::move(e), r->add_near_misses());
      },
      &response);
  return response;
}

absl::StatusOr<v1::RankVacanciesResponse> MatchApi::RankVacancies(
    const Principal& principal, const v1::RankVacanciesRequest& request,
    matcher::AdviceOptions call) {
  v1::RankVacanciesResponse response;
  ASSIGN_OR_RETURN(
      RankRequest rank,
      ParseRankRequest(*matcher_, call.policy, request.candidate(),
                       kCandidateCollection, "candidate", request.page_size(),
                       request.page_token(), request.regions(), 0,
                       request.near_misses(), request.view(), call.check));
  RETURN_IF_ERROR(CheckCandidate(*matcher_, principal, rank.id));
  ASSIGN_OR_RETURN(matcher::Ranking ranking,
                   matcher_->RankVacancies(rank.id, rank.options));
  RETURN_IF_ERROR(RecordShown(*audit_, principal,
                              absl::StrCat(kService, "RankVacancies"),
                              {request.candidate()}));
  const bool explain = rank.options.explain;
  FillRankResponse(std::move(ranking), rank, /*by_vacancy=*/false,
                   AddRanked<v1::RankVacanciesResponse>(explain),
                   AddNearMiss<v1::RankVacanciesResponse>, &response);
  return response;
}

absl::StatusOr<v1::MatchExplanation> MatchApi::ExplainMatch(
    const Principal& principal, const v1::ExplainMatchRequest& request,
    matcher::AdviceOptions call) {
  v1::MatchExplanation response;
  ASSIGN_OR_RETURN(response, ExplainPair(*matcher_, call.policy, *consent_,
                                         principal, request));
  RETURN_IF_ERROR(RecordShown(*audit_, principal,
                              absl::StrCat(kService, "ExplainMatch"),
                              {response.candidate()}));
  return response;
}

absl::StatusOr<v1::AnonymousMatch> MatchApi::ExplainAnonymousMatch(
    const Principal& principal, const v1::ExplainMatchRequest& request,
    matcher::AdviceOptions call) {
  v1::AnonymousMatch response;
  ASSIGN_OR_RETURN(
      v1::MatchExplanation full,
      ExplainPair(*matcher_, call.policy, *consent_, principal, request));
  RETURN_IF_ERROR(RecordShown(*audit_, principal,
                              absl::StrCat(kService, "ExplainAnonymousMatch"),
                              {full.candidate()}));
  response = anonymous_.Of(full);
  return response;
}

}  // namespace passend::services
