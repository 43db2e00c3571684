#include "services/rpc/api_services.h"

#include <optional>
#include <utility>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "services/api/request_parse.h"
#include "services/rpc/grpc_status.h"
#include "services/rpc/serve.h"
#include "services/status/field_violations.h"

namespace passend::services {
namespace {

constexpr absl::string_view kImportSummaryTypeUrl =
    "type.googleapis.com/passend.v1.ImportSummary";

using passend::v1::Candidate;
using passend::v1::Vacancy;

// Reads an import stream, feeding each record to a ResourceApi::Import, and
// finishes with the summary. Authorization happens before the first read.
// Messages arrive as bytes and are split into records before any is
// parsed: a record that does not parse is reported as that record's error
// and the rest go on; a message whose own framing is broken ends the stream
// with INVALID_ARGUMENT naming it, after writing the records before it. A
// stream whose client sends nothing for the idle watch's timeout is ended
// with DEADLINE_EXCEEDED, so that it gives back its admission slot.
template <typename T>
class ImportReactor final : public grpc::ServerReadReactor<grpc::ByteBuffer> {
 public:
  ImportReactor(grpc::CallbackServerContext* context,
                const Authorizer& authorizer, IdleWatch& idle_watch,
                const std::string& method, ResourceApi<T>* api,
                int records_field, grpc::ByteBuffer* response)
      : method_(method), records_field_(records_field), response_(response) {
    absl::StatusOr<Principal> principal =
        authorizer.Authorize(*context, method);
    if (!principal.ok()) {
      Done(principal.status());
      return;
    }
    import_.emplace(api, *principal);
    // Tells the client the stream is admitted (a refused one is finished
    // with its status instead).
    StartSendInitialMetadata();
    idle_ = idle_watch.Watch(
        [this, timeout = idle_watch.timeout()] { EndIdle(timeout); });
    Read();
  }

  void OnReadDone(bool ok) override {
    if (!idle_->Working()) return;  // the idle watch has ended the call
    if (!ok) {  // the client closed its side (or the call broke)
      absl::StatusOr<v1::ImportSummary> summary = import_->Finish();
      if (summary.ok()) Respond(*summary);
      Done(summary.status());
      return;
    }
    absl::Status taken = Take();
    if (!taken.ok()) {
      Done(taken);
      return;
    }
    ++messages_;
    Read();
  }

  void OnDone() override { delete this; }

 private:
  // The records of the message just read.
  absl::Status Take() {
    std::string bytes;
    if (grpc::Status dumped = Bytes(request_, &bytes); !dumped.ok()) {
      return absl::InternalError(dumped.error_message());
    }
    absl::StatusOr<std::vector<absl::string_view>> records =
        SplitRecords(bytes, records_field_);
    if (!records.ok()) return BrokenMessage(records.status());
    for (absl::string_view record_bytes : *records) {
      T record;
      if (record.ParseFromArray(record_bytes.data(),
                                static_cast<int>(record_bytes.size()))) {
        RETURN_IF_ERROR(import_->Add(std::move(record)));
      } else {
        import_->Refuse(UnparsableMessage(*T::descriptor(), record_bytes));
      }
    }
    return absl::OkStatus();
  }

  // Writes what came before the broken message, then says what happened.
  absl::Status BrokenMessage(const absl::Status& why) {
    absl::StatusOr<v1::ImportSummary> before = import_->Finish();
    if (!before.ok()) return before.status();
    absl::Status broken = absl::InvalidArgumentError(absl::StrCat(
        "message ", messages_, " of the stream (counting from 0) is not an ",
        "import request: ", why.message(),
        ". Nothing from it on was read; the ", before->received(),
        " records before it were: ", before->created(), " created, ",
        before->updated(), " updated, ", before->failed(),
        " refused (their errors are in the ImportSummary among the status "
        "details). Imports are upserts: send the stream again from that "
        "message"));
    // A failed call carries no response: the summary so far rides in the
    // status details, so that no refused record goes unreported.
    broken.SetPayload(kImportSummaryTypeUrl,
                      absl::Cord(before->SerializeAsString()));
    return broken;
  }

