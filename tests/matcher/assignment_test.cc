// The assignment solver against two independent answers: exhaustive search
// on small random instances, and a plain successive-shortest-path min-cost
// flow (Bellman-Ford, written here) on medium ones. Both must agree on the
// number of placements and the total score, and every answer must respect
// the rules (a candidate at most once, a vacancy at most its positions,
// given pairs only).
#include "matcher/assignment.h"

#include <algorithm>
#include <limits>
#include <random>

#include "absl/container/flat_hash_set.h"
#include "gtest/gtest.h"

namespace passend::matcher {
namespace {

AssignmentProblem RandomProblem(std::mt19937_64& rng, uint32_t candidates,
                                uint32_t vacancies, int max_positions,
                                double edge_chance) {
  AssignmentProblem p;
  p.candidates = candidates;
  for (uint32_t v = 0; v < vacancies; ++v) {
    p.positions.push_back(static_cast<int>(rng() % (max_positions + 1)));
  }
  std::bernoulli_distribution has_edge(edge_chance);
  for (uint32_t c = 0; c < candidates; ++c) {
    for (uint32_t v = 0; v < vacancies; ++v) {
      // Few distinct scores, so ties between solutions are common.
      if (has_edge(rng)) {
        p.edges.push_back({c, v, static_cast<int>(rng() % 6) * 10});
      }
    }
  }
  std::shuffle(p.edges.begin(), p.edges.end(), rng);
  return p;
}

// Every rule an answer must keep.
void ExpectValid(const AssignmentProblem& p, const Assignment& a) {
  absl::flat_hash_set<uint64_t> given;
  for (const auto& e : p.edges) {
    given.insert(uint64_t{e.candidate} << 32 | e.vacancy);
  }
  std::vector<int> used(p.positions.size(), 0);
  absl::flat_hash_set<uint32_t> placed;
  int64_t total = 0;
  for (const auto& e : a.pairs) {
    EXPECT_TRUE(given.contains(uint64_t{e.candidate} << 32 | e.vacancy));
    EXPECT_TRUE(placed.insert(e.candidate).second) << "placed twice";
    EXPECT_LE(++used[e.vacancy], p.positions[e.vacancy]);
    total += e.score;
  }
  EXPECT_EQ(total, a.total_score);
}

struct Best {
  int placements = 0;
  int64_t score = 0;
};

// Tries every way of giving each candidate one of its vacancies or none.
void Exhaust(const AssignmentProblem& p,
             const std::vector<std::vector<AssignmentEdge>>& by_candidate,
             uint32_t c, std::vector<int>& left, Best now, Best& best) {
  if (c == p.candidates) {
    if (now.placements > best.placements ||
        (now.placements == best.placements && now.score > best.score)) {
      best = now;
    }
    return;
  }
  Exhaust(p, by_candidate, c + 1, left, now, best);
  for (const AssignmentEdge& e : by_candidate[c]) {
    if (left[e.vacancy] == 0) continue;
    --left[e.vacancy];
    Exhaust(p, by_candidate, c + 1, left,
            {now.placements + 1, now.score + e.score}, best);
    ++left[e.vacancy];
  }
}

Best Exhaustive(const AssignmentProblem& p) {
  std::vector<std::vector<AssignmentEdge>> by_candidate(p.candidates);
  for (const auto& e : p.edges) by_candidate[e.candidate].push_back(e);
  std::vector<int> left = p.positions;
  Best best;
  Exhaust(p, by_candidate, 0, left, {}, best);
  return best;
}

// Successive shortest paths on the residual graph with Bellman-Ford (costs
// -score may be negative), augmenting one unit at a time until the sink is
// unreachable: a min-cost flow at every value, so at the maximum one too.
Best ShortestPaths(const AssignmentProblem& p) {
  struct Arc {
    int to;
    int capacity;
    int64_t cost;
  };
  const int n = 2 + static_cast<int>(p.candidates + p.positions.size());
  const int source = 0;
  const int sink = 1;
  std::vector<Arc> arcs;
  std::vector<std::vector<int>> out(n);
  auto add = [&](int from, int to, int capacity, int64_t cost) {
    out[from].push_back(static_cast<int>(arcs.size()));
    arcs.push_back({to, capacity, cost});
    out[to].push_back(static_cast<int>(arcs.size()));
    arcs.push_back({from, 0, -cost});
  };
  auto candidate = [](uint32_t c) { return 2 + static_cast<int>(c); };
  auto vacancy = [&](uint32_t v) {
    return 2 + static_cast<int>(p.candidates + v);
  };
  for (uint32_t c = 0; c < p.candidates; ++c) add(source, candidate(c), 1, 0);
  for (uint32_t v = 0; v < p.positions.size(); ++v) {
    add(vacancy(v), sink, p.positions[v], 0);
  }
  for (const auto& e : p.edges) {
    add(candidate(e.candidate), vacancy(e.vacancy), 1, -e.score);
  }
  constexpr int64_t kUnreached = std::numeric_limits<int64_t>::max();
  Best best;
  while (true) {
    std::vector<int64_t> distance(n, kUnreached);
    std::vector<int> via(n, -1);
    distance[source] = 0;
    for (bool changed = true; changed;) {
      changed = false;
      for (int u = 0; u < n; ++u) {
        if (distance[u] == kUnreached) continue;
        for (int a : out[u]) {
          if (arcs[a].capacity > 0 &&
              distance[u] + arcs[a].cost < distance[arcs[a].to]) {
            distance[arcs[a].to] = distance[u] + arcs[a].cost;
            via[arcs[a].to] = a;
            changed = true;
          }
        }
      }
    }
    if (distance[sink] == kUnreached) return best;
    for (int u = sink; u != source; u = arcs[via[u] ^ 1].to) {
      --arcs[via[u]].capacity;
      ++arcs[via[u] ^ 1].capacity;
    }
    ++best.placements;
    best.score -= distance[sink];
  }
}

TEST(AssignmentTest, OptimalOnSmallInstancesByExhaustiveSearch) {
  for (uint64_t seed = 1; seed <= 300; ++seed) {
    std::mt19937_64 rng(seed);
    AssignmentProblem p = RandomProblem(rng, 1 + rng() % 7, 1 + rng() % 4, 2,
                                        0.2 + 0.1 * (rng() % 6));
    Best expected = Exhaustive(p);
    absl::StatusOr<Assignment> a = AssignOptimally(p);
    ASSERT_TRUE(a.ok()) << a.status();
    ExpectValid(p, *a);
    EXPECT_EQ(a->pairs.size(), static_cast<size_t>(expected.placements))
        << "seed " << seed;
    EXPECT_EQ(a->total_score, expected.score) << "seed " << seed;
  }
}

TEST(AssignmentTest, MediumInstancesEqualAnIndependentFlowSolution) {
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    std::mt19937_64 rng(seed);
    AssignmentProblem p = RandomProblem(rng, 300, 60, 5, 0.04);
    Best expected = ShortestPaths(p);
    absl::StatusOr<Assignment> a = AssignOptimally(p);
    ASSERT_TRUE(a.ok()) << a.status();
    ExpectValid(p, *a);
    EXPECT_EQ(a->pairs.size(), static_cast<size_t>(expected.placements))
        << "seed " << seed;
    EXPECT_EQ(a->total_score, expected.score) << "seed " << seed;
    // Greedy keeps the rules and never beats the optimum on placements.
    Assignment greedy = AssignGreedily(p);
    ExpectValid(p, greedy);
    EXPECT_LE(greedy.pairs.size(), a->pairs.size());
  }
}

TEST(AssignmentTest, MorePlacementsThanGreedyWhenTheBestCandidateIsShared) {
  // Vacancy 0 takes candidate 0, its best; vacancy 1 could only use
  // candidate 0, so greedy leaves it empty. The optimum places both.
  AssignmentProblem p;
  p.candidates = 2;
  p.positions = {1, 1};
  p.edges = {{0, 0, 90}, {1, 0, 50}, {0, 1, 40}};
  Assignment greedy = AssignGreedily(p);
  ASSERT_EQ(greedy.pairs.size(), 1u);
  EXPECT_EQ(greedy.total_score, 90);
  absl::StatusOr<Assignment> best = AssignOptimally(p);
  ASSERT_TRUE(best.ok());
  ASSERT_EQ(best->pairs.size(), 2u);
  EXPECT_EQ(best->total_score, 90);
  EXPECT_EQ(best->pairs[0].candidate, 1u);  // vacancy 0 gets candidate 1
  EXPECT_EQ(best->pairs[1].candidate, 0u);
}

TEST(AssignmentTest, PlacementsComeBeforeScore) {
  // One high-scoring pair against two lower ones that place two people.
  AssignmentProblem p;
  p.candidates = 2;
  p.positions = {1, 1};
  p.edges = {{0, 0, 100}, {0, 1, 1}, {1, 0, 1}};
  absl::StatusOr<Assignment> best = AssignOptimally(p);
  ASSERT_TRUE(best.ok());
  EXPECT_EQ(best->pairs.size(), 2u);
  EXPECT_EQ(best->total_score, 2);
}

TEST(AssignmentTest, RefusesBadInput) {
  AssignmentProblem p;
  p.candidates = 1;
  p.positions = {1};
  p.edges = {{1, 0, 5}};
  EXPECT_EQ(AssignOptimally(p).status().code(),
            absl::StatusCode::kInvalidArgument);
  p.edges = {{0, 0, 5}, {0, 0, 6}};
  EXPECT_EQ(AssignOptimally(p).status().code(),
            absl::StatusCode::kInvalidArgument);
  p.edges = {{0, 0, 5}};
  p.positions = {-1};
  EXPECT_EQ(AssignOptimally(p).status().code(),
            absl::StatusCode::kInvalidArgument);
  p.positions = {0};
  absl::StatusOr<Assignment> none = AssignOptimally(p);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->pairs.empty());
}

}  // namespace
}  // namespace passend::matcher
