// passend: command-line client for a passendd server.
//
//   passend [--server=HOST:PORT] candidates|vacancies create FILE
//   passend candidates|vacancies get NAME
//   passend candidates|vacancies list [--region=AM14] [--status=S]
//                                     [--page_size=N] [--all]
//   passend candidates|vacancies update NAME FILE [--mask=a,b] [--etag=E]
//   passend candidates|vacancies delete NAME [--etag=E]
//   passend candidates|vacancies import FILE.jsonl
//   passend rank candidates VACANCY | rank vacancies CANDIDATE
//   passend rank anonymous VACANCY    (what an employer sees)
//   passend consent give|withdraw CANDIDATE --employer=E [--vacancy=V]
//   passend consent list CANDIDATE
//   passend introduce CANDIDATE VACANCY
//   passend explain CANDIDATE VACANCY
//   passend advice adjustments VACANCY [--regions=AM14,..]
//   passend advice blockers CANDIDATE [--regions=..]
//   passend advice opportunities [--regions=..]
//   passend advice assign --regions=AM14,.. [--edges_per_vacancy=N]
//   passend placements propose CANDIDATE VACANCY
//   passend placements move PLACEMENT STATE [--hours=N] [--reason=R]
//   passend placements get PLACEMENT | list [CANDIDATE] [--region] [--state]
//   passend progress [--from=2026Q1] [--to=2026Q4] [--employer=E] [--json]
//   passend supply [--regions=AM14,..] [--json]
//   passend bottlenecks [--regions=AM14,..] [--json]
//   passend forecast [--regions=AM14,..] [--years=N] [--history_quarters=N]
//   passend history record FILE   (a RecordSupplyHistoryRequest as JSON)
//   passend backup create [--keep=N] | passend backup list
//   passend taxonomy
//   passend demo load [--candidates=N] [--vacancies=N] [--seed=S]
//   passend demo show
//
// Records are read and written as JSON in protobuf's JSON mapping (field
// names as in the .proto files); FILE may be "-" for standard input. Errors
// name the field at fault. Exit status: 0 success, 1 the server refused,
// 2 bad usage or input.
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/dutch_calendar.h"
#include "common/supply.h"
#include "google/protobuf/util/json_util.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/grpcpp.h"
#include "matcher/reference_data.h"
#include "matcher/taxonomy.h"
#include "passend/v1/admin.grpc.pb.h"
#include "passend/v1/advice.grpc.pb.h"
#include "passend/v1/candidate.grpc.pb.h"
#include "passend/v1/consent.grpc.pb.h"
#include "passend/v1/match.grpc.pb.h"
#include "passend/v1/placement.grpc.pb.h"
#include "passend/v1/supply.grpc.pb.h"
#include "passend/v1/taxonomy.grpc.pb.h"
#include "passend/v1/vacancy.grpc.pb.h"
#include "services/access/key_store.h"
#include "services/api/validation.h"
#include "services/reports/progress.h"
#include "services/server/server.h"
#include "tools/demo_population.h"

ABSL_FLAG(std::string, server, "127.0.0.1:50051", "passendd address");
ABSL_FLAG(std::string, region, "", "list: only this region (e.g. AM14)");
ABSL_FLAG(std::string, status, "",
          "list: only this availability (candidates) or status (vacancies)");
ABSL_FLAG(int, page_size, 0, "list: records per page (server default 50)");
ABSL_FLAG(std::string, page_token, "", "list: continue from this token");
ABSL_FLAG(bool, all, false, "list: follow page tokens to the end");
ABSL_FLAG(std::string, mask, "", "update: comma-separated fields to change");
ABSL_FLAG(std::string, etag, "", "update/delete: expected etag");
ABSL_FLAG(std::string, request_id, "", "create: idempotency key");
ABSL_FLAG(int64_t, candidates, 10000, "demo load: candidates to generate");
ABSL_FLAG(int64_t, vacancies, 1500, "demo load: vacancies to generate");
ABSL_FLAG(uint64_t, seed, 42, "demo load: generator seed");
ABSL_FLAG(int, timeout_s, 30, "deadline of each unary call, seconds");
ABSL_FLAG(int, near_misses, 0, "rank: also show this many near misses");
ABSL_FLAG(std::string, key, "",
          "API key sent as authorization: Bearer; default $PASSEND_KEY");
ABSL_FLAG(std::string, keys_file, "", "keys create: the key file to append to");
ABSL_FLAG(std::string, principal, "", "keys create: the principal's name");
ABSL_FLAG(std::string, role, "",
          "keys create: wsp, employer, integration, analyst or admin");
ABSL_FLAG(std::string, regions, "",
          "keys create, advice: region codes, comma-separated");
ABSL_FLAG(int, edges_per_vacancy, 0,
          "advice assign: each vacancy's best candidates considered (default "
          "100)");
ABSL_FLAG(std::string, employer, "", "keys create, consent: the employer id");
ABSL_FLAG(std::string, vacancy, "",
          "consent: only this vacancy (default: every vacancy of --employer)");
ABSL_FLAG(double, hours, 0, "placements move HIRED: hours per week");
ABSL_FLAG(std::string, reason, "",
          "placements move DECLINED: a decline reason id of the taxonomy");
ABSL_FLAG(std::string, contract, "",
          "placements move HIRED: DIRECT, AGENCY or SECONDMENT (default: the "
          "vacancy's)");
ABSL_FLAG(std::string, from, "", "progress: first quarter, e.g. 2026Q1");
ABSL_FLAG(std::string, to, "", "progress: last quarter (default: this one)");
ABSL_FLAG(bool, json, false, "rank/explain/advice: print the response as JSON");
ABSL_FLAG(int, keep, 0, "backup create: backups to keep (server default 7)");
ABSL_FLAG(int, years, 0, "forecast: years ahead, 1-5 (default 5)");
ABSL_FLAG(int, history_quarters, 0,
          "forecast: past quarters to fit on, 2-40 (default 12)");
ABSL_FLAG(int64_t, placements, 150,
          "demo load: vacancies to walk through to a placement");

namespace passend::tools {
namespace {

using google::protobuf::Message;
using v1::Candidate;
using v1::Vacancy;

constexpr int kImportChunk = 500;

// Adds the --regions flag's codes to `request`.
template <typename Request>
void AddRegionsFlag(Request& request) {
  for (absl::string_view r :
       absl::StrSplit(absl::GetFlag(FLAGS_regions), ',', absl::SkipEmpty())) {
    request.add_regions(std::string(r));
  }
}

int Usage() {
  std::cerr << absl::ProgramUsageMessage() << "\n";
  return 2;
}

// Sends the caller's key, if any, with the call.
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

const char* CodeName(grpc::StatusCode code) {
  static const char* const kNames[] = {"OK",
                                       "CANCELLED",
                                       "UNKNOWN",
                                       "INVALID_ARGUMENT",
                                       "DEADLINE_EXCEEDED",
                                       "NOT_FOUND",
                                       "ALREADY_EXISTS",
                                       "PERMISSION_DENIED",
                                       "RESOURCE_EXHAUSTED",
                                       "FAILED_PRECONDITION",
                                       "ABORTED",
                                       "OUT_OF_RANGE",
                                       "UNIMPLEMENTED",
                                       "INTERNAL",
                                       "UNAVAILABLE",
                                       "DATA_LOSS",
                                       "UNAUTHENTICATED"};
  int i = static_cast<int>(code);
  return i >= 0 && i <= 16 ? kNames[i] : "UNKNOWN";
}

// Prints a failed call's code, message and each field at fault; returns 1.
int ReportError(const grpc::Status& status) {
  std::cerr << "error: " << CodeName(status.error_code()) << ": "
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
  return 1;
}

std::string ToJson(const Message& message, bool pretty) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.add_whitespace = pretty;
  std::string json;
  // Cannot fail for messages of this build's own types.
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  return json;
}

void Print(const Message& message) { std::cout << ToJson(message, true); }

// Reads FILE (or stdin for "-") whole.
bool ReadInput(const std::string& path, std::string* text) {
  std::stringstream buffer;
  if (path == "-") {
    buffer << std::cin.rdbuf();
  } else {
    std::ifstream file(path);
    if (!file) {
      std::cerr << "error: cannot read " << path << "\n";
      return false;
    }
    buffer << file.rdbuf();
  }
  *text = buffer.str();
  return true;
}

bool ParseJson(const std::string& json, Message* message,
               const std::string& where) {
  auto status = google::protobuf::util::JsonStringToMessage(json, message);
  if (!status.ok()) {
    std::cerr << "error: " << where << " is not a valid "
              << message->GetDescriptor()->name()
              << " in JSON: " << status.message() << "\n";
    return false;
  }
  return true;
}

// The calls that differ between candidates and vacancies; everything else
// in the resource commands below is shared.
struct CandidateCalls {
  using Record = Candidate;
  using ImportRequest = v1::ImportCandidatesRequest;
  static constexpr const char* kCollection = "candidates";
  std::unique_ptr<v1::CandidateService::Stub> stub;

