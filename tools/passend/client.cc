#include "tools/passend/client.h"

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <sstream>

#include "absl/flags/flag.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/file.h"
#include "common/status_macros.h"
#include "google/protobuf/util/json_util.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

ABSL_FLAG(std::string, server, "127.0.0.1:50051", "passendd address");
ABSL_FLAG(std::string, key, "",
          "API key sent as authorization: Bearer; default $PASSEND_KEY");
ABSL_FLAG(int, timeout_s, 30, "deadline of each unary call, seconds");
ABSL_FLAG(bool, json, false,
          "print the response as JSON instead of a table (the commands "
          "that print no table always print JSON)");
ABSL_FLAG(std::string, tls_ca, "",
          "PEM file of the CAs to trust for the server's certificate; "
          "speaks TLS");
ABSL_FLAG(std::string, tls_cert, "",
          "PEM file of a client certificate chain, for mutual TLS (with "
          "--tls_key); speaks TLS, trusting --tls_ca or gRPC's default "
          "roots");
ABSL_FLAG(std::string, tls_key, "",
          "PEM file of the client certificate's private key (with "
          "--tls_cert)");

namespace passend::tools {

std::vector<const absl::CommandLineFlag*> GlobalFlags() {
  return {&absl::GetFlagReflectionHandle(FLAGS_server),
          &absl::GetFlagReflectionHandle(FLAGS_key),
          &absl::GetFlagReflectionHandle(FLAGS_tls_ca),
          &absl::GetFlagReflectionHandle(FLAGS_tls_cert),
          &absl::GetFlagReflectionHandle(FLAGS_tls_key),
          &absl::GetFlagReflectionHandle(FLAGS_timeout_s),
          &absl::GetFlagReflectionHandle(FLAGS_json)};
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> OpenChannel() {
  const std::string ca = absl::GetFlag(FLAGS_tls_ca);
  const std::string cert = absl::GetFlag(FLAGS_tls_cert);
  const std::string key = absl::GetFlag(FLAGS_tls_key);
  if (cert.empty() != key.empty()) {
    return absl::InvalidArgumentError(
        "--tls_cert and --tls_key go together: a client certificate and its "
        "private key");
  }
  std::shared_ptr<grpc::ChannelCredentials> credentials =
      grpc::InsecureChannelCredentials();
  if (!ca.empty() || !cert.empty()) {
    grpc::SslCredentialsOptions ssl;
    if (!ca.empty()) {
      ASSIGN_OR_RETURN(ssl.pem_root_certs, ReadFile(ca));
    }
    if (!cert.empty()) {
      ASSIGN_OR_RETURN(ssl.pem_cert_chain, ReadFile(cert));
      ASSIGN_OR_RETURN(ssl.pem_private_key, ReadFile(key));
    }
    credentials = grpc::SslCredentials(ssl);
  }
  return grpc::CreateChannel(absl::GetFlag(FLAGS_server), credentials);
}

void Authenticate(grpc::ClientContext* context) {
  std::string key = absl::GetFlag(FLAGS_key);
  if (key.empty()) {
    const char* env = std::getenv("PASSEND_KEY");
    if (env != nullptr) key = env;
  }
  if (!key.empty()) context->AddMetadata("authorization", "Bearer " + key);
}

std::unique_ptr<grpc::ClientContext> Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  Authenticate(context.get());
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(absl::GetFlag(FLAGS_timeout_s)));
  return context;
}

int ReportError(const grpc::Status& status) {
  // absl::StatusCode values are the gRPC codes.
  std::string code = absl::StatusCodeToString(
      static_cast<absl::StatusCode>(status.error_code()));
  std::cerr << "error: " << (code.empty() ? "UNKNOWN" : code) << ": "
            << status.error_message() << "\n";
  google::rpc::Status details;
  if (details.ParseFromString(status.error_details())) {
    for (const auto& any : details.details()) {
      google::rpc::BadRequest bad_request;
      if (!any.UnpackTo(&bad_request)) continue;
      for (const auto& v : bad_request.field_violations()) {
        std::cerr << "  field " << v.field() << ": " << v.description() << "\n";
      }
    }
  }
  return kExitRefused;
}

int ReportUsageError(const absl::Status& status) {
  std::cerr << "error: " << status.message() << "\n";
  return kExitUsage;
}

std::string ToJson(const google::protobuf::Message& message, bool pretty) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.add_whitespace = pretty;
  std::string json;
  // Cannot fail for messages of this build's own types.
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  return json;
}

void Print(const google::protobuf::Message& message) {
  std::cout << ToJson(message, true);
}

bool PrintedAsJson(const google::protobuf::Message& message) {
  if (!absl::GetFlag(FLAGS_json)) return false;
  Print(message);
  return true;
}

int PrintResult(const grpc::Status& status,
                const google::protobuf::Message& response) {
  if (!status.ok()) return ReportError(status);
  Print(response);
  return kExitOk;
}

absl::StatusOr<std::string> ReadInput(const std::string& path) {
  if (path != "-") return ReadFile(path);
  std::stringstream buffer;
  buffer << std::cin.rdbuf();
  return buffer.str();
}

absl::Status ParseJson(const std::string& json, absl::string_view where,
                       google::protobuf::Message* message) {
  auto status = google::protobuf::util::JsonStringToMessage(json, message);
  if (!status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        where, " is not a valid ", message->GetDescriptor()->name(),
        " in JSON: ", status.message().as_string()));
  }
  return absl::OkStatus();
}

absl::Status ReadMessage(const std::string& path,
                         google::protobuf::Message* message) {
  ASSIGN_OR_RETURN(const std::string json, ReadInput(path));
  return ParseJson(json, path, message);
}

std::vector<std::string> SplitList(absl::string_view list) {
  return absl::StrSplit(list, ',', absl::SkipEmpty());
}

}  // namespace passend::tools
