// Small-cell suppression for aggregates shown to callers without record
// access (docs/DOMAIN.md 5: statistics must not single out a person).
#ifndef PASSEND_SERVICES_SUPPRESSION_H_
#define PASSEND_SERVICES_SUPPRESSION_H_

#include <cstdint>
#include <vector>

namespace passend::services {

// Cells describing fewer people than this are hidden from (or, in the
// forecast, rounded for) every caller without record access.
inline constexpr int kSmallCellThreshold = 10;

// Which of the cells of one table (whose sum is published) to hide, given
// the people each describes: every cell below `threshold` (but not empty
// ones), and then the smallest cells still shown until the hidden ones are
// at least two and describe at least `threshold` people together, so the
// sum minus the cells shown gives none of them away. Nothing with a
// threshold of 0. Returns false when that takes every cell.
bool SuppressTogether(const std::vector<int64_t>& counts, int threshold,
                      std::vector<bool>* hidden);

// `count`, or 0 when it describes fewer than `threshold` people; `*hidden`,
// when given, says which.
int64_t Shown(int64_t count, int threshold, bool* hidden = nullptr);

}  // namespace passend::services

#endif  // PASSEND_SERVICES_SUPPRESSION_H_