  grpc::Status Create(const Candidate& c, Candidate* out) {
    v1::CreateCandidateRequest r;
    *r.mutable_candidate() = c;
    r.set_request_id(absl::GetFlag(FLAGS_request_id));
    return stub->CreateCandidate(Context().get(), r, out);
  }
  grpc::Status Get(const std::string& name, Candidate* out) {
    v1::GetCandidateRequest r;
    r.set_name(name);
    return stub->GetCandidate(Context().get(), r, out);
  }
  grpc::Status Update(const Candidate& c, const google::protobuf::FieldMask& m,
                      Candidate* out) {
    v1::UpdateCandidateRequest r;
    *r.mutable_candidate() = c;
    *r.mutable_update_mask() = m;
    return stub->UpdateCandidate(Context().get(), r, out);
  }
  grpc::Status Delete(const std::string& name, const std::string& etag) {
    v1::DeleteCandidateRequest r;
    r.set_name(name);
    r.set_etag(etag);
    google::protobuf::Empty empty;
    return stub->DeleteCandidate(Context().get(), r, &empty);
  }
  // Lists one page; `status` is an enum value name or empty.
  grpc::Status List(const std::string& token, std::vector<Candidate>* out,
                    std::string* next) {
    v1::ListCandidatesRequest r;
    r.set_owner_region(absl::GetFlag(FLAGS_region));
    r.set_page_size(absl::GetFlag(FLAGS_page_size));
    r.set_page_token(token);
    if (std::string s = absl::GetFlag(FLAGS_status); !s.empty()) {
      Candidate::Availability a;
      if (!Candidate::Availability_Parse(s, &a)) {
        return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                            "--status must be AVAILABLE_NOW, AVAILABLE_FROM, "
                            "PLACED or WITHDRAWN");
      }
      r.set_availability(a);
    }
    v1::ListCandidatesResponse response;
    grpc::Status status = stub->ListCandidates(Context().get(), r, &response);
    out->assign(response.candidates().begin(), response.candidates().end());
    *next = response.next_page_token();
    return status;
  }
  std::unique_ptr<grpc::ClientWriter<ImportRequest>> Import(
      grpc::ClientContext* context, v1::ImportSummary* summary) {
    return stub->ImportCandidates(context, summary);
  }
  static void Add(ImportRequest* request, Candidate record) {
    *request->add_candidates() = std::move(record);
  }
  static int Size(const ImportRequest& request) {
    return request.candidates_size();
  }
};

struct VacancyCalls {
  using Record = Vacancy;
  using ImportRequest = v1::ImportVacanciesRequest;
  static constexpr const char* kCollection = "vacancies";
  std::unique_ptr<v1::VacancyService::Stub> stub;

  grpc::Status Create(const Vacancy& v, Vacancy* out) {
    v1::CreateVacancyRequest r;
    *r.mutable_vacancy() = v;
    r.set_request_id(absl::GetFlag(FLAGS_request_id));
    return stub->CreateVacancy(Context().get(), r, out);
  }
  grpc::Status Get(const std::string& name, Vacancy* out) {
    v1::GetVacancyRequest r;
    r.set_name(name);
    return stub->GetVacancy(Context().get(), r, out);
  }
  grpc::Status Update(const Vacancy& v, const google::protobuf::FieldMask& m,
                      Vacancy* out) {
    v1::UpdateVacancyRequest r;
    *r.mutable_vacancy() = v;
    *r.mutable_update_mask() = m;
    return stub->UpdateVacancy(Context().get(), r, out);
  }
  grpc::Status Delete(const std::string& name, const std::string& etag) {
    v1::DeleteVacancyRequest r;
    r.set_name(name);
    r.set_etag(etag);
    google::protobuf::Empty empty;
    return stub->DeleteVacancy(Context().get(), r, &empty);
  }
  grpc::Status List(const std::string& token, std::vector<Vacancy>* out,
                    std::string* next) {
    v1::ListVacanciesRequest r;
    r.set_region(absl::GetFlag(FLAGS_region));
    r.set_page_size(absl::GetFlag(FLAGS_page_size));
    r.set_page_token(token);
    if (std::string s = absl::GetFlag(FLAGS_status); !s.empty()) {
      Vacancy::Status st;
      if (!Vacancy::Status_Parse(s, &st)) {
        return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                            "--status must be DRAFT, OPEN, FILLED or CLOSED");
      }
      r.set_status(st);
    }
    v1::ListVacanciesResponse response;
    grpc::Status status = stub->ListVacancies(Context().get(), r, &response);
    out->assign(response.vacancies().begin(), response.vacancies().end());
    *next = response.next_page_token();
    return status;
  }
  std::unique_ptr<grpc::ClientWriter<ImportRequest>> Import(
      grpc::ClientContext* context, v1::ImportSummary* summary) {
    return stub->ImportVacancies(context, summary);
  }
  static void Add(ImportRequest* request, Vacancy record) {
    *request->add_vacancies() = std::move(record);
  }
  static int Size(const ImportRequest& request) {
    return request.vacancies_size();
  }
};

// Streams records from `next` (which returns false at the end) through one
// import call, showing progress on a terminal. `line_of` maps a stream
// index to a position the user knows (a file line), for error reports.
template <typename Calls, typename Next>
int StreamImport(Calls& calls, Next next, int64_t expected,
                 const std::vector<int64_t>* line_of) {
  grpc::ClientContext context;
  Authenticate(&context);
  v1::ImportSummary summary;
  auto writer = calls.Import(&context, &summary);
  typename Calls::ImportRequest request;
  typename Calls::Record record;
  const bool tty = isatty(STDERR_FILENO);
  const absl::Time start = absl::Now();
  absl::Time last_report = start;
  int64_t sent = 0;
  while (next(&record)) {
    Calls::Add(&request, std::move(record));
    ++sent;
    if (Calls::Size(request) == kImportChunk) {
      if (!writer->Write(request)) break;  // the server ended the call
      request.Clear();
      if (tty && absl::Now() - last_report > absl::Milliseconds(250)) {
        last_report = absl::Now();
        std::fprintf(stderr, "\r%s: sent %lld", Calls::kCollection,
                     static_cast<long long>(sent));
        if (expected > 0) {
          std::fprintf(stderr, " of %lld (%.0f%%)",
                       static_cast<long long>(expected),
                       100.0 * sent / expected);
        }
        std::fflush(stderr);
      }
    }
  }
  if (Calls::Size(request) > 0) writer->Write(request);
  writer->WritesDone();
  grpc::Status status = writer->Finish();
  if (tty) std::fprintf(stderr, "\n");
  if (!status.ok()) return ReportError(status);
  double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  std::fprintf(stderr,
               "%s: %lld received, %lld created, %lld updated, %lld failed "
               "in %.1f s (%.0f records/s)\n",
               Calls::kCollection, static_cast<long long>(summary.received()),
               static_cast<long long>(summary.created()),
               static_cast<long long>(summary.updated()),
               static_cast<long long>(summary.failed()), seconds,
               summary.received() / std::max(seconds, 1e-9));
  for (const auto& error : summary.errors()) {
    int64_t where = line_of != nullptr && error.index() < static_cast<int64_t>(
                                                              line_of->size())
                        ? (*line_of)[error.index()]
                        : error.index();
    std::cerr << (line_of != nullptr ? "  line " : "  record ") << where;
    if (!error.external_ref().empty()) {
      std::cerr << " (" << error.external_ref() << ")";
    }
    std::cerr << ": " << error.message() << "\n";
  }
  if (summary.failed() > summary.errors_size()) {
    std::cerr << "  ... and " << summary.failed() - summary.errors_size()
              << " more\n";
  }
  return summary.failed() > 0 ? 1 : 0;
}

