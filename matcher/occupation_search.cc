#include "matcher/occupation_search.h"

#include <algorithm>
#include <array>

#include "absl/container/flat_hash_map.h"
#include "absl/numeric/bits.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace passend::matcher {
namespace {

// U+00C0..U+00FF folded to a lower-case ASCII letter; ' ' separates words
// (the multiplication and division signs).
constexpr absl::string_view kLatin1Folded =
    "aaaaaaaceeeeiiiidnooooo ouuuuytsaaaaaaaceeeeiiiidnooooo ouuuuyty";

// Scores of one query word against one label word.
constexpr double kWholeWord = 1.0;
constexpr double kStartOfWord = 0.8;  // plus up to 0.1 for how much it covers
constexpr double kInsideWord = 0.7;
constexpr double kOneTypo = 0.65;
constexpr double kTwoTypos = 0.55;
constexpr double kTypoInStart = 0.5;

constexpr size_t kMaxQueryWords = 16;

// Words longer than this get no typo tolerance (no ESCO label has one).
constexpr size_t kMaxTypoWord = 48;

// Edit distance (optimal string alignment: insert, delete, substitute, swap
// two neighbours) of `q` against all of `w` and against its closest start,
// each capped at k + 1. Only cells within k of the diagonal are computed,
// and the scan stops once a whole row exceeds k.
struct TypoDistance {
  int whole;
  int start;
};
TypoDistance Distance(absl::string_view q, absl::string_view w, int k) {
  const int n = static_cast<int>(q.size());
  const int m = static_cast<int>(std::min(w.size(), q.size() + k));
  const int cap = k + 1;
  std::array<int, kMaxTypoWord + 3> rows[3];
  for (int j = 0; j <= m; ++j) rows[0][j] = std::min(j, cap);
  int* before = nullptr;
  int* prev = rows[0].data();
  for (int i = 1; i <= n; ++i) {
    int* cur = rows[i % 3].data();
    int row_min = cap;
    cur[0] = std::min(i, cap);
    // Cells past the band read as cap from both sides.
    const int low = std::max(1, i - k), high = std::min(m, i + k);
    if (low > 1) cur[low - 1] = cap;
    if (high < m) cur[high + 1] = cap;
    for (int j = low; j <= high; ++j) {
      int d = prev[j - 1] + (q[i - 1] == w[j - 1] ? 0 : 1);
      d = std::min({d, prev[j] + 1, cur[j - 1] + 1});
      if (before != nullptr && j > 1 && q[i - 1] == w[j - 2] &&
          q[i - 2] == w[j - 1]) {
        d = std::min(d, before[j - 2] + 1);
      }
      cur[j] = std::min(d, cap);
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > k) return {cap, cap};
    before = prev;
    prev = cur;
  }
  int start = cap;
  for (int j = std::max(0, n - k); j <= m; ++j)
    start = std::min(start, prev[j]);
  const int whole = w.size() == static_cast<size_t>(m) ? prev[m] : cap;
  return {whole, start};
}

// The letters and digits in `word`, one bit each (digits share one).
uint32_t CharacterSet(absl::string_view word) {
  uint32_t set = 0;
  for (char c : word) set |= 1u << (absl::ascii_isdigit(c) ? 26 : c - 'a');
  return set;
}

// How well query word `q` (with character set `q_set`) matches label word
// `w`; 0: not at all. Each edit accounts for at most one character of `q`
// missing from `w`, so the sets rule out most words before any comparison.
double WordScore(absl::string_view q, uint32_t q_set, absl::string_view w,
                 uint32_t w_set) {
  const int missing = absl::popcount(q_set & ~w_set);
  if (missing == 0) {
    if (w == q) return kWholeWord;
    if (absl::StartsWith(w, q)) {
      return kStartOfWord + 0.1 * static_cast<double>(q.size()) /
                                static_cast<double>(w.size());
    }
    if (q.size() >= 3 && absl::StrContains(w, q)) return kInsideWord;
  }
  if (q.size() < 4 || q.size() > kMaxTypoWord || w.size() > kMaxTypoWord) {
    return 0;
  }
  const int k = q.size() >= 8 ? 2 : 1;
  if (missing > k) return 0;
  const TypoDistance d = Distance(q, w, k);
  if (d.whole <= k) return d.whole <= 1 ? kOneTypo : kTwoTypos;
  if (d.start <= k) return kTypoInStart;
  return 0;
}

}  // namespace

std::vector<std::string> SearchWords(absl::string_view text) {
  std::vector<std::string> words;
  std::string word;
  auto end_word = [&] {
    if (!word.empty()) words.push_back(std::move(word));
    word.clear();
  };
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (absl::ascii_isalnum(c)) {
        word.push_back(absl::ascii_tolower(c));
      } else {
        end_word();
      }
      ++i;
      continue;
    }
    const size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    const absl::string_view sequence = text.substr(i, length);
    i += length;
    if (sequence.size() == 2 && c == 0xC3) {
      const unsigned char low = static_cast<unsigned char>(sequence[1]);
      if (low >= 0x80 && low <= 0xBF) {
        const char folded = kLatin1Folded[low - 0x80];
        if (folded == ' ') {
          end_word();
        } else {
          word.push_back(folded);
        }
        continue;
      }
    }
    // A soft hyphen (U+00AD) or a zero-width space (U+200B) joins.
    if (sequence == "\xC2\xAD" || sequence == "\xE2\x80\x8B") continue;
    end_word();
  }
  end_word();
  return words;
}

