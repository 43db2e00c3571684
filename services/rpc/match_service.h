// passend.v1.MatchService over MatchApi: rankings both ways, explanations,
// and the employer's anonymous view of both, with the call's deadline
// honoured inside the scan.
#ifndef PASSEND_SERVICES_RPC_MATCH_SERVICE_H_
#define PASSEND_SERVICES_RPC_MATCH_SERVICE_H_

#include "matcher/matcher.h"
#include "passend/v1/match.grpc.pb.h"
#include "services/api/match_api.h"
#include "services/rpc/call_path.h"

namespace passend::services {

class MatchServiceImpl final
    : public passend::v1::MatchService::CallbackService {
 public:
  // All must outlive the service; `matcher` gives the calls today's policy.
  MatchServiceImpl(const CallPath* calls, const matcher::Matcher* matcher,
                   MatchApi* api)
      : calls_(calls), matcher_(matcher), api_(api) {}

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
  MatchApi* api_;
};

}  // namespace passend::services

#endif  // PASSEND_SERVICES_RPC_MATCH_SERVICE_H_