template <typename Calls>
int ImportFile(Calls& calls, const std::string& path) {
  std::ifstream file_stream;
  std::istream* in = &std::cin;
  if (path != "-") {
    file_stream.open(path);
    if (!file_stream) {
      std::cerr << "error: cannot read " << path << "\n";
      return 2;
    }
    in = &file_stream;
  }
  std::vector<int64_t> line_of;
  int64_t line_number = 0;
  int64_t unparsable = 0;
  std::string line;
  auto next = [&](typename Calls::Record* record) {
    while (std::getline(*in, line)) {
      ++line_number;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      record->Clear();
      if (!ParseJson(line, record, absl::StrCat(path, " line ", line_number))) {
        ++unparsable;
        continue;
      }
      line_of.push_back(line_number);
      return true;
    }
    return false;
  };
  int result = StreamImport(calls, next, 0, &line_of);
  if (unparsable > 0) {
    std::cerr << unparsable << " lines could not be parsed and were not sent\n";
    return std::max(result, 1);
  }
  return result;
}

template <typename Calls>
int ResourceCommand(Calls& calls, const std::vector<std::string>& args) {
  using Record = typename Calls::Record;
  if (args.size() < 2) return Usage();
  const std::string& verb = args[1];
  Record out;
  if (verb == "create" && args.size() == 3) {
    std::string json;
    Record record;
    if (!ReadInput(args[2], &json) || !ParseJson(json, &record, args[2])) {
      return 2;
    }
    grpc::Status s = calls.Create(record, &out);
    if (!s.ok()) return ReportError(s);
    Print(out);
    return 0;
  }
  if (verb == "get" && args.size() == 3) {
    grpc::Status s = calls.Get(args[2], &out);
    if (!s.ok()) return ReportError(s);
    Print(out);
    return 0;
  }
  if (verb == "update" && args.size() == 4) {
    std::string json;
    Record record;
    if (!ReadInput(args[3], &json) || !ParseJson(json, &record, args[3])) {
      return 2;
    }
    record.set_name(args[2]);
    if (!absl::GetFlag(FLAGS_etag).empty()) {
      record.set_etag(absl::GetFlag(FLAGS_etag));
    }
    google::protobuf::FieldMask mask;
    for (absl::string_view path :
         absl::StrSplit(absl::GetFlag(FLAGS_mask), ',', absl::SkipEmpty())) {
      mask.add_paths(std::string(path));
    }
    grpc::Status s = calls.Update(record, mask, &out);
    if (!s.ok()) return ReportError(s);
    Print(out);
    return 0;
  }
  if (verb == "delete" && args.size() == 3) {
    grpc::Status s = calls.Delete(args[2], absl::GetFlag(FLAGS_etag));
    if (!s.ok()) return ReportError(s);
    std::cerr << "deleted " << args[2] << "\n";
    return 0;
  }
  if (verb == "list" && args.size() == 2) {
    std::string token = absl::GetFlag(FLAGS_page_token);
    int64_t count = 0;
    while (true) {
      std::vector<Record> page;
      std::string next;
      grpc::Status s = calls.List(token, &page, &next);
      if (!s.ok()) return ReportError(s);
      for (const Record& r : page) std::cout << ToJson(r, false) << "\n";
      count += page.size();
      token = next;
      if (token.empty() || !absl::GetFlag(FLAGS_all)) break;
    }
    std::cerr << count << " " << Calls::kCollection;
    if (!token.empty()) std::cerr << "; more with --page_token=" << token;
    std::cerr << "\n";
    return 0;
  }
  if (verb == "import" && args.size() == 3) return ImportFile(calls, args[2]);
  return Usage();
}

// The demo's supply ledger for the last 12 quarters, synthetic: each
// quarter's registrations as the population's registration dates imply
// (those still here, scaled up by the outflow since), and placements and
// withdrawals at 4.5% and 2.5% of the supply at the quarter's start, worked
// back from the supply now.
int DemoHistory(const std::shared_ptr<grpc::Channel>& channel,
                const DemoPopulation& population, int64_t candidates,
                absl::CivilDay today) {
  constexpr int kQuarters = 12;
  constexpr double kPlaced = 0.045;
  constexpr double kWithdrawn = kDemoQuarterlyOutflow - kPlaced;
  const int current = QuarterIndex(today);
  // Per region: the supply now, and those still here by quarters since
  // their registration.
  std::map<std::string, std::pair<int64_t, std::vector<int64_t>>> regions;
  for (int64_t i = 0; i < candidates; ++i) {
    const Candidate c = population.Candidate(i);
    if (!InSupply(c)) continue;
    auto& [supply, still_here] = regions[c.owner_region()];
    still_here.resize(kQuarters + 1);
    ++supply;
    const v1::Date& d = c.registered_on();
    const int back =
        current - QuarterIndex(absl::CivilDay(d.year(), d.month(), d.day()));
    if (back <= kQuarters) ++still_here[back];
  }
  v1::RecordSupplyHistoryRequest request;
  for (const auto& [region, counts] : regions) {
    const auto& [supply, still_here] = counts;
    double at_end = static_cast<double>(supply - still_here[0]);
    for (int back = 1; back <= kQuarters; ++back) {
      const int64_t in = std::llround(
          still_here[back] / std::pow(1 - kDemoQuarterlyOutflow, back));
      const double at_start = std::max(0.0, (at_end - static_cast<double>(in)) /
                                                (1 - kDemoQuarterlyOutflow));
      v1::QuarterFlows* f = request.add_quarters();
      f->set_region(region);
      f->set_quarter(
          passend::QuarterName(passend::QuarterStart(current - back)));
      f->set_registrations(in);
      f->set_placements(std::llround(kPlaced * at_start));
      f->set_withdrawals(std::llround(kWithdrawn * at_start));
      at_end += static_cast<double>(f->placements() + f->withdrawals() - in);
    }
  }
  v1::RecordSupplyHistoryResponse response;
  grpc::Status s = v1::SupplyService::NewStub(channel)->RecordSupplyHistory(
      Context().get(), request, &response);
  if (!s.ok()) return ReportError(s);
  std::cerr << "recorded a synthetic supply history: "
            << response.quarters_recorded() << " region-quarters\n";
  return 0;
}

