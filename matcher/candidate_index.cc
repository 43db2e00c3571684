#include "matcher/candidate_index.h"

#include <emmintrin.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <type_traits>

#include "common/status_macros.h"
#include "matcher/top_k.h"

namespace passend::matcher {
namespace {

constexpr uint8_t kWageMask = 0x7f;
constexpr uint8_t kMoreOccupations = 0x80;
constexpr int32_t kDay2000 = 10957;  // DayNumber(2000-01-01)
constexpr uint16_t kNeverAvailable = 0xffff;
constexpr int kCheckEvery = 4096;
// Upper ends of the travel-range bands blocks are split by.
constexpr std::array<int, 10> kTravelBands = {5,  10, 15, 20,  25,
                                              30, 40, 60, 100, 255};

int TravelBand(int km) {
  int band = 0;
  while (km > kTravelBands[band]) ++band;
  return band;
}

uint16_t Day16(int32_t day_number) {
  return static_cast<uint16_t>(
      std::clamp<int32_t>(day_number - kDay2000, 0, 65535));
}

// ESCO index << 1 | experience, or `none`.
uint16_t InlineOccupation(const CandidateProfile& p, size_t i, uint16_t none) {
  if (i >= p.occupations.size()) return none;
  return static_cast<uint16_t>(p.occupations[i].esco << 1 |
                               (p.occupations[i].experience ? 1 : 0));
}

uint64_t IdPrefix(const std::string& id) {
  uint64_t prefix = 0;
  for (size_t i = 0; i < 8; ++i) {
    prefix = prefix << 8 | (i < id.size() ? static_cast<uint8_t>(id[i]) : 0);
  }
  return prefix;
}

// Columns hold a whole number of 64-slot chunks: rows past the block's
// size are zero (padding the filter reads and masks off).
constexpr size_t kChunk = 64;
size_t PaddedRows(size_t rows) { return (rows + kChunk - 1) / kChunk * kChunk; }

// Moves slot `last` (the block's last row) into `slot` and clears it.
template <typename T>
void SwapRemove(std::vector<T>& column, uint32_t slot, uint32_t last) {
  column[slot] = column[last];
  column[last] = T{};
  column.resize(PaddedRows(last));
}

// One chunk of a block's filter columns: 64 values each (the padding
// included), so the filter's loops always run 64 times, a trip count the
// compiler vectorises without a scalar tail.
struct ChunkColumns {
  const uint64_t* fail_lo;
  const uint64_t* fail_hi;
  const uint32_t* required;
  const uint8_t* hours_min;
  const uint8_t* hours_max;
  const uint16_t* postcode;
  const uint8_t* travel_km;
  const uint8_t* owner_region;
  const uint16_t* available_from;
  const uint16_t* last_confirmed;
  uint64_t valid;  // bit k: slot k holds a candidate
};

// The query's constants for the filter. A check whose outcome is the same
// for everyone is switched off, so its column is not read at all: a query
// without demands never reads the capacity bits, a remote one never reads
// postcodes.
struct FilterConstants {
  uint64_t demand_lo = 0;
  uint64_t demand_hi = 0;
  uint32_t unmet = 0;  // needs no offered adjustment meets
  uint8_t vacancy_hours_min = 0;
  uint8_t vacancy_hours_max = 0;
  // The least whole travel range that reaches each postcode; null when
  // the work is remote.
  const uint16_t* reach_km = nullptr;
  // By region index; null when every region is asked for.
  const bool* owner_allowed = nullptr;
  uint16_t today = 0;
  uint16_t fresh_from = 0;  // 0: freshness not checked
};

// What the filter finds in one chunk, as bit masks over its slots.
struct ChunkMasks {
  uint64_t in_regions;  // in the owner regions asked for
  // ... and available: the only ones that can be near misses.
  uint64_t eligible;
  uint64_t feasible;  // ... and passing every hard constraint
};

// Bit k set when byte k is 0xff.
inline uint64_t BytesToBits(const uint8_t (&bytes)[64]) {
  uint64_t bits = 0;
  for (int part = 0; part < 4; ++part) {
    const auto* b = reinterpret_cast<const __m128i*>(bytes) + part;
    bits |= static_cast<uint64_t>(
                static_cast<uint16_t>(_mm_movemask_epi8(_mm_load_si128(b))))
            << (16 * part);
  }
  return bits;
}

// The hard filter for one chunk, one column at a time: each loop is one
// comparison over 64 values into bytes, which the compiler turns into
// vector code, with no branch per candidate (in a broad query the outcome
// is close to a coin toss). Built twice, for AVX2 and for the baseline
// x86-64-v2, and chosen when the program loads.
__attribute__((target_clones("avx2", "default"))) ChunkMasks FilterChunk(
    const FilterConstants& q, const ChunkColumns& c) {
  alignas(16) uint8_t ok[64];
  std::memset(ok, 0xff, sizeof ok);
  ChunkMasks masks;
  if (q.owner_allowed != nullptr) {
    for (int k = 0; k < 64; ++k) {
      ok[k] &= q.owner_allowed[c.owner_region[k]] ? 0xff : 0;
    }
    masks.in_regions = BytesToBits(ok) & c.valid;
  } else {
    masks.in_regions = c.valid;
  }
  for (int k = 0; k < 64; ++k) {
    ok[k] &= c.available_from[k] <= q.today ? 0xff : 0;
  }
  masks.eligible = BytesToBits(ok) & c.valid;
  if (q.demand_lo != 0) {
    for (int k = 0; k < 64; ++k) {
      ok[k] &= (c.fail_lo[k] & q.demand_lo) == 0 ? 0xff : 0;
    }
  }
  if (q.demand_hi != 0) {
    for (int k = 0; k < 64; ++k) {
      ok[k] &= (c.fail_hi[k] & q.demand_hi) == 0 ? 0xff : 0;
    }
  }
  if (q.unmet != 0) {
    for (int k = 0; k < 64; ++k) {
      ok[k] &= (c.required[k] & q.unmet) == 0 ? 0xff : 0;
    }
  }
  for (int k = 0; k < 64; ++k) {
    const bool overlap = (c.hours_min[k] <= q.vacancy_hours_max) &
                         (q.vacancy_hours_min <= c.hours_max[k]);
    ok[k] &= overlap ? 0xff : 0;
  }
  if (q.reach_km != nullptr) {
    for (int k = 0; k < 64; ++k) {
      ok[k] &= q.reach_km[c.postcode[k]] <= c.travel_km[k] ? 0xff : 0;
    }
  }
  if (q.fresh_from != 0) {
    for (int k = 0; k < 64; ++k) {
      ok[k] &= c.last_confirmed[k] >= q.fresh_from ? 0xff : 0;
    }
  }
  masks.feasible = BytesToBits(ok) & c.valid;
  return masks;
}

// Asks for the cache lines of the columns FilterChunk will read in `c`.
void PrefetchChunk(const FilterConstants& q, const ChunkColumns& c) {
  // Every line the chunk's 64 values touch (they need not start on one).
  auto fetch = [](const auto* column) {
    const uintptr_t begin =
        reinterpret_cast<uintptr_t>(column) & ~uintptr_t{63};
    const uintptr_t end = reinterpret_cast<uintptr_t>(column + 64);
    for (uintptr_t line = begin; line < end; line += 64) {
      __builtin_prefetch(reinterpret_cast<const void*>(line));
    }
  };
  fetch(c.available_from);
  fetch(c.hours_min);
  fetch(c.hours_max);
  if (q.fresh_from != 0) fetch(c.last_confirmed);
  if (q.demand_lo != 0) fetch(c.fail_lo);
  if (q.demand_hi != 0) fetch(c.fail_hi);
  if (q.unmet != 0) fetch(c.required);
  if (q.owner_allowed != nullptr) fetch(c.owner_region);
  if (q.reach_km != nullptr) {
    fetch(c.postcode);
    fetch(c.travel_km);
  }
}

// Bit k set when slot k lists occupation `a` or `b` inline, or lists more
// occupations than fit inline (conservatively: one of them may be it).
__attribute__((target_clones("avx2", "default"))) uint64_t ListsOccupation(
    const uint16_t* occupation0, const uint16_t* occupation1,
    const uint16_t* occupation2, const uint8_t* wage_value, uint16_t a,
    uint16_t b) {
  alignas(16) uint8_t has[64];
  for (int k = 0; k < 64; ++k) {
    const bool lists = (occupation0[k] == a) | (occupation0[k] == b) |
                       (occupation1[k] == a) | (occupation1[k] == b) |
                       (occupation2[k] == a) | (occupation2[k] == b) |
                       ((wage_value[k] & kMoreOccupations) != 0);
    has[k] = lists ? 0xff : 0;
  }
  return BytesToBits(has);
}

// What every scan for one vacancy computes once: the filter's constants.
struct ScanConstants {
  std::array<uint8_t, kMaxDimensions> effective;  // demand after adjustments
  // The failure bit of each demanded dimension at its effective level.
  uint64_t demand[2] = {0, 0};
  uint32_t met = 0;  // needs the offered adjustments meet
  std::shared_ptr<const DistanceTable> distances;
  std::array<bool, 256> owner_allowed;
  FilterConstants filter;
};

ScanConstants PrepareScan(const MatchModel& model,
                          const std::array<int, kMaxDimensions>& first_bit,
                          const RankQuery& query) {
  const VacancyProfile& v = *query.vacancy;
  ScanConstants c;
  c.effective = model.EffectiveDemand(v);
  for (int d = 0; d < model.dimension_count(); ++d) {
    if (c.effective[d] == 0) continue;
    const int bit = first_bit[d] + c.effective[d] - 1;
    c.demand[bit / 64] |= uint64_t{1} << (bit % 64);
  }
  c.met = model.MetNeeds(v.offered);
  c.distances = model.DistancesFrom(v.postcode);
  c.owner_allowed = RegionMask(query.regions);
  FilterConstants& f = c.filter;
  f.demand_lo = c.demand[0];
  f.demand_hi = c.demand[1];
  f.unmet = ~c.met;
  f.vacancy_hours_min = v.hours_min;
  f.vacancy_hours_max = v.hours_max;
  f.reach_km = v.remote ? nullptr : c.distances->reach_km.data();
  f.owner_allowed = query.regions.empty() ? nullptr : c.owner_allowed.data();
  f.today = Day16(query.policy.today);
  f.fresh_from = Day16(query.policy.today - query.policy.stale_after_days);
  return c;
}

// Slots [base, base + 64) of `b`, which holds `n` candidates.
template <typename Block>
ChunkColumns ChunkAt(const Block& b, size_t base, size_t n) {
  const size_t count = std::min(kChunk, n - base);
  return ChunkColumns{
      b.fail_lo.data() + base,
      b.fail_hi.data() + base,
      b.required.data() + base,
      b.hours_min.data() + base,
      b.hours_max.data() + base,
      b.postcode.data() + base,
      b.travel_km.data() + base,
      b.owner_region.data() + base,
      b.available_from.data() + base,
      b.last_confirmed.data() + base,
      count == kChunk ? ~uint64_t{0} : (uint64_t{1} << count) - 1};
}

// True when everyone in block `index` reaches the work: its travel band
// starts beyond the farthest point of its municipality.
bool BlockAllInReach(size_t index, const VacancyProfile& v,
                     const DistanceTable& distances) {
  const size_t band = index % kTravelBands.size();
  if (v.remote) return true;
  // The first band holds ranges from 0 km; band b > 0 those of at least
  // kTravelBands[b - 1] + 1 km.
  return band > 0 &&
         distances.municipality_max_km[index / kTravelBands.size()] <=
             kTravelBands[band - 1] + 1;
}

// The query's constants narrowed to what somebody in block `index`, `b`,
// can fail.
template <typename Block>
FilterConstants ForBlock(const FilterConstants& q, size_t index, const Block& b,
                         const VacancyProfile& v,
                         const DistanceTable& distances) {
  FilterConstants narrowed = q;
  if (BlockAllInReach(index, v, distances)) narrowed.reach_km = nullptr;
  narrowed.demand_lo &= b.fail_any[0];
  narrowed.demand_hi &= b.fail_any[1];
  narrowed.unmet &= b.required_any;
  return narrowed;
}

// A candidate in a scan's top k: its id's first 8 bytes (IdPrefix) order
// ties, and the id itself is read from the profile only when those are
// equal, so that keeping a candidate copies no string and chases no
// pointer.
struct Scored {
  int score;
  uint64_t id_prefix;
  const CandidateProfile* profile;
};

// As Better.
bool BetterScored(const Scored& a, const Scored& b) {
  if (a.score != b.score) return a.score > b.score;
  if (a.id_prefix != b.id_prefix) return a.id_prefix < b.id_prefix;
  return a.profile->id < b.profile->id;
}

// Calls a scan's check once every kCheckEvery candidates.
class CheckPacer {
 public:
  explicit CheckPacer(const std::function<absl::Status()>& check)
      : check_(check) {}
  absl::Status Scanned(size_t count) {
    until_check_ -= static_cast<int>(count);
    if (until_check_ > 0 || !check_) return absl::OkStatus();
    until_check_ = kCheckEvery;
    return check_();
  }

