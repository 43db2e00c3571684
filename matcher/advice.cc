#include "matcher/advice.h"

#include <algorithm>
#include <map>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace passend::matcher {
namespace {

using passend::v1::Constraint;

// Above this many (combination, group) checks the best combination is built
// greedily: with the shipped taxonomy's 25 adjustments an exact search
// stays well below it unless a vacancy's blocked candidates fall into
// thousands of distinct groups.
constexpr int64_t kExactBudget = 20'000'000;

// What a set of adjustments brings: the needs it meets and how many levels
// it lowers each demand by (lowerings add up, as in EffectiveDemand).
struct Relief {
  uint32_t needs = 0;
  std::array<int, kMaxDimensions> lowers{};

  void Add(const MatchModel& model, int adjustment) {
    needs |= model.Meets(adjustment);
    const auto& by = model.Lowers(adjustment);
    for (int d = 0; d < model.dimension_count(); ++d) lowers[d] += by[d];
  }
  // True when the set makes a candidate with these blockers feasible.
  bool Lifts(uint32_t unmet_needs,
             const std::vector<std::pair<uint8_t, uint8_t>>& shortfalls) const {
    if ((unmet_needs & ~needs) != 0) return false;
    for (const auto& [dimension, levels] : shortfalls) {
      if (lowers[dimension] < levels) return false;
    }
    return true;
  }
  bool Lifts(const BlockedGroup& g) const {
    return Lifts(g.unmet_needs, g.shortfalls);
  }
};

Relief ReliefOf(const MatchModel& model, int adjustment) {
  Relief r;
  r.Add(model, adjustment);
  return r;
}

bool Offers(const VacancyProfile& v, int adjustment) {
  return (v.offered & (uint64_t{1} << adjustment)) != 0;
}

int64_t CountLifted(const Relief& relief,
                    const std::vector<BlockedGroup>& groups) {
  int64_t lifted = 0;
  for (const BlockedGroup& g : groups) {
    if (relief.Lifts(g)) lifted += g.candidates;
  }
  return lifted;
}

// Most first, then by subject.
void SortGains(std::vector<Gain>& gains) {
  std::sort(gains.begin(), gains.end(), [](const Gain& a, const Gain& b) {
    return a.count != b.count ? a.count > b.count : a.subject < b.subject;
  });
}

std::vector<Gain> NonZero(const std::map<int, Gain>& by_subject) {
  std::vector<Gain> gains;
  for (const auto& [subject, gain] : by_subject) {
    if (gain.count > 0) gains.push_back(gain);
  }
  SortGains(gains);
  return gains;
}

// The best set of up to `max_size` of `usable` adjustments: most lifted,
// then fewest adjustments, then lowest indexes.
struct Combination {
  std::vector<int> adjustments;
  int64_t count = 0;

  void Offer(const std::vector<int>& set, int64_t lifted) {
    if (lifted == 0) return;
    if (lifted > count ||
        (lifted == count &&
         (set.size() < adjustments.size() ||
          (set.size() == adjustments.size() && set < adjustments)))) {
      adjustments = set;
      count = lifted;
    }
  }
};

void SearchExactly(const MatchModel& model, const std::vector<int>& usable,
                   const std::vector<BlockedGroup>& groups, size_t start,
                   int room, const Relief& relief, std::vector<int>& chosen,
                   Combination& best) {
  for (size_t i = start; i < usable.size(); ++i) {
    Relief next = relief;
    next.Add(model, usable[i]);
    chosen.push_back(usable[i]);
    best.Offer(chosen, CountLifted(next, groups));
    if (room > 1) {
      SearchExactly(model, usable, groups, i + 1, room - 1, next, chosen, best);
    }
    chosen.pop_back();
  }
}

Combination SearchGreedily(const MatchModel& model,
                           const std::vector<int>& usable,
                           const std::vector<BlockedGroup>& groups,
                           int max_size) {
  Combination best;
  Relief relief;
  std::vector<int> chosen;
  for (int step = 0; step < max_size; ++step) {
    int pick = -1;
    int64_t pick_count = best.count;
    for (int a : usable) {
      if (std::find(chosen.begin(), chosen.end(), a) != chosen.end()) continue;
      Relief next = relief;
      next.Add(model, a);
      const int64_t lifted = CountLifted(next, groups);
      if (lifted > pick_count) {
        pick = a;
        pick_count = lifted;
      }
    }
    if (pick < 0) break;
    relief.Add(model, pick);
    chosen.push_back(pick);
    std::sort(chosen.begin(), chosen.end());
    best.adjustments = chosen;
    best.count = pick_count;
  }
  return best;
}

int64_t Combinations(int64_t n, int max_size) {
  int64_t total = 0;
  int64_t c = 1;
  for (int k = 1; k <= max_size && k <= n; ++k) {
    c = c * (n - k + 1) / k;
    total += c;
  }
  return total;
}

// The scan of `v`'s candidates that every advice shares.
RankQuery QueryFor(const VacancyProfile& v, const AdviceOptions& options) {
  RankQuery q;
  q.vacancy = &v;
  q.policy = options.policy;
  q.regions = options.candidate_regions;
  q.check = options.check;
  return q;
}

}  // namespace

