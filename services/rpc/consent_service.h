// passend.v1.ConsentService over ConsentApi: a candidate's append-only
// consent log and the introduction it unlocks.
#ifndef PASSEND_SERVICES_RPC_CONSENT_SERVICE_H_
#define PASSEND_SERVICES_RPC_CONSENT_SERVICE_H_

#include "passend/v1/consent.grpc.pb.h"
#include "services/api/consent_api.h"
#include "services/rpc/call_path.h"

namespace passend::services {

class ConsentServiceImpl final
    : public passend::v1::ConsentService::CallbackService {
 public:
  // Both must outlive the service.
  ConsentServiceImpl(const CallPath* calls, ConsentApi* api)
      : calls_(calls), api_(api) {}

  grpc::ServerUnaryReactor* RecordConsent(
      grpc::CallbackServerContext* context,
      const passend::v1::RecordConsentRequest* request,
      passend::v1::ConsentEvent* response) override;
  grpc::ServerUnaryReactor* ListConsentEvents(
      grpc::CallbackServerContext* context,
      const passend::v1::ListConsentEventsRequest* request,
      passend::v1::ListConsentEventsResponse* response) override;
  grpc::ServerUnaryReactor* GetIntroduction(
      grpc::CallbackServerContext* context,
      const passend::v1::GetIntroductionRequest* request,
      passend::v1::Introduction* response) override;

 private:
  const CallPath* calls_;
  ConsentApi* api_;
};

}  // namespace passend::services

#endif  // PASSEND_SERVICES_RPC_CONSENT_SERVICE_H_
