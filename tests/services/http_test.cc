// The HTTP door (Connect protocol) through a real server on 127.0.0.1 and a
// real HTTP client: the same answers as gRPC, errors as Connect's JSON with
// the field violations, the headers every answer carries, and the limits.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <fstream>
#include <memory>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "grpcpp/generic/generic_stub.h"
#include "httplib.h"
#include "passend/v1/common.pb.h"
#include "passend/v1/taxonomy.pb.h"
#include "services/http/connect_door.h"
#include "tests/services/raw_connection.h"
#include "tests/services/server_fixture.h"

namespace passend::testing {
namespace {

using google::protobuf::util::JsonStringToMessage;
using google::protobuf::util::MessageDifferencer;

class HttpTest : public ServerFixture {
 protected:
  void SetUp() override {
    services::ServerOptions options;
    options.http_listen = "127.0.0.1:0";
    options.max_message_bytes = 1 << 20;
    options.clock = &clock_;
    StartServerWith(std::move(options));
    ASSERT_GT(server_->http_port(), 0);
    http_ =
        std::make_unique<httplib::Client>("127.0.0.1", server_->http_port());
  }

  // A Connect call of `method` ("Service/Method" under passend.v1.) with a
  // JSON body, sending `key` unless it is empty.
  httplib::Result Call(const std::string& method, const std::string& json,
                       const std::string& key,
                       httplib::Headers headers = {
                           {"Connect-Protocol-Version", "1"}}) {
    if (!key.empty()) headers.emplace("Authorization", "Bearer " + key);
    return http_->Post(("/passend.v1." + method).c_str(), headers, json,
                       "application/json");
  }

  // Connect's JSON error body.
  static google::protobuf::Struct ErrorOf(const httplib::Result& result) {
    google::protobuf::Struct error;
    EXPECT_TRUE(JsonStringToMessage(result->body, &error).ok()) << result->body;
    return error;
  }

  size_t StoredCandidates() {
    v1::ListCandidatesResponse list;
    EXPECT_TRUE(candidates_
                    ->ListCandidates(Context().get(),
                                     v1::ListCandidatesRequest(), &list)
                    .ok());
    return static_cast<size_t>(list.candidates_size());
  }

  // Signs in with `key`; the session cookie ("passend_session=...").
  std::string SignIn(const std::string& key) {
    httplib::Result result =
        http_->Post("/session", {{"Authorization", "Bearer " + key}}, "",
                    "application/json");
    EXPECT_TRUE(result);
    if (!result || result->status != 200) return "";
    const std::string set = result->get_header_value("Set-Cookie");
    return set.substr(0, set.find(';'));
  }

  // A Connect call carrying `cookie` and no key.
  int CallWithCookie(const std::string& cookie) {
    httplib::Result result =
        http_->Post("/passend.v1.TaxonomyService/GetTaxonomy",
                    {{"Connect-Protocol-Version", "1"}, {"Cookie", cookie}},
                    "{}", "application/json");
    return result ? result->status : -1;
  }

  // Stands still unless a test moves it: session expiry is tested by the
  // clock, not by waiting.
  FixedClock clock_{absl::Now()};
  std::unique_ptr<httplib::Client> http_;
};

TEST_F(HttpTest, AnswersAsGrpcDoes) {
  v1::CreateCandidateRequest create;
  *create.mutable_candidate() = ValidCandidate();
  v1::Candidate created;
  ASSERT_TRUE(
      candidates_->CreateCandidate(Context().get(), create, &created).ok());
  v1::GetCandidateRequest get;
  get.set_name(created.name());
  v1::Candidate over_grpc;
  ASSERT_TRUE(candidates_->GetCandidate(Context().get(), get, &over_grpc).ok());

  httplib::Result result =
      Call("CandidateService/GetCandidate",
           "{\"name\": \"" + created.name() + "\"}", admin_key());
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
  EXPECT_EQ(result->get_header_value("Content-Type"), "application/json");
  v1::Candidate over_http;
  ASSERT_TRUE(JsonStringToMessage(result->body, &over_http).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(over_grpc, over_http));

  // The same in binary protobuf.
  v1::Taxonomy taxonomy;
  ASSERT_TRUE(
      taxonomy_
          ->GetTaxonomy(Context().get(), v1::GetTaxonomyRequest(), &taxonomy)
          .ok());
  httplib::Result proto =
      http_->Post("/passend.v1.TaxonomyService/GetTaxonomy",
                  {{"Connect-Protocol-Version", "1"},
                   {"Authorization", "Bearer " + admin_key()}},
                  "", "application/proto");
  ASSERT_TRUE(proto);
  ASSERT_EQ(proto->status, 200);
  v1::Taxonomy over_proto;
  ASSERT_TRUE(over_proto.ParseFromString(proto->body));
  EXPECT_TRUE(MessageDifferencer::Equals(taxonomy, over_proto));
}

TEST_F(HttpTest, ARefusalNamesTheFieldsAndWritesNothing) {
  httplib::Result result =
      Call("CandidateService/CreateCandidate",
           "{\"candidate\": {\"displayName\": \"Een Naam\"}}", admin_key());
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 400);
  const google::protobuf::Struct error = ErrorOf(result);
  EXPECT_EQ(error.fields().at("code").string_value(), "invalid_argument");
  const auto& details = error.fields().at("details").list_value();
  ASSERT_EQ(details.values_size(), 1);
  const auto& detail = details.values(0).struct_value().fields();
  EXPECT_EQ(detail.at("type").string_value(), "google.rpc.BadRequest");
  std::string bytes;
  ASSERT_TRUE(absl::Base64Unescape(detail.at("value").string_value(), &bytes));
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(bad_request.ParseFromString(bytes));
  bool names_region = false;
  for (const auto& v : bad_request.field_violations()) {
    names_region |= v.field() == "candidate.owner_region";
  }
  EXPECT_TRUE(names_region);
  // The value the client sent is never echoed.
  EXPECT_EQ(result->body.find("Een Naam"), std::string::npos);
  EXPECT_EQ(StoredCandidates(), 0u);

