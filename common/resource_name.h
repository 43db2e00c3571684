// The resource names of passend.v1: "candidates/{id}" and
// "vacancies/{id}". Every place that builds one from an id, or names the
// collection a name must be in, uses these (parsing with the id checked is
// services' ParseResourceName).
#ifndef PASSEND_COMMON_RESOURCE_NAME_H_
#define PASSEND_COMMON_RESOURCE_NAME_H_

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace passend {

inline constexpr absl::string_view kCandidateCollection = "candidates";
inline constexpr absl::string_view kVacancyCollection = "vacancies";

inline std::string CandidateName(absl::string_view id) {
  return absl::StrCat(kCandidateCollection, "/", id);
}

inline std::string VacancyName(absl::string_view id) {
  return absl::StrCat(kVacancyCollection, "/", id);
}

// The id in a name these built (the part after the collection's "/").
inline absl::string_view IdOf(absl::string_view name) {
  const size_t slash = name.find('/');
  return slash == absl::string_view::npos ? name : name.substr(slash + 1);
}

}  // namespace passend

#endif  // PASSEND_COMMON_RESOURCE_NAME_H_
