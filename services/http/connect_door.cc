#include "services/http/connect_door.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/type_resolver.h"
#include "google/protobuf/util/type_resolver_util.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/client_context.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/client_callback.h"
#include "httplib.h"
#include "passend/v1/account.pb.h"
#include "passend/v1/common.pb.h"
#include "services/http/listener.h"

namespace passend::services {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::DescriptorPool;
using google::protobuf::Message;
using google::protobuf::MessageFactory;
using google::protobuf::MethodDescriptor;

constexpr absl::string_view kPackage = "passend.v1.";
constexpr absl::string_view kJson = "application/json";
constexpr absl::string_view kProto = "application/proto";
// Connect-Timeout-Ms: at most 10 digits (the protocol's limit).
constexpr size_t kMaxTimeoutDigits = 10;

}  // namespace

ConnectError ConnectErrorOf(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::CANCELLED:
      return {"canceled", 499};
    case grpc::StatusCode::INVALID_ARGUMENT:
      return {"invalid_argument", 400};
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return {"deadline_exceeded", 504};
    case grpc::StatusCode::NOT_FOUND:
      return {"not_found", 404};
    case grpc::StatusCode::ALREADY_EXISTS:
      return {"already_exists", 409};
    case grpc::StatusCode::PERMISSION_DENIED:
      return {"permission_denied", 403};
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return {"resource_exhausted", 429};
    case grpc::StatusCode::FAILED_PRECONDITION:
      return {"failed_precondition", 400};
    case grpc::StatusCode::ABORTED:
      return {"aborted", 409};
    case grpc::StatusCode::OUT_OF_RANGE:
      return {"out_of_range", 400};
    case grpc::StatusCode::UNIMPLEMENTED:
      return {"unimplemented", 501};
    case grpc::StatusCode::INTERNAL:
      return {"internal", 500};
    case grpc::StatusCode::UNAVAILABLE:
      return {"unavailable", 503};
    case grpc::StatusCode::DATA_LOSS:
      return {"data_loss", 500};
    case grpc::StatusCode::UNAUTHENTICATED:
      return {"unauthenticated", 401};
    default:
      return {"unknown", 500};
  }
}