  static grpc::Status Bytes(const grpc::ByteBuffer& buffer, std::string* out) {
    std::vector<grpc::Slice> slices;
    grpc::Status dumped = buffer.Dump(&slices);
    for (const grpc::Slice& slice : slices) {
      out->append(reinterpret_cast<const char*>(slice.begin()), slice.size());
    }
    return dumped;
  }

  void Respond(const v1::ImportSummary& summary) {
    grpc::Slice slice(summary.SerializeAsString());
    *response_ = grpc::ByteBuffer(&slice, 1);
  }

  void Read() {
    idle_->Wait([this] { this->StartRead(&request_); });
  }

  void Done(const absl::Status& status) {
    if (idle_ != nullptr) idle_->End();
    Close(status);
  }

  // On the idle watch's thread, while a read is outstanding; OnReadDone
  // will not touch the import again.
  void EndIdle(absl::Duration timeout) {
    Close(absl::DeadlineExceededError(absl::StrCat(
        "import stream ended: no message for ", absl::FormatDuration(timeout),
        " (the server's import idle timeout). Records sent before may be "
        "partly written; imports are upserts, so send the stream again")));
  }

  // Records the call and finishes it, freeing the caller's in-flight slots
  // before the client hears the end, so that its next call is admitted.
  void Close(const absl::Status& status) {
    ProcessCallMetrics().Record(method_, status.code(), absl::Now() - start_);
    import_.reset();
    this->Finish(ToGrpcStatus(status));
  }

