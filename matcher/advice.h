// Advice drawn from the matching model rather than a ranking: which
// adjustments would open a vacancy to more people, what keeps a candidate
// from the vacancies within reach, where in a region adjustments would do
// most, and a region-wide assignment of candidates to vacancies.
//
// Counts are exact: they come from the same hard filter as every ranking
// (CandidateIndex::CountBlockers, MatchModel::Assess), never from samples.
#ifndef PASSEND_MATCHER_ADVICE_H_
#define PASSEND_MATCHER_ADVICE_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "matcher/assignment.h"
#include "matcher/candidate_index.h"
#include "matcher/match_model.h"
#include "matcher/profile.h"

namespace passend::matcher {

struct AdviceOptions {
  MatchPolicy policy;
  // Owner regions of the candidates counted or proposed (region indexes);
  // empty for every region.
  std::vector<uint8_t> candidate_regions;
  // Regions of the vacancies looked at; empty for every region
  // (ProposeAssignments needs at least one).
  std::vector<uint8_t> vacancy_regions;
  // Polled before each vacancy and during long scans (so it may be called
  // from several threads at once); a non-OK status stops the work and is
  // returned (deadline exceeded, cancelled).
  std::function<absl::Status()> check;
};

// How many (more) candidates, pairs or vacancies an adjustment or a lower
// demand makes feasible.
struct Gain {
  int subject = 0;  // adjustment or dimension index in the taxonomy
  int64_t count = 0;
  // AdjustmentOpportunities: vacancies that gain at least one candidate.
  int64_t vacancies = 0;
};

struct VacancyAdvice {
  int64_t feasible = 0;  // available candidates in reach, feasible now
  // In reach (available, fresh, hours, travel, must-haves) but kept out by
  // needs or capacities.
  int64_t blocked = 0;
  // Every adjustment the vacancy does not offer: candidates it alone would
  // make feasible. Most first, then by index.
  std::vector<Gain> adjustments;
  // The set of up to `max_combination` adjustments making the most
  // candidates feasible (fewest adjustments, then lowest indexes, on ties);
  // empty when none helps.
  std::vector<int> combination;
  int64_t combination_count = 0;
  // False when the search space was too large and the combination was
  // built greedily (one adjustment at a time, the best next each time).
  bool combination_exact = true;
  // Demanded dimensions that, one level lower, would make candidates
  // feasible (with the adjustments already offered); most first, count > 0.
  std::vector<Gain> demands;
};

// For `vacancy` over the candidates of `index`. `max_combination` is 1..3.
absl::StatusOr<VacancyAdvice> SuggestAdjustments(const CandidateIndex& index,
                                                 const VacancyProfile& vacancy,
                                                 const AdviceOptions& options,
                                                 int max_combination = 3);

// A support need or capacity that keeps a candidate from vacancies.
struct Blocker {
  passend::v1::Constraint::Kind kind;  // SUPPORT_NEED or CAPACITY
  int subject = 0;                     // need or dimension index
  int64_t vacancies = 0;               // it blocks
  int64_t alone = 0;                   // of those, it is the only blocker
  // Adjustments that, added to one of those vacancies alone, would make it
  // feasible, with how many of them; most first.
  std::vector<Gain> reopened_by;
};

struct CandidateAdvice {
  // Open vacancies within travel range whose hours overlap and whose
  // must-haves the candidate has (availability and freshness aside).
  int64_t in_reach = 0;
  int64_t feasible = 0;           // of those, matched on needs and capacities
  std::vector<Blocker> blockers;  // most vacancies blocked first
  // Every adjustment that would reopen at least one vacancy, most first.
  std::vector<Gain> reopening;
};

// For `candidate` over `vacancies` (Matcher::VacancySnapshot()).
absl::StatusOr<CandidateAdvice> ExplainBlockers(
    const MatchModel& model, const CandidateProfile& candidate,
    const std::vector<VacancyProfile>& vacancies, const AdviceOptions& options);

struct RegionOpportunities {
  int region = 0;
  int64_t vacancies = 0;       // open vacancies in the region
  int64_t feasible_pairs = 0;  // (vacancy, available candidate) pairs
  int64_t blocked_pairs = 0;   // in reach, kept out by needs or capacities
  // Adjustments by (vacancy, candidate) pairs they alone would turn
  // feasible, each with the vacancies concerned; most first, count > 0.
  std::vector<Gain> adjustments;
};

// Per region of `options.vacancy_regions` (every region when empty), in
// region order, over the candidates of `options.candidate_regions`.
absl::StatusOr<std::vector<RegionOpportunities>> AdjustmentOpportunities(
    const CandidateIndex& index, const std::vector<VacancyProfile>& vacancies,
    const AdviceOptions& options);

// An open vacancy no available candidate fits.
struct VacancyBottleneck {
  std::string vacancy;  // id
  // The need or capacity keeping the most candidates in reach out
  // (SUPPORT_NEED or CAPACITY), or TRAVEL when nobody is in reach at all
  // (no available, fresh candidate within travel range with fitting hours
  // and the must-have experience).
  passend::v1::Constraint::Kind kind = passend::v1::Constraint::TRAVEL;
  int subject = -1;        // need or dimension index
  int64_t candidates = 0;  // in reach and kept out by it
};

struct RegionBottlenecks {
  int region = 0;
  // The region's open vacancies with no feasible candidate, in id order.
  std::vector<VacancyBottleneck> vacancies;
  // Available, fresh candidates of the region that fit no open vacancy.
  int64_t stranded = 0;
  // Per required need: stranded candidates for whom no open vacancy within
  // their travel range offers an adjustment meeting it; most first.
  std::vector<Gain> unoffered_needs;
};

// Per region of `options.vacancy_regions` (every region when empty), in
// region order; vacancies of the region, candidates owned by it.
// `candidates` is every indexed profile (CandidateIndex::Snapshot). Cost:
// a blocker count per open vacancy, and for each available candidate an
// assessment against the open vacancies until one fits.
absl::StatusOr<std::vector<RegionBottlenecks>> Bottlenecks(
    const CandidateIndex& index,
    const std::vector<CandidateProfile>& candidates,
    const std::vector<VacancyProfile>& vacancies, const AdviceOptions& options);

struct AssignmentOptions {
  // Each vacancy's best candidates that enter the flow graph. Bounds the
  // graph (and the time); a candidate outside every vacancy's list is never
  // proposed, which can cost placements where many vacancies share the same
  // candidates (docs/MATCHING.md measures it).
  int edges_per_vacancy = 100;
  // Threads ranking the vacancies (the flow itself runs on one).
  int threads = 2;
  // Explain each proposal (from the candidate's profile as it is after the
  // solve; a candidate erased or moved out of the regions meanwhile is left
  // out).
  bool explain = false;
};

struct ProposedPair {
  std::string candidate;  // ids, without collection
  std::string vacancy;
  int score = 0;
  passend::v1::MatchExplanation explanation;  // with AssignmentOptions::explain
};

struct AssignmentOutcome {
  std::vector<ProposedPair> pairs;  // by vacancy id, then score, best first
  int64_t total_score = 0;
  int64_t greedy_placements = 0;  // greedy per-vacancy picking, same edges
  int64_t greedy_total_score = 0;
  int64_t candidates = 0;  // available candidates with an edge
  int64_t vacancies = 0;   // open vacancies in the regions
  int64_t positions = 0;   // their open positions
  int64_t edges = 0;
};

// Candidates of `options.candidate_regions` to open vacancies of
// `options.vacancy_regions`, given in id order (Matcher::VacancySnapshot).
// INVALID_ARGUMENT without a vacancy region or with edges_per_vacancy < 1.
absl::StatusOr<AssignmentOutcome> ProposeAssignments(
    const CandidateIndex& index, const std::vector<VacancyProfile>& vacancies,
    const AdviceOptions& options, const AssignmentOptions& assignment);

}  // namespace passend::matcher

#endif  // PASSEND_MATCHER_ADVICE_H_
