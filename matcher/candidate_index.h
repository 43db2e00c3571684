// Every candidate's matching features in memory, column by column (structure
// of arrays), in blocks by (municipality the candidate lives in, travel-range
// band), so a ranking skips every block out of reach and scans the rest in
// tight loops. Placed and withdrawn candidates sit in a block of their own
// that rankings never read.
//
// Hot columns per candidate (bytes): capacity failure bits 8 (16 when the
// taxonomy has more than 64 capacity thresholds), required and preferred
// needs 8, hours 2, postcode 2, travel range 1, owner region 1, available-from
// day 2 (which also says placed or withdrawn), last-confirmed day 2, wage
// value 1, three inline occupations 6 -- 33 (41) in all, see
// hot_bytes_per_candidate(). Beside
// them: an 8-byte id prefix, read only to break score ties, and the full
// profile, read only for a candidate with more than three occupations, for
// must-haves and for the results' explanations.
//
// Thread-safe: rankings hold a reader lock for their whole scan, writers an
// exclusive lock, so a ranking never sees half of a change.
#ifndef PASSEND_MATCHER_CANDIDATE_INDEX_H_
#define PASSEND_MATCHER_CANDIDATE_INDEX_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "matcher/match_model.h"
#include "matcher/profile.h"

namespace passend::matcher {

// A ranked candidate: higher score first, then lower id.
struct Hit {
  int score = 0;
  std::string id;
};

// Orders hits best first: by score descending, then id ascending.
inline bool Better(const Hit& a, const Hit& b) {
  return a.score != b.score ? a.score > b.score : a.id < b.id;
}

// What a ranking asks for, whichever side it ranks: candidates for a vacancy
// (Matcher::RankCandidates, CandidateIndex::Rank) or vacancies for a
// candidate (Matcher::RankVacancies).
struct RankOptions {
  MatchPolicy policy;
  // Regions to include (region indexes): the owner region of a ranked
  // candidate, the region of a ranked vacancy; empty for all.
  std::vector<uint8_t> regions;
  // Results wanted.
  int limit = 50;
  // Return only hits ranked after this one (paging); none when unset.
  std::optional<Hit> after;
  // Near misses wanted (pairs failing one or two hard constraints other than
  // availability and a closed vacancy), best first.
  int near_misses = 0;
  // Explain each result; when false a result holds the two names and the
  // score only (near misses are always explained). The index copies the
  // hits' profiles, for the explanations, only when true.
  bool explain = true;
  // Polled now and then during the scan (every few thousand candidates,
  // every thousand vacancies); a non-OK status stops the scan and is
  // returned (deadline exceeded, cancelled).
  std::function<absl::Status()> check;
};

// A ranking of the index's candidates for one vacancy.
struct RankQuery : RankOptions {
  const VacancyProfile* vacancy = nullptr;
};

// A near miss: the number of failed constraints, then the score as if it
// were feasible.
struct NearMiss {
  int failures = 0;
  Hit hit;
};

// Fewer failures first, then as Better.
inline bool BetterNearMiss(const NearMiss& a, const NearMiss& b) {
  return a.failures != b.failures ? a.failures < b.failures
                                  : Better(a.hit, b.hit);
}

struct RankResult {
  std::vector<Hit> hits;  // best first
  std::vector<NearMiss> near_misses;
  // The profiles the hits and near misses were scored on, read under the
  // same lock as the scan (so explanations match the scores).
  std::vector<CandidateProfile> hit_profiles;
  std::vector<CandidateProfile> near_miss_profiles;
  int64_t feasible = 0;
  int64_t scanned = 0;
};

// Candidates kept from a vacancy only by what adjustments can change: they
// pass availability, freshness, hours, reach and must-haves, but have
// required needs no offered adjustment meets, or capacities below the demand
// after adjustments.
struct BlockedGroup {
  uint32_t unmet_needs = 0;  // bit i: taxonomy need i
  // (dimension, levels its demand must come down by), by dimension.
  std::vector<std::pair<uint8_t, uint8_t>> shortfalls;
  int64_t candidates = 0;
};

struct BlockerCounts {
  // Ordered by unmet needs, then shortfalls.
  std::vector<BlockedGroup> groups;
  int64_t feasible = 0;  // candidates already feasible
};

// Bytes the index holds, by part (allocated capacity, so what a process
// pays for them before the allocator's own overhead).
struct IndexMemory {
  int64_t columns = 0;   // the blocks' column vectors
  int64_t profiles = 0;  // the full profiles, their ids and occupations
  int64_t lookup = 0;    // id -> slot, and occupation -> blocks
  int64_t total() const { return columns + profiles + lookup; }
};

class CandidateIndex {
 public:
  explicit CandidateIndex(const MatchModel* model);
  CandidateIndex(const CandidateIndex&) = delete;
  CandidateIndex& operator=(const CandidateIndex&) = delete;

