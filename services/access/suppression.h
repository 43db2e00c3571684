// Small-cell suppression for aggregates shown to callers without record
// access (docs/DOMAIN.md 5: statistics must not single out a person).
#ifndef PASSEND_SERVICES_ACCESS_SUPPRESSION_H_
#define PASSEND_SERVICES_ACCESS_SUPPRESSION_H_

#include <cstdint>
#include <vector>

#include "services/access/principal.h"

namespace passend::services {

// Cells describing fewer people than this are hidden from (or, in the
// forecast, rounded for) every caller without record access.
inline constexpr int kSmallCellThreshold = 10;

// What an aggregate counts, which decides who sees its small cells.
enum class Aggregate {
  // A report (supply, bottlenecks, forecast, jobs-agreement progress) meant
  // to be passed on: small cells are hidden from everyone but an admin.
  kReport,
  // Advice counting the caller's own candidates where it has any (a WSP's
  // regions): hidden only from callers who may read no candidate
  // (employers, analysts).
  kAdvice,
};

// The threshold to suppress `aggregate`'s cells below for `principal`; 0
// when nothing is hidden.
int SuppressionFor(const Principal& principal, Aggregate aggregate);

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

#endif  // PASSEND_SERVICES_ACCESS_SUPPRESSION_H_
