#include "services/reports/supply.h"

#include <map>
#include <tuple>

#include "services/access/suppression.h"

namespace passend::services {
namespace {

using v1::CapacityBand;
using v1::HoursBand;

// The counts of one region (or all of them) before they are published.
struct Tally {
  int64_t available = 0;
  int64_t stale = 0;
  int64_t stamped = 0;
  int64_t placeable = 0;
  // need -> (capacity band, hours band) -> candidates
  std::map<std::string, std::map<std::pair<int, int>, int64_t>> needs;

  void Add(const SupplyEntry& e) {
    if (!e.fresh) {
      ++stale;
      return;
    }
    ++available;
    stamped += e.stamped_not_placeable;
    placeable += e.stamped_not_placeable && e.placeable_by_need;
    const std::pair<int, int> cell{e.capacity_band, e.hours_band};
    if (e.needs.empty()) ++needs[""][cell];
    for (const std::string& need : e.needs) ++needs[need][cell];
  }
};

void Publish(const std::string& region, const Tally& t, int threshold,
             v1::RegionSupply* out) {
  out->set_region(region);
  bool hidden = false;
  out->set_available(Shown(t.available, threshold, &hidden));
  out->set_available_suppressed(hidden);
  out->set_stale(Shown(t.stale, threshold, &hidden));
  out->set_stale_suppressed(hidden);
  if (!out->available_suppressed() && !out->stale_suppressed() &&
      t.available + t.stale > 0) {
    out->set_stale_share(static_cast<double>(t.stale) /
                         static_cast<double>(t.available + t.stale));
  }
  // Those stamped, split into placeable by need and not: a table whose sum
  // is `stamped`, so neither part may give the other away.
  out->set_stamped_not_placeable(Shown(t.stamped, threshold, &hidden));
  out->set_stamped_suppressed(hidden);
  std::vector<bool> split_hidden;
  SuppressTogether({t.placeable, t.stamped - t.placeable}, threshold,
                   &split_hidden);
  const bool placeable_hidden = hidden || split_hidden[0] || split_hidden[1];
  out->set_placeable_by_need(placeable_hidden ? 0 : t.placeable);
  out->set_placeable_suppressed(placeable_hidden && t.placeable > 0);
  for (const auto& [need, cells] : t.needs) {
    v1::NeedSupply* n = out->add_needs();
    n->set_need(need);
    int64_t total = 0;
    std::vector<int64_t> counts;
    for (const auto& [key, count] : cells) {
      total += count;
      counts.push_back(count);
    }
    bool need_hidden = false;
    n->set_candidates(Shown(total, threshold, &need_hidden));
    n->set_suppressed(need_hidden);
    std::vector<bool> cell_hidden;
    SuppressTogether(counts, threshold, &cell_hidden);
    size_t i = 0;
    for (const auto& [key, count] : cells) {
      v1::SupplyCell* c = n->add_cells();
      c->set_capacity_band(static_cast<CapacityBand>(key.first));
      c->set_hours_band(static_cast<HoursBand>(key.second));
      const bool hide = need_hidden || cell_hidden[i++];
      c->set_candidates(hide ? 0 : count);
      c->set_suppressed(hide);
    }
  }
}

}  // namespace

CapacityBand CapacityBandOf(int limited) {
  return limited == 0   ? v1::FULL_CAPACITY
         : limited <= 2 ? v1::SOME_LIMITATIONS
                        : v1::MANY_LIMITATIONS;
}

HoursBand HoursBandOf(int hours_max) {
  return hours_max <= 12   ? v1::UP_TO_12_HOURS
         : hours_max <= 20 ? v1::UP_TO_20_HOURS
         : hours_max <= 32 ? v1::UP_TO_32_HOURS
                           : v1::OVER_32_HOURS;
}

v1::Supply ComputeSupply(const std::vector<SupplyEntry>& entries,
                         int suppress_below) {
  std::map<std::string, Tally> regions;
  Tally total;
  for (const SupplyEntry& e : entries) {
    regions[e.region].Add(e);
    total.Add(e);
  }
  v1::Supply supply;
  supply.set_suppressed_below(suppress_below);
  for (const auto& [code, tally] : regions) {
    Publish(code, tally, suppress_below, supply.add_regions());
  }
  // The total has no breakdown by need: one table (need by band within a
  // region) is enough to keep apart from its sums.
  total.needs.clear();
  Publish("", total, suppress_below, supply.mutable_total());
  // The regions' counts add up to the total's: hide them as tables too.
  struct Field {
    int64_t Tally::*count;
    void (v1::RegionSupply::*set)(int64_t);
    void (v1::RegionSupply::*flag)(bool);
    // The stale share is made of this count: it goes when the count does.
    bool in_stale_share;
  };
  const Field fields[] = {
      {&Tally::available, &v1::RegionSupply::set_available,
       &v1::RegionSupply::set_available_suppressed, true},
      {&Tally::stale, &v1::RegionSupply::set_stale,
       &v1::RegionSupply::set_stale_suppressed, true},
      {&Tally::stamped, &v1::RegionSupply::set_stamped_not_placeable,
       &v1::RegionSupply::set_stamped_suppressed, false},
      {&Tally::placeable, &v1::RegionSupply::set_placeable_by_need,
       &v1::RegionSupply::set_placeable_suppressed, false},
  };
  for (const Field& f : fields) {
    std::vector<int64_t> counts;
    for (const auto& [code, tally] : regions) counts.push_back(tally.*f.count);
    std::vector<bool> hidden;
    SuppressTogether(counts, suppress_below, &hidden);
    for (size_t i = 0; i < hidden.size(); ++i) {
      if (!hidden[i]) continue;
      v1::RegionSupply* r = supply.mutable_regions(static_cast<int>(i));
      (r->*f.set)(0);
      (r->*f.flag)(true);
      if (f.in_stale_share) r->set_stale_share(0);
    }
  }
  return supply;
}

}  // namespace passend::services