absl::StatusOr<VacancyAdvice> SuggestAdjustments(const CandidateIndex& index,
                                                 const VacancyProfile& vacancy,
                                                 const AdviceOptions& options,
                                                 int max_combination) {
  if (max_combination < 1 || max_combination > 3) {
    return absl::InvalidArgumentError("max_combination must be 1 to 3");
  }
  if (options.check) RETURN_IF_ERROR(options.check());
  const MatchModel& model = index.model();
  ASSIGN_OR_RETURN(BlockerCounts counts,
                   index.CountBlockers(QueryFor(vacancy, options)));
  VacancyAdvice advice;
  advice.feasible = counts.feasible;
  for (const BlockedGroup& g : counts.groups) advice.blocked += g.candidates;

  // Every adjustment not offered, alone.
  Relief all;
  std::vector<int> usable;
  for (int a = 0; a < model.adjustment_count(); ++a) {
    if (Offers(vacancy, a)) continue;
    const Relief alone = ReliefOf(model, a);
    advice.adjustments.push_back({a, CountLifted(alone, counts.groups), 0});
    all.Add(model, a);
  }
  // Only groups every unoffered adjustment together could lift matter to
  // the combination; and only adjustments touching one of their blockers.
  std::vector<BlockedGroup> liftable;
  uint32_t needs_touched = 0;
  std::array<bool, kMaxDimensions> dims_touched{};
  for (const BlockedGroup& g : counts.groups) {
    if (!all.Lifts(g)) continue;
    needs_touched |= g.unmet_needs;
    for (const auto& [d, levels] : g.shortfalls) dims_touched[d] = true;
    liftable.push_back(g);
  }
  for (const Gain& gain : advice.adjustments) {
    const int a = gain.subject;
    bool touches = (model.Meets(a) & needs_touched) != 0;
    for (int d = 0; d < model.dimension_count(); ++d) {
      touches |= dims_touched[d] && model.Lowers(a)[d] > 0;
    }
    if (touches) usable.push_back(a);
  }
  SortGains(advice.adjustments);
  if (options.check) RETURN_IF_ERROR(options.check());

  Combination best;
  advice.combination_exact =
      Combinations(static_cast<int64_t>(usable.size()), max_combination) *
          static_cast<int64_t>(liftable.size()) <=
      kExactBudget;
  if (advice.combination_exact) {
    std::vector<int> chosen;
    SearchExactly(model, usable, liftable, 0, max_combination, Relief{}, chosen,
                  best);
  } else {
    best = SearchGreedily(model, usable, liftable, max_combination);
  }
  advice.combination = best.adjustments;
  advice.combination_count = best.count;

  // One level off a single demand: the groups short by exactly that.
  std::map<int, Gain> demands;
  for (const BlockedGroup& g : counts.groups) {
    if (g.unmet_needs == 0 && g.shortfalls.size() == 1 &&
        g.shortfalls[0].second == 1) {
      Gain& gain = demands[g.shortfalls[0].first];
      gain.subject = g.shortfalls[0].first;
      gain.count += g.candidates;
    }
  }
  advice.demands = NonZero(demands);
  return advice;
}

