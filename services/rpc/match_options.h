// The options a ranking, explanation or advice call runs with: today's date
// and the taxonomy's freshness rule, and the call's deadline and
// cancellation polled in long loops.
#ifndef PASSEND_SERVICES_RPC_MATCH_OPTIONS_H_
#define PASSEND_SERVICES_RPC_MATCH_OPTIONS_H_

#include "common/clock.h"
#include "grpcpp/server_context.h"
#include "matcher/advice.h"
#include "matcher/matcher.h"

namespace passend::services {

// Today's date and the taxonomy's freshness rule.
matcher::MatchPolicy TodaysPolicy(const matcher::Matcher& matcher,
                                  const Clock& clock);

// Options for the advice and report calls: today's policy, and `context`'s
// deadline and cancellation polled in their loops.
matcher::AdviceOptions AdviceOptionsFor(
    const matcher::Matcher& matcher, const Clock& clock,
    const grpc::CallbackServerContext& context);

}  // namespace passend::services

#endif  // PASSEND_SERVICES_RPC_MATCH_OPTIONS_H_
