#include "matcher/candidate_index.h"

#include <algorithm>
#include <bit>

#include "matcher/top_k.h"

namespace passend::matcher {
namespace {

constexpr uint16_t kNoOccupation = 0xffff;
constexpr int32_t kDay2000 = 10957;  // DayNumber(2000-01-01)
constexpr int kCheckEvery = 4096;

uint16_t Day16(int32_t day_number) {
  return static_cast<uint16_t>(
      std::clamp<int32_t>(day_number - kDay2000, 0, 65535));
}

uint16_t InlineOccupation(const CandidateProfile& p, size_t i) {
  if (i >= p.occupations.size()) return kNoOccupation;
  return static_cast<uint16_t>(p.occupations[i].esco << 1 |
                               (p.occupations[i].experience ? 1 : 0));
}

template <typename T>
void SwapRemove(std::vector<T>& column, uint32_t slot) {
  column[slot] = column.back();
  column.pop_back();
}

bool BetterNearMiss(const NearMiss& a, const NearMiss& b) {
  return a.failures != b.failures ? a.failures < b.failures
                                  : Better(a.hit, b.hit);
}

}  // namespace

CandidateIndex::CandidateIndex(const MatchModel* model) : model_(model) {
  int bit = 0;
  for (int d = 0; d < model->dimension_count(); ++d) {
    first_bit_[d] = bit;
    bit += model->levels(d) - 1;
  }
  const ReferenceData& reference = model->compiler().reference();
  for (const PostcodeArea& area : reference.postcode_areas()) {
    const Region* region = reference.FindRegion(area.region_code);
    postcode_region_.push_back(
        static_cast<uint8_t>(region - reference.regions().data()));
  }
  absl::MutexLock lock(&mu_);
  blocks_.resize(reference.regions().size());
}

void CandidateIndex::Upsert(CandidateProfile profile) {
  absl::MutexLock lock(&mu_);
  RemoveLocked(profile.id);
  auto owned = std::make_unique<CandidateProfile>(std::move(profile));
  const CandidateProfile& p = *owned;
  uint64_t fail[2] = {0, 0};
  for (int d = 0; d < model_->dimension_count(); ++d) {
    for (int t = p.capacity[d] + 1; t < model_->levels(d); ++t) {
      int bit = first_bit_[d] + t - 1;
      fail[bit / 64] |= uint64_t{1} << (bit % 64);
    }
  }
  uint8_t block_index = postcode_region_[p.postcode];
  Block& b = blocks_[block_index];
  b.fail_lo.push_back(fail[0]);
  b.fail_hi.push_back(fail[1]);
  b.required.push_back(p.required_needs);
  b.preferred.push_back(p.preferred_needs);
  b.hours_min.push_back(p.hours_min);
  b.hours_max.push_back(p.hours_max);
  b.postcode.push_back(p.postcode);
  b.travel_km.push_back(p.travel_km);
  b.owner_region.push_back(p.region);
  b.availability.push_back(static_cast<uint8_t>(p.availability));
  b.available_from.push_back(Day16(p.available_from_day));
  b.last_confirmed.push_back(Day16(p.last_confirmed_day));
  b.wage_value.push_back(p.wage_value);
  b.occupation0.push_back(InlineOccupation(p, 0));
  b.occupation1.push_back(InlineOccupation(p, 1));
  b.profile.push_back(&p);
  b.max_travel_km = std::max(b.max_travel_km, p.travel_km);
  locations_[p.id] = {block_index, static_cast<uint32_t>(b.size() - 1)};
  profiles_[p.id] = std::move(owned);
}

void CandidateIndex::Remove(const std::string& id) {
  absl::MutexLock lock(&mu_);
  RemoveLocked(id);
}

void CandidateIndex::RemoveLocked(const std::string& id) {
  auto it = locations_.find(id);
  if (it == locations_.end()) return;
  const Location location = it->second;
  locations_.erase(it);
  Block& b = blocks_[location.block];
  const uint32_t slot = location.slot;
  const uint32_t last = static_cast<uint32_t>(b.size() - 1);
  if (slot != last) locations_[b.profile[last]->id].slot = slot;
  SwapRemove(b.fail_lo, slot);
  SwapRemove(b.fail_hi, slot);
  SwapRemove(b.required, slot);
  SwapRemove(b.preferred, slot);
  SwapRemove(b.hours_min, slot);
  SwapRemove(b.hours_max, slot);
  SwapRemove(b.postcode, slot);
  SwapRemove(b.travel_km, slot);
  SwapRemove(b.owner_region, slot);
  SwapRemove(b.availability, slot);
  SwapRemove(b.available_from, slot);
  SwapRemove(b.last_confirmed, slot);
  SwapRemove(b.wage_value, slot);
  SwapRemove(b.occupation0, slot);
  SwapRemove(b.occupation1, slot);
  SwapRemove(b.profile, slot);
  profiles_.erase(id);
}

size_t CandidateIndex::size() const {
  absl::ReaderMutexLock lock(&mu_);
  return locations_.size();
}

std::optional<CandidateProfile> CandidateIndex::Find(
    const std::string& id) const {
  absl::ReaderMutexLock lock(&mu_);
  auto it = profiles_.find(id);
  if (it == profiles_.end()) return std::nullopt;
  return *it->second;
}

std::vector<CandidateProfile> CandidateIndex::Snapshot() const {
  absl::ReaderMutexLock lock(&mu_);
  std::vector<CandidateProfile> all;
  all.reserve(profiles_.size());
  for (const auto& [id, profile] : profiles_) all.push_back(*profile);
  std::sort(all.begin(), all.end(),
            [](const auto& a, const auto& b) { return a.id < b.id; });
  return all;
}

absl::StatusOr<RankResult> CandidateIndex::Rank(const RankQuery& query) const {
  const VacancyProfile& v = *query.vacancy;
  const ScoringWeights& w = model_->weights();
  const ReferenceData& reference = model_->compiler().reference();

  // Everything that depends on the vacancy alone, computed once.
  const auto effective = model_->EffectiveDemand(v);
  uint64_t demand[2] = {0, 0};
  uint64_t demanded_dims[2] = {0, 0};
  int max_slack = 0;
  for (int d = 0; d < model_->dimension_count(); ++d) {
    if (effective[d] == 0) continue;
    int bit = first_bit_[d] + effective[d] - 1;
    demand[bit / 64] |= uint64_t{1} << (bit % 64);
    for (int t = 1; t < model_->levels(d); ++t) {
      int b = first_bit_[d] + t - 1;
      demanded_dims[b / 64] |= uint64_t{1} << (b % 64);
    }
    max_slack += model_->levels(d) - 1 - effective[d];
  }
  const uint32_t met = model_->MetNeeds(v.offered);
  const bool subsidy = model_->AcceptsSubsidy(v.offered);
  const auto distances = model_->DistancesFrom(v.postcode);
  const std::vector<double>& km = distances->km;
  // Occupation points by (ESCO index << 1 | experience).
  const size_t occupations = reference.occupations().size();
  std::vector<int16_t> occupation_points(occupations * 2);
  for (size_t o = 0; o < occupations; ++o) {
    Closeness c = model_->OccupationCloseness(static_cast<uint16_t>(o),
                                              v.occupation);
    occupation_points[o << 1] = static_cast<int16_t>(OccupationPoints(c, false, w));
    occupation_points[o << 1 | 1] = static_cast<int16_t>(OccupationPoints(c, true, w));
  }
  std::array<int16_t, 101> wage_points;
  for (int i = 0; i <= 100; ++i) {
    wage_points[i] = static_cast<int16_t>(WageValuePoints(i, subsidy, w));
  }
  std::array<bool, 256> owner_allowed;
  owner_allowed.fill(query.owner_regions.empty());
  for (uint8_t r : query.owner_regions) owner_allowed[r] = true;
  const bool closed = v.state != VacancyState::kOpen;
  const uint16_t today16 = Day16(query.policy.today);
  const uint16_t fresh_from16 =
      Day16(query.policy.today - query.policy.stale_after_days);
  const uint8_t kNow = static_cast<uint8_t>(Availability::kNow);
  const uint8_t kFrom = static_cast<uint8_t>(Availability::kFrom);

  auto occupation_score = [&](const Block& b, size_t i) {
    int best = 0;
    if (b.occupation0[i] != kNoOccupation) best = occupation_points[b.occupation0[i]];
    if (b.occupation1[i] != kNoOccupation) {
      best = std::max<int>(best, occupation_points[b.occupation1[i]]);
    }
    const auto& all = b.profile[i]->occupations;
    for (size_t k = 2; k < all.size(); ++k) {
      best = std::max<int>(
          best, occupation_points[all[k].esco << 1 | (all[k].experience ? 1 : 0)]);
    }
    return best;
  };
  auto missing_must_haves = [&](const Block& b, size_t i) {
    int missing = 0;
    for (uint16_t must : v.must_haves) {
      bool has = false;
      for (const OccupationRef& o : b.profile[i]->occupations) {
        has |= o.experience && o.esco == must;
      }
      missing += !has;
    }
    return missing;
  };

  RankResult result;
  TopK<Hit, decltype(&Better)> top(static_cast<size_t>(query.limit), &Better);
  TopK<NearMiss, decltype(&BetterNearMiss)> near(
      static_cast<size_t>(query.near_misses), &BetterNearMiss);

  absl::ReaderMutexLock lock(&mu_);
  int until_check = kCheckEvery;
  for (size_t r = 0; r < blocks_.size(); ++r) {
    const Block& b = blocks_[r];
    if (b.size() == 0) continue;
    // A region out of everyone's reach holds no match, but may hold near
    // misses (out of range is one failure).
    if (!v.remote && query.near_misses == 0 &&
        distances->region_min_km[r] > b.max_travel_km) {
      continue;
    }
    for (size_t i = 0; i < b.size(); ++i) {
      if (--until_check == 0) {
        until_check = kCheckEvery;
        if (query.check) {
          if (absl::Status s = query.check(); !s.ok()) return s;
        }
      }
      if (!owner_allowed[b.owner_region[i]]) continue;
      ++result.scanned;
      const uint64_t cap_lo = b.fail_lo[i] & demand[0];
      const uint64_t cap_hi = b.fail_hi[i] & demand[1];
      const uint32_t needs = b.required[i] & ~met;
      const bool hours_meet =
          b.hours_min[i] <= v.hours_max && v.hours_min <= b.hours_max[i];
      const double distance = km[b.postcode[i]];
      const bool in_reach = v.remote || distance <= b.travel_km[i];
      const bool available =
          b.availability[i] == kNow ||
          (b.availability[i] == kFrom && b.available_from[i] <= today16);
      const bool fresh = b.last_confirmed[i] >= fresh_from16;
      const int missing = v.must_haves.empty() ? 0 : missing_must_haves(b, i);
      const bool feasible = !closed && (cap_lo | cap_hi | needs) == 0 &&
                            hours_meet && in_reach && available && fresh &&
                            missing == 0;
      if (!feasible && (query.near_misses == 0 || closed || !available)) {
        continue;
      }
      int failures = 0;
      if (!feasible) {
        failures = std::popcount(cap_lo) + std::popcount(cap_hi) +
                   std::popcount(needs) + !hours_meet + !in_reach + !fresh +
                   missing;
        if (failures > 2) continue;
      }
      const int slack =
          max_slack - std::popcount(b.fail_lo[i] & demanded_dims[0]) -
          std::popcount(b.fail_hi[i] & demanded_dims[1]);
      const int score =
          PreferredNeedsPoints(std::popcount(b.preferred[i] & met),
                               std::popcount(b.preferred[i]), w) +
          occupation_score(b, i) +
          (hours_meet ? HoursFitPoints(b.hours_min[i], b.hours_max[i],
                                       v.hours_min, v.hours_max, w)
                      : 0) +
          (in_reach ? DistancePoints(distance, b.travel_km[i], v.remote, w)
                    : 0) +
          HeadroomPoints(std::max(slack, 0), max_slack, w) +
          wage_points[b.wage_value[i]];
      if (!feasible) {
        near.Push({failures, {score, b.profile[i]->id}});
        continue;
      }
      ++result.feasible;
      if (query.after.has_value()) {
        const Hit& after = *query.after;
        if (score > after.score ||
            (score == after.score && b.profile[i]->id <= after.id)) {
          continue;
        }
      }
      if (top.full() && (score < top.worst().score ||
                         (score == top.worst().score &&
                          b.profile[i]->id > top.worst().id))) {
        continue;
      }
      top.Push({score, b.profile[i]->id});
    }
  }
  result.hits = std::move(top).Sorted();
  result.near_misses = std::move(near).Sorted();
  for (const Hit& hit : result.hits) {
    result.hit_profiles.push_back(*profiles_.at(hit.id));
  }
  for (const NearMiss& miss : result.near_misses) {
    result.near_miss_profiles.push_back(*profiles_.at(miss.hit.id));
  }
  return result;
}

}  // namespace passend::matcher
