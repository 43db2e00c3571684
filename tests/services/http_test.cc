// The HTTP door (Connect protocol) through a real server on 127.0.0.1 and a
// real HTTP client: the same answers as gRPC, errors as Connect's JSON with
// the field violations, the headers every answer carries, and the limits.
#include <fstream>
#include <memory>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "grpcpp/generic/generic_stub.h"
#include "httplib.h"
#include "passend/v1/taxonomy.pb.h"
#include "services/http/connect_door.h"
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
  for (const std::string service :
       {"CandidateService", "VacancyService", "TaxonomyService", "MatchService",
        "AdviceService", "PlacementService", "ConsentService", "SupplyService",
        "AuditService", "AdminService"}) {
    const google::protobuf::ServiceDescriptor* s =
        pool->FindServiceByName("passend.v1." + service);
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
  EXPECT_EQ(methods, 35);  // all 36 unary methods but CreateBackup
  EXPECT_GE(compared, 5);
}

}  // namespace
}  // namespace passend::testing
