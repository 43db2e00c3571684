#include "services/rpc/match_options.h"

#include "services/rpc/serve.h"

namespace passend::services {

matcher::MatchPolicy TodaysPolicy(const matcher::Matcher& matcher,
                                  const Clock& clock) {
  matcher::MatchPolicy policy;
  policy.today = matcher::DayNumber(TodayInNetherlands(clock));
  policy.stale_after_days =
      matcher.model().compiler().taxonomy().proto().stale_after_days();
  return policy;
}

matcher::AdviceOptions AdviceOptionsFor(
    const matcher::Matcher& matcher, const Clock& clock,
    const grpc::CallbackServerContext& context) {
  matcher::AdviceOptions options;
  options.policy = TodaysPolicy(matcher, clock);
  options.check = [&context] { return CallStillWanted(context); };
  return options;
}

}  // namespace passend::services