  const std::string method_;
  const int records_field_;  // the request's repeated record field
  const absl::Time start_ = absl::Now();
  std::optional<typename ResourceApi<T>::Import> import_;
  std::shared_ptr<IdleWatch::Call> idle_;
  grpc::ByteBuffer* response_;
  grpc::ByteBuffer request_;
  int64_t messages_ = 0;
};

const char* const kCandidates = v1::CandidateService::service_full_name();
const char* const kVacancies = v1::VacancyService::service_full_name();

}  // namespace

grpc::ServerUnaryReactor* CandidateServiceImpl::CreateCandidate(
    grpc::CallbackServerContext* context,
    const v1::CreateCandidateRequest* request, Candidate* response) {
  return Serve(context, *authorizer_,
               MethodName(kCandidates, "CreateCandidate"),
               [=, this](const Principal& principal) {
                 return Respond(api_->Create(principal, request->candidate(),
                                             request->request_id()),
                                response);
               });
}

grpc::ServerUnaryReactor* CandidateServiceImpl::GetCandidate(
    grpc::CallbackServerContext* context,
    const v1::GetCandidateRequest* request, Candidate* response) {
  return Serve(context, *authorizer_, MethodName(kCandidates, "GetCandidate"),
               [=, this](const Principal& principal) {
                 return Respond(api_->Get(principal, request->name()),
                                response);
               });
}

grpc::ServerUnaryReactor* CandidateServiceImpl::UpdateCandidate(
    grpc::CallbackServerContext* context,
    const v1::UpdateCandidateRequest* request, Candidate* response) {
  return Serve(context, *authorizer_,
               MethodName(kCandidates, "UpdateCandidate"),
               [=, this](const Principal& principal) {
                 return Respond(api_->Update(principal, request->candidate(),
                                             request->update_mask()),
                                response);
               });
}

grpc::ServerUnaryReactor* CandidateServiceImpl::DeleteCandidate(
    grpc::CallbackServerContext* context,
    const v1::DeleteCandidateRequest* request, google::protobuf::Empty*) {
  return Serve(
      context, *authorizer_, MethodName(kCandidates, "DeleteCandidate"),
      [=, this](const Principal& principal) {
        return api_->Delete(principal, request->name(), request->etag());
      });
}

grpc::ServerUnaryReactor* CandidateServiceImpl::ListCandidates(
    grpc::CallbackServerContext* context,
    const v1::ListCandidatesRequest* request,
    v1::ListCandidatesResponse* response) {
  return Serve(
      context, *authorizer_, MethodName(kCandidates, "ListCandidates"),
      [=, this](const Principal& principal) -> absl::Status {
        auto page =
            api_->List(principal, request->page_size(), request->page_token(),
                       request->owner_region(), request->availability());
        if (!page.ok()) return page.status();
        for (Candidate& c : page->records) {
          *response->add_candidates() = std::move(c);
        }
        response->set_next_page_token(std::move(page->next_page_token));
        return absl::OkStatus();
      });
}

grpc::ServerReadReactor<grpc::ByteBuffer>*
CandidateServiceImpl::ImportCandidates(grpc::CallbackServerContext* context,
                                       grpc::ByteBuffer* response) {
  return new ImportReactor<Candidate>(
      context, *authorizer_, *idle_watch_,
      MethodName(kCandidates, "ImportCandidates"), api_,
      v1::ImportCandidatesRequest::kCandidatesFieldNumber, response);
}

grpc::ServerUnaryReactor* VacancyServiceImpl::CreateVacancy(
    grpc::CallbackServerContext* context,
    const v1::CreateVacancyRequest* request, Vacancy* response) {
  return Serve(context, *authorizer_, MethodName(kVacancies, "CreateVacancy"),
               [=, this](const Principal& principal) {
                 return Respond(api_->Create(principal, request->vacancy(),
                                             request->request_id()),
                                response);
               });
}

grpc::ServerUnaryReactor* VacancyServiceImpl::GetVacancy(
    grpc::CallbackServerContext* context, const v1::GetVacancyRequest* request,
    Vacancy* response) {
  return Serve(context, *authorizer_, MethodName(kVacancies, "GetVacancy"),
               [=, this](const Principal& principal) {
                 return Respond(api_->Get(principal, request->name()),
                                response);
               });
}

grpc::ServerUnaryReactor* VacancyServiceImpl::UpdateVacancy(
    grpc::CallbackServerContext* context,
    const v1::UpdateVacancyRequest* request, Vacancy* response) {
  return Serve(context, *authorizer_, MethodName(kVacancies, "UpdateVacancy"),
               [=, this](const Principal& principal) {
                 return Respond(api_->Update(principal, request->vacancy(),
                                             request->update_mask()),
                                response);
               });
}

grpc::ServerUnaryReactor* VacancyServiceImpl::DeleteVacancy(
    grpc::CallbackServerContext* context,
    const v1::DeleteVacancyRequest* request, google::protobuf::Empty*) {
  return Serve(context, *authorizer_, MethodName(kVacancies, "DeleteVacancy"),
               [=, this](const Principal& principal) {
                 return api_->Delete(principal, request->name(),
                                     request->etag());
               });
}

grpc::ServerUnaryReactor* VacancyServiceImpl::ListVacancies(
    grpc::CallbackServerContext* context,
    const v1::ListVacanciesRequest* request,
    v1::ListVacanciesResponse* response) {
  return Serve(
      context, *authorizer_, MethodName(kVacancies, "ListVacancies"),
      [=, this](const Principal& principal) -> absl::Status {
        auto page =
            api_->List(principal, request->page_size(), request->page_token(),
                       request->region(), request->status());
        if (!page.ok()) return page.status();
        for (Vacancy& v : page->records) {
          *response->add_vacancies() = std::move(v);
        }
        response->set_next_page_token(std::move(page->next_page_token));
        return absl::OkStatus();
      });
}

grpc::ServerReadReactor<grpc::ByteBuffer>* VacancyServiceImpl::ImportVacancies(
    grpc::CallbackServerContext* context, grpc::ByteBuffer* response) {
  return new ImportReactor<Vacancy>(
      context, *authorizer_, *idle_watch_,
      MethodName(kVacancies, "ImportVacancies"), api_,
      v1::ImportVacanciesRequest::kVacanciesFieldNumber, response);
}

grpc::ServerUnaryReactor* TaxonomyServiceImpl::GetTaxonomy(
    grpc::CallbackServerContext* context, const v1::GetTaxonomyRequest*,
    v1::Taxonomy* response) {
  return Serve(
      context, *authorizer_,
      MethodName(v1::TaxonomyService::service_full_name(), "GetTaxonomy"),
      [=, this](const Principal&) {
        *response = taxonomy_->proto();
        return absl::OkStatus();
      });
}

}  // namespace passend::services