  // A body that is not the request's JSON: named by type, value not echoed.
  httplib::Result garbled = Call("CandidateService/CreateCandidate",
                                 "{\"candidate\": {\"hoursPerWeek\": "
                                 "\"geheim\"}}",
                                 admin_key());
  ASSERT_TRUE(garbled);
  EXPECT_EQ(garbled->status, 400);
  EXPECT_EQ(garbled->body.find("geheim"), std::string::npos);
  EXPECT_EQ(StoredCandidates(), 0u);
}

TEST_F(HttpTest, TheGrpcPathDecidesWhoAndWhen) {
  httplib::Result anonymous = Call("TaxonomyService/GetTaxonomy", "{}", "");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
  EXPECT_EQ(ErrorOf(anonymous).fields().at("code").string_value(),
            "unauthenticated");
  httplib::Result late =
      Call("TaxonomyService/GetTaxonomy", "{}", admin_key(),
           {{"Connect-Protocol-Version", "1"}, {"Connect-Timeout-Ms", "0"}});
  ASSERT_TRUE(late);
  EXPECT_EQ(late->status, 504);
  EXPECT_EQ(ErrorOf(late).fields().at("code").string_value(),
            "deadline_exceeded");
  httplib::Result unknown =
      Call("TaxonomyService/NoSuchMethod", "{}", admin_key());
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
}

TEST_F(HttpTest, APersonSignsInCallsAndSignsOut) {
  httplib::Result result =
      http_->Post("/session", {{"Authorization", "Bearer " + admin_key()}}, "",
                  "application/json");
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
  const std::string set = result->get_header_value("Set-Cookie");
  EXPECT_NE(set.find("HttpOnly"), std::string::npos);
  EXPECT_NE(set.find("SameSite=Strict"), std::string::npos);
  EXPECT_NE(set.find("Path=/"), std::string::npos);
  EXPECT_EQ(set.find("Secure"), std::string::npos);  // no TLS here
  EXPECT_EQ(set.find(admin_key()), std::string::npos);
  // The answer says who signed in, for the pages to greet them.
  google::protobuf::Struct answer;
  ASSERT_TRUE(JsonStringToMessage(result->body, &answer).ok()) << result->body;
  const auto& caller = answer.fields().at("caller").struct_value().fields();
  EXPECT_EQ(caller.at("principal").string_value(), "test-admin");
  EXPECT_EQ(caller.at("role").string_value(), "ADMIN");
  const std::string cookie = set.substr(0, set.find(';'));
  EXPECT_EQ(CallWithCookie(cookie), 200);
  EXPECT_EQ(CallWithCookie("passend_session=made-up"), 401);
  // The Connect header is still required with a cookie.
  EXPECT_EQ(http_
                ->Post("/passend.v1.TaxonomyService/GetTaxonomy",
                       {{"Cookie", cookie}}, "{}", "application/json")
                ->status,
            400);
  httplib::Result out = http_->Delete("/session", {{"Cookie", cookie}});
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, 204);
  EXPECT_NE(out->get_header_value("Set-Cookie").find("Max-Age=0"),
            std::string::npos);
  EXPECT_EQ(CallWithCookie(cookie), 401);

  // A wrong key opens nothing.
  EXPECT_EQ(http_
                ->Post("/session", {{"Authorization", "Bearer nokey"}}, "",
                       "application/json")
                ->status,
            401);
}