  // Adds the candidate, or replaces the one with the same id.
  void Upsert(CandidateProfile profile);
  // Upsert for many, under one lock (start-up loading).
  void UpsertAll(std::vector<CandidateProfile> profiles);
  // Removes the candidate; no-op when absent.
  void Remove(const std::string& id);

  size_t size() const;
  const MatchModel& model() const { return *model_; }
  IndexMemory Memory() const;
  // Bytes of hot columns a scan reads per candidate.
  int hot_bytes_per_candidate() const { return wide_ ? 41 : 33; }
  std::optional<CandidateProfile> Find(const std::string& id) const;
  // Every profile, in id order (for consistency checks).
  std::vector<CandidateProfile> Snapshot() const;
  // Calls `visit` for every profile, in no particular order, under the
  // reader lock (so with no change in between).
  void ForEach(const std::function<void(const CandidateProfile&)>& visit) const;

  absl::StatusOr<RankResult> Rank(const RankQuery& query) const;
  // The candidates `query` would scan (its vacancy, policy, regions and check;
  // not its limit, paging or near misses), grouped by what blocks them.
  // Exact: one pass over the same columns as Rank.
  absl::StatusOr<BlockerCounts> CountBlockers(const RankQuery& query) const;

 private:
  // Every column, declared once: as a block's vectors (Block) and as one
  // candidate's values (Row), so a new column is added here, listed in
  // ForEachColumn and computed in MakeRow.
  template <template <typename> class Field>
  struct Columns {
    Field<uint64_t> fail_lo, fail_hi;
    Field<uint32_t> required, preferred;
    Field<uint8_t> hours_min, hours_max;
    Field<uint16_t> postcode;
    Field<uint8_t> travel_km, owner_region;
    // Days since 2000: available from this day (0 when available now,
    // kNeverAvailable when placed or withdrawn), last confirmed on this one.
    Field<uint16_t> available_from, last_confirmed;
    // Wage value (0-100) in the low 7 bits; kMoreOccupations when the
    // profile lists more than the three inline occupations.
    Field<uint8_t> wage_value;
    // Three occupations inline: ESCO index << 1 | experience, or
    // no_occupation_.
    Field<uint16_t> occupation0, occupation1, occupation2;
    // The id's first 8 bytes, big-endian: orders ties without a pointer
    // chase unless the prefixes are equal.
    Field<uint64_t> id_prefix;
    Field<const CandidateProfile*> profile;  // owned by entries_
  };
  // Calls `visit` once per column with that column of each of `columns`
  // (Columns or derived, const or not), in declaration order:
  // visit(a.fail_lo, b.fail_lo), visit(a.fail_hi, b.fail_hi), ...
  template <typename Visit, typename... C>
  static void ForEachColumn(Visit&& visit, C&... columns) {
    visit(columns.fail_lo...);
    visit(columns.fail_hi...);
    visit(columns.required...);
    visit(columns.preferred...);
    visit(columns.hours_min...);
    visit(columns.hours_max...);
    visit(columns.postcode...);
    visit(columns.travel_km...);
    visit(columns.owner_region...);
    visit(columns.available_from...);
    visit(columns.last_confirmed...);
    visit(columns.wage_value...);
    visit(columns.occupation0...);
    visit(columns.occupation1...);
    visit(columns.occupation2...);
    visit(columns.id_prefix...);
    visit(columns.profile...);
  }
  template <typename T>
  using Vector = std::vector<T>;
  template <typename T>
  using Value = T;