// Walks the best candidates of up to `count` open vacancies through
// proposal, consent, introduction and trial to a hire (hired over the last
// four quarters, for the progress report); every seventh is declined at
// introduction and every tenth hire ends again.
int DemoPlacements(const std::shared_ptr<grpc::Channel>& channel, int64_t count,
                   absl::CivilDay today) {
  auto vacancies = v1::VacancyService::NewStub(channel);
  auto match = v1::MatchService::NewStub(channel);
  auto placements = v1::PlacementService::NewStub(channel);
  auto consent = v1::ConsentService::NewStub(channel);
  v1::ListVacanciesRequest list;
  list.set_status(Vacancy::OPEN);
  list.set_page_size(static_cast<int>(std::min<int64_t>(count, 1000)));
  v1::ListVacanciesResponse open;
  grpc::Status s = vacancies->ListVacancies(Context().get(), list, &open);
  if (!s.ok()) return ReportError(s);
  int hired = 0, declined = 0, ended = 0;
  for (int n = 0; n < open.vacancies_size(); ++n) {
    const Vacancy& vacancy = open.vacancies(n);
    v1::RankCandidatesRequest rank;
    rank.set_vacancy(vacancy.name());
    rank.set_page_size(1);
    v1::RankCandidatesResponse best;
    s = match->RankCandidates(Context().get(), rank, &best);
    if (!s.ok()) return ReportError(s);
    if (best.results().empty()) continue;
    v1::CreatePlacementRequest propose;
    propose.mutable_placement()->set_candidate(best.results(0).candidate());
    propose.mutable_placement()->set_vacancy(vacancy.name());
    v1::Placement placement;
    s = placements->CreatePlacement(Context().get(), propose, &placement);
    if (!s.ok()) return ReportError(s);
    v1::RecordConsentRequest given;
    given.mutable_consent_event()->set_candidate(best.results(0).candidate());
    given.mutable_consent_event()->set_employer(vacancy.employer());
    given.mutable_consent_event()->set_kind(v1::ConsentEvent::GIVEN);
    v1::ConsentEvent event;
    s = consent->RecordConsent(Context().get(), given, &event);
    if (!s.ok()) return ReportError(s);
    auto move = [&](v1::Placement::State state) {
      v1::TransitionPlacementRequest request;
      request.set_name(placement.name());
      request.set_state(state);
      if (state == v1::Placement::DECLINED) {
        request.set_decline_reason("candidate_declined");
      }
      if (state == v1::Placement::HIRED) {
        request.set_hours_per_week(12 + 5 * (n % 5));
        const absl::CivilDay on = today - 91 * (n % 4);
        v1::Date* date = request.mutable_effective_on();
        date->set_year(static_cast<int>(on.year()));
        date->set_month(on.month());
        date->set_day(on.day());
      }
      return placements->TransitionPlacement(Context().get(), request,
                                             &placement);
    };
    s = move(v1::Placement::INTRODUCED);
    if (s.ok() && n % 7 == 6) {
      s = move(v1::Placement::DECLINED);
      declined += s.ok();
    } else if (s.ok()) {
      s = move(v1::Placement::TRIAL);
      if (s.ok()) s = move(v1::Placement::HIRED);
      hired += s.ok();
      if (s.ok() && hired % 10 == 0) {
        s = move(v1::Placement::ENDED);
        ended += s.ok();
      }
    }
    if (!s.ok()) return ReportError(s);
    if (hired + declined >= count) break;
  }
  std::cerr << "demo placements: " << hired << " hired (" << ended
            << " ended since), " << declined << " declined\n";
  return 0;
}

int DemoLoad(const std::shared_ptr<grpc::Channel>& channel) {
  auto taxonomy = matcher::Taxonomy::LoadFile(passend::DefaultTaxonomyFile());
  auto reference =
      matcher::ReferenceData::LoadDirectory(passend::DefaultReferenceDataDir());
  if (!taxonomy.ok() || !reference.ok()) {
    std::cerr << "error: cannot load the data files: "
              << (taxonomy.ok() ? reference.status() : taxonomy.status())
              << "\n";
    return 2;
  }
  DemoOptions options;
  options.seed = absl::GetFlag(FLAGS_seed);
  options.today = passend::TodayInNetherlands(passend::SystemClock());
  DemoPopulation population(*taxonomy, **reference, options);

  const int64_t candidates = absl::GetFlag(FLAGS_candidates);
  const int64_t vacancies = absl::GetFlag(FLAGS_vacancies);
  CandidateCalls candidate_calls{v1::CandidateService::NewStub(channel)};
  int64_t i = 0;
  int result = StreamImport(
      candidate_calls,
      [&](Candidate* c) {
        if (i >= candidates) return false;
        *c = population.Candidate(i++);
        return true;
      },
      candidates, nullptr);
  if (result != 0) return result;
  VacancyCalls vacancy_calls{v1::VacancyService::NewStub(channel)};
  int64_t j = 0;
  result = StreamImport(
      vacancy_calls,
      [&](Vacancy* v) {
        if (j >= vacancies) return false;
        *v = population.Vacancy(j++);
        return true;
      },
      vacancies, nullptr);
  if (result != 0) return result;
  result = DemoHistory(channel, population, candidates, options.today);
  if (result != 0) return result;
  return DemoPlacements(channel, absl::GetFlag(FLAGS_placements),
                        options.today);
}

// One line per ranked pair: what a consultant scans first.
void PrintRankedLine(int rank, const v1::MatchExplanation& e,
                     absl::string_view other) {
  int needs = 0, met = 0;
  for (const auto& need : e.needs()) {
    ++needs;
    met += need.met();
  }
  std::printf(
      "%3d  %4d  %-38s %6.1f km  %2d-%2d h  needs %d/%d  %s\n", rank, e.score(),
      std::string(other).c_str(), e.travel().distance_km(),
      e.hours().candidate().min(), e.hours().candidate().max(), met, needs,
      v1::OccupationMatch::Closeness_Name(e.occupation().closeness()).c_str());
}

// Near misses with what would open them.
void PrintNearMisses(
    const google::protobuf::RepeatedPtrField<v1::MatchExplanation>& misses,
    bool by_vacancy) {
  if (misses.empty()) return;
  std::printf("\nnear misses (what would make them match):\n");
  for (const auto& e : misses) {
    std::printf("  %s:", (by_vacancy ? e.candidate() : e.vacancy()).c_str());
    for (const auto& u : e.unlockers()) {
      std::printf(" [%s]", u.description().c_str());
    }
    std::printf("\n");
  }
}

// The paging and filter flags every ranking request takes.
template <typename Request>
void SetRankingFlags(Request& request) {
  request.set_page_size(absl::GetFlag(FLAGS_page_size));
  request.set_page_token(absl::GetFlag(FLAGS_page_token));
  request.set_near_misses(absl::GetFlag(FLAGS_near_misses));
  const std::string region = absl::GetFlag(FLAGS_region);
  if (!region.empty()) request.add_regions(region);
}

// The line above a ranking: how many of how many `what` match `subject`.
template <typename Response>
void PrintRankingHeader(const Response& response, const char* what,
                        const std::string& subject) {
  std::printf("%lld of %lld %s match %s\n",
              static_cast<long long>(response.feasible_count()),
              static_cast<long long>(response.scanned_count()), what,
              subject.c_str());
}

int Rank(const std::shared_ptr<grpc::Channel>& channel,
         const std::vector<std::string>& args) {
  auto stub = v1::MatchService::NewStub(channel);
  if (args[1] == "candidates") {
    v1::RankCandidatesRequest request;
    request.set_vacancy(args[2]);
    SetRankingFlags(request);
    v1::RankCandidatesResponse response;
    grpc::Status s = stub->RankCandidates(Context().get(), request, &response);
    if (!s.ok()) return ReportError(s);
    if (absl::GetFlag(FLAGS_json)) {
      Print(response);
      return 0;
    }
    PrintRankingHeader(response, "candidates", args[2]);
    std::printf(
        "  #  score  candidate                              distance"
        "   hours  needs     occupation\n");
    int rank = 0;
    for (const auto& r : response.results()) {
      PrintRankedLine(++rank, r.explanation(), r.candidate());
    }
    PrintNearMisses(response.near_misses(), true);
    if (!response.next_page_token().empty()) {
      std::printf("more with --page_token=%s\n",
                  response.next_page_token().c_str());
    }
    return 0;
  }
  if (args[1] == "anonymous") {
    v1::RankCandidatesRequest request;
    request.set_vacancy(args[2]);
    SetRankingFlags(request);
    v1::RankAnonymousCandidatesResponse response;
    grpc::Status s =
        stub->RankAnonymousCandidates(Context().get(), request, &response);
    if (!s.ok()) return ReportError(s);
    if (absl::GetFlag(FLAGS_json)) {
      Print(response);
      return 0;
    }
    PrintRankingHeader(response, "candidates (as an employer sees them)",
                       args[2]);
    int rank = 0;
    for (const auto& r : response.results()) {
      std::printf("%3d  %4d  %-38s %s  %2d-%2d h", ++rank, r.score(),
                  r.candidate().c_str(),
                  r.within_travel_range() ? "in reach" : "too far ",
                  r.hours_per_week().min(), r.hours_per_week().max());
      for (const auto& c : r.conditions()) {
        std::printf("  %s%s", c.required() ? "needs " : "helps ",
                    absl::StrJoin(c.adjustments(), "|").c_str());
      }
      std::printf("\n");
    }
    if (!response.next_page_token().empty()) {
      std::printf("more with --page_token=%s\n",
                  response.next_page_token().c_str());
    }
    return 0;
  }
  if (args[1] == "vacancies") {
    v1::RankVacanciesRequest request;
    request.set_candidate(args[2]);
    SetRankingFlags(request);
    v1::RankVacanciesResponse response;
    grpc::Status s = stub->RankVacancies(Context().get(), request, &response);
    if (!s.ok()) return ReportError(s);
    if (absl::GetFlag(FLAGS_json)) {
      Print(response);
      return 0;
    }
    PrintRankingHeader(response, "open vacancies", args[2]);
    int rank = 0;
    for (const auto& r : response.results()) {
      PrintRankedLine(++rank, r.explanation(), r.vacancy());
    }
    PrintNearMisses(response.near_misses(), false);
    return 0;
  }
  return Usage();
}