TEST_F(HttpTest, ASessionEndsWhenIdleAndAtItsLifetime) {
  const std::string idle = SignIn(admin_key());
  ASSERT_FALSE(idle.empty());
  clock_.Set(clock_.Now() + absl::Minutes(29));
  EXPECT_EQ(CallWithCookie(idle), 200);  // used: the idle time starts again
  clock_.Set(clock_.Now() + absl::Minutes(29));
  EXPECT_EQ(CallWithCookie(idle), 200);
  clock_.Set(clock_.Now() + absl::Minutes(31));
  EXPECT_EQ(CallWithCookie(idle), 401);

  const std::string busy = SignIn(admin_key());
  ASSERT_FALSE(busy.empty());
  for (int i = 0; i < 12 * 3 - 1; ++i) {  // every 20 minutes for 12 hours
    clock_.Set(clock_.Now() + absl::Minutes(20));
    ASSERT_EQ(CallWithCookie(busy), 200) << i;
  }
  clock_.Set(clock_.Now() + absl::Minutes(20));
  EXPECT_EQ(CallWithCookie(busy), 401);
}

// A cookie is a token of one server's memory: another server, or this one
// restarted, does not know it.
TEST_F(HttpTest, ACookieWorksOnlyOnTheServerThatIssuedIt) {
  const std::string cookie = SignIn(admin_key());
  ASSERT_FALSE(cookie.empty());
  ASSERT_EQ(CallWithCookie(cookie), 200);
  StopServer();
  services::ServerOptions options;
  options.http_listen = "127.0.0.1:0";
  StartServerWith(std::move(options));
  http_ = std::make_unique<httplib::Client>("127.0.0.1", server_->http_port());
  EXPECT_EQ(CallWithCookie(cookie), 401);
}

TEST_F(HttpTest, SignInAttemptsAreLimitedPerAddress) {
  int refused = 0;
  for (int i = 0; i < 12; ++i) {
    httplib::Result result =
        http_->Post("/session", {{"Authorization", "Bearer wrong"}}, "",
                    "application/json");
    ASSERT_TRUE(result);
    if (result->status == 429) ++refused;
  }
  EXPECT_EQ(refused, 2);  // ten a minute
  // Even the right key waits for the next minute.
  EXPECT_EQ(SignIn(admin_key()), "");
  clock_.Set(clock_.Now() + absl::Minutes(1));
  EXPECT_NE(SignIn(admin_key()), "");
}

// The built pages under /: files as they are, the index for the pages' own
// routes, long caching only where the name carries a content hash.
TEST_F(HttpTest, ServesTheWebPages) {
  TempDir web;
  std::ofstream(web.path() + "/index.html") << "<!doctype html><p>pagina";
  std::ofstream(web.path() + "/app.0123abcd.js") << "console.log(1);";
  std::ofstream(web.path() + "/robots.txt") << "User-agent: *";
  StopServer();
  services::ServerOptions options;
  options.http_listen = "127.0.0.1:0";
  options.web_root = web.path();
  StartServerWith(std::move(options));
  http_ = std::make_unique<httplib::Client>("127.0.0.1", server_->http_port());

  for (const char* route : {"/", "/kandidaten/123", "/vacatures"}) {
    httplib::Result page = http_->Get(route);
    ASSERT_TRUE(page);
    EXPECT_EQ(page->status, 200) << route;
    EXPECT_EQ(page->body, "<!doctype html><p>pagina") << route;
    EXPECT_EQ(page->get_header_value("Cache-Control"), "no-cache") << route;
    EXPECT_EQ(page->get_header_value("X-Content-Type-Options"), "nosniff");
  }
  httplib::Result script = http_->Get("/app.0123abcd.js");
  ASSERT_TRUE(script);
  EXPECT_EQ(script->status, 200);
  EXPECT_NE(script->get_header_value("Cache-Control").find("immutable"),
            std::string::npos);
  EXPECT_EQ(http_->Get("/robots.txt")->get_header_value("Cache-Control"),
            "no-cache");
  EXPECT_EQ(http_->Get("/missing.js")->status, 404);
  EXPECT_NE(http_->Get("/../../etc/passwd")->status, 200);
  // The API is still there.
  EXPECT_EQ(Call("TaxonomyService/GetTaxonomy", "{}", admin_key())->status,
            200);
}

// A valid candidate in JSON: a call carrying it would write, were it let
// through.
std::string ValidCandidateJson() {
  v1::CreateCandidateRequest create;
  *create.mutable_candidate() = ValidCandidate();
  std::string json;
  EXPECT_TRUE(google::protobuf::util::MessageToJsonString(create, &json).ok());
  return json;
}

