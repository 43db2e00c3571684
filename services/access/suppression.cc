#include "services/access/suppression.h"

#include <cstddef>

namespace passend::services {

int SuppressionFor(const Principal& principal, Aggregate aggregate) {
  if (principal.is_admin()) return 0;
  if (aggregate == Aggregate::kAdvice && principal.role == Role::kWsp) {
    return 0;
  }
  return kSmallCellThreshold;
}

bool SuppressTogether(const std::vector<int64_t>& counts, int threshold,
                      std::vector<bool>* hidden) {
  hidden->assign(counts.size(), false);
  if (threshold <= 0) return true;
  int64_t hidden_sum = 0;
  int hidden_count = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (counts[i] > 0 && counts[i] < threshold) {
      (*hidden)[i] = true;
      hidden_sum += counts[i];
      ++hidden_count;
    }
  }
  while (hidden_count > 0 && (hidden_count < 2 || hidden_sum < threshold)) {
    // The smallest item still shown joins them.
    int next = -1;
    for (std::size_t i = 0; i < counts.size(); ++i) {
      if (!(*hidden)[i] && counts[i] > 0 &&
          (next < 0 || counts[i] < counts[next])) {
        next = static_cast<int>(i);
      }
    }
    if (next < 0) return false;
    (*hidden)[next] = true;
    hidden_sum += counts[next];
    ++hidden_count;
  }
  return true;
}

int64_t Shown(int64_t count, int threshold, bool* hidden) {
  const bool hide = count > 0 && count < threshold;
  if (hidden != nullptr) *hidden = hide;
  return hide ? 0 : count;
}

}  // namespace passend::services