namespace {

// Headers every answer carries: no script but the server's own, no framing,
// no sniffing, no referrer.
void Harden(httplib::Response& response) {
  response.set_header("Content-Security-Policy",
                      "default-src 'self'; script-src 'self'; object-src "
                      "'none'; base-uri 'none'; frame-ancestors 'none'");
  response.set_header("X-Content-Type-Options", "nosniff");
  response.set_header("Referrer-Policy", "no-referrer");
  response.set_header("X-Frame-Options", "DENY");
}

// A detail of a google.rpc.Status as Connect sends it: the type's full
// name, the message in base64, and the message as JSON for people.
google::protobuf::Value Detail(const google::protobuf::Any& any) {
  google::protobuf::Value detail;
  auto& fields = *detail.mutable_struct_value()->mutable_fields();
  const std::string type(
      absl::string_view(any.type_url()).substr(any.type_url().rfind('/') + 1));
  fields["type"].set_string_value(type);
  // Unpadded, as Connect's own implementations send it.
  std::string value;
  absl::Base64Escape(any.value(), &value);
  fields["value"].set_string_value(
      std::string(absl::StripSuffix(absl::StripSuffix(value, "="), "=")));
  if (const Descriptor* d =
          DescriptorPool::generated_pool()->FindMessageTypeByName(type)) {
    std::unique_ptr<Message> message(
        MessageFactory::generated_factory()->GetPrototype(d)->New());
    std::string json;
    if (message->ParseFromString(any.value()) &&
        google::protobuf::util::MessageToJsonString(*message, &json).ok()) {
      (void)google::protobuf::util::JsonStringToMessage(json, &fields["debug"]);
    }
  }
  return detail;
}

// Answers with Connect's JSON error: the code's name, the message and the
// google.rpc.Status details (a BadRequest still names the field).
void Refuse(grpc::StatusCode code, const std::string& message,
            const std::string& status_details, httplib::Response& response) {
  const ConnectError connect = ConnectErrorOf(code);
  google::protobuf::Struct error;
  auto& fields = *error.mutable_fields();
  fields["code"].set_string_value(connect.name);
  fields["message"].set_string_value(message);
  google::rpc::Status status;
  if (!status_details.empty() && status.ParseFromString(status_details) &&
      !status.details().empty()) {
    auto* details = fields["details"].mutable_list_value();
    for (const google::protobuf::Any& any : status.details()) {
      *details->add_values() = Detail(any);
    }
  }
  std::string body;
  (void)google::protobuf::util::MessageToJsonString(error, &body);
  response.status = connect.http_status;
  response.set_content(body, std::string(kJson));
}

// The passend.v1 method of a Connect path ("passend.v1.Service/Method"),
// or null.
const MethodDescriptor* FindMethod(absl::string_view path) {
  if (!absl::StartsWith(path, kPackage)) return nullptr;
  const size_t slash = path.find('/');
  if (slash == absl::string_view::npos) return nullptr;
  return DescriptorPool::generated_pool()->FindMethodByName(
      absl::StrCat(path.substr(0, slash), ".", path.substr(slash + 1)));
}

bool IsUnary(const MethodDescriptor& method) {
  return !method.client_streaming() && !method.server_streaming();
}

// The repeated message field an import request carries its records in.
const google::protobuf::FieldDescriptor* RecordsField(
    const MethodDescriptor& method) {
  const Descriptor* request = method.input_type();
  if (request->field_count() != 1) return nullptr;
  const google::protobuf::FieldDescriptor* field = request->field(0);
  return field->is_repeated() &&
                 field->type() ==
                     google::protobuf::FieldDescriptor::TYPE_MESSAGE
             ? field
             : nullptr;
}

// A client-streaming import method ("passend.v1.X/ImportY") that sends
// records in a repeated field and answers with one summary, or null.
const MethodDescriptor* FindImportMethod(absl::string_view path) {
  const MethodDescriptor* method = FindMethod(path);
  if (method == nullptr || !method->client_streaming() ||
      method->server_streaming() ||
      method->output_type() != v1::ImportSummary::descriptor() ||
      RecordsField(*method) == nullptr) {
    return nullptr;
  }
  return method;
}

// Longest Authorization header passed on; keys are far shorter.
constexpr size_t kMaxAuthorizationBytes = 512;

bool IsBearerToken(absl::string_view header) {
  if (header.size() > kMaxAuthorizationBytes ||
      !absl::StartsWith(header, "Bearer ")) {
    return false;
  }
  return std::all_of(header.begin(), header.end(),
                     [](char c) { return c >= 0x20 && c <= 0x7e; });
}

// True when `host` (a Host header) names this machine: a page of another
// site whose name was pointed at 127.0.0.1 (DNS rebinding) sends its own
// name instead.
bool IsLoopbackHost(absl::string_view host) {
  if (absl::ConsumePrefix(&host, "[::1]"))
    return host.empty() || host[0] == ':';
  host = host.substr(0, host.rfind(':'));
  return host == "localhost" || absl::StartsWith(host, "127.");
}

bool IsProbe(const httplib::Request& request) {
  return request.method == "GET" &&
         (request.path == "/healthz" || request.path == "/readyz");
}

// The import methods take a larger body than the rest.
bool IsImport(const httplib::Request& request) {
  return request.method == "POST" && absl::StartsWith(request.path, "/") &&
         FindImportMethod(request.path.substr(1)) != nullptr;
}

// Refuses, before the body is read, what the door does not read: anything
// but a health probe on a connection past the limit, a body of unknown
// length (chunked, or compressed: its size unpacked is unknown) or over the
// limit, and on a loopback door a Host that is not this machine. A body
// left unread leaves nothing on its connection that could be a request, so
// such a refusal closes the connection.
// An import's body may be large: it is read only for a caller whose key
// (or session) works.
httplib::Server::HandlerResponse Screen(
    bool loopback, size_t max_body_bytes,
    const std::function<bool(const httplib::Request&)>& authenticated,
    const httplib::Request& request, httplib::Response& response) {
  const auto close = [&response] {
    response.set_header("Connection", "close");
    CloseAfterAnswer();
    return httplib::Server::HandlerResponse::Handled;
  };
  if (OverConnectionLimit() && !IsProbe(request)) {
    Refuse(grpc::StatusCode::UNAVAILABLE,
           "the server has too many connections; try again shortly", "",
           response);
    response.set_header("Retry-After", "1");
    return close();
  }
  if (loopback && !IsLoopbackHost(request.get_header_value("Host"))) {
    Refuse(grpc::StatusCode::PERMISSION_DENIED,
           "this server answers only requests addressed to this machine", "",
           response);
    return close();
  }
  if (request.has_header("Transfer-Encoding") ||
      request.has_header("Content-Encoding")) {
    Refuse(grpc::StatusCode::INVALID_ARGUMENT,
           "a request body needs a Content-Length and no transfer or content "
           "encoding",
           "", response);
    response.status = 411;
    return close();
  }
  const std::string declared = request.get_header_value("Content-Length");
  uint64_t length = 0;
  if (!declared.empty() &&
      (!std::all_of(declared.begin(), declared.end(), absl::ascii_isdigit) ||
       !absl::SimpleAtoi(declared, &length))) {
    Refuse(grpc::StatusCode::INVALID_ARGUMENT,
           "Content-Length must be a number of bytes", "", response);
    return close();
  }
  const bool import = IsImport(request);
  if (import && !authenticated(request)) {
    Refuse(grpc::StatusCode::UNAUTHENTICATED,
           "an import needs a working key (Authorization: Bearer) or session "
           "before its body is read",
           "", response);
    return close();
  }
  if (length > max_body_bytes && !import) {
    Refuse(grpc::StatusCode::RESOURCE_EXHAUSTED,
           absl::StrCat("the request body is over the limit of ",
                        max_body_bytes, " bytes"),
           "", response);
    response.status = 413;
    return close();
  }
  return httplib::Server::HandlerResponse::Unhandled;
}

constexpr absl::string_view kSessionCookie = "passend_session";

// The session token in the request's Cookie header, or "".
std::string SessionToken(const httplib::Request& request) {
  for (absl::string_view cookie :
       absl::StrSplit(request.get_header_value("Cookie"), ';')) {
    cookie = absl::StripAsciiWhitespace(cookie);
    if (absl::ConsumePrefix(&cookie, kSessionCookie) &&
        absl::ConsumePrefix(&cookie, "=")) {
      return std::string(cookie);
    }
  }
  return "";
}

// True for a file name with a content hash before its extension
// ("app.3f9c2a1b.js"), which never changes under that name.
bool IsContentHashed(absl::string_view path) {
  const absl::string_view name = path.substr(path.rfind('/') + 1);
  const std::vector<absl::string_view> parts = absl::StrSplit(name, '.');
  if (parts.size() < 3) return false;
  const absl::string_view hash = parts[parts.size() - 2];
  return hash.size() >= 8 && std::all_of(hash.begin(), hash.end(), [](char c) {
           return absl::ascii_isdigit(c) || (c >= 'a' && c <= 'f');
         });
}

// Serves `dir` under /: files as they are (long caching only for
// content-hashed names), and index.html for paths without an extension, so
// that the pages' own routes survive a reload.
bool ServeWebRoot(const std::string& dir, httplib::Server& http) {
  const std::string index = dir + "/index.html";
  if (!std::filesystem::is_regular_file(index) ||
      !http.set_mount_point("/", dir)) {
    return false;
  }
  http.set_file_request_handler(
      [](const httplib::Request& request, httplib::Response& response) {
        response.set_header("Cache-Control",
                            IsContentHashed(request.path)
                                ? "public, max-age=31536000, immutable"
                                : "no-cache");
      });
  http.Get(R"(/[^.]*)",
           [index](const httplib::Request&, httplib::Response& response) {
             std::ifstream in(index, std::ios::binary);
             std::string page((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
             response.set_header("Cache-Control", "no-cache");
             response.set_content(page, "text/html; charset=utf-8");
           });
  return true;
}

grpc::ByteBuffer ToByteBuffer(const std::string& bytes) {
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

// Resolves passend.v1's types for protobuf's JSON conversion; made once.
google::protobuf::util::TypeResolver* TypeResolver() {
  static google::protobuf::util::TypeResolver* const resolver =
      google::protobuf::util::NewTypeResolverForDescriptorPool(
          "type.googleapis.com", DescriptorPool::generated_pool());
  return resolver;
}

std::string TypeUrl(const Descriptor& type) {
  return absl::StrCat("type.googleapis.com/", type.full_name());
}

std::string FromByteBuffer(const grpc::ByteBuffer& buffer) {
  grpc::Slice slice;
  if (!buffer.DumpToSingleSlice(&slice).ok()) return "";
  return std::string(reinterpret_cast<const char*>(slice.begin()),
                     slice.size());
}

// The elements of a JSON array, as text, for each to be parsed on its
// own; nullopt when `body` is not one array (brackets unbalanced, a string
// unterminated, an element empty, or anything after the array).
std::optional<std::vector<absl::string_view>> JsonArrayElements(
    absl::string_view body) {
  body = absl::StripAsciiWhitespace(body);
  if (!absl::ConsumePrefix(&body, "[")) return std::nullopt;
  std::vector<absl::string_view> elements;
  if (absl::StripAsciiWhitespace(body) == "]") return elements;
  size_t i = 0;
  for (;;) {
    const size_t start = i;
    int depth = 0;
    bool in_string = false;
    for (; i < body.size(); ++i) {
      const char c = body[i];
      if (in_string) {
        if (c == '\\') {
          ++i;
        } else if (c == '"') {
          in_string = false;
        }
      } else if (c == '"') {
        in_string = true;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (depth == 0) break;
        --depth;
      } else if (c == ',' && depth == 0) {
        break;
      }
    }
    if (i >= body.size() || (body[i] != ',' && body[i] != ']')) {
      return std::nullopt;
    }
    const absl::string_view element =
        absl::StripAsciiWhitespace(body.substr(start, i - start));
    if (element.empty()) return std::nullopt;
    elements.push_back(element);
    if (body[i++] == ']') {
      return absl::StripAsciiWhitespace(body.substr(i)).empty()
                 ? std::make_optional(std::move(elements))
                 : std::nullopt;
    }
  }
}

// The lines of a JSON lines body that hold something: one record each.
std::vector<absl::string_view> JsonLines(absl::string_view body) {
  std::vector<absl::string_view> lines;
  for (absl::string_view line : absl::StrSplit(body, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

bool IsJsonLines(absl::string_view media) {
  return media == "application/jsonl" || media == "application/x-ndjson";
}

// Records per message of a forwarded import, and the bytes after which a
// message is sent even if it holds fewer: well under the gRPC message
// limit.
constexpr int kRecordsPerMessage = 500;
constexpr size_t kBytesPerMessage = size_t{1} << 20;

// A client-streaming call sending `messages` and reading one answer.
class StreamingCall
    : public grpc::ClientBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  explicit StreamingCall(std::vector<std::string> messages)
      : messages_(std::move(messages)) {}

  void Start(grpc::GenericStub& stub, grpc::ClientContext* context,
             const std::string& path) {
    stub.PrepareBidiStreamingCall(context, path, grpc::StubOptions(), this);
    StartRead(&answer_);
    WriteNext();
    StartCall();
  }
  absl::Notification& done() { return done_; }
  const grpc::Status& status() const { return status_; }
  const grpc::ByteBuffer& answer() const { return answer_; }

  void OnWriteDone(bool ok) override {
    // Not ok: the call has ended, and OnDone tells how.
    if (ok) WriteNext();
  }
  void OnDone(const grpc::Status& status) override {
    status_ = status;
    done_.Notify();
  }

 private:
  void WriteNext() {
    if (next_ == messages_.size()) {
      StartWritesDone();
      return;
    }
    grpc::Slice slice(messages_[next_++]);
    buffer_ = grpc::ByteBuffer(&slice, 1);
    StartWrite(&buffer_);
  }

  const std::vector<std::string> messages_;
  size_t next_ = 0;
  grpc::ByteBuffer buffer_;
  grpc::ByteBuffer answer_;
  grpc::Status status_;
  absl::Notification done_;
};

}  // namespace

struct ConnectDoor::Rep {
  int max_call_seconds = 120;
  bool secure = false;  // HTTPS: cookies are marked Secure
  std::unique_ptr<Sessions> sessions;
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<grpc::GenericStub> stub;
  std::unique_ptr<httplib::Server> http;
  // After `http`, which it serves: stopped first.
  std::unique_ptr<HttpListener> listener;

  // Waits for a call to be `done`, cancelling it past `timeout`; returns
  // its status, DEADLINE_EXCEEDED when it was cancelled so.
  static grpc::Status Await(grpc::ClientContext& context,
                            absl::Notification& done,
                            const grpc::Status& status, absl::Duration timeout);
  // Calls unary `path` with `bytes`, cancelling it past `timeout`.
  grpc::Status Invoke(grpc::ClientContext& context, const std::string& path,
                      const std::string& bytes, absl::Duration timeout,
                      grpc::ByteBuffer* out);
  // POST /passend.v1.Service/Method: a unary call or an import.
  void Call(const httplib::Request& request, httplib::Response& response);
  // The deadline and key of a forwarded call, from Connect-Timeout-Ms and
  // the Authorization header or the session cookie (`session`, when it
  // stood for the key). Not OK: the refusal to answer with.
  grpc::Status Prepare(const httplib::Request& request,
                       grpc::ClientContext& context, absl::Duration* timeout,
                       std::string* session);
  grpc::Status Unary(const MethodDescriptor& method, bool json,
                     const httplib::Request& request,
                     grpc::ClientContext& context, absl::Duration timeout,
                     httplib::Response& response);
  // An import's body, a JSON array or JSON lines of records, sent as one
  // import stream; records that do not parse are reported in the summary
  // with their position, as the server reports the records it refuses.
  grpc::Status Import(const MethodDescriptor& method, bool lines,
                      const httplib::Request& request,
                      grpc::ClientContext& context, absl::Duration timeout,
                      httplib::Response& response);
  // Whether the request's key, or its session's, works (tried on the gRPC
  // path).
  bool Authenticated(const httplib::Request& request);
  // POST /session and DELETE /session.
  void SignIn(const httplib::Request& request, httplib::Response& response);
  void SignOut(const httplib::Request& request, httplib::Response& response);
};

grpc::Status ConnectDoor::Rep::Await(grpc::ClientContext& context,
                                     absl::Notification& done,
                                     const grpc::Status& status,
                                     absl::Duration timeout) {
  // Past the deadline the call is cancelled, which every handler heeds,
  // however the transport carries the deadline.
  if (!done.WaitForNotificationWithTimeout(timeout)) {
    context.TryCancel();
    done.WaitForNotification();
    if (status.error_code() == grpc::StatusCode::CANCELLED) {
      return grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                          "Connect-Timeout-Ms passed");
    }
  }
  return status;
}

grpc::Status ConnectDoor::Rep::Invoke(grpc::ClientContext& context,
                                      const std::string& path,
                                      const std::string& bytes,
                                      absl::Duration timeout,
                                      grpc::ByteBuffer* out) {
  const grpc::ByteBuffer in = ToByteBuffer(bytes);
  grpc::Status status;
  absl::Notification done;
  stub->UnaryCall(&context, path, grpc::StubOptions(), &in, out,
                  [&](grpc::Status s) {
                    status = std::move(s);
                    done.Notify();
                  });
  return Await(context, done, status, timeout);
}

bool ConnectDoor::Rep::Authenticated(const httplib::Request& request) {
  std::string authorization = request.get_header_value("Authorization");
  if (authorization.empty()) {
    const std::string token = SessionToken(request);
    std::optional<std::string> key;
    if (!token.empty()) key = sessions->KeyFor(token);
    if (!key.has_value()) return false;
    authorization = absl::StrCat("Bearer ", *key);
  } else if (!IsBearerToken(authorization)) {
    return false;
  }
  grpc::ClientContext context;
  context.AddMetadata("authorization", authorization);
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
  grpc::ByteBuffer out;
  return Invoke(context, "/passend.v1.AccountService/GetCaller", "",
                absl::Seconds(10), &out)
      .ok();
}

void ConnectDoor::Rep::SignIn(const httplib::Request& request,
                              httplib::Response& response) {
  response.set_header("Cache-Control", "no-store");
  if (!sessions->MaySignIn(request.remote_addr)) {
    Refuse(grpc::StatusCode::RESOURCE_EXHAUSTED,
           "too many sign-in attempts; wait a minute", "", response);
    return;
  }
  const std::string authorization = request.get_header_value("Authorization");
  if (!IsBearerToken(authorization)) {
    Refuse(grpc::StatusCode::UNAUTHENTICATED,
           "sign in with the header \"Authorization: Bearer <key>\"", "",
           response);
    return;
  }
  // The key is tried on a method every role may call, which says who it
  // belongs to.
  grpc::ClientContext context;
  context.AddMetadata("authorization", authorization);
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  grpc::ByteBuffer out;
  const grpc::Status status =
      Invoke(context, "/passend.v1.AccountService/GetCaller", "",
             absl::Seconds(10), &out);
  if (!status.ok()) {
    Refuse(status.error_code(), status.error_message(), status.error_details(),
           response);
    return;
  }
  const std::string token =
      sessions->Open(authorization.substr(std::strlen("Bearer ")));
  if (token.empty()) {
    Refuse(grpc::StatusCode::UNAVAILABLE, "no session could be made", "",
           response);
    return;
  }
  const int64_t seconds = absl::ToInt64Seconds(sessions->lifetime());
  response.set_header(
      "Set-Cookie",
      absl::StrCat(kSessionCookie, "=", token, "; Path=/; Max-Age=", seconds,
                   "; HttpOnly; SameSite=Strict", secure ? "; Secure" : ""));
  std::string caller;
  if (!google::protobuf::util::BinaryToJsonString(
           TypeResolver(), TypeUrl(*v1::Caller::descriptor()),
           FromByteBuffer(out), &caller)
           .ok()) {
    caller = "{}";
  }
  response.set_content(absl::StrCat("{\"expiresInSeconds\":", seconds,
                                    ",\"caller\":", caller, "}"),
                       std::string(kJson));
}

void ConnectDoor::Rep::SignOut(const httplib::Request& request,
                               httplib::Response& response) {
  response.set_header("Cache-Control", "no-store");
  const std::string token = SessionToken(request);
  if (!token.empty()) sessions->Close(token);
  response.set_header("Set-Cookie",
                      absl::StrCat(kSessionCookie,
                                   "=; Path=/; Max-Age=0; HttpOnly; "
                                   "SameSite=Strict",
                                   secure ? "; Secure" : ""));
  response.status = 204;
}

grpc::Status ConnectDoor::Rep::Prepare(const httplib::Request& request,
                                       grpc::ClientContext& context,
                                       absl::Duration* timeout,
                                       std::string* session) {
  *timeout = absl::Seconds(max_call_seconds);
  const std::string timeout_ms = request.get_header_value("Connect-Timeout-Ms");
  if (!timeout_ms.empty()) {
    int64_t ms = 0;
    if (timeout_ms.size() > kMaxTimeoutDigits ||
        !absl::SimpleAtoi(timeout_ms, &ms) || ms < 0) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          "Connect-Timeout-Ms must be a number of "
                          "milliseconds");
    }
    if (ms == 0) {  // no time at all: nothing is started
      return grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                          "Connect-Timeout-Ms passed");
    }
    *timeout = std::min(*timeout, absl::Milliseconds(ms));
  }
  context.set_deadline(absl::ToChronoTime(absl::Now() + *timeout));
  const std::string authorization = request.get_header_value("Authorization");
  if (!authorization.empty()) {
    // gRPC logs metadata it refuses, key and all: only a well-formed bearer
    // token is passed on.
    if (!IsBearerToken(authorization)) {
      return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                          "the Authorization header must be \"Bearer <key>\"");
    }
    context.AddMetadata("authorization", authorization);
    return grpc::Status::OK;
  }
  // A person signed in with a key: the session's cookie stands for it.
  *session = SessionToken(request);
  std::optional<std::string> key;
  if (!session->empty()) key = sessions->KeyFor(*session);
  if (key.has_value()) {
    context.AddMetadata("authorization", absl::StrCat("Bearer ", *key));
  } else {
    session->clear();
  }
  return grpc::Status::OK;
}

