// What an employer may see of a match: turns a full MatchExplanation into
// an AnonymousMatch, which has no identity, no capacity level, no need and
// no exact location, and shows the person's needs as conditions (sets of
// adjustments of which the employer would have to offer one).
#ifndef PASSEND_SERVICES_ACCESS_ANONYMOUS_VIEW_H_
#define PASSEND_SERVICES_ACCESS_ANONYMOUS_VIEW_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "matcher/taxonomy.h"
#include "passend/v1/match.pb.h"

namespace passend::services {

class AnonymousView {
 public:
  // `taxonomy` must outlive the view.
  explicit AnonymousView(const matcher::Taxonomy* taxonomy);

  // REQUIRES: `full` was explained (not a BASIC result).
  passend::v1::AnonymousMatch Of(
      const passend::v1::MatchExplanation& full) const;

 private:
  // Adjustment ids meeting each need, sorted.
  absl::flat_hash_map<std::string, std::vector<std::string>> meeting_;
};

}  // namespace passend::services

#endif  // PASSEND_SERVICES_ACCESS_ANONYMOUS_VIEW_H_
