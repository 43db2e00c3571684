// What every call of one server passes through around its body: the one
// authorization point, the executor admitted calls run on, the metrics each
// call is counted in, and the clock its work takes the date from. One per
// Server, which owns the parts; every service holds a pointer to it, so two
// servers in one process share nothing.
#ifndef PASSEND_SERVICES_RPC_CALL_PATH_H_
#define PASSEND_SERVICES_RPC_CALL_PATH_H_

#include "common/clock.h"
#include "services/access/authorizer.h"
#include "services/rpc/call_executor.h"
#include "services/rpc/call_metrics.h"

namespace passend::services {

struct CallPath {
  const Authorizer* authorizer = nullptr;
  CallExecutor* executor = nullptr;
  CallMetrics* metrics = nullptr;
  const Clock* clock = &SystemClock();
};

}  // namespace passend::services

#endif  // PASSEND_SERVICES_RPC_CALL_PATH_H_
