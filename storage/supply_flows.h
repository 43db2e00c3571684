// The supply ledger: per owner region and quarter, how many candidates
// entered the supply (registered as available now or from a date) and how
// many left it, and by which way. Counts only, never a person.
//
// The candidate store keeps it in step with the candidates: every write
// that moves a candidate into, out of or between regions' supply adds to
// the ledger in the same atomic batch. ForecastSupply fits its rates on it;
// history from before passend (say, a UWV series) can be recorded for past
// quarters.
#ifndef PASSEND_STORAGE_SUPPLY_FLOWS_H_
#define PASSEND_STORAGE_SUPPLY_FLOWS_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/supply.h"
#include "passend/v1/candidate.pb.h"
#include "storage/database.h"

namespace passend::storage {

// The ways into and out of a region's supply. The values are stored.
enum class SupplyFlow : uint8_t {
  kRegistered = 0,  // a new candidate, or one available again
  kMovedIn = 1,     // owner region changed to this one
  kPlaced = 2,      // availability became PLACED
  kWithdrawn = 3,   // withdrawn or deleted before pension age
  kPensioned = 4,   // withdrawn or deleted at or after pension age
  kMovedOut = 5,    // owner region changed to another one
};
inline constexpr int kSupplyFlowCount = 6;

// One region's flows in one quarter (common/dutch_calendar.h numbering),
// indexed by SupplyFlow.
struct QuarterFlows {
  std::string region;
  int quarter = 0;
  std::array<int64_t, kSupplyFlowCount> counts = {};

  int64_t& operator[](SupplyFlow flow) {
    return counts[static_cast<int>(flow)];
  }
  int64_t operator[](SupplyFlow flow) const {
    return counts[static_cast<int>(flow)];
  }
};

// Stages the ledger's change for one candidate write at `now`: `before` is
// null for a create, `after` null for a delete.
void StageSupplyFlows(const passend::v1::Candidate* before,
                      const passend::v1::Candidate* after, absl::Time now,
                      WriteSet* writes);

// Stages `flows` to replace whatever the ledger holds for its region and
// quarter (so recording a history twice is harmless).
void StageQuarterFlows(const QuarterFlows& flows, WriteSet* writes);

// The whole ledger, by region code, then quarter; quarters without any
// flow are left out.
absl::StatusOr<std::vector<QuarterFlows>> ReadSupplyFlows(const Database& db);

}  // namespace passend::storage

#endif  // PASSEND_STORAGE_SUPPLY_FLOWS_H_
