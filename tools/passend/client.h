// What every command of the passend CLI shares: the channel to passendd
// (address, key, TLS, deadline), the exit statuses, reporting a refused call,
// and records read and written as JSON.
#ifndef PASSEND_TOOLS_PASSEND_CLIENT_H_
#define PASSEND_TOOLS_PASSEND_CLIENT_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/flags/commandlineflag.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "grpcpp/grpcpp.h"

namespace passend::tools {

// Exit statuses, which scripts and tests rely on.
inline constexpr int kExitOk = 0;
// The server refused a call (or could not be reached).
inline constexpr int kExitRefused = 1;
// Bad usage or input: caught before anything was sent.
inline constexpr int kExitUsage = 2;

// The global flags, which every command takes: the server, the key, TLS,
// the deadline and --json.
std::vector<const absl::CommandLineFlag*> GlobalFlags();

// A channel to --server: plaintext, or TLS when --tls_ca or a client
// certificate (--tls_cert with --tls_key) is given. INVALID_ARGUMENT for a
// certificate without its key or the reverse, NOT_FOUND for a file that
// cannot be read. gRPC connects only at the first call.
absl::StatusOr<std::shared_ptr<grpc::Channel>> OpenChannel();

// A context for one unary call: the caller's key and the --timeout_s
// deadline.
std::unique_ptr<grpc::ClientContext> Context();
// Adds the caller's key (--key, else $PASSEND_KEY), if any. Streaming
// calls use this alone: an import may take longer than any deadline.
void Authenticate(grpc::ClientContext* context);

// Prints a refused call's code, message and each field at fault to stderr;
// returns kExitRefused.
int ReportError(const grpc::Status& status);
// Prints "error: " and the status's message to stderr; returns kExitUsage.
int ReportUsageError(const absl::Status& status);

// The message in protobuf's JSON mapping with the .proto field names.
std::string ToJson(const google::protobuf::Message& message, bool pretty);
// Prints the message as indented JSON on stdout.
void Print(const google::protobuf::Message& message);
// Prints the message as JSON if --json asks for it; true if it did.
bool PrintedAsJson(const google::protobuf::Message& message);
// The exit status of a call whose response is printed as JSON: prints it,
// or reports the refusal.
int PrintResult(const grpc::Status& status,
                const google::protobuf::Message& response);

// FILE whole, or standard input for "-".
absl::StatusOr<std::string> ReadInput(const std::string& path);
// Parses JSON into `message`; INVALID_ARGUMENT naming `where` otherwise.
absl::Status ParseJson(const std::string& json, absl::string_view where,
                       google::protobuf::Message* message);
// ReadInput and ParseJson, FILE naming itself.
absl::Status ReadMessage(const std::string& path,
                         google::protobuf::Message* message);

// The items of a comma-separated list, empty ones dropped.
std::vector<std::string> SplitList(absl::string_view list);

}  // namespace passend::tools

#endif  // PASSEND_TOOLS_PASSEND_CLIENT_H_
