// passend.v1.MatchService: RankCandidates, RankVacancies and ExplainMatch
// over the in-memory Matcher, with paging, region and freshness filters,
// and deadlines honoured inside the scan; and the employer's anonymous view
// of RankCandidates and ExplainMatch.
#ifndef PASSEND_SERVICES_RPC_MATCH_SERVICE_H_
#define PASSEND_SERVICES_RPC_MATCH_SERVICE_H_

#include "matcher/matcher.h"
#include "passend/v1/match.grpc.pb.h"
#include "services/access/anonymous_view.h"
#include "services/api/consent_api.h"
#include "services/rpc/call_path.h"
#include "storage/audit_log.h"

namespace passend::services {

// Page sizes of rankings: default and cap.
inline constexpr int kDefaultRankPageSize = 50;
inline constexpr int kMaxRankPageSize = 500;
inline constexpr int kMaxNearMisses = 50;

class MatchServiceImpl final
    : public passend::v1::MatchService::CallbackService {
 public:
  // All must outlive the service.
  // Each ranking or explanation is recorded in `audit` (naming the
  // candidates it shows) before it is returned.
  // `consent` is asked whether an employer may see a person who consented
  // to an introduction even when no ranking shows them.
  MatchServiceImpl(const CallPath* calls, const matcher::Matcher* matcher,
                   const ConsentApi* consent, storage::AuditLog* audit)
      : calls_(calls),
        matcher_(matcher),
        consent_(consent),
        audit_(audit),
        anonymous_(&matcher->model().compiler().taxonomy()) {}

  grpc::ServerUnaryReactor* RankCandidates(
      grpc::CallbackServerContext* context,
      const passend::v1::RankCandidatesRequest* request,
      passend::v1::RankCandidatesResponse* response) override;
  grpc::ServerUnaryReactor* RankVacancies(
      grpc::CallbackServerContext* context,
      const passend::v1::RankVacanciesRequest* request,
      passend::v1::RankVacanciesResponse* response) override;
  grpc::ServerUnaryReactor* ExplainMatch(
      grpc::CallbackServerContext* context,
      const passend::v1::ExplainMatchRequest* request,
      passend::v1::MatchExplanation* response) override;
  grpc::ServerUnaryReactor* RankAnonymousCandidates(
      grpc::CallbackServerContext* context,
      const passend::v1::RankCandidatesRequest* request,
      passend::v1::RankAnonymousCandidatesResponse* response) override;
  grpc::ServerUnaryReactor* ExplainAnonymousMatch(
      grpc::CallbackServerContext* context,
      const passend::v1::ExplainMatchRequest* request,
      passend::v1::AnonymousMatch* response) override;

 private:
  const CallPath* calls_;
  const matcher::Matcher* matcher_;
  const ConsentApi* consent_;
  storage::AuditLog* audit_;
  const AnonymousView anonymous_;
};

}  // namespace passend::services

#endif  // PASSEND_SERVICES_RPC_MATCH_SERVICE_H_
