// candidates and vacancies: create, get, list, update, delete and import,
// the same commands over two collections.
#include "tools/passend/records.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "google/protobuf/empty.pb.h"
#include "google/protobuf/field_mask.pb.h"
#include "passend/v1/candidate.grpc.pb.h"
#include "passend/v1/vacancy.grpc.pb.h"
#include "tools/passend/client.h"
#include "tools/passend/command.h"
#include "tools/passend/flags.h"

ABSL_FLAG(bool, all, false, "follow page tokens to the end");
ABSL_FLAG(std::string, freshness, "",
          "only profiles confirmed within the taxonomy's stale_after_days "
          "(FRESH) or not (STALE)");
ABSL_FLAG(std::string, mask, "",
          "comma-separated fields to change (default: every writable field)");
ABSL_FLAG(std::string, request_id, "",
          "idempotency key: a retry with the same key gets the first "
          "response");

namespace passend::tools {
namespace {

using v1::Candidate;
using v1::Vacancy;

constexpr int kImportChunk = 500;

// The calls that differ between candidates and vacancies; everything else
// in the commands below is shared.
struct CandidateCalls {
  using Record = Candidate;
  using ImportRequest = v1::ImportCandidatesRequest;
  static constexpr const char* kCollection = "candidates";
  static constexpr const char* kRecord = "candidate";
  static constexpr const char* kRegionHelp =
      "only candidates owned by this region (e.g. AM14)";
  static constexpr const char* kStatusHelp =
      "only this availability: AVAILABLE_NOW, AVAILABLE_FROM, PLACED or "
      "WITHDRAWN";
  static std::vector<Option> ListFilters() { return {Opt(FLAGS_freshness)}; }
  explicit CandidateCalls(const std::shared_ptr<grpc::Channel>& channel)
      : stub(v1::CandidateService::NewStub(channel)) {}
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
    r.set_query(absl::GetFlag(FLAGS_query));
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
    if (std::string s = absl::GetFlag(FLAGS_freshness); !s.empty()) {
      v1::ListCandidatesRequest::Freshness f;
      if (!v1::ListCandidatesRequest::Freshness_Parse(s, &f)) {
        return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                            "--freshness must be FRESH or STALE");
      }
      r.set_freshness(f);
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
  static constexpr const char* kRecord = "vacancy";
  static constexpr const char* kRegionHelp =
      "only vacancies in this region (e.g. AM14)";
  static constexpr const char* kStatusHelp =
      "only this status: DRAFT, OPEN, FILLED or CLOSED";
  static std::vector<Option> ListFilters() { return {}; }
  explicit VacancyCalls(const std::shared_ptr<grpc::Channel>& channel)
      : stub(v1::VacancyService::NewStub(channel)) {}
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
    r.set_query(absl::GetFlag(FLAGS_query));
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
  return summary.failed() > 0 ? kExitRefused : kExitOk;
}

template <typename Calls>
int Create(const Invocation& in) {
  typename Calls::Record record, out;
  if (absl::Status read = ReadMessage(in.args[0], &record); !read.ok()) {
    return ReportUsageError(read);
  }
  return PrintResult(Calls(in.channel).Create(record, &out), out);
}

template <typename Calls>
int Get(const Invocation& in) {
  typename Calls::Record out;
  return PrintResult(Calls(in.channel).Get(in.args[0], &out), out);
}

template <typename Calls>
int List(const Invocation& in) {
  Calls calls(in.channel);
  std::string token = absl::GetFlag(FLAGS_page_token);
  int64_t count = 0;
  while (true) {
    std::vector<typename Calls::Record> page;
    std::string next;
    grpc::Status s = calls.List(token, &page, &next);
    if (!s.ok()) return ReportError(s);
    for (const auto& r : page) std::cout << ToJson(r, false) << "\n";
    count += page.size();
    token = next;
    if (token.empty() || !absl::GetFlag(FLAGS_all)) break;
  }
  std::cerr << count << " " << Calls::kCollection;
  if (!token.empty()) std::cerr << "; more with --page_token=" << token;
  std::cerr << "\n";
  return kExitOk;
}

template <typename Calls>
int Update(const Invocation& in) {
  typename Calls::Record record, out;
  if (absl::Status read = ReadMessage(in.args[1], &record); !read.ok()) {
    return ReportUsageError(read);
  }
  record.set_name(in.args[0]);
  if (!absl::GetFlag(FLAGS_etag).empty()) {
    record.set_etag(absl::GetFlag(FLAGS_etag));
  }
  google::protobuf::FieldMask mask;
  for (std::string& path : SplitList(absl::GetFlag(FLAGS_mask))) {
    mask.add_paths(std::move(path));
  }
  return PrintResult(Calls(in.channel).Update(record, mask, &out), out);
}

template <typename Calls>
int Delete(const Invocation& in) {
  grpc::Status s =
      Calls(in.channel).Delete(in.args[0], absl::GetFlag(FLAGS_etag));
  if (!s.ok()) return ReportError(s);
  std::cerr << "deleted " << in.args[0] << "\n";
  return kExitOk;
}

// FILE (or standard input for "-"), one JSON record per line; a line that
// does not parse is reported and skipped.
template <typename Calls>
int Import(const Invocation& in) {
  const std::string& path = in.args[0];
  std::ifstream file_stream;
  std::istream* input = &std::cin;
  if (path != "-") {
    file_stream.open(path);
    if (!file_stream) {
      std::cerr << "error: cannot read " << path << "\n";
      return kExitUsage;
    }
    input = &file_stream;
  }
  std::vector<int64_t> line_of;
  int64_t line_number = 0;
  int64_t unparsable = 0;
  std::string line;
  auto next = [&](typename Calls::Record* record) {
    while (std::getline(*input, line)) {
      ++line_number;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      record->Clear();
      absl::Status parsed =
          ParseJson(line, absl::StrCat(path, " line ", line_number), record);
      if (!parsed.ok()) {
        std::cerr << "error: " << parsed.message() << "\n";
        ++unparsable;
        continue;
      }
      line_of.push_back(line_number);
      return true;
    }
    return false;
  };
  Calls calls(in.channel);
  int result = StreamImport(calls, next, 0, &line_of);
  if (unparsable > 0) {
    std::cerr << unparsable << " lines could not be parsed and were not sent\n";
    return std::max(result, kExitRefused);
  }
  return result;
}

template <typename Calls>
std::vector<Command> ResourceCommands() {
  const std::string all = Calls::kCollection;
  const std::string one = Calls::kRecord;
  std::vector<Option> list_options = {Opt(FLAGS_region, Calls::kRegionHelp),
                                      Opt(FLAGS_status, Calls::kStatusHelp),
                                      Opt(FLAGS_query),
                                      Opt(FLAGS_page_size),
                                      Opt(FLAGS_page_token),
                                      Opt(FLAGS_all)};
  for (Option& filter : Calls::ListFilters()) {
    list_options.push_back(std::move(filter));
  }
  return {
      {all + " create",
       {"FILE"},
       {Opt(FLAGS_request_id)},
       "creates a " + one + " from FILE (JSON) and prints it",
       "",
       Create<Calls>},
      {all + " get",
       {"NAME"},
       {},
       "prints " + one + " NAME (" + all + "/{id})",
       "",
       Get<Calls>},
      {all + " list",
       {},
       list_options,
       "lists " + all + ", one JSON record per line",
       "Prints one page (with --all, every page) on standard output, and "
       "how many were listed and the next page token on standard error.",
       List<Calls>},
      {all + " update",
       {"NAME", "FILE"},
       {Opt(FLAGS_mask), Opt(FLAGS_etag)},
       "changes " + one + " NAME to the fields of FILE (JSON) and prints it",
       "",
       Update<Calls>},
      {all + " delete",
       {"NAME"},
       {Opt(FLAGS_etag)},
       "deletes " + one + " NAME",
       "",
       Delete<Calls>},
      {all + " import",
       {"FILE"},
       {},
       "creates or updates the " + all + " of FILE (JSON lines)",
       absl::StrCat("One JSON record per line, upserted by external_ref: a "
                    "new ref creates a ",
                    one,
                    ", a known one replaces its writable fields. Each line "
                    "is written on its own; the summary names every line "
                    "that failed, and the exit status is 1 if any did."),
       Import<Calls>},
  };
}

}  // namespace

int ImportCandidates(const std::shared_ptr<grpc::Channel>& channel,
                     absl::FunctionRef<bool(Candidate*)> next,
                     int64_t expected) {
  CandidateCalls calls(channel);
  return StreamImport(calls, next, expected, nullptr);
}

int ImportVacancies(const std::shared_ptr<grpc::Channel>& channel,
                    absl::FunctionRef<bool(Vacancy*)> next, int64_t expected) {
  VacancyCalls calls(channel);
  return StreamImport(calls, next, expected, nullptr);
}

std::vector<Command> RecordCommands() {
  std::vector<Command> commands = ResourceCommands<CandidateCalls>();
  for (Command& c : ResourceCommands<VacancyCalls>()) {
    commands.push_back(std::move(c));
  }
  return commands;
}

}  // namespace passend::tools