// What a plain HTML form on another site could send is refused before any
// work: it can set neither the header nor these content types.
TEST_F(HttpTest, CrossSiteShapedRequestsAreRefused) {
  ASSERT_EQ(Call("TaxonomyService/GetTaxonomy", "{}", admin_key())->status,
            200);
  httplib::Result no_header = Call("TaxonomyService/GetTaxonomy", "{}",
                                   admin_key(), httplib::Headers());
  ASSERT_TRUE(no_header);
  EXPECT_EQ(no_header->status, 400);
  const std::string json = ValidCandidateJson();
  EXPECT_EQ(Call("CandidateService/CreateCandidate", json, admin_key(),
                 httplib::Headers())
                ->status,
            400);
  for (const char* type : {"application/x-www-form-urlencoded", "text/plain",
                           "application/jsonp"}) {
    httplib::Result form =
        http_->Post("/passend.v1.CandidateService/CreateCandidate",
                    {{"Connect-Protocol-Version", "1"},
                     {"Authorization", "Bearer " + admin_key()}},
                    json, type);
    ASSERT_TRUE(form);
    EXPECT_EQ(form->status, 415) << type;
  }
  EXPECT_EQ(StoredCandidates(), 0u);
  // The same body as the door wants it is written.
  EXPECT_EQ(Call("CandidateService/CreateCandidate", json, admin_key())->status,
            200);
  EXPECT_EQ(StoredCandidates(), 1u);
}

// A page of another site whose name was pointed at 127.0.0.1 sends its own
// name as Host.
TEST_F(HttpTest, ALoopbackDoorAnswersOnlyRequestsAddressedToThisMachine) {
  httplib::Headers headers = {{"Connect-Protocol-Version", "1"},
                              {"Authorization", "Bearer " + admin_key()},
                              {"Host", "evil.example:8080"}};
  httplib::Result rebound =
      http_->Post("/passend.v1.TaxonomyService/GetTaxonomy", headers, "{}",
                  "application/json");
  ASSERT_TRUE(rebound);
  EXPECT_EQ(rebound->status, 403);
  EXPECT_EQ(rebound->get_header_value("X-Content-Type-Options"), "nosniff");
}

// gRPC would log a malformed metadata value, key and all: it never gets one.
TEST_F(HttpTest, AMalformedAuthorizationIsRefusedUnread) {
  for (const std::string& header :
       {std::string("Basic abc"), "Bearer \x80" + admin_key(),
        "Bearer " + admin_key().substr(0, 4) + "\t" + admin_key().substr(4),
        "Bearer " + std::string(600, 'k')}) {
    httplib::Result result = http_->Post(
        "/passend.v1.TaxonomyService/GetTaxonomy",
        {{"Connect-Protocol-Version", "1"}, {"Authorization", header}}, "{}",
        "application/json");
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 401);
    EXPECT_EQ(result->body.find(admin_key()), std::string::npos);
  }
}

