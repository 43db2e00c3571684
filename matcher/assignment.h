// Region-wide assignment of candidates to vacancies: each candidate placed at
// most once, each vacancy at most its open positions, over feasible pairs
// only, maximising first the number of placements and then the total match
// score. Also the same problem solved the way per-vacancy top-k lists solve
// it today (greedy per-vacancy picking), for comparison.
//
// Candidates and vacancies are numbered 0..n-1 by the caller; an edge is a
// feasible pair and its score.
#ifndef PASSEND_MATCHER_ASSIGNMENT_H_
#define PASSEND_MATCHER_ASSIGNMENT_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"

namespace passend::matcher {

struct AssignmentEdge {
  uint32_t candidate = 0;
  uint32_t vacancy = 0;
  int score = 0;
};

struct AssignmentProblem {
  uint32_t candidates = 0;
  std::vector<int> positions;  // open positions per vacancy, >= 0
  std::vector<AssignmentEdge> edges;
};

struct Assignment {
  // The chosen edges, by vacancy, then score (best first), then candidate.
  std::vector<AssignmentEdge> pairs;
  int64_t total_score = 0;
};

// The optimum, as one minimum-cost flow (LEMON's NetworkSimplex) in which a
// placement is worth more than any score difference: the most placements,
// then the highest total score among them. INVALID_ARGUMENT for an edge
// naming a candidate or vacancy out of range, a score beyond +-1,000,000,
// negative positions or a repeated pair.
absl::StatusOr<Assignment> AssignOptimally(const AssignmentProblem& problem);

// Vacancies in index order, each taking its best-scoring candidates not yet
// taken (ties to the lower candidate index) up to its positions. Expects a
// problem AssignOptimally accepts.
Assignment AssignGreedily(const AssignmentProblem& problem);

}  // namespace passend::matcher

#endif  // PASSEND_MATCHER_ASSIGNMENT_H_