absl::StatusOr<CandidateAdvice> ExplainBlockers(
    const MatchModel& model, const CandidateProfile& candidate,
    const std::vector<VacancyProfile>& vacancies,
    const AdviceOptions& options) {
  std::vector<Relief> reliefs;
  for (int a = 0; a < model.adjustment_count(); ++a) {
    reliefs.push_back(ReliefOf(model, a));
  }
  const std::array<bool, 256> allowed = RegionMask(options.vacancy_regions);
  CandidateAdvice advice;
  // By (kind, subject): the blocker and its reopening adjustments.
  std::map<std::pair<int, int>, std::pair<Blocker, std::map<int, Gain>>>
      blockers;
  std::map<int, Gain> reopening;
  for (const VacancyProfile& v : vacancies) {
    if (options.check) RETURN_IF_ERROR(options.check());
    if (!allowed[v.region] || v.state != VacancyState::kOpen) continue;
    const Assessment assessment = model.Assess(candidate, v, options.policy);
    const auto effective = model.EffectiveDemand(v);
    uint32_t unmet = 0;
    std::vector<std::pair<uint8_t, uint8_t>> shortfalls;
    std::vector<std::pair<int, int>> keys;
    bool in_reach = true;
    for (const Failure& f : assessment.failures) {
      switch (f.kind) {
        case Constraint::SUPPORT_NEED:
          unmet |= uint32_t{1} << f.subject;
          keys.emplace_back(f.kind, f.subject);
          break;
        case Constraint::CAPACITY:
          shortfalls.emplace_back(
              static_cast<uint8_t>(f.subject),
              static_cast<uint8_t>(effective[f.subject] -
                                   candidate.capacity[f.subject]));
          keys.emplace_back(f.kind, f.subject);
          break;
        case Constraint::AVAILABILITY:
        case Constraint::FRESHNESS:
          break;  // about the candidate, not this vacancy
        default:
          in_reach = false;
      }
    }
    if (!in_reach) continue;
    ++advice.in_reach;
    if (keys.empty()) {
      ++advice.feasible;
      continue;
    }
    std::vector<int> reopen;
    for (int a = 0; a < model.adjustment_count(); ++a) {
      if (!Offers(v, a) && reliefs[a].Lifts(unmet, shortfalls)) {
        reopen.push_back(a);
        Gain& g = reopening[a];
        g.subject = a;
        ++g.count;
      }
    }
    for (const auto& key : keys) {
      auto& [blocker, by] = blockers[key];
      blocker.kind = static_cast<Constraint::Kind>(key.first);
      blocker.subject = key.second;
      ++blocker.vacancies;
      blocker.alone += keys.size() == 1;
      for (int a : reopen) {
        Gain& g = by[a];
        g.subject = a;
        ++g.count;
      }
    }
  }
  for (auto& [key, entry] : blockers) {
    entry.first.reopened_by = NonZero(entry.second);
    advice.blockers.push_back(std::move(entry.first));
  }
  std::stable_sort(advice.blockers.begin(), advice.blockers.end(),
                   [](const Blocker& a, const Blocker& b) {
                     return a.vacancies > b.vacancies;
                   });
  advice.reopening = NonZero(reopening);
  return advice;
}

absl::StatusOr<std::vector<RegionOpportunities>> AdjustmentOpportunities(
    const CandidateIndex& index, const std::vector<VacancyProfile>& vacancies,
    const AdviceOptions& options) {
  const MatchModel& model = index.model();
  const size_t region_count = model.compiler().reference().regions().size();
  std::vector<uint8_t> regions = options.vacancy_regions;
  if (regions.empty()) {
    for (size_t r = 0; r < region_count; ++r) {
      regions.push_back(static_cast<uint8_t>(r));
    }
  }
  std::sort(regions.begin(), regions.end());
  regions.erase(std::unique(regions.begin(), regions.end()), regions.end());
  std::vector<Relief> reliefs;
  for (int a = 0; a < model.adjustment_count(); ++a) {
    reliefs.push_back(ReliefOf(model, a));
  }
  absl::flat_hash_map<int, size_t> slot;  // region -> index in result
  std::vector<RegionOpportunities> result;
  std::vector<std::map<int, Gain>> gains(regions.size());
  for (uint8_t r : regions) {
    slot[r] = result.size();
    result.push_back({r, 0, 0, 0, {}});
  }
  for (const VacancyProfile& v : vacancies) {
    auto it = slot.find(v.region);
    if (it == slot.end() || v.state != VacancyState::kOpen) continue;
    if (options.check) RETURN_IF_ERROR(options.check());
    RegionOpportunities& out = result[it->second];
    ASSIGN_OR_RETURN(BlockerCounts counts,
                     index.CountBlockers(QueryFor(v, options)));
    ++out.vacancies;
    out.feasible_pairs += counts.feasible;
    for (const BlockedGroup& g : counts.groups)
      out.blocked_pairs += g.candidates;
    for (int a = 0; a < model.adjustment_count(); ++a) {
      if (Offers(v, a)) continue;
      const int64_t lifted = CountLifted(reliefs[a], counts.groups);
      if (lifted == 0) continue;
      Gain& g = gains[it->second][a];
      g.subject = a;
      g.count += lifted;
      ++g.vacancies;
    }
  }
  for (size_t i = 0; i < result.size(); ++i) {
    result[i].adjustments = NonZero(gains[i]);
  }
  return result;
}