void ConnectDoor::Rep::Call(const httplib::Request& request,
                            httplib::Response& response) {
  response.set_header("Cache-Control", "no-store");
  const absl::string_view path = absl::string_view(request.path).substr(1);
  const MethodDescriptor* method = FindMethod(path);
  const bool import = FindImportMethod(path) != nullptr;
  if (method == nullptr || (!IsUnary(*method) && !import)) {
    Refuse(grpc::StatusCode::UNIMPLEMENTED,
           "no such unary or import method of passend.v1", "", response);
    response.status = 404;
    return;
  }
  const std::string content_type =
      absl::AsciiStrToLower(request.get_header_value("Content-Type"));
  const absl::string_view media = absl::StripTrailingAsciiWhitespace(
      absl::string_view(content_type).substr(0, content_type.find(';')));
  const bool json = media == kJson;
  const bool lines = import && IsJsonLines(media);
  if (!json && !lines && (import || media != kProto)) {
    Refuse(grpc::StatusCode::INVALID_ARGUMENT,
           import ? "an import's Content-Type must be application/json (an "
                    "array of records) or application/jsonl (a record per "
                    "line)"
                  : "Content-Type must be application/json or "
                    "application/proto",
           "", response);
    response.status = 415;
    return;
  }
  // A plain HTML form can send neither this header nor these content
  // types: what keeps other sites from calling on a signed-in browser.
  if (request.get_header_value("Connect-Protocol-Version") != "1") {
    Refuse(grpc::StatusCode::INVALID_ARGUMENT,
           "the Connect-Protocol-Version: 1 header is required", "", response);
    return;
  }
  grpc::ClientContext context;
  absl::Duration timeout;
  std::string session;
  grpc::Status status = Prepare(request, context, &timeout, &session);
  if (status.ok()) {
    status = import
                 ? Import(*method, lines, request, context, timeout, response)
                 : Unary(*method, json, request, context, timeout, response);
  }
  // A key that no longer works ends the session that stood for it.
  if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED &&
      !session.empty()) {
    sessions->Close(session);
  }
  if (!status.ok()) {
    Refuse(status.error_code(), status.error_message(), status.error_details(),
           response);
  }
}