 private:
  const std::function<absl::Status()>& check_;
  int until_check_ = kCheckEvery;
};

// True when nobody in block `index` (municipality, travel band) reaches the
// work.
bool BlockOutOfReach(size_t index, const VacancyProfile& v,
                     const DistanceTable& distances) {
  const size_t municipality = index / kTravelBands.size();
  const int band_max_km = kTravelBands[index % kTravelBands.size()];
  return !v.remote && distances.municipality_min_km[municipality] > band_max_km;
}

// The most distance points a candidate of block `index` can score: the
// nearest the block's municipality comes, over the block's longest travel
// range (a range of 0, in the first band, scores them all).
int DistanceBound(size_t index, const VacancyProfile& v,
                  const DistanceTable& distances, const ScoringWeights& w) {
  const size_t band = index % kTravelBands.size();
  const double min_km =
      distances.municipality_min_km[index / kTravelBands.size()];
  if (v.remote || band == 0) return w.distance;
  if (min_km > kTravelBands[band]) return 0;
  return DistancePoints(min_km, kTravelBands[band], /*remote=*/false, w);
}

// ESCO indexes of `must_haves` the candidate lacks experience in.
int MissingMustHaves(const CandidateProfile& p,
                     const std::vector<uint16_t>& must_haves) {
  int missing = 0;
  for (uint16_t must : must_haves) {
    bool has = false;
    for (const OccupationRef& o : p.occupations) {
      has |= o.experience && o.esco == must;
    }
    missing += !has;
  }
  return missing;
}

}  // namespace

CandidateIndex::CandidateIndex(const MatchModel* model) : model_(model) {
  int bit = 0;
  for (int d = 0; d < model->dimension_count(); ++d) {
    first_bit_[d] = bit;
    bit += model->levels(d) - 1;
  }
  wide_ = bit > 64;
  no_occupation_ = static_cast<uint16_t>(
      model->compiler().reference().occupations().size() * 2);
  const ReferenceData& reference = model->compiler().reference();
  for (const PostcodeArea& area : reference.postcode_areas()) {
    const Municipality* m = reference.FindMunicipality(area.municipality_code);
    postcode_municipality_.push_back(
        static_cast<uint16_t>(m - reference.municipalities().data()));
  }
  scanned_blocks_ = reference.municipalities().size() * kTravelBands.size();
  absl::MutexLock lock(&mu_);
  blocks_.resize(scanned_blocks_ + 1);
  block_sizes_.assign(scanned_blocks_ + 1, 0);
}

uint32_t CandidateIndex::BlockOf(const CandidateProfile& p) const {
  // Placed and withdrawn candidates are neither matches nor near misses:
  // they wait in the last block, which no scan reads.
  if (p.availability == Availability::kPlaced ||
      p.availability == Availability::kWithdrawn) {
    return static_cast<uint32_t>(scanned_blocks_);
  }
  return static_cast<uint32_t>(postcode_municipality_[p.postcode] *
                                   kTravelBands.size() +
                               TravelBand(p.travel_km));
}

void CandidateIndex::Upsert(CandidateProfile profile) {
  absl::MutexLock lock(&mu_);
  UpsertLocked(std::move(profile));
}

void CandidateIndex::UpsertAll(std::vector<CandidateProfile> profiles) {
  absl::MutexLock lock(&mu_);
  // Reserved: no rehash below, so the Entry pointers held stay valid.
  entries_.reserve(entries_.size() + profiles.size());
  // Each candidate's columns are worked out while its profile is in cache,
  // then appended block by block: each block's columns grow in one
  // sequential run, instead of a chain of cache misses per candidate
  // (start-up loads millions).
  std::vector<Row> rows;
  rows.reserve(profiles.size());
  for (CandidateProfile& p : profiles) {
    auto [it, inserted] = entries_.try_emplace(p.id);
    Entry& entry = it->second;
    // The same id twice: the later profile wins.
    const bool pending = !inserted && entry.location.block == kPendingBlock;
    if (!inserted && !pending) RemoveSlot(entry.location);
    entry.profile = std::make_unique<CandidateProfile>(std::move(p));
    Row row = MakeRow(&entry);
    if (pending) {
      rows[entry.location.slot] = row;
    } else {
      entry.location = {kPendingBlock, static_cast<uint32_t>(rows.size())};
      rows.push_back(row);
    }
  }
  std::vector<uint32_t> start(blocks_.size() + 1, 0);
  for (const Row& row : rows) ++start[row.block + 1];
  for (size_t b = 0; b < blocks_.size(); ++b) {
    Reserve(blocks_[b], block_sizes_[b] + start[b + 1]);
    start[b + 1] += start[b];
  }
  std::vector<uint32_t> order(rows.size());
  for (uint32_t i = 0; i < rows.size(); ++i) order[start[rows[i].block]++] = i;
  constexpr size_t kAhead = 16;
  for (size_t i = 0; i < order.size(); ++i) {
    if (i + kAhead < order.size()) __builtin_prefetch(&rows[order[i + kAhead]]);
    AppendRow(rows[order[i]]);
  }
}

void CandidateIndex::AppendRow(const Row& row) {
  AppendColumns(row);
  // A candidate with more than the inline occupations is read from its
  // profile.
  if (row.wage_value & kMoreOccupations) {
    CountOccupations(row.block, *row.profile, +1);
    return;
  }
  for (uint16_t occupation :
       {row.occupation0, row.occupation1, row.occupation2}) {
    if (occupation != no_occupation_) {
      CountOccupation(row.block, occupation >> 1, (occupation & 1) != 0, +1);
    }
  }
}

void CandidateIndex::UpsertLocked(CandidateProfile profile) {
  auto [it, inserted] = entries_.try_emplace(profile.id);
  Entry& entry = it->second;
  if (!inserted) RemoveSlot(entry.location);
  entry.profile = std::make_unique<CandidateProfile>(std::move(profile));
  AppendRow(MakeRow(&entry));
}

void CandidateIndex::Reserve(Block& b, size_t n) {
  // At least doubling, as push_back would: start-up loads in many batches,
  // and an exact reserve per batch would copy every block each time.
  n = PaddedRows(n);
  if (n <= b.fail_lo.capacity()) return;
  n = std::max(n, 2 * b.fail_lo.capacity());
  ForEachColumn([n](auto& column) { column.reserve(n); }, b);
}

CandidateIndex::Row CandidateIndex::MakeRow(Entry* entry) const {
  const CandidateProfile& p = *entry->profile;
  Row row{};
  row.entry = entry;
  row.profile = &p;
  row.required = p.required_needs;
  row.preferred = p.preferred_needs;
  row.hours_min = p.hours_min;
  row.hours_max = p.hours_max;
  row.postcode = p.postcode;
  row.travel_km = p.travel_km;
  row.owner_region = p.region;
  uint64_t fail[2] = {0, 0};
  for (int d = 0; d < model_->dimension_count(); ++d) {
    for (int t = p.capacity[d] + 1; t < model_->levels(d); ++t) {
      int bit = first_bit_[d] + t - 1;
      fail[bit / 64] |= uint64_t{1} << (bit % 64);
    }
  }
  row.fail_lo = fail[0];
  row.fail_hi = fail[1];
  row.block = BlockOf(p);
  row.available_from =
      p.availability == Availability::kNow ? 0
      : p.availability == Availability::kFrom
          ? std::min<uint16_t>(Day16(p.available_from_day), kNeverAvailable - 1)
          : kNeverAvailable;
  row.last_confirmed = Day16(p.last_confirmed_day);
  row.wage_value = static_cast<uint8_t>(
      p.wage_value | (p.occupations.size() > 3 ? kMoreOccupations : 0));
  row.occupation0 = InlineOccupation(p, 0, no_occupation_);
  row.occupation1 = InlineOccupation(p, 1, no_occupation_);
  row.occupation2 = InlineOccupation(p, 2, no_occupation_);
  row.id_prefix = IdPrefix(p.id);
  return row;
}

void CandidateIndex::AppendColumns(const Row& row) {
  Block& b = blocks_[row.block];
  const uint32_t slot = block_sizes_[row.block]++;
  const size_t padded = PaddedRows(slot + 1);
  ForEachColumn(
      [slot, padded](auto& column, const auto& value) {
        column.resize(padded);
        column[slot] = value;
      },
      b, row);
  b.fail_any[0] |= row.fail_lo;
  b.fail_any[1] |= row.fail_hi;
  b.required_any |= row.required;
  row.entry->location = {row.block, slot};
}

void CandidateIndex::CountOccupations(uint32_t block, const CandidateProfile& p,
                                      int delta) {
  for (const OccupationRef& o : p.occupations) {
    CountOccupation(block, o.esco, o.experience, delta);
  }
}

void CandidateIndex::CountOccupation(uint32_t block, uint16_t esco,
                                     bool experience, int delta) {
  auto add = [&](uint32_t key) {
    auto& blocks = occupation_blocks_[key];
    uint32_t& count = blocks[block];
    count += delta;
    if (count == 0) blocks.erase(block);
  };
  add(ExactKey(esco, experience));
  const int code = model_->IscoCode(esco);
  for (int digits = 1; digits <= 4; ++digits) add(GroupKey(digits, code));
}

std::vector<int16_t> CandidateIndex::OccupationBounds(
    uint16_t occupation) const {
  const ScoringWeights& w = model_->weights();
  const int code = model_->IscoCode(occupation);
  struct Level {
    Closeness closeness;
    bool experience;
    uint32_t key;
  };
  // The wide groups are in nearly every block: the sub-major group's
  // points bound every block without looking (a bound may be high, never
  // low), and only the narrower levels are looked up.
  const Level levels[] = {
      {Closeness::kSameOccupation, true, ExactKey(occupation, true)},
      {Closeness::kSameOccupation, false, ExactKey(occupation, false)},
      {Closeness::kUnitGroup, true, GroupKey(4, code)},
      {Closeness::kMinorGroup, true, GroupKey(3, code)},
  };
  std::vector<int16_t> bounds(
      blocks_.size(), static_cast<int16_t>(OccupationPoints(
                          Closeness::kSubMajorGroup, /*experience=*/true, w)));
  for (const Level& level : levels) {
    auto it = occupation_blocks_.find(level.key);
    if (it == occupation_blocks_.end()) continue;
    const auto points = static_cast<int16_t>(
        OccupationPoints(level.closeness, level.experience, w));
    for (const auto& [block, count] : it->second) {
      bounds[block] = std::max(bounds[block], points);
    }
  }
  return bounds;
}

std::vector<CandidateIndex::BlockVisit> CandidateIndex::VisitOrder(
    const std::vector<int16_t>& best_occupation, const VacancyProfile& v,
    const DistanceTable& distances, bool all_in_reach) const {
  const ScoringWeights& w = model_->weights();
  // Every component but occupation and distance at its most.
  const int others = w.total() - w.occupation - w.distance;
  std::vector<BlockVisit> visits;
  for (size_t index = 0; index < scanned_blocks_; ++index) {
    // Sizes sit in one small array: most blocks of a sparse index are empty
    // and are passed over without touching their columns.
    if (block_sizes_[index] == 0) continue;
    if (!all_in_reach && BlockOutOfReach(index, v, distances)) continue;
    BlockVisit visit;
    visit.block = static_cast<uint32_t>(index);
    visit.other_bound =
        static_cast<int16_t>(others + DistanceBound(index, v, distances, w));
    visit.score_bound =
        static_cast<int16_t>(best_occupation[index] + visit.other_bound);
    visits.push_back(visit);
  }
  std::sort(visits.begin(), visits.end(),
            [](const BlockVisit& a, const BlockVisit& b) {
              return a.score_bound != b.score_bound
                         ? a.score_bound > b.score_bound
                         : a.block < b.block;
            });
  return visits;
}

void CandidateIndex::Remove(const std::string& id) {
  absl::MutexLock lock(&mu_);
  auto it = entries_.find(id);
  if (it == entries_.end()) return;
  RemoveSlot(it->second.location);
  entries_.erase(it);
}

void CandidateIndex::RemoveSlot(Location location) {
  Block& b = blocks_[location.block];
  const uint32_t slot = location.slot;
  CountOccupations(location.block, *b.profile[slot], -1);
  const uint32_t last = block_sizes_[location.block] - 1;
  if (slot != last)
    entries_.find(b.profile[last]->id)->second.location.slot = slot;
  ForEachColumn([slot, last](auto& column) { SwapRemove(column, slot, last); },
                b);
  if (--block_sizes_[location.block] == 0) {
    b.fail_any[0] = b.fail_any[1] = 0;
    b.required_any = 0;
  }
}

size_t CandidateIndex::size() const {
  absl::ReaderMutexLock lock(&mu_);
  return entries_.size();
}

IndexMemory CandidateIndex::Memory() const {
  absl::ReaderMutexLock lock(&mu_);
  IndexMemory memory;
  for (const Block& b : blocks_) {
    ForEachColumn(
        [&](const auto& column) {
          memory.columns +=
              static_cast<int64_t>(column.capacity() * sizeof(column[0]));
        },
        b);
  }
  // A string's characters live apart from it past the short-string buffer.
  auto heap_chars = [](const std::string& s) {
    return s.capacity() > 15 ? static_cast<int64_t>(s.capacity() + 1) : 0;
  };
  // A flat_hash_map's slots and one control byte per slot.
  auto table_bytes = [](const auto& map) {
    using Slot = typename std::decay_t<decltype(map)>::value_type;
    return static_cast<int64_t>(map.capacity() * (sizeof(Slot) + 1));
  };
  memory.lookup += table_bytes(entries_) + table_bytes(occupation_blocks_);
  for (const auto& [id, entry] : entries_) {
    const CandidateProfile& p = *entry.profile;
    memory.lookup += heap_chars(id);
    memory.profiles +=
        static_cast<int64_t>(sizeof(CandidateProfile) + heap_chars(p.id) +
                             p.occupations.capacity() * sizeof(OccupationRef));
  }
  for (const auto& [key, blocks] : occupation_blocks_) {
    memory.lookup += table_bytes(blocks);
  }
  return memory;
}

std::optional<CandidateProfile> CandidateIndex::Find(
    const std::string& id) const {
  absl::ReaderMutexLock lock(&mu_);
  auto it = entries_.find(id);
  if (it == entries_.end()) return std::nullopt;
  return *it->second.profile;
}

std::vector<CandidateProfile> CandidateIndex::Snapshot() const {
  absl::ReaderMutexLock lock(&mu_);
  std::vector<CandidateProfile> all;
  all.reserve(entries_.size());
  for (const auto& [id, entry] : entries_) all.push_back(*entry.profile);
  std::sort(all.begin(), all.end(),
            [](const auto& a, const auto& b) { return a.id < b.id; });
  return all;
}

void CandidateIndex::ForEach(
    const std::function<void(const CandidateProfile&)>& visit) const {
  absl::ReaderMutexLock lock(&mu_);
  for (const auto& [id, entry] : entries_) visit(*entry.profile);
}

absl::StatusOr<RankResult> CandidateIndex::Rank(const RankQuery& query) const {
  const VacancyProfile& v = *query.vacancy;
  const ScoringWeights& w = model_->weights();

  // Everything that depends on the vacancy alone, computed once: the
  // filter's constants, and tables that turn each score component into a
  // lookup.
  const ScanConstants scan = PrepareScan(*model_, first_bit_, query);
  const auto& effective = scan.effective;
  const uint64_t* demand = scan.demand;
  uint64_t demanded_dims[2] = {0, 0};
  int max_slack = 0;
  for (int d = 0; d < model_->dimension_count(); ++d) {
    if (effective[d] == 0) continue;
    for (int t = 1; t < model_->levels(d); ++t) {
      int b = first_bit_[d] + t - 1;
      demanded_dims[b / 64] |= uint64_t{1} << (b % 64);
    }
    max_slack += model_->levels(d) - 1 - effective[d];
  }
  std::vector<int16_t> headroom_points(max_slack + 1);
  for (int slack = 0; slack <= max_slack; ++slack) {
    headroom_points[slack] =
        static_cast<int16_t>(HeadroomPoints(slack, max_slack, w));
  }
  const uint32_t met = scan.met;
  const auto hours_table = model_->HoursPointsFor(v.hours_min, v.hours_max);
  const int16_t* hours_points = hours_table->data();
  const bool subsidy = model_->AcceptsSubsidy(v.offered);
  std::array<int16_t, 128> wage_points;
  for (int i = 0; i < 128; ++i) {
    wage_points[i] = static_cast<int16_t>(WageValuePoints(i, subsidy, w));
  }
  const auto& distances = scan.distances;
  const double* km = distances->km.data();
  const auto occupation_table = model_->OccupationPointsFor(v.occupation);
  const int16_t* occupation_points = occupation_table->data();
  const bool closed = v.state != VacancyState::kOpen;
  const uint16_t fresh_from16 = scan.filter.fresh_from;
  const bool want_near = query.near_misses > 0 && !closed;
  // Occupation points at the levels the scan's shortcuts test for.
  const int unit_group_points =
      OccupationPoints(Closeness::kUnitGroup, /*experience=*/true, w);
  const int exact_interest_points =
      OccupationPoints(Closeness::kSameOccupation, /*experience=*/false, w);
  const uint16_t exact_experience = ExactKey(v.occupation, true);
  const uint16_t exact_interest = ExactKey(v.occupation, false);

  auto missing_must_haves = [&](const CandidateProfile& p) {
    return MissingMustHaves(p, v.must_haves);
  };

  RankResult result;
  TopK<Scored, decltype(&BetterScored)> top(static_cast<size_t>(query.limit),
                                            &BetterScored);
  TopK<NearMiss, decltype(&BetterNearMiss)> near(
      static_cast<size_t>(query.near_misses), &BetterNearMiss);
  const uint64_t after_prefix =
      query.after.has_value() ? IdPrefix(query.after->id) : 0;

  absl::ReaderMutexLock lock(&mu_);
  CheckPacer pacer(query.check);
  // A near miss may be out of range (one failure), so every block is kept
  // when near misses are asked.
  const std::vector<BlockVisit> visits =
      VisitOrder(OccupationBounds(v.occupation), v, *distances,
                 /*all_in_reach=*/want_near);
  for (size_t visit = 0; visit < visits.size(); ++visit) {
    const uint32_t index = visits[visit].block;
    // Two blocks ahead, the column pointers; one ahead, the first chunk's
    // columns. The hardware prefetcher follows long runs, but a block's
    // columns are a dozen short ones, each a cache miss at its start.
    if (visit + 2 < visits.size()) {
      const char* header =
          reinterpret_cast<const char*>(&blocks_[visits[visit + 2].block]);
      for (size_t line = 0; line < sizeof(Block); line += 64) {
        __builtin_prefetch(header + line);
      }
    }
    if (visit + 1 < visits.size()) {
      const uint32_t next = visits[visit + 1].block;
      PrefetchChunk(scan.filter, ChunkAt(blocks_[next], 0, block_sizes_[next]));
    }
    const size_t n = block_sizes_[index];
    const Block& b = blocks_[index];
    const FilterConstants constants =
        ForBlock(scan.filter, index, b, v, *distances);
    // Column pointers, loaded once: the loop below writes only to locals
    // and the heaps.
    const uint64_t* fail_lo = b.fail_lo.data();
    const uint64_t* fail_hi = wide_ ? b.fail_hi.data() : nullptr;
    const uint32_t* required = b.required.data();
    const uint32_t* preferred = b.preferred.data();
    const uint8_t* hours_min = b.hours_min.data();
    const uint8_t* hours_max = b.hours_max.data();
    const uint16_t* postcode = b.postcode.data();
    const uint8_t* travel_km = b.travel_km.data();
    const uint16_t* last_confirmed = b.last_confirmed.data();
    const uint8_t* wage_value = b.wage_value.data();
    const uint16_t* occupation0 = b.occupation0.data();
    const uint16_t* occupation1 = b.occupation1.data();
    const uint16_t* occupation2 = b.occupation2.data();
    const uint64_t* id_prefix = b.id_prefix.data();
    const CandidateProfile* const* profile = b.profile.data();
    // True when (score, candidate i) ranks after `hit`.
    auto worse_than = [&](int score, size_t i, const Hit& hit,
                          uint64_t hit_prefix) {
      if (score != hit.score) return score < hit.score;
      if (id_prefix[i] != hit_prefix) return id_prefix[i] > hit_prefix;
      return profile[i]->id > hit.id;
    };

    // The best occupation points of candidate i.
    auto occupation_of = [&](size_t i) {
      int best = std::max({occupation_points[occupation0[i]],
                           occupation_points[occupation1[i]],
                           occupation_points[occupation2[i]]});
      if (wage_value[i] & kMoreOccupations) {
        const auto& all = profile[i]->occupations;
        for (size_t o = 3; o < all.size(); ++o) {
          best = std::max<int>(best,
                               occupation_points[all[o].esco << 1 |
                                                 (all[o].experience ? 1 : 0)]);
        }
      }
      return best;
    };
    // The score of candidate i given its occupation points; components a
    // near miss fails (hours, reach) score 0.
    auto score_of = [&](size_t i, int occupation) {
      const int hours =
          hours_points[(hours_min[i] & 63) << 6 | (hours_max[i] & 63)];
      const double distance = km[postcode[i]];
      const bool in_reach = v.remote || distance <= travel_km[i];
      const int slack =
          max_slack - std::popcount(fail_lo[i] & demanded_dims[0]) -
          (wide_ ? std::popcount(fail_hi[i] & demanded_dims[1]) : 0);
      return model_->PreferredPoints(std::popcount(preferred[i] & met),
                                     std::popcount(preferred[i])) +
             occupation + std::max(hours, 0) +
             (in_reach ? DistancePoints(distance, travel_km[i], v.remote, w)
                       : 0) +
             headroom_points[std::max(slack, 0)] +
             wage_points[wage_value[i] & kWageMask];
    };
    auto push_near_miss = [&](size_t i, int failures) {
      near.Push({failures, {score_of(i, occupation_of(i)), profile[i]->id}});
    };

    // Chunks of 64 candidates. First the filter for all of them, into bit
    // masks. Then the near misses, if asked. Then the feasible ones: once
    // the heap is full, the occupation points plus every other component at
    // its maximum bound the score, which skips most of them before scoring.
    for (size_t base = 0; base < n; base += 64) {
      RETURN_IF_ERROR(pacer.Scanned(std::min<size_t>(64, n - base)));
      if (base + 64 < n) PrefetchChunk(constants, ChunkAt(b, base + 64, n));
      ChunkMasks masks = FilterChunk(constants, ChunkAt(b, base, n));
      // eligible: the candidates that can be near misses
      if (closed) masks.eligible = masks.feasible = 0;
      result.scanned += std::popcount(masks.in_regions);
      if (want_near) {
        for (uint64_t m = masks.eligible & ~masks.feasible; m != 0;
             m &= m - 1) {
          const size_t i = base + static_cast<size_t>(std::countr_zero(m));
          const int failures =
              std::popcount(fail_lo[i] & demand[0]) +
              (wide_ ? std::popcount(fail_hi[i] & demand[1]) : 0) +
              std::popcount(required[i] & ~met) +
              !((hours_min[i] <= v.hours_max) &&
                (v.hours_min <= hours_max[i])) +
              !(v.remote || km[postcode[i]] <= travel_km[i]) +
              !(last_confirmed[i] >= fresh_from16);
          if (failures > kMaxNearMissFailures) continue;
          const int missing =
              v.must_haves.empty() ? 0 : missing_must_haves(*profile[i]);
          if (failures + missing <= kMaxNearMissFailures)
            push_near_miss(i, failures + missing);
        }
      }
      // Must-haves: a candidate lists each inline (compared column-wise)
      // or, with more occupations than fit inline, in its profile.
      uint64_t feasible = masks.feasible;
      if (!v.must_haves.empty() && feasible != 0) {
        uint64_t listed = feasible;
        for (uint16_t must : v.must_haves) {
          const uint16_t key = ExactKey(must, /*experience=*/true);
          listed &=
              ListsOccupation(occupation0 + base, occupation1 + base,
                              occupation2 + base, wage_value + base, key, key);
        }
        for (uint64_t m = listed; m != 0; m &= m - 1) {
          const size_t i = base + static_cast<size_t>(std::countr_zero(m));
          if ((wage_value[i] & kMoreOccupations) &&
              missing_must_haves(*profile[i]) > 0) {
            listed &= ~(m & -m);
          }
        }
        if (want_near) {
          for (uint64_t m = feasible & ~listed; m != 0; m &= m - 1) {
            const size_t i = base + static_cast<size_t>(std::countr_zero(m));
            const int missing = missing_must_haves(*profile[i]);
            if (missing <= kMaxNearMissFailures) push_near_miss(i, missing);
          }
        }
        feasible = listed;
      }
      result.feasible += std::popcount(feasible);
      // Once the heap is full, only a candidate with occupation points of
      // at least `needed` can beat the worst result kept; the others are
      // passed over without a look.
      uint64_t hopeful = feasible;
      if (top.full()) {
        const int needed = top.worst().score - visits[visit].other_bound;
        if (visits[visit].score_bound < top.worst().score) {
          hopeful = 0;
        } else if (needed > unit_group_points) {
          // Only the exact occupation scores that much: found by
          // comparing the inline columns, without a table lookup each.
          hopeful &= ListsOccupation(
              occupation0 + base, occupation1 + base, occupation2 + base,
              wage_value + base, exact_experience,
              needed > exact_interest_points ? exact_experience
                                             : exact_interest);
        }
      }
      for (uint64_t m = hopeful; m != 0; m &= m - 1) {
        const size_t i = base + static_cast<size_t>(std::countr_zero(m));
        const int occupation = occupation_of(i);
        if (top.full() &&
            occupation + visits[visit].other_bound < top.worst().score) {
          continue;
        }
        const int score = score_of(i, occupation);
        if (query.after.has_value() &&
            !worse_than(score, i, *query.after, after_prefix)) {
          continue;
        }
        top.Push({score, id_prefix[i], profile[i]});
      }
    }
  }
  for (const Scored& scored : std::move(top).Sorted()) {
    result.hits.push_back({scored.score, scored.profile->id});
    if (query.explain) result.hit_profiles.push_back(*scored.profile);
  }
  result.near_misses = std::move(near).Sorted();
  for (const NearMiss& miss : result.near_misses) {
    result.near_miss_profiles.push_back(*entries_.at(miss.hit.id).profile);
  }
  return result;
}

absl::StatusOr<BlockerCounts> CandidateIndex::CountBlockers(
    const RankQuery& query) const {
  const VacancyProfile& v = *query.vacancy;
  BlockerCounts result;
  if (v.state != VacancyState::kOpen) return result;
  const ScanConstants scan = PrepareScan(*model_, first_bit_, query);
  // A capacity below the effective demand E fails the thresholds capacity+1
  // .. E: those bits, counted, are the levels the demand must come down by.
  uint64_t shortfall_mask[2] = {0, 0};
  for (int d = 0; d < model_->dimension_count(); ++d) {
    for (int t = 1; t <= scan.effective[d]; ++t) {
      const int bit = first_bit_[d] + t - 1;
      shortfall_mask[bit / 64] |= uint64_t{1} << (bit % 64);
    }
  }
  // (unmet needs, shortfall bits lo, hi) -> candidates.
  using Key = std::tuple<uint32_t, uint64_t, uint64_t>;
  absl::flat_hash_map<Key, int64_t> counts;
  {
    absl::ReaderMutexLock lock(&mu_);
    CheckPacer pacer(query.check);
    for (size_t index = 0; index < scanned_blocks_; ++index) {
      const size_t n = block_sizes_[index];
      if (n == 0 || BlockOutOfReach(index, v, *scan.distances)) continue;
      const Block& b = blocks_[index];
      const FilterConstants constants =
          ForBlock(scan.filter, index, b, v, *scan.distances);
      // The same filter without the constraints adjustments can change.
      FilterConstants unblocked = constants;
      unblocked.demand_lo = unblocked.demand_hi = 0;
      unblocked.unmet = 0;
      for (size_t base = 0; base < n; base += 64) {
        RETURN_IF_ERROR(pacer.Scanned(std::min<size_t>(64, n - base)));
        const ChunkColumns chunk = ChunkAt(b, base, n);
        const uint64_t feasible = FilterChunk(constants, chunk).feasible;
        const uint64_t in_reach = FilterChunk(unblocked, chunk).feasible;
        for (uint64_t m = in_reach; m != 0; m &= m - 1) {
          const size_t i = base + static_cast<size_t>(std::countr_zero(m));
          if (!v.must_haves.empty() &&
              MissingMustHaves(*b.profile[i], v.must_haves) > 0) {
            continue;
          }
          if (feasible & (m & -m)) {
            ++result.feasible;
            continue;
          }
          ++counts[Key(b.required[i] & ~scan.met,
                       b.fail_lo[i] & shortfall_mask[0],
                       wide_ ? b.fail_hi[i] & shortfall_mask[1] : 0)];
        }
      }
    }
  }
  for (const auto& [key, candidates] : counts) {
    const auto& [needs, lo, hi] = key;
    BlockedGroup group;
    group.unmet_needs = needs;
    group.candidates = candidates;
    for (int d = 0; d < model_->dimension_count(); ++d) {
      int levels = 0;
      for (int t = 1; t <= scan.effective[d]; ++t) {
        const int bit = first_bit_[d] + t - 1;
        levels += ((bit < 64 ? lo : hi) >> (bit % 64)) & 1;
      }
      if (levels > 0) {
        group.shortfalls.emplace_back(static_cast<uint8_t>(d),
                                      static_cast<uint8_t>(levels));
      }
    }
    result.groups.push_back(std::move(group));
  }
  std::sort(result.groups.begin(), result.groups.end(),
            [](const BlockedGroup& a, const BlockedGroup& b) {
              return std::tie(a.unmet_needs, a.shortfalls) <
                     std::tie(b.unmet_needs, b.shortfalls);
            });
  return result;
}

}  // namespace passend::matcher
