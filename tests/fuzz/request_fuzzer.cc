// libFuzzer target for request parsing and validation: the bytes are a
// request message (the first byte says which) as gRPC would hand it over,
// also through the server's own path for bytes that do not parse (every
// refusal INVALID_ARGUMENT) and the import stream's record splitting;
// parsing, validation and, for what validation accepts, the matcher's
// profile compiler must take it without a crash, a leak or undefined
// behaviour. Also resource names, quarters and page tokens from free text.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "matcher/profile.h"
#include "matcher/reference_data.h"
#include "matcher/taxonomy.h"
#include "passend/v1/candidate.pb.h"
#include "passend/v1/supply.pb.h"
#include "passend/v1/vacancy.pb.h"
#include "services/api/page_token.h"
#include "services/api/request_parse.h"
#include "services/api/resource_api.h"
#include "services/api/validation.h"
#include "services/reports/forecast.h"
#include "services/reports/progress.h"

namespace {

using passend::services::Validator;

struct World {
  passend::matcher::Taxonomy taxonomy;
  std::unique_ptr<passend::matcher::ReferenceData> reference;
  std::unique_ptr<Validator> validator;
  std::unique_ptr<passend::matcher::ProfileCompiler> compiler;
};

const World& TheWorld() {
  static const World* const world = [] {
    auto* w = new World{
        *passend::matcher::Taxonomy::LoadFile(PASSEND_DATA_DIR
                                              "/taxonomy.textproto"),
        *passend::matcher::ReferenceData::LoadDirectory(PASSEND_DATA_DIR),
        nullptr, nullptr};
    w->validator = std::make_unique<Validator>(w->taxonomy, *w->reference);
    w->compiler = std::make_unique<passend::matcher::ProfileCompiler>(
        *passend::matcher::ProfileCompiler::Create(&w->taxonomy,
                                                   w->reference.get()));
    return w;
  }();
  return *world;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const World& world = TheWorld();
  const int kind = data[0] % 6;
  const absl::string_view bytes(reinterpret_cast<const char*>(data) + 1,
                                size - 1);
  const absl::CivilDay today(2026, 11, 29);
  switch (kind) {
    case 0: {
      passend::v1::CreateCandidateRequest request;
      if (!request.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
        break;
      if (world.validator
              ->ValidateCandidate(request.candidate(), "candidate.", today)
              .ok()) {
        (void)world.compiler->Compile(request.candidate());
      }
      break;
    }
    case 1: {
      passend::v1::CreateVacancyRequest request;
      if (!request.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
        break;
      passend::v1::Vacancy vacancy = request.vacancy();
      passend::services::ApplyVacancyDefaults(*world.reference, vacancy);
      if (world.validator->ValidateVacancy(vacancy, "vacancy.").ok()) {
        (void)world.compiler->Compile(vacancy);
      }
      break;
    }
    case 2: {
      passend::v1::RecordSupplyHistoryRequest request;
      if (!request.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
        break;
      for (const passend::v1::QuarterFlows& flows : request.quarters()) {
        (void)passend::services::LedgerEntry(flows, "quarters[0].");
      }
      break;
    }
    case 3: {
      // The server's own path for a unary request's bytes: parsed, or
      // INVALID_ARGUMENT saying why (services/rpc/unparsable_requests.h).
      passend::v1::CreateCandidateRequest request;
      if (!request.ParseFromArray(bytes.data(),
                                  static_cast<int>(bytes.size()))) {
        const absl::Status why = passend::services::UnparsableMessage(
            *passend::v1::CreateCandidateRequest::descriptor(), bytes);
        if (why.code() != absl::StatusCode::kInvalidArgument) std::abort();
      }
      break;
    }
    case 4: {
      // An import message's bytes as the import stream takes them: split
      // into records, each parsed on its own. The split must agree with
      // protobuf: a message protobuf parses splits into as many records,
      // each parsing; one the split refuses, protobuf refuses too.
      passend::v1::ImportCandidatesRequest whole;
      const bool parses =
          whole.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()));
      auto records = passend::services::SplitRecords(
          bytes, passend::v1::ImportCandidatesRequest::kCandidatesFieldNumber);
      if (!records.ok()) {
        if (parses) std::abort();
        break;
      }
      if (parses &&
          static_cast<int>(records->size()) != whole.candidates_size()) {
        std::abort();
      }
      for (absl::string_view record_bytes : *records) {
        passend::v1::Candidate candidate;
        if (!candidate.ParseFromArray(record_bytes.data(),
                                      static_cast<int>(record_bytes.size()))) {
          if (parses) std::abort();
          (void)passend::services::UnparsableMessage(
              *passend::v1::Candidate::descriptor(), record_bytes);
        }
      }
      break;
    }
    default: {
      const std::string text(bytes);
      (void)passend::services::ParseResourceName(text, "candidates", "name");
      (void)passend::services::ParseQuarter(text, "quarter");
      (void)passend::services::DecodePageToken(
          text, passend::services::FilterFingerprint("region=AM14"));
      break;
    }
  }
  return 0;
}
