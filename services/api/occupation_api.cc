#include "services/api/occupation_api.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "services/api/page_token.h"
#include "services/status/field_violations.h"

namespace passend::services {
namespace {

constexpr size_t kMaxQueryBytes = 100;
constexpr int kDefaultResults = 10;
constexpr int kMaxResults = 50;

const char* LanguageCode(matcher::Language language) {
  return language == matcher::Language::kDutch ? "nl" : "en";
}

void SetOccupation(const matcher::Occupation& from, v1::Occupation* to) {
  to->set_esco_id(from.esco_id);
  to->set_esco_code(from.esco_code);
  to->set_isco_group(from.isco_group);
  to->set_title_en(from.label_en);
  to->set_title_nl(from.label_nl);
}

}  // namespace

absl::StatusOr<v1::SearchOccupationsResponse> OccupationApi::Search(
    const v1::SearchOccupationsRequest& request) const {
  FieldViolations violations;
  // Strings arrive as UTF-8: the protobuf parser refuses anything else.
  const std::string& query = request.query();
  if (query.size() > kMaxQueryBytes) {
    violations.Add("query", absl::StrCat("at most ", kMaxQueryBytes, " bytes"));
  } else if (matcher::SearchWords(query).empty()) {
    violations.Add("query", "required: at least one letter or digit");
  }
  matcher::OccupationSearch::Options options;
  if (request.language() == "nl") {
    options.language = matcher::Language::kDutch;
  } else if (request.language() == "en") {
    options.language = matcher::Language::kEnglish;
  } else if (!request.language().empty()) {
    violations.Add("language", "must be \"nl\", \"en\" or empty");
  }
  options.limit = static_cast<size_t>(
      PageSize(request.page_size(), kDefaultResults, kMaxResults, violations));
  RETURN_IF_ERROR(violations.status());

  v1::SearchOccupationsResponse response;
  if (const matcher::Occupation* exact = reference_->FindOccupation(query)) {
    auto* result = response.add_results();
    SetOccupation(*exact, result->mutable_occupation());
    const bool dutch = options.language == matcher::Language::kDutch;
    result->set_matched_label(dutch ? exact->label_nl : exact->label_en);
    result->set_matched_language(dutch ? "nl" : "en");
    result->set_score(1);
    return response;
  }
  for (const auto& hit : search_->Search(query, options)) {
    auto* result = response.add_results();
    SetOccupation(*hit.occupation, result->mutable_occupation());
    result->set_matched_label(std::string(hit.label));
    result->set_matched_language(LanguageCode(hit.language));
    result->set_score(hit.score);
  }
  return response;
}

}  // namespace passend::services
