// Streaming records into passendd, for the import commands and the demo.
#ifndef PASSEND_TOOLS_PASSEND_RECORDS_H_
#define PASSEND_TOOLS_PASSEND_RECORDS_H_

#include <cstdint>
#include <memory>

#include "absl/functional/function_ref.h"
#include "grpcpp/grpcpp.h"
#include "passend/v1/candidate.pb.h"
#include "passend/v1/vacancy.pb.h"

namespace passend::tools {

// Streams the records `next` gives (it returns false at the end) through
// one import call, showing progress on a terminal out of `expected` (0:
// unknown), and prints the import's summary. The exit status: kExitRefused
// when the call or any record failed.
int ImportCandidates(const std::shared_ptr<grpc::Channel>& channel,
                     absl::FunctionRef<bool(v1::Candidate*)> next,
                     int64_t expected);
int ImportVacancies(const std::shared_ptr<grpc::Channel>& channel,
                    absl::FunctionRef<bool(v1::Vacancy*)> next,
                    int64_t expected);

}  // namespace passend::tools

#endif  // PASSEND_TOOLS_PASSEND_RECORDS_H_