grpc::Status ConnectDoor::Rep::Unary(const MethodDescriptor& method, bool json,
                                     const httplib::Request& request,
                                     grpc::ClientContext& context,
                                     absl::Duration timeout,
                                     httplib::Response& response) {
  // JSON is converted straight to and from the bytes gRPC carries: a
  // message in between would be parsed and serialized once more.
  std::string bytes;
  if (!json) {
    bytes = request.body;
  } else if (!google::protobuf::util::JsonToBinaryString(
                  TypeResolver(), TypeUrl(*method.input_type()), request.body,
                  &bytes)
                  .ok()) {
    // Protobuf's own message would quote the value at fault; the field
    // and rule are what a client may be told.
    return grpc::Status(
        grpc::StatusCode::INVALID_ARGUMENT,
        absl::StrCat("the body is not a ", method.input_type()->full_name(),
                     " in protobuf's JSON mapping"));
  }
  grpc::ByteBuffer out;
  const grpc::Status status = Invoke(
      context,
      absl::StrCat("/", method.service()->full_name(), "/", method.name()),
      bytes, timeout, &out);
  if (!status.ok()) return status;
  std::string answer = FromByteBuffer(out);
  if (json) {
    std::string text;
    if (!google::protobuf::util::BinaryToJsonString(
             TypeResolver(), TypeUrl(*method.output_type()), answer, &text)
             .ok()) {
      return grpc::Status(grpc::StatusCode::INTERNAL,
                          "the answer could not be encoded");
    }
    answer = std::move(text);
  }
  response.status = 200;
  response.set_content(answer, json ? std::string(kJson) : std::string(kProto));
  return grpc::Status::OK;
}