TEST_F(HttpTest, EveryAnswerCarriesTheHardeningHeaders) {
  for (const httplib::Result& result :
       {Call("TaxonomyService/GetTaxonomy", "{}", admin_key()),
        Call("TaxonomyService/GetTaxonomy", "{}", ""), http_->Get("/"),
        http_->Get("/healthz")}) {
    ASSERT_TRUE(result);
    EXPECT_EQ(result->get_header_value("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(result->get_header_value("Referrer-Policy"), "no-referrer");
    const std::string csp = result->get_header_value("Content-Security-Policy");
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
  }
  EXPECT_EQ(Call("TaxonomyService/GetTaxonomy", "{}", admin_key())
                ->get_header_value("Cache-Control"),
            "no-store");
}

TEST_F(HttpTest, ABodyOverTheLimitIsRefusedUnread) {
  // Valid JSON, were it read: whitespace may follow the object.
  const std::string big = ValidCandidateJson() + std::string(2 << 20, ' ');
  httplib::Result result =
      Call("CandidateService/CreateCandidate", big, admin_key());
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 413);
  EXPECT_EQ(StoredCandidates(), 0u);
}

// A body of unknown length (chunked, or compressed: its size unpacked is
// unknown until it is unpacked) is refused before it is read.
TEST_F(HttpTest, ABodyWithoutALengthIsRefused) {
  const std::string json = ValidCandidateJson();
  httplib::Result chunked = http_->Post(
      "/passend.v1.CandidateService/CreateCandidate",
      {{"Connect-Protocol-Version", "1"},
       {"Authorization", "Bearer " + admin_key()}},
      json.size(),
      [&](size_t offset, size_t length, httplib::DataSink& sink) {
        sink.write(json.data() + offset, length);
        return true;
      },
      "application/json");
  ASSERT_TRUE(chunked);
  EXPECT_EQ(chunked->status, 200);  // a provider with a length sends it
  // Each on a connection of its own: the refused body is left unread, and
  // what follows it on the same connection is not a request.
  httplib::Client fresh("127.0.0.1", server_->http_port());
  httplib::Result streamed = fresh.Post(
      "/passend.v1.CandidateService/CreateCandidate",
      {{"Connect-Protocol-Version", "1"},
       {"Authorization", "Bearer " + admin_key()}},
      [&](size_t offset, httplib::DataSink& sink) {
        if (offset == 0) sink.write(json.data(), json.size());
        sink.done();
        return true;
      },
      "application/json");
  // Refused: 411, or, when the client is still sending its chunks, the
  // connection closed under it. Never taken (the count below).
  if (streamed) {
    EXPECT_EQ(streamed->status, 411);
  }
  httplib::Client another("127.0.0.1", server_->http_port());
  httplib::Result gzipped =
      another.Post("/passend.v1.CandidateService/CreateCandidate",
                   {{"Connect-Protocol-Version", "1"},
                    {"Authorization", "Bearer " + admin_key()},
                    {"Content-Encoding", "gzip"}},
                   json, "application/json");
  ASSERT_TRUE(gzipped);
  EXPECT_EQ(gzipped->status, 411);
  EXPECT_EQ(StoredCandidates(), 1u);  // only the one with a length
}

// Every unary method of every passend.v1 service, over Connect JSON and over
// gRPC with the same (empty) request and key: the same code, and the same
// answer where it succeeds. Methods are found in the descriptor pool, so a
// new one is covered without a line here.
TEST_F(HttpTest, EveryUnaryMethodAnswersAsOverGrpc) {
  const google::protobuf::DescriptorPool* pool =
      google::protobuf::DescriptorPool::generated_pool();
  grpc::GenericStub generic(channel_);
  int methods = 0;
  int compared = 0;
  for (const std::string& full_name : PassendServices()) {
    const std::string service = full_name.substr(full_name.find('.', 8) + 1);
    const google::protobuf::ServiceDescriptor* s =
        pool->FindServiceByName(full_name);
    ASSERT_NE(s, nullptr) << service;
    for (int i = 0; i < s->method_count(); ++i) {
      const google::protobuf::MethodDescriptor* m = s->method(i);
      if (m->client_streaming() || m->server_streaming()) continue;
      // Backups write a copy of the database: not a thing to do twice.
      if (m->name() == "CreateBackup") continue;
      ++methods;
      SCOPED_TRACE(m->full_name());
      grpc::ClientContext context;
      grpc::Slice empty("");
      grpc::ByteBuffer request(&empty, 1);
      grpc::ByteBuffer reply;
      grpc::Status grpc_status;
      absl::Notification done;
      generic.UnaryCall(
          &context, absl::StrCat("/", s->full_name(), "/", m->name()),
          grpc::StubOptions(), &request, &reply, [&](grpc::Status status) {
            grpc_status = std::move(status);
            done.Notify();
          });
      done.WaitForNotification();
      httplib::Result http = Call(service + "/" + m->name(), "{}", admin_key());
      ASSERT_TRUE(http);
      if (grpc_status.ok()) {
        ASSERT_EQ(http->status, 200) << http->body;
        // Reads answer alike (the audit chain grows with every call).
        if (service == "AuditService" ||
            !(absl::StartsWith(m->name(), "Get") ||
              absl::StartsWith(m->name(), "List"))) {
          continue;
        }
        const google::protobuf::Message* prototype =
            google::protobuf::MessageFactory::generated_factory()->GetPrototype(
                m->output_type());
        std::unique_ptr<google::protobuf::Message> over_grpc(prototype->New());
        std::unique_ptr<google::protobuf::Message> over_http(prototype->New());
        grpc::Slice bytes;
        ASSERT_TRUE(reply.DumpToSingleSlice(&bytes).ok());
        ASSERT_TRUE(over_grpc->ParseFromArray(bytes.begin(),
                                              static_cast<int>(bytes.size())));
        ASSERT_TRUE(JsonStringToMessage(http->body, over_http.get()).ok());
        EXPECT_TRUE(MessageDifferencer::Equals(*over_grpc, *over_http));
        ++compared;
        continue;
      }
      ASSERT_NE(http->status, 200) << grpc_status.error_message();
      services::ConnectError expected =
          services::ConnectErrorOf(grpc_status.error_code());
      EXPECT_EQ(http->status, expected.http_status);
      EXPECT_EQ(ErrorOf(http).fields().at("code").string_value(),
                expected.name);
    }
  }
  EXPECT_EQ(methods, 37);  // all 38 unary methods but CreateBackup
  EXPECT_GE(compared, 5);
}

// A candidate as an import record in the JSON mapping, with its own
// external reference.
std::string ImportRecord(const std::string& external_ref, int min_hours = 12) {
  v1::Candidate candidate = ValidCandidate();
  candidate.set_external_ref(external_ref);
  candidate.mutable_hours_per_week()->set_min(min_hours);
  std::string json;
  EXPECT_TRUE(
      google::protobuf::util::MessageToJsonString(candidate, &json).ok());
  return json;
}

// An import over HTTP is one gRPC import stream: each record checked and
// written on its own, the summary counting the body's records by their
// position in it, upserts by external reference.
TEST_F(HttpTest, AnImportTakesAJsonArrayOrJsonLinesAndReportsEachRecord) {
  const std::string body = "[" + ImportRecord("imp-1") +
                           ",\n {\"noSuchField\": [1, \"]\"]}, " +
                           ImportRecord("imp-3", /*min_hours=*/40) + "]";
  httplib::Result result =
      Call("CandidateService/ImportCandidates", body, admin_key());
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
  EXPECT_EQ(result->get_header_value("Content-Type"), "application/json");
  v1::ImportSummary summary;
  ASSERT_TRUE(JsonStringToMessage(result->body, &summary).ok());
  EXPECT_EQ(summary.received(), 3);
  EXPECT_EQ(summary.created(), 1);
  EXPECT_EQ(summary.failed(), 2);
  ASSERT_EQ(summary.errors_size(), 2);
  // The record that is no candidate, by its place in the body.
  EXPECT_EQ(summary.errors(0).index(), 1);
  EXPECT_EQ(summary.errors(0).code(), grpc::StatusCode::INVALID_ARGUMENT);
  // The one the server refused, also by its place in the body (the server
  // was sent two records, this its second).
  EXPECT_EQ(summary.errors(1).index(), 2);
  EXPECT_EQ(summary.errors(1).external_ref(), "imp-3");
  ASSERT_GT(summary.errors(1).field_violations_size(), 0);
  EXPECT_THAT(summary.errors(1).field_violations(0).field(),
              ::testing::HasSubstr("hours_per_week"));
  EXPECT_EQ(StoredCandidates(), 1u);

  // JSON lines, blank lines apart: a known reference is updated.
  const std::string lines =
      ImportRecord("imp-2") + "\n\n" + ImportRecord("imp-1") + "\r\n";
  httplib::Result again =
      http_->Post("/passend.v1.CandidateService/ImportCandidates",
                  {{"Connect-Protocol-Version", "1"},
                   {"Authorization", "Bearer " + admin_key()}},
                  lines, "application/jsonl");
  ASSERT_TRUE(again);
  ASSERT_EQ(again->status, 200) << again->body;
  ASSERT_TRUE(JsonStringToMessage(again->body, &summary).ok());
  EXPECT_EQ(summary.received(), 2);
  EXPECT_EQ(summary.created(), 1);
  EXPECT_EQ(summary.updated(), 1);
  EXPECT_EQ(summary.failed(), 0);
  EXPECT_EQ(StoredCandidates(), 2u);
}

// An import larger than a unary body (1 MiB here) goes out to the server in
// several messages, each record still counted.
TEST_F(HttpTest, AnImportMayBeLargerThanAUnaryBody) {
  std::string body = "[";
  const int records = 2000;
  for (int i = 0; i < records; ++i) {
    if (i > 0) body += ",";
    body += ImportRecord(absl::StrCat("bulk-", i));
  }
  body += "]";
  ASSERT_GT(body.size(), size_t{1} << 20);
  httplib::Result result =
      Call("CandidateService/ImportCandidates", body, admin_key());
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
  v1::ImportSummary summary;
  ASSERT_TRUE(JsonStringToMessage(result->body, &summary).ok());
  EXPECT_EQ(summary.received(), records);
  EXPECT_EQ(summary.created(), records);
  EXPECT_EQ(summary.failed(), 0);
}

// A body that is not one JSON array cannot be split into records that can
// be trusted: nothing of it is written.
TEST_F(HttpTest, AnImportWhoseBodyIsBrokenWritesNothing) {
  const std::string record = ImportRecord("imp-1");
  for (const std::string& body :
       {"[" + record + ", {", "[" + record + "] [", record, "[" + record + ",]",
        "[" + record + " \"unterminated]"}) {
    httplib::Result result =
        Call("CandidateService/ImportCandidates", body, admin_key());
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 400) << body;
    EXPECT_EQ(ErrorOf(result).fields().at("code").string_value(),
              "invalid_argument");
  }
  // No key: nothing.
  httplib::Result anonymous =
      Call("CandidateService/ImportCandidates", "[" + record + "]", "");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
  // Binary protobuf is for gRPC clients; JSON lines only for an import.
  EXPECT_EQ(http_
                ->Post("/passend.v1.CandidateService/ImportCandidates",
                       {{"Connect-Protocol-Version", "1"},
                        {"Authorization", "Bearer " + admin_key()}},
                       "", "application/proto")
                ->status,
            415);
  EXPECT_EQ(http_
                ->Post("/passend.v1.CandidateService/CreateCandidate",
                       {{"Connect-Protocol-Version", "1"},
                        {"Authorization", "Bearer " + admin_key()}},
                       ValidCandidateJson(), "application/jsonl")
                ->status,
            415);
  EXPECT_EQ(StoredCandidates(), 0u);
}

