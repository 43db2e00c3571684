// Who counts as the candidate supply, in one place for the supply ledger,
// the forecast and the demo's history.
#ifndef PASSEND_COMMON_SUPPLY_H_
#define PASSEND_COMMON_SUPPLY_H_

#include "passend/v1/candidate.pb.h"

namespace passend {

// Available now or from a date (stale or not), with an owner region.
inline bool InSupply(const passend::v1::Candidate& candidate) {
  return !candidate.owner_region().empty() &&
         (candidate.availability() == passend::v1::Candidate::AVAILABLE_NOW ||
          candidate.availability() == passend::v1::Candidate::AVAILABLE_FROM);
}

}  // namespace passend

#endif  // PASSEND_COMMON_SUPPLY_H_
