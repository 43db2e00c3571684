// SearchOccupations: the request's rules and the mapping of the matcher's
// occupation search to the API.
#ifndef PASSEND_SERVICES_API_OCCUPATION_API_H_
#define PASSEND_SERVICES_API_OCCUPATION_API_H_

#include "absl/status/statusor.h"
#include "matcher/occupation_search.h"
#include "matcher/reference_data.h"
#include "passend/v1/taxonomy.pb.h"

namespace passend::services {

class OccupationApi {
 public:
  // Both must outlive this object.
  OccupationApi(const matcher::ReferenceData* reference,
                const matcher::OccupationSearch* search)
      : reference_(reference), search_(search) {}

  // INVALID_ARGUMENT naming the field for a query that is empty, longer
  // than 100 bytes, not UTF-8 or without a letter or digit; a language
  // other than "", "nl" or "en"; a negative page_size.
  absl::StatusOr<v1::SearchOccupationsResponse> Search(
      const v1::SearchOccupationsRequest& request) const;

 private:
  const matcher::ReferenceData* reference_;
  const matcher::OccupationSearch* search_;
};

}  // namespace passend::services

#endif  // PASSEND_SERVICES_API_OCCUPATION_API_H_