// A Connect-Timeout-Ms that runs out while the call waits for a thread:
// the client hears deadline_exceeded, and the call, cancelled, never runs.
TEST_F(HttpTest, ACallPastItsConnectTimeoutIsCancelled) {
  BusyExecutor busy(server_->call_executor());
  httplib::Result result = Call(
      "CandidateService/CreateCandidate", ValidCandidateJson(), admin_key(),
      {{"Connect-Protocol-Version", "1"}, {"Connect-Timeout-Ms", "300"}});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 504) << result->body;
  EXPECT_EQ(ErrorOf(result).fields().at("code").string_value(),
            "deadline_exceeded");
  busy.Release();
  EXPECT_EQ(StoredCandidates(), 0u);
}

// A key taken out of the key file and read again stops working at once,
// and the sessions it opened end with it.
TEST_F(HttpTest, ARemovedKeyEndsItsSessions) {
  const std::string keys_file = dir_.path() + "/fixture-keys";
  const std::string person = WriteAdminKeyFile(keys_file);
  ASSERT_TRUE(server_->ReloadKeys().ok());
  const std::string cookie = SignIn(person);
  ASSERT_FALSE(cookie.empty());
  ASSERT_EQ(CallWithCookie(cookie), 200);
  // The file without that key's line.
  std::ifstream in(keys_file);
  std::string line, kept;
  while (std::getline(in, line)) {
    if (line.find(services::HashApiKey(person)) == std::string::npos) {
      kept += line + "\n";
    }
  }
  std::ofstream(keys_file, std::ios::trunc) << kept;
  ASSERT_TRUE(server_->ReloadKeys().ok());
  EXPECT_EQ(CallWithCookie(cookie), 401);
  EXPECT_EQ(Call("TaxonomyService/GetTaxonomy", "{}", person)->status, 401);
  EXPECT_EQ(Call("TaxonomyService/GetTaxonomy", "{}", admin_key())->status,
            200);
  // A key file that does not parse changes nothing.
  std::ofstream(keys_file, std::ios::app) << "not a key line\n";
  EXPECT_EQ(server_->ReloadKeys().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Call("TaxonomyService/GetTaxonomy", "{}", admin_key())->status,
            200);
}