absl::StatusOr<AssignmentOutcome> ProposeAssignments(
    const CandidateIndex& index, const std::vector<VacancyProfile>& vacancies,
    const AdviceOptions& options, const AssignmentOptions& assignment) {
  if (options.vacancy_regions.empty()) {
    return absl::InvalidArgumentError("regions: name at least one region");
  }
  if (assignment.edges_per_vacancy < 1) {
    return absl::InvalidArgumentError("edges_per_vacancy must be positive");
  }
  const std::array<bool, 256> allowed = RegionMask(options.vacancy_regions);
  std::vector<const VacancyProfile*> open;
  for (const VacancyProfile& v : vacancies) {
    if (allowed[v.region] && v.state == VacancyState::kOpen) open.push_back(&v);
  }
  // Each vacancy's best candidates: one ranking per vacancy, the vacancies
  // shared out over the threads (the index takes concurrent readers).
  std::vector<std::vector<Hit>> hits(open.size());
  const int threads =
      std::clamp<int>(assignment.threads, 1, std::max<int>(1, open.size()));
  std::vector<absl::Status> failed(threads);
  auto rank = [&](int worker) {
    for (size_t i = worker; i < open.size(); i += threads) {
      if (options.check) {
        if (absl::Status s = options.check(); !s.ok()) {
          failed[worker] = s;
          return;
        }
      }
      RankQuery q = QueryFor(*open[i], options);
      q.limit = assignment.edges_per_vacancy;
      q.explain = false;
      absl::StatusOr<RankResult> ranked = index.Rank(q);
      if (!ranked.ok()) {
        failed[worker] = ranked.status();
        return;
      }
      hits[i] = std::move(ranked->hits);
    }
  };
  std::vector<std::thread> workers;
  for (int w = 1; w < threads; ++w) workers.emplace_back(rank, w);
  rank(0);
  for (std::thread& t : workers) t.join();
  for (const absl::Status& s : failed) RETURN_IF_ERROR(s);

  AssignmentOutcome outcome;
  AssignmentProblem problem;
  std::vector<std::string> candidate_ids;
  absl::flat_hash_map<std::string, uint32_t> candidate_index;
  std::vector<std::string> vacancy_ids;
  for (size_t i = 0; i < open.size(); ++i) {
    const uint32_t vacancy = static_cast<uint32_t>(vacancy_ids.size());
    vacancy_ids.push_back(open[i]->id);
    problem.positions.push_back(open[i]->open_positions);
    outcome.positions += open[i]->open_positions;
    for (Hit& hit : hits[i]) {
      auto [it, added] = candidate_index.try_emplace(
          hit.id, static_cast<uint32_t>(candidate_ids.size()));
      if (added) candidate_ids.push_back(std::move(hit.id));
      problem.edges.push_back({it->second, vacancy, hit.score});
    }
  }
  problem.candidates = static_cast<uint32_t>(candidate_ids.size());
  if (options.check) RETURN_IF_ERROR(options.check());
  ASSIGN_OR_RETURN(Assignment best, AssignOptimally(problem));
  const Assignment greedy = AssignGreedily(problem);
  const std::array<bool, 256> candidate_allowed =
      RegionMask(options.candidate_regions);
  for (const AssignmentEdge& e : best.pairs) {
    ProposedPair pair{
        candidate_ids[e.candidate], vacancy_ids[e.vacancy], e.score, {}};
    if (assignment.explain) {
      std::optional<CandidateProfile> now = index.Find(pair.candidate);
      if (!now.has_value() || !candidate_allowed[now->region]) continue;
      pair.explanation =
          index.model().Explain(*now, *open[e.vacancy], options.policy);
    }
    outcome.total_score += pair.score;
    outcome.pairs.push_back(std::move(pair));
  }
  outcome.greedy_placements = static_cast<int64_t>(greedy.pairs.size());
  outcome.greedy_total_score = greedy.total_score;
  outcome.candidates = problem.candidates;
  outcome.vacancies = static_cast<int64_t>(vacancy_ids.size());
  outcome.edges = static_cast<int64_t>(problem.edges.size());
  return outcome;
}