  // The columns of one block's candidates. Slot i of every vector belongs
  // to the same candidate; removal swaps the last slot in. The vectors are
  // padded with zeros to whole chunks of 64 (block_sizes_ has the count).
  struct Block : Columns<Vector> {
    // Every capacity failure bit and required need of anyone added since
    // the block was last empty (a superset of its candidates'): a demand or
    // need nobody here can fail is not checked.
    uint64_t fail_any[2] = {0, 0};
    uint32_t required_any = 0;
  };
  // Keys of occupation_blocks_: the exact occupation with its experience
  // bit, and the ISCO group at each level (1-4 digits).
  static uint32_t ExactKey(uint16_t esco, bool experience) {
    return static_cast<uint32_t>(esco) << 1 | (experience ? 1 : 0);
  }
  static uint32_t GroupKey(int digits, int isco_code) {
    static constexpr int kDivisor[] = {0, 1000, 100, 10, 1};
    return static_cast<uint32_t>(digits) << 24 |
           static_cast<uint32_t>(isco_code / kDivisor[digits]);
  }
  void CountOccupations(uint32_t block, const CandidateProfile& p, int delta)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void CountOccupation(uint32_t block, uint16_t esco, bool experience,
                       int delta) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // By block: the most occupation points any of its candidates can score
  // against `occupation`, without looking at them.
  std::vector<int16_t> OccupationBounds(uint16_t occupation) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);
  // A block a ranking reads, with bounds on what its candidates can score:
  // on everything but occupation (all at their maximum but distance,
  // bounded by how near the municipality comes to the block's longest
  // travel range), and on the whole score.
  struct BlockVisit {
    uint32_t block;
    int16_t other_bound;
    int16_t score_bound;
  };
  // The non-empty blocks a scan reads (those in reach of `v`, or all when
  // `all_in_reach`), highest score bound first, so that the heap fills with
  // the strongest early and the bounds skip the most after.
  std::vector<BlockVisit> VisitOrder(
      const std::vector<int16_t>& best_occupation, const VacancyProfile& v,
      const DistanceTable& distances, bool all_in_reach) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);
  struct Location {
    uint32_t block;
    uint32_t slot;
  };
  // The block of a candidate: municipality of its postcode, travel band.
  uint32_t BlockOf(const CandidateProfile& p) const;

  // Entry::location.block of an entry UpsertAll has yet to place; its
  // slot is then the entry's row in UpsertAll's list.
  static constexpr uint32_t kPendingBlock = ~uint32_t{0};
  struct Entry;
  // One candidate's slot in every column of its block, before it is
  // appended (its `profile` is entry->profile, kept here so appending does
  // not touch the entry).
  struct Row : Columns<Value> {
    Entry* entry = nullptr;
    uint32_t block = 0;
  };
  void UpsertLocked(CandidateProfile profile)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  Row MakeRow(Entry* entry) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Appends the row to its block's columns and points its entry there,
  // and counts its occupations.
  void AppendRow(const Row& row) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void AppendColumns(const Row& row) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Makes room for `n` slots in every column of `b`.
  static void Reserve(Block& b, size_t n);
  // Removes the columns at `location`, moving the block's last slot in.
  void RemoveSlot(Location location) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const MatchModel* model_;
  // Bit layout of capacity failures: dimension d, threshold t (1..levels-1)
  // is bit first_bit_[d] + t - 1 of the 128-bit (lo, hi) pair.
  std::array<int, kMaxDimensions> first_bit_{};
  // More than 64 thresholds: fail_hi is in use.
  bool wide_ = false;
  // The inline occupation value for "none" (one past the last real one).
  uint16_t no_occupation_ = 0;
  // Blocks a scan reads; the one after them holds placed and withdrawn
  // candidates.
  size_t scanned_blocks_ = 0;
  // Municipality of each postcode area (index), for choosing a block.
  std::vector<uint16_t> postcode_municipality_;

  mutable absl::Mutex mu_;
  std::vector<Block> blocks_ ABSL_GUARDED_BY(mu_);
  std::vector<uint32_t> block_sizes_ ABSL_GUARDED_BY(mu_);  // blocks_[i].size()
  struct Entry {
    Location location;
    std::unique_ptr<CandidateProfile> profile;  // the columns point here
  };
  absl::flat_hash_map<std::string, Entry> entries_ ABSL_GUARDED_BY(mu_);
  // Occupation key (ExactKey, GroupKey) -> block -> how many of the
  // block's occupation entries fall under it.
  absl::flat_hash_map<uint32_t, absl::flat_hash_map<uint32_t, uint32_t>>
      occupation_blocks_ ABSL_GUARDED_BY(mu_);
};

}  // namespace passend::matcher

#endif  // PASSEND_MATCHER_CANDIDATE_INDEX_H_
