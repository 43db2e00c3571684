// AdviceService through a real server, on hand-worked populations: every
// count below is worked out from the taxonomy in the comments.
#include <set>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "passend/v1/advice.grpc.pb.h"
#include "passend/v1/audit.grpc.pb.h"
#include "passend/v1/match.grpc.pb.h"
#include "tests/services/server_fixture.h"

namespace passend::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;
using v1::Candidate;
using v1::Vacancy;

class AdviceServiceTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    advice_ = v1::AdviceService::NewStub(channel_);
    match_ = v1::MatchService::NewStub(channel_);
    audit_ = v1::AuditService::NewStub(channel_);
  }

  Candidate CreateCandidate(Candidate c) {
    v1::CreateCandidateRequest request;
    *request.mutable_candidate() = c;
    Candidate out;
    grpc::Status s =
        candidates_->CreateCandidate(Context().get(), request, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }
  // ValidCandidate (needs coaching, lifting 1, 12-24 h, 3811) with more
  // required needs.
  Candidate CreateCandidateNeeding(const std::vector<std::string>& needs) {
    Candidate c = ValidCandidate();
    for (const std::string& need : needs) {
      auto* n = c.add_support_needs();
      n->set_need(need);
      n->set_strength(v1::SupportNeed::REQUIRED);
    }
    return CreateCandidate(c);
  }
  // ValidVacancy (offers jobcoach_light, demands lifting 1, 16-24 h, 3811)
  // offering more.
  Vacancy CreateVacancyOffering(const std::vector<std::string>& more,
                                int positions = 1) {
    Vacancy v = ValidVacancy();
    for (const std::string& a : more) v.add_offered_adjustments(a);
    v.set_positions(positions);
    v1::CreateVacancyRequest request;
    *request.mutable_vacancy() = v;
    Vacancy out;
    grpc::Status s = vacancies_->CreateVacancy(Context().get(), request, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }
  // Audit entries naming `candidate`.
  int AuditEntriesOf(const std::string& candidate) {
    v1::ListAuditEntriesRequest request;
    request.set_candidate(candidate);
    v1::ListAuditEntriesResponse response;
    EXPECT_TRUE(
        audit_->ListAuditEntries(Context().get(), request, &response).ok());
    return response.entries_size();
  }

  static std::map<std::string, int64_t> Counts(
      const google::protobuf::RepeatedPtrField<v1::AdjustmentGain>& gains) {
    std::map<std::string, int64_t> counts;
    for (const auto& g : gains) {
      if (g.count() > 0) counts[g.adjustment()] = g.count();
    }
    return counts;
  }

  std::unique_ptr<v1::AdviceService::Stub> advice_;
  std::unique_ptr<v1::MatchService::Stub> match_;
  std::unique_ptr<v1::AuditService::Stub> audit_;
};

TEST_F(AdviceServiceTest, SuggestsAdjustmentsWorkedByHand) {
  CreateCandidateNeeding({});                   // a: feasible now
  CreateCandidateNeeding({"physical_access"});  // b: an accessible workplace
  CreateCandidateNeeding({"physical_access", "fixed_contact"});  // c: two
  Candidate d = ValidCandidate();  // d: lifts less than the work demands
  d.mutable_capacities(0)->set_level(0);
  CreateCandidate(d);
  Candidate e = ValidCandidate();  // e: hours out of reach: never counted
  e.add_support_needs()->set_need("physical_access");
  e.mutable_support_needs(1)->set_strength(v1::SupportNeed::REQUIRED);
  e.mutable_hours_per_week()->set_min(30);
  e.mutable_hours_per_week()->set_max(40);
  CreateCandidate(e);
  Candidate f = ValidCandidate();  // f: placed: never counted
  f.add_support_needs()->set_need("physical_access");
  f.mutable_support_needs(1)->set_strength(v1::SupportNeed::REQUIRED);
  f.set_availability(v1::Candidate::PLACED);
  CreateCandidate(f);
  Vacancy v = CreateVacancyOffering({});

  v1::SuggestAdjustmentsRequest request;
  request.set_vacancy(v.name());
  v1::SuggestAdjustmentsResponse response;
  grpc::Status s =
      advice_->SuggestAdjustments(Context().get(), request, &response);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(response.feasible_count(), 1);
  EXPECT_EQ(response.blocked_count(), 3);  // b, c, d
  // b needs either physical-access adjustment; d a lifting aid (which
  // lowers lifting by two); c needs a buddy too, so no single one helps c.
  EXPECT_THAT(
      Counts(response.adjustments()),
      UnorderedElementsAre(Pair("wheelchair_accessible", 1),
                           Pair("adapted_toilet", 1), Pair("lifting_aids", 1)));
  // Every adjustment not offered is listed, with its kind.
  EXPECT_EQ(response.adjustments_size(), 24);
  for (const auto& g : response.adjustments()) {
    EXPECT_NE(g.adjustment(), "jobcoach_light");
    EXPECT_NE(g.kind(), v1::ADJUSTMENT_KIND_UNSPECIFIED) << g.adjustment();
  }
  // Three adjustments reach all three: the buddy and the wheelchair access
  // (before the adapted toilet in the taxonomy) for c and b, the lifting
  // aid for d.
  const auto& best = response.best_combination();
  EXPECT_EQ(best.count(), 3);
  EXPECT_TRUE(best.exact());
  std::vector<std::string> names;
  for (const auto& g : best.adjustments()) names.push_back(g.adjustment());
  EXPECT_THAT(names, ElementsAre("buddy_mentor", "wheelchair_accessible",
                                 "lifting_aids"));
  // Lifting demanded one level lower opens the job to d.
  ASSERT_EQ(response.demands_size(), 1);
  EXPECT_EQ(response.demands(0).dimension(), "lifting");
  EXPECT_EQ(response.demands(0).level(), 1);
  EXPECT_EQ(response.demands(0).count(), 1);

  // At most one adjustment: the best single one, on ties the first.
  request.set_max_combination(1);
  ASSERT_TRUE(
      advice_->SuggestAdjustments(Context().get(), request, &response).ok());
  ASSERT_EQ(response.best_combination().adjustments_size(), 1);
  EXPECT_EQ(response.best_combination().count(), 1);

  // Candidates of another region are left out when asked.
  request.add_regions("AM01");
  ASSERT_TRUE(
      advice_->SuggestAdjustments(Context().get(), request, &response).ok());
  EXPECT_EQ(response.feasible_count(), 0);
  EXPECT_EQ(response.blocked_count(), 0);
  EXPECT_FALSE(response.has_best_combination());
}

TEST_F(AdviceServiceTest, ExplainsBlockersWorkedByHand) {
  Candidate c = CreateCandidateNeeding({"physical_access", "fixed_contact"});
  CreateVacancyOffering({});                                  // both missing
  CreateVacancyOffering({"buddy_mentor"});                    // access missing
  CreateVacancyOffering({"buddy_mentor", "adapted_toilet"});  // a match
  Vacancy far = ValidVacancy();  // out of reach: never counted
  far.set_postcode_area("9711");
  far.clear_region();
  v1::CreateVacancyRequest create;
  *create.mutable_vacancy() = far;
  Vacancy created;
  ASSERT_TRUE(
      vacancies_->CreateVacancy(Context().get(), create, &created).ok());

  const int audited = AuditEntriesOf(c.name());
  v1::ExplainBlockersRequest request;
  request.set_candidate(c.name());
  v1::ExplainBlockersResponse response;
  grpc::Status s =
      advice_->ExplainBlockers(Context().get(), request, &response);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(response.vacancies_in_reach(), 3);
  EXPECT_EQ(response.feasible_vacancies(), 1);
  ASSERT_EQ(response.blockers_size(), 2);
  // Physical access blocks two (alone in one); a fixed contact one.
  EXPECT_EQ(response.blockers(0).subject(), "physical_access");
  EXPECT_EQ(response.blockers(0).kind(), v1::Constraint::SUPPORT_NEED);
  EXPECT_EQ(response.blockers(0).vacancies(), 2);
  EXPECT_EQ(response.blockers(0).vacancies_alone(), 1);
  EXPECT_THAT(Counts(response.blockers(0).reopened_by()),
              UnorderedElementsAre(Pair("wheelchair_accessible", 1),
                                   Pair("adapted_toilet", 1)));
  EXPECT_EQ(response.blockers(1).subject(), "fixed_contact");
  EXPECT_EQ(response.blockers(1).vacancies(), 2 - 1);
  EXPECT_EQ(response.blockers(1).vacancies_alone(), 0);
  EXPECT_TRUE(Counts(response.blockers(1).reopened_by()).empty());
  EXPECT_THAT(Counts(response.reopening()),
              UnorderedElementsAre(Pair("wheelchair_accessible", 1),
                                   Pair("adapted_toilet", 1)));
  // The read of a candidate's needs is audited.
  EXPECT_EQ(AuditEntriesOf(c.name()), audited + 1);
}

TEST_F(AdviceServiceTest, OpportunitiesCountPairsPerRegion) {
  CreateCandidateNeeding({"physical_access"});
  CreateCandidateNeeding({"physical_access"});
  CreateCandidateNeeding({});
  CreateVacancyOffering({});
  CreateVacancyOffering({"adapted_toilet"});
  v1::AdjustmentOpportunitiesRequest request;
  request.add_regions("AM14");
  v1::AdjustmentOpportunitiesResponse response;
  grpc::Status s =
      advice_->AdjustmentOpportunities(Context().get(), request, &response);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(response.regions_size(), 1);
  const auto& r = response.regions(0);
  EXPECT_EQ(r.region(), "AM14");
  EXPECT_EQ(r.open_vacancies(), 2);
  EXPECT_EQ(r.feasible_pairs(), 1 + 3);
  EXPECT_EQ(r.blocked_pairs(), 2);
  // Only the vacancy without access gains: two pairs, one vacancy.
  ASSERT_GE(r.adjustments_size(), 2);
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(r.adjustments(i).count(), 2);
    EXPECT_EQ(r.adjustments(i).vacancies(), 1);
  }
  EXPECT_THAT(Counts(r.adjustments()),
              UnorderedElementsAre(Pair("wheelchair_accessible", 2),
                                   Pair("adapted_toilet", 2)));

  // Every region when none is named, in code order.
  request.clear_regions();
  ASSERT_TRUE(
      advice_->AdjustmentOpportunities(Context().get(), request, &response)
          .ok());
  EXPECT_EQ(response.regions_size(), 35);
  EXPECT_TRUE(std::is_sorted(
      response.regions().begin(), response.regions().end(),
      [](const auto& a, const auto& b) { return a.region() < b.region(); }));
}

