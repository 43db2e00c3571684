// Rankings, for the rank commands and the demo.
#ifndef PASSEND_TOOLS_PASSEND_MATCHING_H_
#define PASSEND_TOOLS_PASSEND_MATCHING_H_

#include <memory>
#include <string>

#include "grpcpp/grpcpp.h"

namespace passend::tools {

// The page of a ranking asked for; zero and empty leave it to the server.
struct RankingPage {
  int page_size = 0;
  std::string page_token;
  int near_misses = 0;
  // Only candidates owned by (or vacancies in) this region.
  std::string region;
};

// Ranks the candidates for `vacancy` and prints them as a table (with
// --json, the response); returns the exit status.
int RankCandidates(const std::shared_ptr<grpc::Channel>& channel,
                   const std::string& vacancy, const RankingPage& page);

}  // namespace passend::tools

#endif  // PASSEND_TOOLS_PASSEND_MATCHING_H_
