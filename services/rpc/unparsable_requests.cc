#include "services/rpc/unparsable_requests.h"

#include <deque>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "google/protobuf/descriptor.h"
#include "grpc/byte_buffer.h"
#include "grpc/byte_buffer_reader.h"
#include "grpc/slice.h"
#include "grpcpp/impl/rpc_service_method.h"
#include "services/api/request_parse.h"

namespace passend::services {
namespace {

using grpc::internal::MethodHandler;
using grpc::internal::RpcMethod;
using grpc::internal::RpcServiceMethod;

// Set while a flagged call's handler runs on this thread.
thread_local const absl::Status* unparsed_request = nullptr;

// A service's handlers are protected; this reaches them.
class HandlerAccess : public grpc::Service {
 public:
  static MethodHandler* Of(grpc::Service* service, int index) {
    return (service->*&HandlerAccess::GetHandler)(index);
  }
};

std::string Contents(grpc_byte_buffer* buffer) {
  grpc_byte_buffer_reader reader;
  if (!grpc_byte_buffer_reader_init(&reader, buffer)) return "";
  grpc_slice all = grpc_byte_buffer_reader_readall(&reader);
  std::string bytes(reinterpret_cast<const char*>(GRPC_SLICE_START_PTR(all)),
                    GRPC_SLICE_LENGTH(all));
  grpc_slice_unref(all);
  grpc_byte_buffer_reader_destroy(&reader);
  return bytes;
}

// Wraps one unary method's handler (owned by the original service).
// Deserialize keeps a reference to the request's bytes while the handler
// parses them; when that fails, it works out why and keeps the answer for
// the call, and RunHandler runs the handler as for a parsed request with
// the answer flagged on the thread.
class AnsweringHandler : public MethodHandler {
 public:
  AnsweringHandler(MethodHandler* inner,
                   const google::protobuf::Descriptor* type)
      : inner_(inner), type_(type) {}

  void* Deserialize(grpc_call* call, grpc_byte_buffer* request,
                    grpc::Status* status, void** handler_data) override {
    grpc_byte_buffer* bytes =
        request == nullptr ? nullptr : grpc_byte_buffer_copy(request);
    void* parsed = inner_->Deserialize(call, request, status, handler_data);
    if (!status->ok()) {
      absl::Status why = bytes == nullptr
                             ? absl::InvalidArgumentError(absl::StrCat(
                                   "the request could not be parsed as ",
                                   type_->full_name(), ": no message"))
                             : UnparsableMessage(*type_, Contents(bytes));
      absl::MutexLock lock(&mu_);
      unparsed_[call] = std::move(why);
    }
    if (bytes != nullptr) grpc_byte_buffer_destroy(bytes);
    return parsed;
  }

  void RunHandler(const HandlerParameter& param) override {
    if (param.status.ok()) {
      inner_->RunHandler(param);
      return;
    }
    absl::Status why = absl::InvalidArgumentError(absl::StrCat(
        "the request could not be parsed as ", type_->full_name()));
    {
      absl::MutexLock lock(&mu_);
      if (auto it = unparsed_.find(param.call->call()); it != unparsed_.end()) {
        why = std::move(it->second);
        unparsed_.erase(it);
      }
    }
    unparsed_request = &why;
    inner_->RunHandler(HandlerParameter(
        param.call, param.server_context, param.request, grpc::Status::OK,
        param.internal_data, param.call_requester));
    unparsed_request = nullptr;
  }

 private:
  MethodHandler* const inner_;
  const google::protobuf::Descriptor* const type_;
  absl::Mutex mu_;
  absl::flat_hash_map<grpc_call*, absl::Status> unparsed_ ABSL_GUARDED_BY(mu_);
};

// Passes every call to the original handler (streaming methods).
class PassingHandler : public MethodHandler {
 public:
  explicit PassingHandler(MethodHandler* inner) : inner_(inner) {}
  void* Deserialize(grpc_call* call, grpc_byte_buffer* request,
                    grpc::Status* status, void** handler_data) override {
    return inner_->Deserialize(call, request, status, handler_data);
  }
  void RunHandler(const HandlerParameter& param) override {
    inner_->RunHandler(param);
  }

 private:
  MethodHandler* const inner_;
};

class AnsweringService : public grpc::Service {
 public:
  AnsweringService(grpc::Service* inner,
                   const google::protobuf::ServiceDescriptor& descriptor) {
    for (int i = 0; i < descriptor.method_count(); ++i) {
      const google::protobuf::MethodDescriptor& method = *descriptor.method(i);
      const RpcMethod::RpcType type =
          method.client_streaming()
              ? (method.server_streaming() ? RpcMethod::BIDI_STREAMING
                                           : RpcMethod::CLIENT_STREAMING)
              : (method.server_streaming() ? RpcMethod::SERVER_STREAMING
                                           : RpcMethod::NORMAL_RPC);
      MethodHandler* inner_handler = HandlerAccess::Of(inner, i);
      // A streaming handler reads its requests itself (and a server
      // streaming one would use the parsed request): only unary methods
      // are answered here.
      MethodHandler* handler =
          type == RpcMethod::NORMAL_RPC
              ? static_cast<MethodHandler*>(
                    new AnsweringHandler(inner_handler, method.input_type()))
              : new PassingHandler(inner_handler);
      const std::string& path = names_.emplace_back(
          absl::StrCat("/", descriptor.full_name(), "/", method.name()));
      auto* rpc = new RpcServiceMethod(path.c_str(), type, handler);
      rpc->SetServerApiType(RpcServiceMethod::ApiType::CALL_BACK);
      AddMethod(rpc);
    }
  }

 private:
  std::deque<std::string> names_;  // the methods keep pointers into them
};

}  // namespace

std::unique_ptr<grpc::Service> AnswerUnparsableRequests(
    grpc::Service* service, absl::string_view full_name) {
  const google::protobuf::ServiceDescriptor* descriptor =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
          std::string(full_name));
  return std::make_unique<AnsweringService>(service, *descriptor);
}

absl::Status UnparsedRequest() {
  return unparsed_request == nullptr ? absl::OkStatus() : *unparsed_request;
}

}  // namespace passend::services
