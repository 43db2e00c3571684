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
#include "google/rpc/status.pb.h"
#include "grpcpp/client_context.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/byte_buffer.h"
#include "httplib.h"

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

// The unary passend.v1 method of a Connect path, or null.
const MethodDescriptor* FindUnaryMethod(const std::string& service,
                                        const std::string& method) {
  if (!absl::StartsWith(service, kPackage)) return nullptr;
  const MethodDescriptor* found =
      DescriptorPool::generated_pool()->FindMethodByName(
          absl::StrCat(service, ".", method));
  if (found == nullptr || found->client_streaming() ||
      found->server_streaming()) {
    return nullptr;
  }
  return found;
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

// Refuses, before the body is read, what the door does not read: a body
// of unknown length (chunked, or compressed: its size unpacked is unknown),
// and on a loopback door a Host that is not this machine.
httplib::Server::HandlerResponse Screen(bool loopback,
                                        const httplib::Request& request,
                                        httplib::Response& response) {
  if (loopback && !IsLoopbackHost(request.get_header_value("Host"))) {
    Refuse(grpc::StatusCode::PERMISSION_DENIED,
           "this server answers only requests addressed to this machine", "",
           response);
    return httplib::Server::HandlerResponse::Handled;
  }
  if (request.has_header("Transfer-Encoding") ||
      request.has_header("Content-Encoding")) {
    Refuse(grpc::StatusCode::INVALID_ARGUMENT,
           "a request body needs a Content-Length and no transfer or content "
           "encoding",
           "", response);
    response.status = 411;
    // The body stays unread: nothing after it on this connection is a
    // request.
    response.set_header("Connection", "close");
    return httplib::Server::HandlerResponse::Handled;
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

std::string FromByteBuffer(const grpc::ByteBuffer& buffer) {
  grpc::Slice slice;
  if (!buffer.DumpToSingleSlice(&slice).ok()) return "";
  return std::string(reinterpret_cast<const char*>(slice.begin()),
                     slice.size());
}

}  // namespace

struct ConnectDoor::Rep {
  int max_call_seconds = 120;
  bool secure = false;  // HTTPS: cookies are marked Secure
  std::unique_ptr<Sessions> sessions;
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<grpc::GenericStub> stub;
  std::unique_ptr<httplib::Server> http;
  std::thread listener;
  int port = 0;

  // Calls `path` with `bytes`, cancelling it past `timeout`.
  grpc::Status Invoke(grpc::ClientContext& context, const std::string& path,
                      const std::string& bytes, absl::Duration timeout,
                      grpc::ByteBuffer* out);
  void Call(const httplib::Request& request, httplib::Response& response);
  // POST /session and DELETE /session.
  void SignIn(const httplib::Request& request, httplib::Response& response);
  void SignOut(const httplib::Request& request, httplib::Response& response);
};

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
  // Past the deadline the call is cancelled, which every handler heeds,
  // however the transport carries the deadline.
  if (!done.WaitForNotificationWithTimeout(timeout)) {
    context.TryCancel();
    done.WaitForNotification();
    if (status.error_code() == grpc::StatusCode::CANCELLED) {
      status = grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                            "Connect-Timeout-Ms passed");
    }
  }
  return status;
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
  // The key is tried on a method every role may call.
  grpc::ClientContext context;
  context.AddMetadata("authorization", authorization);
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  grpc::ByteBuffer out;
  const grpc::Status status =
      Invoke(context, "/passend.v1.TaxonomyService/GetTaxonomy", "",
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
  response.set_content(absl::StrCat("{\"expiresInSeconds\":", seconds, "}"),
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

void ConnectDoor::Rep::Call(const httplib::Request& request,
                            httplib::Response& response) {
  response.set_header("Cache-Control", "no-store");
  const MethodDescriptor* method =
      FindUnaryMethod(request.matches[1], request.matches[2]);
  if (method == nullptr) {
    Refuse(grpc::StatusCode::UNIMPLEMENTED,
           "no such unary method of passend.v1", "", response);
    response.status = 404;
    return;
  }
  const std::string content_type =
      absl::AsciiStrToLower(request.get_header_value("Content-Type"));
  const absl::string_view media = absl::StripTrailingAsciiWhitespace(
      absl::string_view(content_type).substr(0, content_type.find(';')));
  const bool json = media == kJson;
  if (!json && media != kProto) {
    Refuse(grpc::StatusCode::INVALID_ARGUMENT,
           "Content-Type must be application/json or application/proto", "",
           response);
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
  std::optional<int64_t> timeout_ms;
  const std::string timeout = request.get_header_value("Connect-Timeout-Ms");
  if (!timeout.empty()) {
    int64_t ms = 0;
    if (timeout.size() > kMaxTimeoutDigits || !absl::SimpleAtoi(timeout, &ms) ||
        ms < 0) {
      Refuse(grpc::StatusCode::INVALID_ARGUMENT,
             "Connect-Timeout-Ms must be a number of milliseconds", "",
             response);
      return;
    }
    if (ms == 0) {  // no time at all: nothing is started
      Refuse(grpc::StatusCode::DEADLINE_EXCEEDED, "Connect-Timeout-Ms passed",
             "", response);
      return;
    }
    timeout_ms = std::min<int64_t>(ms, int64_t{max_call_seconds} * 1000);
  }
  if (!timeout_ms.has_value()) timeout_ms = int64_t{max_call_seconds} * 1000;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::milliseconds(*timeout_ms));
  const std::string authorization = request.get_header_value("Authorization");
  if (!authorization.empty()) {
    // gRPC logs metadata it refuses, key and all: only a well-formed bearer
    // token is passed on.
    if (!IsBearerToken(authorization)) {
      Refuse(grpc::StatusCode::UNAUTHENTICATED,
             "the Authorization header must be \"Bearer <key>\"", "", response);
      return;
    }
    context.AddMetadata("authorization", authorization);
  }
  // A person signed in with a key: the session's cookie stands for it.
  std::string session;
  if (authorization.empty()) {
    session = SessionToken(request);
    std::optional<std::string> key;
    if (!session.empty()) key = sessions->KeyFor(session);
    if (key.has_value()) {
      context.AddMetadata("authorization", absl::StrCat("Bearer ", *key));
    } else {
      session.clear();
    }
  }
  std::string bytes = request.body;
  if (json) {
    std::unique_ptr<Message> message(MessageFactory::generated_factory()
                                         ->GetPrototype(method->input_type())
                                         ->New());
    // Protobuf's own message would quote the value at fault; the field
    // and rule are what a client may be told.
    if (!google::protobuf::util::JsonStringToMessage(request.body,
                                                     message.get())
             .ok()) {
      Refuse(
          grpc::StatusCode::INVALID_ARGUMENT,
          absl::StrCat("the body is not a ", method->input_type()->full_name(),
                       " in protobuf's JSON mapping"),
          "", response);
      return;
    }
    bytes = message->SerializeAsString();
  }
  grpc::ByteBuffer out;
  const grpc::Status status = Invoke(
      context,
      absl::StrCat("/", method->service()->full_name(), "/", method->name()),
      bytes, absl::Milliseconds(*timeout_ms), &out);
  // A key that no longer works ends the session that stood for it.
  if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED &&
      !session.empty()) {
    sessions->Close(session);
  }
  if (!status.ok()) {
    Refuse(status.error_code(), status.error_message(), status.error_details(),
           response);
    return;
  }
  std::string answer = FromByteBuffer(out);
  if (json) {
    std::unique_ptr<Message> message(MessageFactory::generated_factory()
                                         ->GetPrototype(method->output_type())
                                         ->New());
    std::string text;
    if (!message->ParseFromString(answer) ||
        !google::protobuf::util::MessageToJsonString(*message, &text).ok()) {
      Refuse(grpc::StatusCode::INTERNAL, "the answer could not be encoded", "",
             response);
      return;
    }
    answer = std::move(text);
  }
  response.status = 200;
  response.set_content(answer, json ? std::string(kJson) : std::string(kProto));
}

absl::StatusOr<std::unique_ptr<ConnectDoor>> ConnectDoor::Start(
    std::shared_ptr<grpc::Channel> channel, ConnectDoorOptions options) {
  const size_t colon = options.listen.rfind(':');
  int port = -1;
  if (colon == std::string::npos ||
      !absl::SimpleAtoi(options.listen.substr(colon + 1), &port) || port < 0 ||
      port > 65535) {
    return absl::InvalidArgumentError("http_listen must be HOST:PORT");
  }
  std::string host = options.listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  auto rep = std::make_unique<Rep>();
  rep->channel = std::move(channel);
  rep->max_call_seconds = options.max_call_seconds;
  rep->sessions = std::make_unique<Sessions>(options.sessions);
  rep->stub = std::make_unique<grpc::GenericStub>(rep->channel);
  if (!options.tls_cert_file.empty() && !options.tls_key_file.empty()) {
    rep->secure = true;
    rep->http = std::make_unique<httplib::SSLServer>(
        options.tls_cert_file.c_str(), options.tls_key_file.c_str(),
        options.tls_client_ca_file.empty()
            ? nullptr
            : options.tls_client_ca_file.c_str());
  } else {
    rep->http = std::make_unique<httplib::Server>();
  }
  if (!rep->http->is_valid()) {
    return absl::FailedPreconditionError(
        "the HTTP listener could not load its certificate and key");
  }
  httplib::Server& http = *rep->http;
  const int threads = options.threads;
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http.set_payload_max_length(options.max_body_bytes);
  http.set_read_timeout(options.read_timeout_seconds, 0);
  http.set_keep_alive_timeout(5);
  const bool loopback =
      host == "localhost" || host == "::1" || absl::StartsWith(host, "127.");
  http.set_pre_routing_handler(
      [loopback](const httplib::Request& request, httplib::Response& response) {
        return Screen(loopback, request, response);
      });
  // httplib's own answers (404, 413, 400) in Connect's form, and never an
  // exception's text.
  http.set_error_handler(
      [](const httplib::Request&, httplib::Response& response) {
        if (!response.body.empty()) return;
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
  Rep* raw = rep.get();
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
  http.Get("/healthz",
           [](const httplib::Request&, httplib::Response& response) {
             response.set_content("alive\n", "text/plain");
           });
  if (port == 0) {
    rep->port = http.bind_to_any_port(host);
  } else {
    rep->port = http.bind_to_port(host, port) ? port : -1;
  }
  if (rep->port <= 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen for HTTP on ", options.listen));
  }
  rep->listener = std::thread([raw] { raw->http->listen_after_bind(); });
  // stop() does nothing before the server runs: wait until it does, so
  // that the door can always be stopped.
  for (int waited_ms = 0; !raw->http->is_running(); ++waited_ms) {
    if (waited_ms == 5000) {
      raw->http->stop();
      rep->listener.join();
      return absl::UnavailableError(absl::StrCat(
          "the HTTP listener on ", options.listen, " did not start"));
    }
    absl::SleepFor(absl::Milliseconds(1));
  }
  return std::unique_ptr<ConnectDoor>(new ConnectDoor(std::move(rep)));
}

ConnectDoor::ConnectDoor(std::unique_ptr<Rep> rep) : rep_(std::move(rep)) {}

ConnectDoor::~ConnectDoor() {
  rep_->http->stop();
  if (rep_->listener.joinable()) rep_->listener.join();
}

int ConnectDoor::port() const { return rep_->port; }

}  // namespace passend::services
