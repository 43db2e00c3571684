#include "storage/supply_flows.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/dutch_calendar.h"
#include "common/status_macros.h"
#include "storage/key_codec.h"

namespace passend::storage {
namespace {

using passend::v1::Candidate;

std::string FlowKey(absl::string_view region, int quarter, SupplyFlow flow) {
  return KeyEncoder()
      .String(region)
      .Uint32(static_cast<uint32_t>(quarter))
      .Uint8(static_cast<uint8_t>(flow))
      .Release();
}

// How `candidate`, in the supply before, leaves it at `quarter`.
SupplyFlow WayOut(const Candidate* after, const Candidate& before,
                  int quarter) {
  if (after != nullptr && after->availability() == Candidate::PLACED) {
    return SupplyFlow::kPlaced;
  }
  const int birth_year = after != nullptr && after->birth_year() > 0
                             ? after->birth_year()
                             : before.birth_year();
  return birth_year > 0 && quarter >= FirstPensionQuarter(birth_year)
             ? SupplyFlow::kPensioned
             : SupplyFlow::kWithdrawn;
}

}  // namespace

void StageSupplyFlows(const Candidate* before, const Candidate* after,
                      absl::Time now, WriteSet* writes) {
  const bool was_in = before != nullptr && InSupply(*before);
  const bool is_in = after != nullptr && InSupply(*after);
  if (!was_in && !is_in) return;
  const int quarter = QuarterIndex(DutchDay(now));
  auto add = [&](const std::string& region, SupplyFlow flow, int when = 0) {
    writes->AddToCounter(Family::kSupplyFlows,
                         FlowKey(region, when == 0 ? quarter : when, flow), 1);
  };
  if (was_in && is_in) {
    if (before->owner_region() != after->owner_region()) {
      add(before->owner_region(), SupplyFlow::kMovedOut);
      add(after->owner_region(), SupplyFlow::kMovedIn);
    }
  } else if (is_in) {
    // A new record enters the supply when it says it did (a bulk sync of
    // people registered long ago is no inflow now); one available again,
    // now.
    int when = 0;
    if (before == nullptr && after->has_registered_on()) {
      const passend::v1::Date& d = after->registered_on();
      when = std::min(
          quarter, QuarterIndex(absl::CivilDay(d.year(), d.month(), d.day())));
    }
    add(after->owner_region(), SupplyFlow::kRegistered, when);
  } else {
    add(before->owner_region(), WayOut(after, *before, quarter));
  }
}

void StageQuarterFlows(const QuarterFlows& flows, WriteSet* writes) {
  for (int f = 0; f < kSupplyFlowCount; ++f) {
    const std::string key =
        FlowKey(flows.region, flows.quarter, static_cast<SupplyFlow>(f));
    if (flows.counts[f] == 0) {
      writes->Delete(Family::kSupplyFlows, key);
    } else {
      writes->Put(Family::kSupplyFlows, key, EncodeCounter(flows.counts[f]));
    }
  }
}

absl::StatusOr<std::vector<QuarterFlows>> ReadSupplyFlows(const Database& db) {
  std::vector<QuarterFlows> ledger;
  absl::Status failed;
  RETURN_IF_ERROR(db.Scan(
      Family::kSupplyFlows, "", "",
      [&](absl::string_view key, absl::string_view value) {
        KeyDecoder decoder(key);
        std::string region;
        uint32_t quarter = 0;
        uint8_t flow = 0;
        int64_t count = 0;
        if (!decoder.String(&region) || !decoder.Uint32(&quarter) ||
            !decoder.Uint8(&flow) || !decoder.done() ||
            flow >= kSupplyFlowCount || !DecodeCounter(value, &count)) {
          failed = absl::DataLossError("undecodable supply ledger entry");
          return false;
        }
        if (ledger.empty() || ledger.back().region != region ||
            ledger.back().quarter != static_cast<int>(quarter)) {
          ledger.push_back({region, static_cast<int>(quarter), {}});
        }
        ledger.back().counts[flow] = count;
        return true;
      }));
  RETURN_IF_ERROR(failed);
  return ledger;
}

}  // namespace passend::storage
