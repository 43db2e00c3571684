#include "services/api/advice_api.h"

#include "absl/strings/str_cat.h"
#include "common/resource_name.h"
#include "common/status_macros.h"
#include "services/access/record_access.h"
#include "services/access/shown_records.h"
#include "services/access/suppression.h"
#include "services/api/resource_api.h"
#include "services/status/field_violations.h"

namespace passend::services {
namespace {

constexpr absl::string_view kService = "/passend.v1.AdviceService/";

void FillGain(const matcher::Taxonomy& taxonomy, const matcher::Gain& gain,
              int suppress_below, v1::AdjustmentGain* out) {
  const auto& adjustment = taxonomy.proto().adjustments(gain.subject);
  out->set_adjustment(adjustment.id());
  out->set_kind(adjustment.kind());
  bool suppressed = false;
  out->set_count(Shown(gain.count, suppress_below, &suppressed));
  out->set_suppressed(suppressed);
  out->set_vacancies(gain.vacancies);
}

template <typename Field>
void FillGains(const matcher::Taxonomy& taxonomy,
               const std::vector<matcher::Gain>& gains, int suppress_below,
               Field* out) {
  for (const matcher::Gain& gain : gains) {
    FillGain(taxonomy, gain, suppress_below, out->Add());
  }
}

// The indexed vacancy, if the caller may use it.
absl::StatusOr<matcher::VacancyProfile> VacancyFor(
    const matcher::Matcher& matcher, const Principal& principal,
    const std::string& id) {
  RETURN_IF_ERROR(CheckVacancy(matcher, principal, id));
  std::optional<matcher::VacancyProfile> v = matcher.FindVacancy(id);
  if (!v.has_value()) {
    return absl::NotFoundError(
        absl::StrCat(VacancyName(id), " does not exist"));
  }
  return *std::move(v);
}

}  // namespace

absl::StatusOr<v1::SuggestAdjustmentsResponse> AdviceApi::SuggestAdjustments(
    const Principal& principal, const v1::SuggestAdjustmentsRequest& request,
    matcher::AdviceOptions options) {
  v1::SuggestAdjustmentsResponse response;
  const matcher::Taxonomy& taxonomy = matcher_->model().compiler().taxonomy();
  FieldViolations violations;
  absl::StatusOr<std::string> id =
      ParseResourceName(request.vacancy(), kVacancyCollection, "vacancy");
  violations.AddAll(id.status());
  ParseRegions(matcher_->model().compiler().reference(), request.regions(),
               violations, &options.candidate_regions);
  const int max_combination = request.max_combination();
  if (max_combination < 0 || max_combination > 3) {
    violations.Add("max_combination", "must be between 0 and 3");
  }
  RETURN_IF_ERROR(violations.status());
  ASSIGN_OR_RETURN(matcher::VacancyProfile vacancy,
                   VacancyFor(*matcher_, principal, *id));
  if (vacancy.state != matcher::VacancyState::kOpen) {
    return absl::FailedPreconditionError(absl::StrCat(
        request.vacancy(), " is not open: there is no one to add"));
  }
  // An employer gets counts over everyone, never narrowed down to a
  // few people, and never fewer than kSmallCellThreshold.
  if (principal.role == Role::kEmployer && !request.regions().empty()) {
    return absl::PermissionDeniedError(
        "employers may not narrow advice down by region");
  }
  const int suppress_below = SuppressionFor(principal, Aggregate::kAdvice);
  RETURN_IF_ERROR(ScopeRegions(*matcher_, principal, request.regions(),
                               &options.candidate_regions));
  ASSIGN_OR_RETURN(
      matcher::VacancyAdvice advice,
      matcher::SuggestAdjustments(matcher_->candidates(), vacancy, options,
                                  max_combination == 0 ? 3 : max_combination));
  response.set_vacancy(request.vacancy());
  response.set_suppressed_below(suppress_below);
  response.set_feasible_count(Shown(advice.feasible, suppress_below));
  response.set_blocked_count(Shown(advice.blocked, suppress_below));
  FillGains(taxonomy, advice.adjustments, suppress_below,
            response.mutable_adjustments());
  if (!advice.combination.empty()) {
    auto* combination = response.mutable_best_combination();
    for (int a : advice.combination) {
      for (const matcher::Gain& gain : advice.adjustments) {
        if (gain.subject == a) {
          FillGain(taxonomy, gain, suppress_below,
                   combination->add_adjustments());
        }
      }
    }
    bool suppressed = false;
    combination->set_count(
        Shown(advice.combination_count, suppress_below, &suppressed));
    combination->set_suppressed(suppressed);
    combination->set_exact(advice.combination_exact);
  }
  const auto effective = matcher_->model().EffectiveDemand(vacancy);
  for (const matcher::Gain& gain : advice.demands) {
    v1::DemandGain* demand = response.add_demands();
    demand->set_dimension(taxonomy.dimension(gain.subject).id());
    demand->set_level(effective[gain.subject]);
    bool suppressed = false;
    demand->set_count(Shown(gain.count, suppress_below, &suppressed));
    demand->set_suppressed(suppressed);
  }
  return response;
}

absl::StatusOr<v1::ExplainBlockersResponse> AdviceApi::ExplainBlockers(
    const Principal& principal, const v1::ExplainBlockersRequest& request,
    matcher::AdviceOptions options) {
  const std::string method = absl::StrCat(kService, "ExplainBlockers");
  v1::ExplainBlockersResponse response;
  const matcher::Taxonomy& taxonomy = matcher_->model().compiler().taxonomy();
  FieldViolations violations;
  absl::StatusOr<std::string> id =
      ParseResourceName(request.candidate(), kCandidateCollection, "candidate");
  violations.AddAll(id.status());
  ParseRegions(matcher_->model().compiler().reference(), request.regions(),
               violations, &options.vacancy_regions);
  RETURN_IF_ERROR(violations.status());
  RETURN_IF_ERROR(CheckCandidate(*matcher_, principal, *id));
  std::optional<matcher::CandidateProfile> candidate =
      matcher_->candidates().Find(*id);
  if (!candidate.has_value()) {
    return absl::NotFoundError(
        absl::StrCat(request.candidate(), " does not exist"));
  }
  ASSIGN_OR_RETURN(
      matcher::CandidateAdvice advice,
      matcher::ExplainBlockers(matcher_->model(), *candidate,
                               matcher_->VacancySnapshot(), options));
  RETURN_IF_ERROR(
      RecordShown(*audit_, principal, method, {request.candidate()}));
  response.set_candidate(request.candidate());
  response.set_vacancies_in_reach(advice.in_reach);
  response.set_feasible_vacancies(advice.feasible);
  for (const matcher::Blocker& b : advice.blockers) {
    v1::CandidateBlocker* out = response.add_blockers();
    out->set_kind(b.kind);
    out->set_subject(b.kind == v1::Constraint::SUPPORT_NEED
                         ? taxonomy.proto().support_needs(b.subject).id()
                         : taxonomy.dimension(b.subject).id());
    out->set_vacancies(b.vacancies);
    out->set_vacancies_alone(b.alone);
    FillGains(taxonomy, b.reopened_by, 0, out->mutable_reopened_by());
  }
  FillGains(taxonomy, advice.reopening, 0, response.mutable_reopening());
  return response;
}

absl::StatusOr<v1::AdjustmentOpportunitiesResponse>
AdviceApi::AdjustmentOpportunities(
    const Principal& principal,
    const v1::AdjustmentOpportunitiesRequest& request,
    matcher::AdviceOptions options) {
  v1::AdjustmentOpportunitiesResponse response;
  const matcher::ReferenceData& reference =
      matcher_->model().compiler().reference();
  RETURN_IF_ERROR(RegionsInScope(*matcher_, principal, request.regions(),
                                 &options.vacancy_regions));
  // A WSP counts its own regions' candidates, whatever the vacancies'
  // regions.
  if (principal.role == Role::kWsp) {
    RETURN_IF_ERROR(ScopeRegions(
        *matcher_, principal, google::protobuf::RepeatedPtrField<std::string>(),
        &options.candidate_regions));
  }
  const int suppress_below = SuppressionFor(principal, Aggregate::kAdvice);
  response.set_suppressed_below(suppress_below);
  ASSIGN_OR_RETURN(
      std::vector<matcher::RegionOpportunities> regions,
      matcher::AdjustmentOpportunities(matcher_->candidates(),
                                       matcher_->VacancySnapshot(), options));
  for (const matcher::RegionOpportunities& r : regions) {
    v1::RegionOpportunities* out = response.add_regions();
    out->set_region(reference.regions()[r.region].code);
    out->set_open_vacancies(r.vacancies);
    out->set_feasible_pairs(Shown(r.feasible_pairs, suppress_below));
    out->set_blocked_pairs(Shown(r.blocked_pairs, suppress_below));
    FillGains(matcher_->model().compiler().taxonomy(), r.adjustments,
              suppress_below, out->mutable_adjustments());
  }
  return response;
}

absl::StatusOr<v1::ProposeAssignmentsResponse> AdviceApi::ProposeAssignments(
    const Principal& principal, const v1::ProposeAssignmentsRequest& request,
    matcher::AdviceOptions options) {
  const std::string method = absl::StrCat(kService, "ProposeAssignments");
  v1::ProposeAssignmentsResponse response;
  FieldViolations violations;
  if (request.regions().empty()) {
    violations.Add("regions", "name at least one region");
  }
  ParseRegions(matcher_->model().compiler().reference(), request.regions(),
               violations, &options.vacancy_regions);
  matcher::AssignmentOptions assignment;
  const int edges = request.edges_per_vacancy();
  if (edges < 0 || edges > kMaxEdgesPerVacancy) {
    violations.Add("edges_per_vacancy",
                   absl::StrCat("must be between 0 and ", kMaxEdgesPerVacancy));
  }
  assignment.edges_per_vacancy = edges == 0 ? kDefaultEdgesPerVacancy : edges;
  if (!v1::MatchView_IsValid(request.view())) {
    violations.Add("view", "must be BASIC or FULL");
  }
  RETURN_IF_ERROR(violations.status());
  RETURN_IF_ERROR(ScopeRegions(*matcher_, principal, request.regions(),
                               &options.vacancy_regions));
  options.candidate_regions = options.vacancy_regions;
  assignment.explain = request.view() == v1::FULL;
  ASSIGN_OR_RETURN(matcher::AssignmentOutcome outcome,
                   matcher::ProposeAssignments(matcher_->candidates(),
                                               matcher_->VacancySnapshot(),
                                               options, assignment));
  std::vector<std::string> shown;
  for (matcher::ProposedPair& pair : outcome.pairs) {
    v1::AssignmentProposal* proposal = response.add_proposals();
    proposal->set_candidate(CandidateName(pair.candidate));
    proposal->set_vacancy(VacancyName(pair.vacancy));
    proposal->set_score(pair.score);
    if (assignment.explain) {
      *proposal->mutable_explanation() = std::move(pair.explanation);
    }
    shown.push_back(proposal->candidate());
  }
  RETURN_IF_ERROR(RecordShown(*audit_, principal, method, shown));
  response.mutable_optimal()->set_placements(
      static_cast<int64_t>(outcome.pairs.size()));
  response.mutable_optimal()->set_total_score(outcome.total_score);
  response.mutable_greedy()->set_placements(outcome.greedy_placements);
  response.mutable_greedy()->set_total_score(outcome.greedy_total_score);
  response.set_candidate_count(outcome.candidates);
  response.set_open_vacancy_count(outcome.vacancies);
  response.set_open_position_count(outcome.positions);
  response.set_edge_count(outcome.edges);
  response.set_edges_per_vacancy(assignment.edges_per_vacancy);
  return response;
}

}  // namespace passend::services
