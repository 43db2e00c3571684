// A bounded collection of the best items seen, for top-k rankings.
#ifndef PASSEND_MATCHER_TOP_K_H_
#define PASSEND_MATCHER_TOP_K_H_

#include <algorithm>
#include <vector>

namespace passend::matcher {

// Keeps the best `limit` items under `better`, the worst on top of a heap.
template <typename T, typename BetterFn>
class TopK {
 public:
  TopK(size_t limit, BetterFn better) : limit_(limit), better_(better) {}
  bool full() const { return items_.size() >= limit_; }
  const T& worst() const { return items_.front(); }
  void Push(T item) {
    if (limit_ == 0) return;
    if (!full()) {
      items_.push_back(std::move(item));
      std::push_heap(items_.begin(), items_.end(), better_);
    } else if (better_(item, items_.front())) {
      std::pop_heap(items_.begin(), items_.end(), better_);
      items_.back() = std::move(item);
      std::push_heap(items_.begin(), items_.end(), better_);
    }
  }
  std::vector<T> Sorted() && {
    std::sort(items_.begin(), items_.end(), better_);
    return std::move(items_);
  }

 private:
  size_t limit_;
  BetterFn better_;
  std::vector<T> items_;
};

}  // namespace passend::matcher

#endif  // PASSEND_MATCHER_TOP_K_H_
