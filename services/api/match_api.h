// Rankings and explanations over the in-memory Matcher, free of gRPC: the
// request checked (page size, regions, page tokens), the caller's scope
// (employers their own vacancies and never by region, WSPs their regions'
// candidates), every candidate shown named in the audit log before it is
// returned, and the employer's anonymous view.
#ifndef PASSEND_SERVICES_API_MATCH_API_H_
#define PASSEND_SERVICES_API_MATCH_API_H_

#include "absl/status/statusor.h"
#include "matcher/advice.h"
#include "matcher/matcher.h"
#include "passend/v1/match.pb.h"
#include "services/access/anonymous_view.h"
#include "services/access/principal.h"
#include "services/api/consent_api.h"
#include "storage/audit_log.h"

namespace passend::services {

// Rankings' page sizes: default and cap; near misses: cap.
inline constexpr int kDefaultRankPageSize = 50;
inline constexpr int kMaxRankPageSize = 500;
inline constexpr int kMaxNearMisses = 50;

class MatchApi {
 public:
  // All must outlive this object. `consent` is asked whether an employer
  // may see a person who consented to an introduction even when no ranking
  // shows them.
  MatchApi(const matcher::Matcher* matcher, const ConsentApi* consent,
           storage::AuditLog* audit)
      : matcher_(matcher),
        consent_(consent),
        audit_(audit),
        anonymous_(&matcher->model().compiler().taxonomy()) {}

  // Each method takes the call's options: today's policy and the caller's
  // deadline and cancellation.
  absl::StatusOr<v1::RankCandidatesResponse> RankCandidates(
      const Principal& principal, const v1::RankCandidatesRequest& request,
      matcher::AdviceOptions call);
  absl::StatusOr<v1::RankAnonymousCandidatesResponse> RankAnonymousCandidates(
      const Principal& principal, const v1::RankCandidatesRequest& request,
      matcher::AdviceOptions call);
  absl::StatusOr<v1::RankVacanciesResponse> RankVacancies(
      const Principal& principal, const v1::RankVacanciesRequest& request,
      matcher::AdviceOptions call);
  absl::StatusOr<v1::MatchExplanation> ExplainMatch(
      const Principal& principal, const v1::ExplainMatchRequest& request,
      matcher::AdviceOptions call);
  absl::StatusOr<v1::AnonymousMatch> ExplainAnonymousMatch(
      const Principal& principal, const v1::ExplainMatchRequest& request,
      matcher::AdviceOptions call);

 private:
  const matcher::Matcher* matcher_;
  const ConsentApi* consent_;
  storage::AuditLog* audit_;
  const AnonymousView anonymous_;
};

}  // namespace passend::services

#endif  // PASSEND_SERVICES_API_MATCH_API_H_