absl::StatusOr<std::vector<RegionBottlenecks>> Bottlenecks(
    const CandidateIndex& index,
    const std::vector<CandidateProfile>& candidates,
    const std::vector<VacancyProfile>& vacancies,
    const AdviceOptions& options) {
  const MatchModel& model = index.model();
  std::vector<uint8_t> regions = options.vacancy_regions;
  if (regions.empty()) {
    for (size_t r = 0; r < model.compiler().reference().regions().size(); ++r) {
      regions.push_back(static_cast<uint8_t>(r));
    }
  }
  std::sort(regions.begin(), regions.end());
  regions.erase(std::unique(regions.begin(), regions.end()), regions.end());
  std::vector<RegionBottlenecks> result;
  absl::flat_hash_map<int, size_t> slot;
  for (uint8_t r : regions) {
    slot[r] = result.size();
    result.push_back({r, {}, 0, {}});
  }
  std::vector<const VacancyProfile*> open;
  for (const VacancyProfile& v : vacancies) {
    if (v.state == VacancyState::kOpen) open.push_back(&v);
  }

  // Vacancies: nobody feasible, and what keeps those in reach out.
  AdviceOptions all_candidates = options;
  all_candidates.candidate_regions.clear();
  for (const VacancyProfile* v : open) {
    auto it = slot.find(v->region);
    if (it == slot.end()) continue;
    if (options.check) RETURN_IF_ERROR(options.check());
    ASSIGN_OR_RETURN(BlockerCounts counts,
                     index.CountBlockers(QueryFor(*v, all_candidates)));
    if (counts.feasible > 0) continue;
    std::map<std::pair<int, int>, int64_t> kept_out;  // (kind, subject)
    for (const BlockedGroup& g : counts.groups) {
      for (int n = 0; n < kMaxNeeds; ++n) {
        if (g.unmet_needs & (uint32_t{1} << n)) {
          kept_out[{Constraint::SUPPORT_NEED, n}] += g.candidates;
        }
      }
      for (const auto& [d, levels] : g.shortfalls) {
        kept_out[{Constraint::CAPACITY, d}] += g.candidates;
      }
    }
    VacancyBottleneck b;
    b.vacancy = v->id;
    for (const auto& [key, n] : kept_out) {
      if (n > b.candidates) {
        b.kind = static_cast<Constraint::Kind>(key.first);
        b.subject = key.second;
        b.candidates = n;
      }
    }
    result[it->second].vacancies.push_back(std::move(b));
  }

  // Candidates: none of the open vacancies fits.
  std::vector<std::map<int, Gain>> gaps(result.size());
  int until_check = 256;
  for (const CandidateProfile& c : candidates) {
    auto it = slot.find(c.region);
    if (it == slot.end() || !MatchModel::IsAvailable(c, options.policy) ||
        !MatchModel::IsFresh(c, options.policy)) {
      continue;
    }
    if (--until_check == 0) {
      until_check = 256;
      if (options.check) RETURN_IF_ERROR(options.check());
    }
    bool fits = false;
    uint32_t offered_in_reach = 0;  // needs some vacancy in reach meets
    for (const VacancyProfile* v : open) {
      const Assessment a = model.Assess(c, *v, options.policy);
      if (a.feasible()) {
        fits = true;
        break;
      }
      bool in_reach = true;
      for (const Failure& f : a.failures) {
        in_reach &= f.kind != Constraint::TRAVEL;
      }
      if (in_reach) offered_in_reach |= model.MetNeeds(v->offered);
    }
    if (fits) continue;
    RegionBottlenecks& out = result[it->second];
    ++out.stranded;
    for (int n = 0; n < kMaxNeeds; ++n) {
      const uint32_t bit = uint32_t{1} << n;
      if ((c.required_needs & bit) && !(offered_in_reach & bit)) {
        Gain& g = gaps[it->second][n];
        g.subject = n;
        ++g.count;
      }
    }
  }
  for (size_t i = 0; i < result.size(); ++i) {
    result[i].unoffered_needs = NonZero(gaps[i]);
  }
  return result;
}

}  // namespace passend::matcher