TEST_F(AdviceServiceTest, ProposesAssignmentsThatPlaceMoreThanGreedy) {
  // Greedy serves vacancies in id order. The first one offers a buddy, so
  // both p and q fit it, and it takes p, whose wage value scores higher;
  // the second fits only p, who is gone. The optimum places both.
  Candidate p = CreateCandidateNeeding({});
  Candidate q_profile = ValidCandidate();
  q_profile.set_wage_value_percent(30);
  auto* need = q_profile.add_support_needs();
  need->set_need("fixed_contact");
  need->set_strength(v1::SupportNeed::REQUIRED);
  Candidate q = CreateCandidate(q_profile);
  Vacancy a = CreateVacancyOffering({});
  Vacancy b = CreateVacancyOffering({});
  Vacancy with_buddy = a.name() < b.name() ? a : b;
  Vacancy plain = a.name() < b.name() ? b : a;
  with_buddy.add_offered_adjustments("buddy_mentor");
  v1::UpdateVacancyRequest update;
  *update.mutable_vacancy() = with_buddy;
  ASSERT_TRUE(
      vacancies_->UpdateVacancy(Context().get(), update, &with_buddy).ok());
  auto score = [&](const Candidate& c, const Vacancy& v) {
    v1::ExplainMatchRequest request;
    request.set_candidate(c.name());
    request.set_vacancy(v.name());
    v1::MatchExplanation e;
    EXPECT_TRUE(match_->ExplainMatch(Context().get(), request, &e).ok());
    return e.feasible() ? e.score() : -1;
  };
  const int p_score = score(p, with_buddy);
  ASSERT_GT(p_score, score(q, with_buddy));
  ASSERT_EQ(score(q, plain), -1);
  const int p_audited = AuditEntriesOf(p.name());
  const int q_audited = AuditEntriesOf(q.name());

  v1::ProposeAssignmentsRequest request;
  request.add_regions("AM14");
  request.set_view(v1::FULL);
  v1::ProposeAssignmentsResponse response;
  grpc::Status s =
      advice_->ProposeAssignments(Context().get(), request, &response);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(response.optimal().placements(), 2);
  EXPECT_EQ(response.greedy().placements(), 1);
  EXPECT_EQ(response.greedy().total_score(), p_score);
  EXPECT_EQ(response.open_vacancy_count(), 2);
  EXPECT_EQ(response.open_position_count(), 2);
  EXPECT_EQ(response.edge_count(), 3);
  EXPECT_EQ(response.edges_per_vacancy(), 100);
  std::map<std::string, std::string> placed;
  int64_t total = 0;
  for (const auto& proposal : response.proposals()) {
    placed[proposal.candidate()] = proposal.vacancy();
    EXPECT_TRUE(proposal.explanation().feasible());
    EXPECT_EQ(proposal.explanation().score(), proposal.score());
    total += proposal.score();
  }
  EXPECT_EQ(total, response.optimal().total_score());
  EXPECT_THAT(placed, UnorderedElementsAre(Pair(p.name(), plain.name()),
                                           Pair(q.name(), with_buddy.name())));
  // The proposal is audited, naming both.
  EXPECT_EQ(AuditEntriesOf(p.name()), p_audited + 1);
  EXPECT_EQ(AuditEntriesOf(q.name()), q_audited + 1);

  // BASIC: no explanations.
  request.set_view(v1::BASIC);
  ASSERT_TRUE(
      advice_->ProposeAssignments(Context().get(), request, &response).ok());
  for (const auto& proposal : response.proposals()) {
    EXPECT_FALSE(proposal.has_explanation());
  }
}

