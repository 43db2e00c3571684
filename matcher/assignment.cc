#include "matcher/assignment.h"

#include <algorithm>
#include <cstdlib>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "lemon/network_simplex.h"
#include "lemon/smart_graph.h"

namespace passend::matcher {
namespace {

// Scores beyond this are refused: the placement bonus must stay far from
// overflow (rankings score 0-1000).
constexpr int kMaxScore = 1'000'000;

// By vacancy, then score (best first), then candidate.
bool ByVacancyThenScore(const AssignmentEdge& a, const AssignmentEdge& b) {
  if (a.vacancy != b.vacancy) return a.vacancy < b.vacancy;
  if (a.score != b.score) return a.score > b.score;
  return a.candidate < b.candidate;
}

absl::Status Check(const AssignmentProblem& problem) {
  for (size_t v = 0; v < problem.positions.size(); ++v) {
    if (problem.positions[v] < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("positions[", v, "] is negative"));
    }
  }
  absl::flat_hash_set<uint64_t> seen;
  for (size_t i = 0; i < problem.edges.size(); ++i) {
    const AssignmentEdge& e = problem.edges[i];
    if (e.candidate >= problem.candidates ||
        e.vacancy >= problem.positions.size()) {
      return absl::InvalidArgumentError(
          absl::StrCat("edges[", i, "] names no candidate or vacancy"));
    }
    if (e.score < -kMaxScore || e.score > kMaxScore) {
      return absl::InvalidArgumentError(
          absl::StrCat("edges[", i, "].score is beyond +-", kMaxScore));
    }
    if (!seen.insert(uint64_t{e.candidate} << 32 | e.vacancy).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("edges[", i, "] repeats a pair"));
    }
  }
  return absl::OkStatus();
}

Assignment Finish(std::vector<AssignmentEdge> pairs) {
  std::sort(pairs.begin(), pairs.end(), ByVacancyThenScore);
  Assignment result;
  for (const AssignmentEdge& e : pairs) result.total_score += e.score;
  result.pairs = std::move(pairs);
  return result;
}

}  // namespace

absl::StatusOr<Assignment> AssignOptimally(const AssignmentProblem& problem) {
  if (absl::Status s = Check(problem); !s.ok()) return s;
  using Graph = lemon::SmartDigraph;
  Graph graph;
  const Graph::Node source = graph.addNode();
  const Graph::Node sink = graph.addNode();
  // Only candidates and vacancies that have an edge get a node.
  std::vector<Graph::Node> candidate_node(problem.candidates, lemon::INVALID);
  std::vector<Graph::Node> vacancy_node(problem.positions.size(),
                                        lemon::INVALID);
  Graph::ArcMap<int64_t> capacity(graph);
  Graph::ArcMap<int64_t> cost(graph);
  auto add_arc = [&](Graph::Node from, Graph::Node to, int64_t cap,
                     int64_t arc_cost) {
    Graph::Arc arc = graph.addArc(from, to);
    capacity[arc] = cap;
    cost[arc] = arc_cost;
    return arc;
  };
  std::vector<Graph::Arc> edge_arc;
  edge_arc.reserve(problem.edges.size());
  for (const AssignmentEdge& e : problem.edges) {
    if (problem.positions[e.vacancy] == 0) {
      edge_arc.push_back(lemon::INVALID);
      continue;
    }
    Graph::Node& c = candidate_node[e.candidate];
    if (c == lemon::INVALID) {
      c = graph.addNode();
      add_arc(source, c, 1, 0);
    }
    Graph::Node& v = vacancy_node[e.vacancy];
    if (v == lemon::INVALID) {
      v = graph.addNode();
      add_arc(v, sink, problem.positions[e.vacancy], 0);
    }
    edge_arc.push_back(add_arc(c, v, 1, -static_cast<int64_t>(e.score)));
  }

  // Every candidate may flow to the sink unplaced, at no cost, through a
  // bypass arc; a placement costs -(kPlacement + score). kPlacement exceeds
  // any difference in total score a solution can make, so the optimum
  // places the most people first and only then maximises the score: one
  // network simplex run, no separate maximum flow.
  int64_t supply = 0;
  for (const Graph::Node& c : candidate_node) supply += c != lemon::INVALID;
  int64_t positions = 0;
  for (size_t v = 0; v < vacancy_node.size(); ++v) {
    if (vacancy_node[v] != lemon::INVALID) positions += problem.positions[v];
  }
  int max_score = 0;
  for (const AssignmentEdge& e : problem.edges) {
    max_score = std::max(max_score, std::abs(e.score));
  }
  const int64_t placement =
      std::min(supply, positions) * (int64_t{2} * max_score + 1) + 1;
  for (size_t i = 0; i < problem.edges.size(); ++i) {
    if (edge_arc[i] != lemon::INVALID) cost[edge_arc[i]] -= placement;
  }
  add_arc(source, sink, supply, 0);

  lemon::NetworkSimplex<Graph, int64_t, int64_t> min_cost(graph);
  min_cost.upperMap(capacity).costMap(cost).stSupply(source, sink, supply);
  if (min_cost.run() != decltype(min_cost)::OPTIMAL) {
    // The bypass arc makes every supply feasible; this is a bug.
    return absl::InternalError("min-cost flow found no optimum");
  }
  std::vector<AssignmentEdge> pairs;
  for (size_t i = 0; i < problem.edges.size(); ++i) {
    if (edge_arc[i] != lemon::INVALID && min_cost.flow(edge_arc[i]) > 0) {
      pairs.push_back(problem.edges[i]);
    }
  }
  return Finish(std::move(pairs));
}

Assignment AssignGreedily(const AssignmentProblem& problem) {
  std::vector<AssignmentEdge> edges = problem.edges;
  std::sort(edges.begin(), edges.end(), ByVacancyThenScore);
  std::vector<bool> taken(problem.candidates, false);
  std::vector<int> left = problem.positions;
  std::vector<AssignmentEdge> pairs;
  for (const AssignmentEdge& e : edges) {
    if (left[e.vacancy] == 0 || taken[e.candidate]) continue;
    taken[e.candidate] = true;
    --left[e.vacancy];
    pairs.push_back(e);
  }
  return Finish(std::move(pairs));
}

}  // namespace passend::matcher
