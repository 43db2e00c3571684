// Advice over the in-memory Matcher, free of gRPC: adjustment advice for a
// vacancy, blockers for a candidate, adjustment opportunities per region and
// region-wide assignment proposals (matcher/advice.h does the work), each
// kept to the caller's scope and suppressed for callers without record
// access.
#ifndef PASSEND_SERVICES_API_ADVICE_API_H_
#define PASSEND_SERVICES_API_ADVICE_API_H_

#include "absl/status/statusor.h"
#include "matcher/advice.h"
#include "matcher/matcher.h"
#include "passend/v1/advice.pb.h"
#include "services/access/principal.h"
#include "storage/audit_log.h"

namespace passend::services {

// ProposeAssignments' edges per vacancy: default and cap.
inline constexpr int kDefaultEdgesPerVacancy = 100;
inline constexpr int kMaxEdgesPerVacancy = 1000;

class AdviceApi {
 public:
  // All must outlive this object.
  AdviceApi(const matcher::Matcher* matcher, storage::AuditLog* audit)
      : matcher_(matcher), audit_(audit) {}

  // Each method takes the call's options (today's policy, the caller's
  // deadline and cancellation) where it scans the population.
  absl::StatusOr<v1::SuggestAdjustmentsResponse> SuggestAdjustments(
      const Principal& principal, const v1::SuggestAdjustmentsRequest& request,
      matcher::AdviceOptions options);
  absl::StatusOr<v1::ExplainBlockersResponse> ExplainBlockers(
      const Principal& principal, const v1::ExplainBlockersRequest& request,
      matcher::AdviceOptions options);
  absl::StatusOr<v1::AdjustmentOpportunitiesResponse> AdjustmentOpportunities(
      const Principal& principal,
      const v1::AdjustmentOpportunitiesRequest& request,
      matcher::AdviceOptions options);
  absl::StatusOr<v1::ProposeAssignmentsResponse> ProposeAssignments(
      const Principal& principal, const v1::ProposeAssignmentsRequest& request,
      matcher::AdviceOptions options);

 private:
  const matcher::Matcher* matcher_;
  // ExplainBlockers and ProposeAssignments record the candidates they show
  // here, before they return.
  storage::AuditLog* audit_;
};

}  // namespace passend::services

#endif  // PASSEND_SERVICES_API_ADVICE_API_H_