TEST_F(AdviceServiceTest, BadRequestsNameTheFieldAndWriteNothing) {
  Candidate c = CreateCandidateNeeding({});
  Vacancy v = CreateVacancyOffering({});
  const int audited = AuditEntriesOf(c.name());
  // Well-formed names of records that do not exist.
  auto unknown = [](std::string name) {
    name.back() = name.back() == 'a' ? 'b' : 'a';
    return name;
  };
  {
    v1::SuggestAdjustmentsRequest request;
    request.set_vacancy("vacancy-1");
    request.add_regions("AM99");
    request.set_max_combination(4);
    v1::SuggestAdjustmentsResponse response;
    grpc::Status s =
        advice_->SuggestAdjustments(Context().get(), request, &response);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(ViolatedFields(s), UnorderedElementsAre("vacancy", "regions[0]",
                                                        "max_combination"));
    request = v1::SuggestAdjustmentsRequest();
    request.set_vacancy(unknown(v.name()));
    EXPECT_EQ(advice_->SuggestAdjustments(Context().get(), request, &response)
                  .error_code(),
              grpc::StatusCode::NOT_FOUND);
  }
  {
    v1::ExplainBlockersRequest request;
    request.set_candidate("vacancies/x");
    v1::ExplainBlockersResponse response;
    grpc::Status s =
        advice_->ExplainBlockers(Context().get(), request, &response);
    EXPECT_THAT(ViolatedFields(s), ElementsAre("candidate"));
    request.set_candidate(unknown(c.name()));
    EXPECT_EQ(advice_->ExplainBlockers(Context().get(), request, &response)
                  .error_code(),
              grpc::StatusCode::NOT_FOUND);
  }
  {
    v1::ProposeAssignmentsRequest request;
    request.set_edges_per_vacancy(1001);
    request.set_view(static_cast<v1::MatchView>(7));
    v1::ProposeAssignmentsResponse response;
    grpc::Status s =
        advice_->ProposeAssignments(Context().get(), request, &response);
    EXPECT_THAT(ViolatedFields(s),
                UnorderedElementsAre("regions", "edges_per_vacancy", "view"));
    request = v1::ProposeAssignmentsRequest();
    request.add_regions("AM14");
    request.set_edges_per_vacancy(-1);
    EXPECT_THAT(ViolatedFields(advice_->ProposeAssignments(Context().get(),
                                                           request, &response)),
                ElementsAre("edges_per_vacancy"));
  }
  {
    v1::AdjustmentOpportunitiesRequest request;
    request.add_regions("AM14");
    request.add_regions("nowhere");
    v1::AdjustmentOpportunitiesResponse response;
    EXPECT_THAT(ViolatedFields(advice_->AdjustmentOpportunities(
                    Context().get(), request, &response)),
                ElementsAre("regions[1]"));
  }
  // No audit entry for any refused call.
  EXPECT_EQ(AuditEntriesOf(c.name()), audited);
}

}  // namespace
}  // namespace passend::testing
