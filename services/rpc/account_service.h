// passend.v1.AccountService: who the caller is, for every role.
#ifndef PASSEND_SERVICES_RPC_ACCOUNT_SERVICE_H_
#define PASSEND_SERVICES_RPC_ACCOUNT_SERVICE_H_

#include "passend/v1/account.grpc.pb.h"
#include "services/rpc/call_path.h"

namespace passend::services {

class AccountServiceImpl final
    : public passend::v1::AccountService::CallbackService {
 public:
  explicit AccountServiceImpl(const CallPath* calls) : calls_(calls) {}

  grpc::ServerUnaryReactor* GetCaller(
      grpc::CallbackServerContext* context,
      const passend::v1::GetCallerRequest* request,
      passend::v1::Caller* response) override;

 private:
  const CallPath* calls_;
};

}  // namespace passend::services

#endif  // PASSEND_SERVICES_RPC_ACCOUNT_SERVICE_H_