OccupationSearch::OccupationSearch(const ReferenceData* reference)
    : reference_(reference) {
  const auto& occupations = reference->occupations();
  labels_.reserve(2 * occupations.size() +
                  reference->occupation_labels().size());
  absl::flat_hash_map<std::string, uint32_t> word_ids;
  auto add = [&](uint32_t occupation, Language language, Kind kind,
                 absl::string_view text) {
    const std::vector<std::string> words = SearchWords(text);
    if (words.empty()) return;
    const auto label = static_cast<uint32_t>(labels_.size());
    size_t length = words.size() - 1;
    uint32_t first_word = 0;
    for (size_t i = 0; i < words.size(); ++i) {
      length += words[i].size();
      auto [it, added] = word_ids.try_emplace(words[i], words_.size());
      if (added) words_.push_back({words[i], CharacterSet(words[i]), {}});
      std::vector<uint32_t>& postings = words_[it->second].labels;
      if (postings.empty() || postings.back() != label) {
        postings.push_back(label);
      }
      if (i == 0) first_word = it->second;
    }
    labels_.push_back({occupation, language, kind,
                       static_cast<uint16_t>(std::min<size_t>(length, 65535)),
                       first_word, text});
  };
  for (size_t i = 0; i < occupations.size(); ++i) {
    const auto occupation = static_cast<uint32_t>(i);
    add(occupation, Language::kEnglish, Kind::kPreferred,
        occupations[i].label_en);
    add(occupation, Language::kDutch, Kind::kPreferred,
        occupations[i].label_nl);
  }
  for (const OccupationLabel& label : reference->occupation_labels()) {
    add(static_cast<uint32_t>(label.occupation), label.language,
        label.hidden ? Kind::kHidden : Kind::kAlternative, label.text);
  }
}

std::vector<OccupationSearch::Hit> OccupationSearch::Search(
    absl::string_view query, const Options& options) const {
  std::vector<std::string> query_words = SearchWords(query);
  if (query_words.size() > kMaxQueryWords) query_words.resize(kMaxQueryWords);
  if (query_words.empty() || options.limit == 0) return {};

  // Per label: how many query words matched so far (a label must match
  // every one), the sum of their best scores, the current word's best, and
  // whether the first query word matched the label's first word.
  const size_t count = labels_.size();
  std::vector<uint8_t> matched(count, 0);
  std::vector<float> sum(count, 0), best(count, 0);
  std::vector<uint8_t> starts(count, 0);
  size_t query_chars = 0;
  for (size_t qi = 0; qi < query_words.size(); ++qi) {
    const std::string& q = query_words[qi];
    const uint32_t q_set = CharacterSet(q);
    query_chars += q.size();
    const auto before = static_cast<uint8_t>(qi);
    for (uint32_t w = 0; w < words_.size(); ++w) {
      const double score =
          WordScore(q, q_set, words_[w].text, words_[w].character_set);
      if (score == 0) continue;
      const auto s = static_cast<float>(score);
      for (uint32_t l : words_[w].labels) {
        if (matched[l] == before) {
          matched[l] = before + 1;
          sum[l] += s;
          best[l] = s;
        } else if (matched[l] == before + 1 && s > best[l]) {
          sum[l] += s - best[l];
          best[l] = s;
        } else {
          continue;
        }
        if (qi == 0 && w == labels_[l].first_word && s >= kStartOfWord) {
          starts[l] = 1;
        }
      }
    }
  }
  query_chars += query_words.size() - 1;

  // The best label of each occupation.
  const auto all = static_cast<uint8_t>(query_words.size());
  const double words = static_cast<double>(query_words.size());
  absl::flat_hash_map<uint32_t, std::pair<double, uint32_t>> best_label;
  for (uint32_t l = 0; l < count; ++l) {
    if (matched[l] != all) continue;
    const Label& label = labels_[l];
    double score =
        0.8 * sum[l] / words +
        0.2 * std::min(1.0, static_cast<double>(query_chars) / label.length);
    if (label.kind == Kind::kPreferred) score += 0.1;
    if (label.kind == Kind::kHidden) score -= 0.05;
    if (options.language == label.language) score += 0.05;
    if (starts[l] != 0) score += 0.05;
    auto [it, added] = best_label.try_emplace(label.occupation, score, l);
    if (!added && score > it->second.first) it->second = {score, l};
  }

  const auto& occupations = reference_->occupations();
  std::vector<Hit> hits;
  hits.reserve(best_label.size());
  for (const auto& [occupation, scored] : best_label) {
    const Label& label = labels_[scored.second];
    const Occupation& o = occupations[occupation];
    Hit hit{&o, label.text, label.language, scored.first};
    if (label.kind == Kind::kHidden) {
      hit.label = label.language == Language::kDutch ? o.label_nl : o.label_en;
    }
    hits.push_back(hit);
  }
  auto better = [](const Hit& a, const Hit& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.label != b.label) return a.label < b.label;
    return a.occupation->esco_id < b.occupation->esco_id;
  };
  const size_t shown = std::min(options.limit, hits.size());
  std::partial_sort(hits.begin(), hits.begin() + shown, hits.end(), better);
  hits.resize(shown);
  return hits;
}

}  // namespace passend::matcher