grpc::Status ConnectDoor::Rep::Import(const MethodDescriptor& method,
                                      bool lines,
                                      const httplib::Request& request,
                                      grpc::ClientContext& context,
                                      absl::Duration timeout,
                                      httplib::Response& response) {
  const google::protobuf::FieldDescriptor* field = RecordsField(method);
  const std::string record_type = field->message_type()->full_name();
  std::optional<std::vector<absl::string_view>> records =
      lines ? JsonLines(request.body) : JsonArrayElements(request.body);
  if (!records.has_value()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        absl::StrCat("the body is not a JSON array of ",
                                     record_type, "; nothing was imported"));
  }
  // The records that parse go out in messages of a few hundred; those that
  // do not are reported here, by their position in the body.
  const Message* prototype =
      MessageFactory::generated_factory()->GetPrototype(method.input_type());
  std::vector<std::string> messages;
  std::vector<int64_t> position_of_sent;
  std::vector<v1::ImportError> refused;
  std::unique_ptr<Message> batch(prototype->New());
  const google::protobuf::Reflection* reflection = batch->GetReflection();
  size_t batch_bytes = 0;
  const auto send = [&] {
    messages.push_back(batch->SerializeAsString());
    batch->Clear();
    batch_bytes = 0;
  };
  for (size_t i = 0; i < records->size(); ++i) {
    Message* record = reflection->AddMessage(batch.get(), field);
    const absl::string_view text = (*records)[i];
    if (!google::protobuf::util::JsonStringToMessage(
             google::protobuf::StringPiece(text.data(), text.size()), record)
             .ok()) {
      reflection->RemoveLast(batch.get(), field);
      v1::ImportError& error = refused.emplace_back();
      error.set_index(static_cast<int64_t>(i));
      error.set_code(static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
      error.set_message(absl::StrCat("the record is not a ", record_type,
                                     " in protobuf's JSON mapping"));
      continue;
    }
    position_of_sent.push_back(static_cast<int64_t>(i));
    batch_bytes += record->ByteSizeLong();
    if (reflection->FieldSize(*batch, field) == kRecordsPerMessage ||
        batch_bytes >= kBytesPerMessage) {
      send();
    }
  }
  if (reflection->FieldSize(*batch, field) > 0) send();
  // Sent through the gRPC import as one stream, so that it is checked and
  // written exactly as a gRPC client's.
  auto call = std::make_unique<StreamingCall>(std::move(messages));
  call->Start(
      *stub, &context,
      absl::StrCat("/", method.service()->full_name(), "/", method.name()));
  const grpc::Status status =
      Await(context, call->done(), call->status(), timeout);
  if (!status.ok()) return status;
  v1::ImportSummary summary;
  if (!summary.ParseFromString(FromByteBuffer(call->answer()))) {
    return grpc::Status(grpc::StatusCode::INTERNAL,
                        "the answer could not be encoded");
  }
  // The server counts the records it was sent; the summary counts the
  // body's.
  for (v1::ImportError& error : *summary.mutable_errors()) {
    if (error.index() >= 0 &&
        error.index() < static_cast<int64_t>(position_of_sent.size())) {
      error.set_index(position_of_sent[static_cast<size_t>(error.index())]);
    }
  }
  summary.set_received(static_cast<int64_t>(records->size()));
  summary.set_failed(summary.failed() + static_cast<int64_t>(refused.size()));
  for (v1::ImportError& error : refused) {
    *summary.add_errors() = std::move(error);
  }
  std::stable_sort(summary.mutable_errors()->begin(),
                   summary.mutable_errors()->end(),
                   [](const v1::ImportError& a, const v1::ImportError& b) {
                     return a.index() < b.index();
                   });
  constexpr int kMaxErrors = 1000;  // as the server's own summary
  if (summary.errors_size() > kMaxErrors) {
    summary.mutable_errors()->DeleteSubrange(
        kMaxErrors, summary.errors_size() - kMaxErrors);
  }
  std::string text;
  if (!google::protobuf::util::MessageToJsonString(summary, &text).ok()) {
    return grpc::Status(grpc::StatusCode::INTERNAL,
                        "the answer could not be encoded");
  }
  response.status = 200;
  response.set_content(text, std::string(kJson));
  return grpc::Status::OK;
}