int Explain(const std::shared_ptr<grpc::Channel>& channel,
            const std::string& candidate, const std::string& vacancy) {
  auto stub = v1::MatchService::NewStub(channel);
  v1::ExplainMatchRequest request;
  request.set_candidate(candidate);
  request.set_vacancy(vacancy);
  v1::MatchExplanation e;
  grpc::Status s = stub->ExplainMatch(Context().get(), request, &e);
  if (!s.ok()) return ReportError(s);
  if (absl::GetFlag(FLAGS_json)) {
    Print(e);
    return 0;
  }
  std::printf("%s x %s: %s, score %d\n", candidate.c_str(), vacancy.c_str(),
              e.feasible() ? "a match" : "not a match", e.score());
  for (const auto& need : e.needs()) {
    std::printf("  need %-24s %-9s %s", need.need().c_str(),
                v1::SupportNeed::Strength_Name(need.strength()).c_str(),
                need.met() ? "met by" : "NOT MET");
    for (const auto& a : need.met_by()) std::printf(" %s", a.c_str());
    std::printf("\n");
  }
  for (const auto& d : e.dimensions()) {
    std::printf("  demand %-22s capacity %d, demand %d -> %d %s\n",
                d.dimension().c_str(), d.capacity(), d.demand(),
                d.effective_demand(), d.met() ? "ok" : "TOO HIGH");
  }
  std::printf("  hours %d-%d vs %d-%d: %s\n", e.hours().candidate().min(),
              e.hours().candidate().max(), e.hours().vacancy().min(),
              e.hours().vacancy().max(), e.hours().met() ? "ok" : "NO OVERLAP");
  std::printf("  travel %.1f km of %d km%s: %s\n", e.travel().distance_km(),
              e.travel().travel_range_km(),
              e.travel().remote_possible() ? " (remote possible)" : "",
              e.travel().met() ? "ok" : "TOO FAR");
  std::printf("  available %s, confirmed %d days ago%s\n",
              e.availability().available() ? "yes" : "NO",
              e.availability().days_since_confirmed(),
              e.availability().fresh() ? "" : " (STALE)");
  const auto& b = e.score_breakdown();
  std::printf(
      "  score: needs %d + occupation %d + hours %d + distance %d + "
      "headroom %d + wage %d\n",
      b.preferred_needs(), b.occupation(), b.hours_fit(), b.distance(),
      b.headroom(), b.wage_value());
  for (const auto& u : e.unlockers()) {
    std::printf("  would match if: %s\n", u.description().c_str());
  }
  return 0;
}

// consent give|withdraw CANDIDATE --employer=E [--vacancy=V], consent list
// CANDIDATE, introduce CANDIDATE VACANCY. Prints the responses as JSON.
int Consent(const std::shared_ptr<grpc::Channel>& channel,
            const std::vector<std::string>& args) {
  auto stub = v1::ConsentService::NewStub(channel);
  grpc::Status s;
  if (args[0] == "introduce") {
    v1::GetIntroductionRequest request;
    request.set_candidate(args[1]);
    request.set_vacancy(args[2]);
    v1::Introduction introduction;
    s = stub->GetIntroduction(Context().get(), request, &introduction);
    if (s.ok()) Print(introduction);
  } else if (args[1] == "list") {
    v1::ListConsentEventsRequest request;
    request.set_parent(args[2]);
    v1::ListConsentEventsResponse response;
    s = stub->ListConsentEvents(Context().get(), request, &response);
    if (s.ok()) Print(response);
  } else if (args[1] == "give" || args[1] == "withdraw") {
    v1::RecordConsentRequest request;
    v1::ConsentEvent* event = request.mutable_consent_event();
    event->set_candidate(args[2]);
    event->set_employer(absl::GetFlag(FLAGS_employer));
    event->set_vacancy(absl::GetFlag(FLAGS_vacancy));
    event->set_kind(args[1] == "give" ? v1::ConsentEvent::GIVEN
                                      : v1::ConsentEvent::WITHDRAWN);
    v1::ConsentEvent stored;
    s = stub->RecordConsent(Context().get(), request, &stored);
    if (s.ok()) Print(stored);
  } else {
    return Usage();
  }
  return s.ok() ? 0 : ReportError(s);
}

// "jobcoach_light 12, buddy_mentor 3" from gains, or "-".
template <typename Gains>
std::string GainList(const Gains& gains, bool with_vacancies = false) {
  std::vector<std::string> parts;
  for (const v1::AdjustmentGain& g : gains) {
    if (g.count() == 0) continue;
    parts.push_back(absl::StrCat(
        g.adjustment(), " ", g.count(),
        with_vacancies ? absl::StrCat(" (", g.vacancies(), " vacancies)")
                       : ""));
  }
  return parts.empty() ? "-" : absl::StrJoin(parts, ", ");
}

