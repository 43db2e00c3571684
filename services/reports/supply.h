// The supply report (GetSupply), computed from one entry per available
// candidate, with small-cell suppression for callers without record access.
#ifndef PASSEND_SERVICES_REPORTS_SUPPLY_H_
#define PASSEND_SERVICES_REPORTS_SUPPLY_H_

#include <string>
#include <vector>

#include "passend/v1/supply.pb.h"

namespace passend::services {

// An available candidate as the supply report sees them.
struct SupplyEntry {
  std::string region;  // owner region code
  bool fresh = true;
  std::vector<std::string> needs;  // required support need ids
  passend::v1::CapacityBand capacity_band =
      passend::v1::CAPACITY_BAND_UNSPECIFIED;
  passend::v1::HoursBand hours_band = passend::v1::HOURS_BAND_UNSPECIFIED;
  bool stamped_not_placeable = false;
  bool placeable_by_need = false;  // fits at least one open vacancy
};

// The band of a candidate with `limited` dimensions below normal.
passend::v1::CapacityBand CapacityBandOf(int limited);
// The band of a candidate wanting at most `hours_max` hours a week.
passend::v1::HoursBand HoursBandOf(int hours_max);

// Per region (in code order) and in total. `suppress_below` 0 shows all.
passend::v1::Supply ComputeSupply(const std::vector<SupplyEntry>& entries,
                                  int suppress_below);

}  // namespace passend::services

#endif  // PASSEND_SERVICES_REPORTS_SUPPLY_H_
