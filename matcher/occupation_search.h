// Finds ESCO occupations by what a person types, in Dutch or English, over
// the preferred, alternative and hidden labels of the shipped ESCO release.
//
// Every word of the query must match a word of one label: as the whole word,
// as its start ("schoonm"), inside a compound ("maker" in "schoonmaker"), or
// with a typo ("schonmaker"): one edit in words of 4 to 7 letters, two from
// 8. Case and accents are ignored ("ingenieur" finds "ingénieur"). Built
// once from the reference data; Search is thread-safe.
#ifndef PASSEND_MATCHER_OCCUPATION_SEARCH_H_
#define PASSEND_MATCHER_OCCUPATION_SEARCH_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "matcher/reference_data.h"

namespace passend::matcher {

// Lower-case ASCII words of `text`: accents folded (é -> e), everything but
// letters and digits separating words, soft hyphens and zero-width spaces
// dropped.
std::vector<std::string> SearchWords(absl::string_view text);

class OccupationSearch {
 public:
  struct Options {
    // Labels in this language rank above equally good ones in the other;
    // unset: neither is preferred. Both languages always match.
    std::optional<Language> language;
    // The most hits returned.
    size_t limit = 10;
  };

  struct Hit {
    const Occupation* occupation = nullptr;
    // The label that matched best. For a hidden label, which is never
    // shown, the occupation's preferred label in that language.
    absl::string_view label;
    Language language = Language::kEnglish;
    // Higher is better; at most 1.2.
    double score = 0;
  };

  // `reference` must outlive this object.
  explicit OccupationSearch(const ReferenceData* reference);

  // The best `options.limit` occupations, best first (ties by label, then
  // ESCO id). Empty when nothing matches or the query has no words. Words
  // past the 16th are ignored.
  std::vector<Hit> Search(absl::string_view query,
                          const Options& options) const;

  // Distinct words over all labels (for benchmarks and tests).
  size_t vocabulary_size() const { return words_.size(); }

 private:
  enum class Kind : uint8_t { kPreferred, kAlternative, kHidden };
  struct Label {
    uint32_t occupation;
    Language language;
    Kind kind;
    // Normalised length in characters, for how much of it the query covers.
    uint16_t length;
    uint32_t first_word;
    absl::string_view text;
  };
  struct Word {
    std::string text;
    uint32_t character_set;
    // Labels that contain the word, ascending.
    std::vector<uint32_t> labels;
  };

  const ReferenceData* reference_;
  std::vector<Label> labels_;
  std::vector<Word> words_;
};

}  // namespace passend::matcher

#endif  // PASSEND_MATCHER_OCCUPATION_SEARCH_H_