// advice adjustments VACANCY | blockers CANDIDATE | opportunities | assign:
// readable tables, or the response as JSON with --json.
int Advice(const std::shared_ptr<grpc::Channel>& channel,
           const std::vector<std::string>& args) {
  auto stub = v1::AdviceService::NewStub(channel);
  const std::vector<std::string> regions =
      absl::StrSplit(absl::GetFlag(FLAGS_regions), ',', absl::SkipEmpty());
  const bool json = absl::GetFlag(FLAGS_json);
  grpc::Status s;
  if (args[1] == "adjustments" && args.size() == 3) {
    v1::SuggestAdjustmentsRequest request;
    request.set_vacancy(args[2]);
    for (const std::string& r : regions) request.add_regions(r);
    v1::SuggestAdjustmentsResponse response;
    s = stub->SuggestAdjustments(Context().get(), request, &response);
    if (!s.ok()) return ReportError(s);
    if (json) {
      Print(response);
      return 0;
    }
    std::printf(
        "%s: %lld candidates match now; %lld more in reach are kept out by "
        "needs or capacities\n",
        args[2].c_str(), static_cast<long long>(response.feasible_count()),
        static_cast<long long>(response.blocked_count()));
    std::printf("  %-32s %-16s %s\n", "adjustment not offered", "kind",
                "more candidates");
    int silent = 0;
    for (const auto& g : response.adjustments()) {
      if (g.count() == 0) {
        ++silent;
        continue;
      }
      std::printf("  %-32s %-16s %lld\n", g.adjustment().c_str(),
                  v1::AdjustmentKind_Name(g.kind()).c_str(),
                  static_cast<long long>(g.count()));
    }
    if (silent > 0) std::printf("  (%d more would add no one)\n", silent);
    if (response.has_best_combination()) {
      std::vector<std::string> names;
      for (const auto& g : response.best_combination().adjustments()) {
        names.push_back(g.adjustment());
      }
      std::printf("best set: %s: %lld more%s\n",
                  absl::StrJoin(names, " + ").c_str(),
                  static_cast<long long>(response.best_combination().count()),
                  response.best_combination().exact() ? "" : " (greedy)");
    }
    for (const auto& d : response.demands()) {
      std::printf("demand %s one level lower (now %d): %lld more\n",
                  d.dimension().c_str(), d.level(),
                  static_cast<long long>(d.count()));
    }
    return 0;
  }
  if (args[1] == "blockers" && args.size() == 3) {
    v1::ExplainBlockersRequest request;
    request.set_candidate(args[2]);
    for (const std::string& r : regions) request.add_regions(r);
    v1::ExplainBlockersResponse response;
    s = stub->ExplainBlockers(Context().get(), request, &response);
    if (!s.ok()) return ReportError(s);
    if (json) {
      Print(response);
      return 0;
    }
    std::printf(
        "%s: %lld open vacancies in reach, %lld match on needs and "
        "capacities\n",
        args[2].c_str(), static_cast<long long>(response.vacancies_in_reach()),
        static_cast<long long>(response.feasible_vacancies()));
    std::printf("  %-36s %9s %6s  %s\n", "blocker", "vacancies", "alone",
                "reopened by (vacancies)");
    for (const auto& b : response.blockers()) {
      std::printf(
          "  %-36s %9lld %6lld  %s\n",
          absl::StrCat(
              b.kind() == v1::Constraint::SUPPORT_NEED ? "need " : "capacity ",
              b.subject())
              .c_str(),
          static_cast<long long>(b.vacancies()),
          static_cast<long long>(b.vacancies_alone()),
          GainList(b.reopened_by()).c_str());
    }
    return 0;
  }
  if (args[1] == "opportunities" && args.size() == 2) {
    v1::AdjustmentOpportunitiesRequest request;
    for (const std::string& r : regions) request.add_regions(r);
    v1::AdjustmentOpportunitiesResponse response;
    s = stub->AdjustmentOpportunities(Context().get(), request, &response);
    if (!s.ok()) return ReportError(s);
    if (json) {
      Print(response);
      return 0;
    }
    std::printf("%-6s %9s %14s %13s  %s\n", "region", "vacancies",
                "matching pairs", "blocked pairs",
                "adjustments by pairs they would open (top 3)");
    for (const auto& r : response.regions()) {
      google::protobuf::RepeatedPtrField<v1::AdjustmentGain> top(
          r.adjustments().begin(),
          r.adjustments().begin() + std::min(3, r.adjustments_size()));
      std::printf("%-6s %9lld %14lld %13lld  %s\n", r.region().c_str(),
                  static_cast<long long>(r.open_vacancies()),
                  static_cast<long long>(r.feasible_pairs()),
                  static_cast<long long>(r.blocked_pairs()),
                  GainList(top, /*with_vacancies=*/true).c_str());
    }
    return 0;
  }
  if (args[1] == "assign" && args.size() == 2) {
    v1::ProposeAssignmentsRequest request;
    for (const std::string& r : regions) request.add_regions(r);
    request.set_edges_per_vacancy(absl::GetFlag(FLAGS_edges_per_vacancy));
    v1::ProposeAssignmentsResponse response;
    s = stub->ProposeAssignments(Context().get(), request, &response);
    if (!s.ok()) return ReportError(s);
    if (json) {
      Print(response);
      return 0;
    }
    std::printf(
        "%lld placements (total score %lld) against %lld by greedy "
        "per-vacancy picking (%lld); %lld candidates, %lld open vacancies, "
        "%lld positions, %lld pairs considered (%d per vacancy)\n",
        static_cast<long long>(response.optimal().placements()),
        static_cast<long long>(response.optimal().total_score()),
        static_cast<long long>(response.greedy().placements()),
        static_cast<long long>(response.greedy().total_score()),
        static_cast<long long>(response.candidate_count()),
        static_cast<long long>(response.open_vacancy_count()),
        static_cast<long long>(response.open_position_count()),
        static_cast<long long>(response.edge_count()),
        response.edges_per_vacancy());
    std::printf("  %-40s %-40s %s\n", "candidate", "vacancy", "score");
    for (const auto& p : response.proposals()) {
      std::printf("  %-40s %-40s %d\n", p.candidate().c_str(),
                  p.vacancy().c_str(), p.score());
    }
    return 0;
  }
  return Usage();
}

// placements propose|move|get|list: the placements as JSON.
int Placements(const std::shared_ptr<grpc::Channel>& channel,
               const std::vector<std::string>& args) {
  auto stub = v1::PlacementService::NewStub(channel);
  grpc::Status s;
  if (args[1] == "propose" && args.size() == 4) {
    v1::CreatePlacementRequest request;
    request.mutable_placement()->set_candidate(args[2]);
    request.mutable_placement()->set_vacancy(args[3]);
    v1::Placement placement;
    s = stub->CreatePlacement(Context().get(), request, &placement);
    if (s.ok()) Print(placement);
  } else if (args[1] == "move" && args.size() == 4) {
    v1::TransitionPlacementRequest request;
    request.set_name(args[2]);
    v1::Placement::State state;
    if (!v1::Placement::State_Parse(args[3], &state)) {
      std::cerr << "error: STATE is INTRODUCED, TRIAL, HIRED, DECLINED or "
                   "ENDED\n";
      return 2;
    }
    request.set_state(state);
    request.set_hours_per_week(absl::GetFlag(FLAGS_hours));
    request.set_decline_reason(absl::GetFlag(FLAGS_reason));
    request.set_etag(absl::GetFlag(FLAGS_etag));
    if (!absl::GetFlag(FLAGS_contract).empty()) {
      v1::Vacancy::ContractType contract;
      if (!v1::Vacancy::ContractType_Parse(absl::GetFlag(FLAGS_contract),
                                           &contract)) {
        std::cerr << "error: --contract is DIRECT, AGENCY or SECONDMENT\n";
        return 2;
      }
      request.set_contract_type(contract);
    }
    v1::Placement placement;
    s = stub->TransitionPlacement(Context().get(), request, &placement);
    if (s.ok()) Print(placement);
  } else if (args[1] == "get" && args.size() == 3) {
    v1::GetPlacementRequest request;
    request.set_name(args[2]);
    v1::Placement placement;
    s = stub->GetPlacement(Context().get(), request, &placement);
    if (s.ok()) Print(placement);
  } else if (args[1] == "list" && args.size() <= 3) {
    v1::ListPlacementsRequest request;
    request.set_parent(args.size() == 3 ? args[2] : "candidates/-");
    request.set_region(absl::GetFlag(FLAGS_region));
    if (!absl::GetFlag(FLAGS_status).empty()) {
      v1::Placement::State state;
      if (!v1::Placement::State_Parse(absl::GetFlag(FLAGS_status), &state)) {
        std::cerr << "error: --status is a placement state\n";
        return 2;
      }
      request.set_state(state);
    }
    request.set_page_size(absl::GetFlag(FLAGS_page_size));
    request.set_page_token(absl::GetFlag(FLAGS_page_token));
    v1::ListPlacementsResponse response;
    s = stub->ListPlacements(Context().get(), request, &response);
    if (s.ok()) Print(response);
  } else {
    return Usage();
  }
  return s.ok() ? 0 : ReportError(s);
}

// progress: jobs per quarter against the targets, as a table or JSON.
int Progress(const std::shared_ptr<grpc::Channel>& channel) {
  auto stub = v1::PlacementService::NewStub(channel);
  v1::GetProgressRequest request;
  request.set_from_quarter(absl::GetFlag(FLAGS_from));
  request.set_to_quarter(absl::GetFlag(FLAGS_to));
  request.set_employer(absl::GetFlag(FLAGS_employer));
  v1::Progress progress;
  grpc::Status s = stub->GetProgress(Context().get(), request, &progress);
  if (!s.ok()) return ReportError(s);
  if (absl::GetFlag(FLAGS_json)) {
    Print(progress);
    return 0;
  }
  auto cell = [](const v1::JobCount& c) {
    return c.suppressed() ? std::string("(<10)")
                          : absl::StrFormat("%.2f", c.total());
  };
  std::printf("jobs of 25.5 hours held at the end of each quarter%s\n",
              request.employer().empty()
                  ? ""
                  : absl::StrCat(" at ", request.employer()).c_str());
  std::printf("%-7s %10s %10s %10s %10s %10s %10s %10s  %s\n", "quarter",
              "jobs", "private", "public", "direct", "agency", "secondment",
              "hired", "regions");
  for (const auto& q : progress.quarters()) {
    const v1::JobCount& n = q.national();
    std::vector<std::string> regions;
    for (const auto& r : q.regions()) {
      regions.push_back(absl::StrCat(r.region(), " ", cell(r.jobs())));
    }
    std::printf(
        "%-7s %10s %10.2f %10.2f %10.2f %10.2f %10.2f %10s  %s\n",
        q.quarter().c_str(), cell(n).c_str(),
        n.private_direct() + n.private_agency() + n.private_secondment(),
        n.public_direct() + n.public_agency() + n.public_secondment(),
        n.private_direct() + n.public_direct(),
        n.private_agency() + n.public_agency(),
        n.private_secondment() + n.public_secondment(), cell(q.hired()).c_str(),
        absl::StrJoin(regions, ", ").c_str());
  }
  std::printf("targets: %.0f private (%.3f%% reached), %.0f public (%.3f%%)\n",
              progress.target_private(), 100 * progress.private_share(),
              progress.target_public(), 100 * progress.public_share());
  return 0;
}

