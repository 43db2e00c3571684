// The server side of ImportCandidates and ImportVacancies: one reactor for
// both record types.
#ifndef PASSEND_SERVICES_RPC_IMPORT_REACTOR_H_
#define PASSEND_SERVICES_RPC_IMPORT_REACTOR_H_

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/server_callback.h"
#include "passend/v1/common.pb.h"
#include "services/api/request_parse.h"
#include "services/api/resource_api.h"
#include "services/rpc/call_path.h"
#include "services/rpc/grpc_status.h"
#include "services/rpc/idle_watch.h"
#include "services/status/field_violations.h"

namespace passend::services {

inline constexpr absl::string_view kImportSummaryTypeUrl =
    "type.googleapis.com/passend.v1.ImportSummary";

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
  ImportReactor(grpc::CallbackServerContext* context, const CallPath& calls,
                IdleWatch& idle_watch, const std::string& method,
                ResourceApi<T>* api, int records_field,
                grpc::ByteBuffer* response)
      : method_(method),
        records_field_(records_field),
        metrics_(calls.metrics),
        response_(response) {
    absl::StatusOr<Principal> principal =
        calls.authorizer->Authorize(*context, method);
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
    metrics_->Record(method_, status.code(), absl::Now() - start_);
    import_.reset();
    this->Finish(ToGrpcStatus(status));
  }

  const std::string method_;
  const int records_field_;  // the request's repeated record field
  CallMetrics* const metrics_;
  const absl::Time start_ = absl::Now();
  std::optional<typename ResourceApi<T>::Import> import_;
  std::shared_ptr<IdleWatch::Call> idle_;
  grpc::ByteBuffer* response_;
  grpc::ByteBuffer request_;
  int64_t messages_ = 0;
};

}  // namespace passend::services

#endif  // PASSEND_SERVICES_RPC_IMPORT_REACTOR_H_