// A body refused unread ends its connection: what the client sent after
// the headers is never answered as a request of its own (a proxy that
// shares connections between users would otherwise hand one user's request
// to the door unseen).
TEST_F(HttpTest, NothingAfterABodyRefusedUnreadIsServed) {
  for (const std::string& refused :
       {std::string("POST /passend.v1.TaxonomyService/GetTaxonomy HTTP/1.1\r\n"
                    "Host: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"),
        std::string("POST /passend.v1.TaxonomyService/GetTaxonomy HTTP/1.1\r\n"
                    "Host: 127.0.0.1\r\nContent-Length: 12x\r\n\r\n"),
        std::string("POST /passend.v1.CandidateService/CreateCandidate "
                    "HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5000000\r\n"
                    "\r\n")}) {
    RawConnection raw(server_->http_port());
    ASSERT_TRUE(raw.connected());
    raw.Send(refused + "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    const std::string received = raw.Received(absl::Seconds(10));
    EXPECT_TRUE(absl::StrContains(received, "HTTP/1.1 4")) << received;
    EXPECT_FALSE(absl::StrContains(received, "alive")) << received;
  }
}

// An import's body may be large, so it is read only for a caller whose key
// works: without one the refusal comes before a byte of it is sent.
TEST_F(HttpTest, AnImportWithoutAWorkingKeyIsRefusedBeforeItsBody) {
  for (const std::string& authorization :
       {std::string(""), std::string("Authorization: Bearer not-a-key\r\n")}) {
    RawConnection raw(server_->http_port());
    ASSERT_TRUE(raw.connected());
    raw.Send(
        "POST /passend.v1.CandidateService/ImportCandidates HTTP/1.1\r\n"
        "Host: 127.0.0.1\r\nConnect-Protocol-Version: 1\r\n"
        "Content-Type: application/json\r\n" +
        authorization + "Content-Length: 60000000\r\n\r\n");
    const std::string received = raw.Received(absl::Seconds(10));
    EXPECT_TRUE(absl::StrContains(received, "HTTP/1.1 401")) << received;
  }
  EXPECT_EQ(StoredCandidates(), 0u);
}

class HttpLimitsTest : public HttpTest {
 protected:
  void SetUp() override {}
  void StartWith(services::ConnectionLimits limits) {
    services::ServerOptions options;
    options.http_listen = "127.0.0.1:0";
    options.http_connections = limits;
    StartServerWith(std::move(options));
    ASSERT_GT(server_->http_port(), 0);
    http_ =
        std::make_unique<httplib::Client>("127.0.0.1", server_->http_port());
  }
};

// A client that sends a byte a second never lets a read wait run out, but
// its request does not arrive within the deadline: it is cut off, mid
// headers or mid body, and nothing it sent is acted on.
TEST_F(HttpLimitsTest, AClientSendingOneByteASecondIsCutOff) {
  services::ConnectionLimits limits;
  limits.request_deadline = absl::Seconds(2);
  StartWith(limits);
  const std::string body = ValidCandidateJson();
  const std::string request = absl::StrCat(
      "POST /passend.v1.CandidateService/CreateCandidate HTTP/1.1\r\n"
      "Host: 127.0.0.1\r\nConnect-Protocol-Version: 1\r\n"
      "Content-Type: application/json\r\nAuthorization: Bearer ",
      admin_key(), "\r\nContent-Length: ", body.size(), "\r\n\r\n");
  for (const size_t dripped_from : {size_t{0}, request.size()}) {
    RawConnection slow(server_->http_port());
    ASSERT_TRUE(slow.connected());
    ASSERT_TRUE(slow.Send(request.substr(0, dripped_from)));
    const std::string rest = (request + body).substr(dripped_from);
    // Well past the deadline, but a small part of what there is to send.
    for (size_t sent = 0; sent < 6 && !slow.ClosedByServer(); ++sent) {
      slow.Send(rest.substr(sent, 1));
      for (int tenth = 0; tenth < 10 && !slow.ClosedByServer(); ++tenth) {
        absl::SleepFor(absl::Milliseconds(100));
      }
    }
    EXPECT_TRUE(slow.ClosedByServer()) << "dripped from " << dripped_from;
  }
  EXPECT_EQ(StoredCandidates(), 0u);
  // The door still answers others.
  EXPECT_EQ(Call("TaxonomyService/GetTaxonomy", "{}", admin_key())->status,
            200);
}

// Past the connection limit a request is answered 503 at once, but the
// health probes still are; a connection freed lets calls in again.
TEST_F(HttpLimitsTest, ConnectionsPastTheLimitGet503WhileHealthAnswers) {
  services::ConnectionLimits limits;
  limits.max_connections = 2;
  limits.keep_alive = absl::Seconds(60);
  StartWith(limits);
  auto held = std::make_unique<RawConnection>(server_->http_port());
  RawConnection also_held(server_->http_port());
  ASSERT_TRUE(held->connected() && also_held.connected());
  // The two are accepted and served (idle, kept alive): what comes next is
  // past the limit.
  int status = 0;
  for (int tries = 0; tries < 500 && status != 503; ++tries) {
    httplib::Client client("127.0.0.1", server_->http_port());
    httplib::Result result =
        client.Post("/passend.v1.TaxonomyService/GetTaxonomy",
                    {{"Connect-Protocol-Version", "1"},
                     {"Authorization", "Bearer " + admin_key()}},
                    "{}", "application/json");
    if (result) status = result->status;
    if (status != 503) absl::SleepFor(absl::Milliseconds(10));
  }
  ASSERT_EQ(status, 503);
  httplib::Client client("127.0.0.1", server_->http_port());
  httplib::Result refused =
      client.Post("/passend.v1.TaxonomyService/GetTaxonomy",
                  {{"Connect-Protocol-Version", "1"},
                   {"Authorization", "Bearer " + admin_key()}},
                  "{}", "application/json");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 503);
  EXPECT_EQ(ErrorOf(refused).fields().at("code").string_value(), "unavailable");
  EXPECT_EQ(refused->get_header_value("Retry-After"), "1");
  for (const char* probe : {"/healthz", "/readyz"}) {
    httplib::Client prober("127.0.0.1", server_->http_port());
    httplib::Result health = prober.Get(probe);
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 200) << probe;
  }
  held.reset();
  status = 0;
  for (int tries = 0; tries < 500 && status != 200; ++tries) {
    httplib::Client again("127.0.0.1", server_->http_port());
    httplib::Result result =
        again.Post("/passend.v1.TaxonomyService/GetTaxonomy",
                   {{"Connect-Protocol-Version", "1"},
                    {"Authorization", "Bearer " + admin_key()}},
                   "{}", "application/json");
    if (result) status = result->status;
    if (status != 200) absl::SleepFor(absl::Milliseconds(10));
  }
  EXPECT_EQ(status, 200);
}

}  // namespace
}  // namespace passend::testing