// supply: available candidates per region, as a table or JSON.
int Supply(const std::shared_ptr<grpc::Channel>& channel) {
  auto stub = v1::SupplyService::NewStub(channel);
  v1::GetSupplyRequest request;
  AddRegionsFlag(request);
  v1::Supply supply;
  grpc::Status s = stub->GetSupply(Context().get(), request, &supply);
  if (!s.ok()) return ReportError(s);
  if (absl::GetFlag(FLAGS_json)) {
    Print(supply);
    return 0;
  }
  auto count = [](int64_t n, bool hidden) {
    return hidden ? std::string("(<10)") : absl::StrCat(n);
  };
  std::printf("%-6s %10s %8s %7s %22s %18s  %s\n", "region", "available",
              "stale", "share", "stamped not placeable", "placeable by need",
              "largest needs");
  auto row = [&](const v1::RegionSupply& r) {
    std::vector<std::pair<int64_t, std::string>> needs;
    for (const auto& n : r.needs()) {
      if (!n.suppressed() && !n.need().empty()) {
        needs.emplace_back(n.candidates(), n.need());
      }
    }
    std::sort(needs.rbegin(), needs.rend());
    std::vector<std::string> top;
    for (size_t i = 0; i < needs.size() && i < 3; ++i) {
      top.push_back(absl::StrCat(needs[i].second, " ", needs[i].first));
    }
    std::printf(
        "%-6s %10s %8s %6.1f%% %22s %18s  %s\n",
        r.region().empty() ? "all" : r.region().c_str(),
        count(r.available(), r.available_suppressed()).c_str(),
        count(r.stale(), r.stale_suppressed()).c_str(), 100 * r.stale_share(),
        count(r.stamped_not_placeable(), r.stamped_suppressed()).c_str(),
        count(r.placeable_by_need(), r.placeable_suppressed()).c_str(),
        absl::StrJoin(top, ", ").c_str());
  };
  for (const auto& r : supply.regions()) row(r);
  row(supply.total());
  return 0;
}

// bottlenecks: stuck vacancies and candidates per region, or JSON.
int Bottlenecks(const std::shared_ptr<grpc::Channel>& channel) {
  auto stub = v1::SupplyService::NewStub(channel);
  v1::GetBottlenecksRequest request;
  AddRegionsFlag(request);
  v1::Bottlenecks report;
  grpc::Status s = stub->GetBottlenecks(Context().get(), request, &report);
  if (!s.ok()) return ReportError(s);
  if (absl::GetFlag(FLAGS_json)) {
    Print(report);
    return 0;
  }
  for (const auto& r : report.regions()) {
    if (r.vacancies().empty() && r.stranded_candidates() == 0 &&
        !r.stranded_suppressed()) {
      continue;
    }
    std::printf("%s: %d vacancies nobody fits, %s candidates no vacancy fits\n",
                r.region().c_str(), r.vacancies_size(),
                r.stranded_suppressed()
                    ? "(<10)"
                    : absl::StrCat(r.stranded_candidates()).c_str());
    for (const auto& v : r.vacancies()) {
      std::printf(
          "  %-40s %s\n", v.vacancy().c_str(),
          v.kind() == v1::Constraint::TRAVEL
              ? "nobody available within reach"
              : absl::StrCat(v.kind() == v1::Constraint::SUPPORT_NEED
                                 ? "need "
                                 : "capacity ",
                             v.subject(), " keeps out ",
                             v.suppressed() ? std::string("(<10)")
                                            : absl::StrCat(v.candidates()))
                    .c_str());
    }
    for (const auto& n : r.unoffered_needs()) {
      std::printf(
          "  need %-34s no employer in reach offers it: %s candidates\n",
          n.need().c_str(),
          n.suppressed() ? "(<10)" : absl::StrCat(n.candidates()).c_str());
    }
  }
  return 0;
}

// Shows a new user ranked matches at once: the open vacancy with the most
// matching candidates among the first page of open ones, and its top five.
// forecast: the supply per region for the years ahead, or JSON.
int Forecast(const std::shared_ptr<grpc::Channel>& channel) {
  auto stub = v1::SupplyService::NewStub(channel);
  v1::ForecastSupplyRequest request;
  AddRegionsFlag(request);
  request.set_years(absl::GetFlag(FLAGS_years));
  request.set_history_quarters(absl::GetFlag(FLAGS_history_quarters));
  v1::SupplyForecast forecast;
  grpc::Status s = stub->ForecastSupply(Context().get(), request, &forecast);
  if (!s.ok()) return ReportError(s);
  if (absl::GetFlag(FLAGS_json)) {
    Print(forecast);
    return 0;
  }
  std::printf("%-6s %7s %8s %9s %8s %9s", "region", "now", "quarters",
              "inflow/q", "placed/q", "withdr./q");
  for (const auto& y : forecast.total().years()) {
    std::printf(" %20s", y.until_quarter().c_str());
  }
  std::printf("\n");
  auto row = [](const v1::RegionForecast& r) {
    std::printf("%-6s %7lld", r.region().empty() ? "all" : r.region().c_str(),
                static_cast<long long>(r.available_now()));
    if (r.has_rates()) {
      std::printf(" %8d %9.1f %7.1f%% %8.1f%%", r.rates().quarters_observed(),
                  r.rates().inflow(), 100 * r.rates().placement_rate(),
                  100 * r.rates().withdrawal_rate());
    } else {
      std::printf(" %8s %9s %8s %9s", "", "", "", "");
    }
    for (const auto& y : r.years()) {
      std::printf(" %20s", absl::StrFormat("%d (%d-%d)", y.available(), y.low(),
                                           y.high())
                               .c_str());
    }
    std::printf("\n");
  };
  for (const auto& r : forecast.regions()) row(r);
  row(forecast.total());
  std::printf(
      "the supply: available now or from a date; ranges are 80%% intervals "
      "of the flows' variation; method in docs/REPORTS.md%s\n",
      forecast.rounded_to() > 0
          ? absl::StrCat("; counts rounded to ", forecast.rounded_to()).c_str()
          : "");
  return 0;
}

// history record FILE: past quarters of the supply ledger (admins).
int RecordHistory(const std::shared_ptr<grpc::Channel>& channel,
                  const std::string& path) {
  v1::RecordSupplyHistoryRequest request;
  std::string json;
  if (!ReadInput(path, &json) || !ParseJson(json, &request, path)) return 2;
  v1::RecordSupplyHistoryResponse response;
  grpc::Status s = v1::SupplyService::NewStub(channel)->RecordSupplyHistory(
      Context().get(), request, &response);
  if (!s.ok()) return ReportError(s);
  Print(response);
  return 0;
}

// backup create | list (admins).
int Backups(const std::shared_ptr<grpc::Channel>& channel,
            const std::string& verb) {
  auto stub = v1::AdminService::NewStub(channel);
  grpc::Status s;
  if (verb == "create") {
    v1::CreateBackupRequest request;
    request.set_keep(absl::GetFlag(FLAGS_keep));
    v1::Backup backup;
    s = stub->CreateBackup(Context().get(), request, &backup);
    if (s.ok()) Print(backup);
  } else if (verb == "list") {
    v1::ListBackupsResponse response;
    s = stub->ListBackups(Context().get(), v1::ListBackupsRequest(), &response);
    if (s.ok()) Print(response);
  } else {
    return Usage();
  }
  return s.ok() ? 0 : ReportError(s);
}

