// Early-return helpers for absl::Status, which Abseil 20220623 does not ship.
#ifndef PASSEND_COMMON_STATUS_MACROS_H_
#define PASSEND_COMMON_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define PASSEND_CONCAT_INNER_(a, b) a##b
#define PASSEND_CONCAT_(a, b) PASSEND_CONCAT_INNER_(a, b)

// Returns from the enclosing function if `expr` is not OK.
#define RETURN_IF_ERROR(expr)                                         \
  do {                                                                \
    if (absl::Status passend_status_ = (expr); !passend_status_.ok()) \
      return passend_status_;                                         \
  } while (0)

// `ASSIGN_OR_RETURN(auto x, F())` assigns the value of a StatusOr or returns
// its error from the enclosing function.
#define ASSIGN_OR_RETURN(lhs, expr)                                         \
  ASSIGN_OR_RETURN_IMPL_(PASSEND_CONCAT_(passend_statusor_, __LINE__), lhs, \
                         expr)

#define ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                           \
  if (!statusor.ok()) return statusor.status();     \
  lhs = std::move(statusor).value()

#endif  // PASSEND_COMMON_STATUS_MACROS_H_