absl::StatusOr<std::unique_ptr<ConnectDoor>> ConnectDoor::Start(
    std::shared_ptr<grpc::Channel> channel, ConnectDoorOptions options) {
  absl::StatusOr<std::pair<std::string, int>> address =
      SplitHostPort(options.listen, "HTTP");
  if (!address.ok()) return address.status();
  const std::string& host = address->first;
  auto rep = std::make_unique<Rep>();
  rep->channel = std::move(channel);
  rep->max_call_seconds = options.max_call_seconds;
  rep->sessions = std::make_unique<Sessions>(options.sessions);
  rep->stub = std::make_unique<grpc::GenericStub>(rep->channel);
  rep->secure = !options.tls_cert_file.empty() && !options.tls_key_file.empty();
  absl::StatusOr<std::unique_ptr<httplib::Server>> server =
      MakeLimitedServer(options.connections, options.tls_cert_file,
                        options.tls_key_file, options.tls_client_ca_file);
  if (!server.ok()) return server.status();
  rep->http = *std::move(server);
  httplib::Server& http = *rep->http;
  // Each request is held to the body limit of its kind before it is read
  // (Screen); this is the largest.
  http.set_payload_max_length(
      std::max(options.max_body_bytes, options.max_import_bytes));
  const bool loopback =
      host == "localhost" || host == "::1" || absl::StartsWith(host, "127.");
  Rep* raw = rep.get();
  http.set_pre_routing_handler(
      [loopback, max_body_bytes = options.max_body_bytes,
       authenticated = [raw](const httplib::Request& request) {
         return raw->Authenticated(request);
       }](const httplib::Request& request, httplib::Response& response) {
        return Screen(loopback, max_body_bytes, authenticated, request,
                      response);
      });
  // httplib's own answers (404, 413, 400) in Connect's form, and never an
  // exception's text.
  http.set_error_handler(
      [](const httplib::Request&, httplib::Response& response) {
        if (!response.body.empty()) return;  // a handler's own answer
        // httplib's own refusal (a request it could not read, a body over
        // the limit left unread): what follows on the connection cannot be
        // trusted either.
        CloseAfterAnswer();
        const int status = response.status;
        Refuse(status == 404 ? grpc::StatusCode::UNIMPLEMENTED
                             : grpc::StatusCode::INVALID_ARGUMENT,
               status == 413 ? "the request body is over the limit"
                             : "not a request this server answers",
               "", response);
        response.status = status;
      });
  http.set_exception_handler([](const httplib::Request&,
                                httplib::Response& response,
                                std::exception_ptr) {
    Refuse(grpc::StatusCode::INTERNAL, "the request could not be handled", "",
           response);
  });
  http.set_post_routing_handler(
      [](const httplib::Request&, httplib::Response& response) {
        Harden(response);
      });
  http.Post(
      R"(/([A-Za-z0-9_.]+)/([A-Za-z0-9_]+))",
      [raw](const httplib::Request& request, httplib::Response& response) {
        raw->Call(request, response);
      });
  http.Post("/session", [raw](const httplib::Request& request,
                              httplib::Response& response) {
    raw->SignIn(request, response);
  });
  http.Delete("/session", [raw](const httplib::Request& request,
                                httplib::Response& response) {
    raw->SignOut(request, response);
  });
  if (options.web_root.empty()) {
    http.Get("/", [](const httplib::Request&, httplib::Response& response) {
      response.set_content(
          "<!doctype html><html lang=\"nl\"><meta charset=\"utf-8\">"
          "<title>passend</title><h1>passend</h1><p>Deze server koppelt "
          "kandidaten aan passende vacatures. De webpagina's volgen; de API "
          "staat op deze poort (Connect-protocol).</p><p><a "
          "href=\"/healthz\">/healthz</a></p></html>",
          "text/html; charset=utf-8");
    });
  } else if (!ServeWebRoot(options.web_root, http)) {
    return absl::FailedPreconditionError(
        absl::StrCat("web_root ", options.web_root,
                     " is not a directory holding index.html"));
  }
  AddProbes(http, std::move(options.ready));
  absl::StatusOr<std::unique_ptr<HttpListener>> listener =
      HttpListener::Start(http, options.listen, "HTTP");
  if (!listener.ok()) return listener.status();
  rep->listener = *std::move(listener);
  return std::unique_ptr<ConnectDoor>(new ConnectDoor(std::move(rep)));
}

ConnectDoor::ConnectDoor(std::unique_ptr<Rep> rep) : rep_(std::move(rep)) {}

ConnectDoor::~ConnectDoor() { rep_->listener.reset(); }

int ConnectDoor::port() const { return rep_->listener->port(); }

absl::Status ConnectDoor::ReloadTls() {
  return services::ReloadTls(*rep_->http);
}

}  // namespace passend::services