int DemoShow(const std::shared_ptr<grpc::Channel>& channel) {
  auto vacancies = v1::VacancyService::NewStub(channel);
  auto match = v1::MatchService::NewStub(channel);
  v1::ListVacanciesRequest list;
  list.set_status(v1::Vacancy::OPEN);
  list.set_page_size(100);
  v1::ListVacanciesResponse open;
  grpc::Status s = vacancies->ListVacancies(Context().get(), list, &open);
  if (!s.ok()) return ReportError(s);
  std::string best;
  int64_t most = -1;
  for (const auto& v : open.vacancies()) {
    v1::RankCandidatesRequest request;
    request.set_vacancy(v.name());
    request.set_page_size(1);
    v1::RankCandidatesResponse response;
    if (match->RankCandidates(Context().get(), request, &response).ok() &&
        response.feasible_count() > most) {
      most = response.feasible_count();
      best = v.name();
    }
  }
  if (best.empty()) {
    std::printf("no open vacancies yet\n");
    return 0;
  }
  absl::SetFlag(&FLAGS_page_size, 5);
  absl::SetFlag(&FLAGS_near_misses, 3);
  return Rank(channel, {"rank", "candidates", best});
}

// Creates a key, appends its hash to the key file and shows the key once.
int CreateKey() {
  services::KeyEntry entry;
  entry.principal = absl::GetFlag(FLAGS_principal);
  absl::StatusOr<services::Role> role =
      services::ParseRole(absl::GetFlag(FLAGS_role));
  if (entry.principal.empty() || !role.ok() ||
      absl::GetFlag(FLAGS_keys_file).empty()) {
    std::cerr << "error: keys create needs --keys_file, --principal and "
                 "--role (wsp, employer, integration, analyst, admin)\n";
    return 2;
  }
  entry.role = *role;
  entry.regions =
      absl::StrSplit(absl::GetFlag(FLAGS_regions), ',', absl::SkipEmpty());
  entry.employer = absl::GetFlag(FLAGS_employer);
  const std::string key = services::NewApiKey();
  const std::string line =
      services::KeyFileLine(services::HashApiKey(key), entry);
  // Check the line as the server will read it before writing it.
  absl::StatusOr<std::unique_ptr<services::KeyStore>> check =
      services::KeyStore::Parse(line, "new key");
  if (!check.ok()) {
    std::cerr << "error: " << check.status().message() << "\n";
    return 2;
  }
  std::ofstream file(absl::GetFlag(FLAGS_keys_file), std::ios::app);
  file << line << "\n";
  if (!file) {
    std::cerr << "error: cannot write " << absl::GetFlag(FLAGS_keys_file)
              << "\n";
    return 2;
  }
  std::cout << key << "\n";
  std::cerr << "key for " << entry.principal << " ("
            << absl::GetFlag(FLAGS_role) << ") added to "
            << absl::GetFlag(FLAGS_keys_file) << "; it is shown only now\n";
  return 0;
}

int Run(const std::vector<std::string>& args) {
  if (args.empty()) return Usage();
  if (args[0] == "keys" && args.size() == 2 && args[1] == "create") {
    return CreateKey();
  }
  auto channel = grpc::CreateChannel(absl::GetFlag(FLAGS_server),
                                     grpc::InsecureChannelCredentials());
  if (args[0] == "candidates") {
    CandidateCalls calls{v1::CandidateService::NewStub(channel)};
    return ResourceCommand(calls, args);
  }
  if (args[0] == "vacancies") {
    VacancyCalls calls{v1::VacancyService::NewStub(channel)};
    return ResourceCommand(calls, args);
  }
  if (args[0] == "taxonomy" && args.size() == 1) {
    auto stub = v1::TaxonomyService::NewStub(channel);
    v1::Taxonomy taxonomy;
    grpc::Status s =
        stub->GetTaxonomy(Context().get(), v1::GetTaxonomyRequest(), &taxonomy);
    if (!s.ok()) return ReportError(s);
    Print(taxonomy);
    return 0;
  }
  if (args[0] == "demo" && args.size() == 2 && args[1] == "load") {
    return DemoLoad(channel);
  }
  if (args[0] == "demo" && args.size() == 2 && args[1] == "show") {
    return DemoShow(channel);
  }
  if (args[0] == "rank" && args.size() == 3) return Rank(channel, args);
  if ((args[0] == "consent" || args[0] == "introduce") && args.size() == 3) {
    return Consent(channel, args);
  }
  if (args[0] == "explain" && args.size() == 3) {
    return Explain(channel, args[1], args[2]);
  }
  if (args[0] == "advice" && args.size() >= 2) return Advice(channel, args);
  if (args[0] == "placements" && args.size() >= 2) {
    return Placements(channel, args);
  }
  if (args[0] == "progress" && args.size() == 1) return Progress(channel);
  if (args[0] == "supply" && args.size() == 1) return Supply(channel);
  if (args[0] == "bottlenecks" && args.size() == 1) return Bottlenecks(channel);
  if (args[0] == "forecast" && args.size() == 1) return Forecast(channel);
  if (args[0] == "backup" && args.size() == 2) return Backups(channel, args[1]);
  if (args[0] == "history" && args.size() == 3 && args[1] == "record") {
    return RecordHistory(channel, args[2]);
  }
  return Usage();
}

}  // namespace
}  // namespace passend::tools

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "passend [--server=HOST:PORT] COMMAND\n"
      "  candidates|vacancies create FILE.json\n"
      "  candidates|vacancies get NAME\n"
      "  candidates|vacancies list [--region=AM14] [--status=S] "
      "[--page_size=N] [--all]\n"
      "  candidates|vacancies update NAME FILE.json [--mask=f1,f2] [--etag=E]\n"
      "  candidates|vacancies delete NAME [--etag=E]\n"
      "  candidates|vacancies import FILE.jsonl\n"
      "  rank candidates VACANCY [--page_size=N] [--region=AM14] "
      "[--near_misses=N] [--json]\n"
      "  rank vacancies CANDIDATE [--page_size=N] [--near_misses=N] [--json]\n"
      "  rank anonymous VACANCY [--page_size=N] [--json]   (employer's view)\n"
      "  consent give|withdraw CANDIDATE --employer=E [--vacancy=V]\n"
      "  consent list CANDIDATE\n"
      "  introduce CANDIDATE VACANCY   (identity, with consent)\n"
      "  explain CANDIDATE VACANCY [--json]\n"
      "  advice adjustments VACANCY [--regions=AM14,..] [--json]\n"
      "  advice blockers CANDIDATE [--regions=..] [--json]\n"
      "  advice opportunities [--regions=..] [--json]\n"
      "  advice assign --regions=AM14,.. [--edges_per_vacancy=N] [--json]\n"
      "  placements propose CANDIDATE VACANCY\n"
      "  placements move PLACEMENT INTRODUCED|TRIAL|HIRED|DECLINED|ENDED "
      "[--hours=N] [--reason=R] [--contract=C] [--etag=E]\n"
      "  placements get PLACEMENT | placements list [CANDIDATE] [--region=R] "
      "[--status=STATE]\n"
      "  progress [--from=2026Q1] [--to=2026Q4] [--employer=E] [--json]\n"
      "  supply [--regions=AM14,..] [--json]\n"
      "  bottlenecks [--regions=AM14,..] [--json]\n"
      "  forecast [--regions=AM14,..] [--years=N] [--history_quarters=N] "
      "[--json]\n"
      "  history record FILE   (RecordSupplyHistoryRequest JSON; admins)\n"
      "  backup create [--keep=N] | backup list   (admins)\n"
      "  taxonomy\n"
      "  demo load [--candidates=N] [--vacancies=N] [--placements=N] "
      "[--seed=S]\n"
      "  demo show\n"
      "  keys create --keys_file=F --principal=NAME --role=ROLE "
      "[--regions=AM14,..] [--employer=ID]\n"
      "Calls carry --key (or $PASSEND_KEY) when the server uses a key file.\n"
      "FILE may be - for standard input.");
  std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  std::vector<std::string> args(positional.begin() + 1, positional.end());
  return passend::tools::Run(args);
}
