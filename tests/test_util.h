// Helpers shared by passend's tests.
#ifndef PASSEND_TESTS_TEST_UTIL_H_
#define PASSEND_TESTS_TEST_UTIL_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "common/clock.h"
#include "gtest/gtest.h"

#define ASSERT_OK(expr)                                             \
  do {                                                              \
    const absl::Status passend_test_status_ = (expr);               \
    ASSERT_TRUE(passend_test_status_.ok()) << passend_test_status_; \
  } while (0)

#define EXPECT_OK(expr) EXPECT_TRUE((expr).ok()) << (expr)

namespace passend::testing {

// A fresh, empty directory unique to this process and call; removed by the
// destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The data/ directory of the source tree (taxonomy and reference data).
std::string DataDir();

// What a shell command did: its exit code (-1 when it did not exit
// normally) and what it printed.
struct CommandRun {
  int exit_code;
  std::string out;  // stdout and stderr together
};

// Runs `command` with /bin/sh and waits for it.
CommandRun RunCommand(const std::string& command);

// Returns the value or fails the test with the status.
template <typename T>
T ValueOrDie(absl::StatusOr<T> value) {
  EXPECT_TRUE(value.ok()) << value.status();
  return std::move(value).value();
}

// A clock that stands where it is set, so that a test's dates do not
// depend on the day (or the quarter) it runs in.
class FixedClock : public Clock {
 public:
  explicit FixedClock(absl::Time now) : now_(now) {}
  absl::Time Now() const override {
    absl::MutexLock lock(&mu_);
    return now_;
  }
  void Set(absl::Time now) {
    absl::MutexLock lock(&mu_);
    now_ = now;
  }

 private:
  mutable absl::Mutex mu_;
  absl::Time now_;
};

}  // namespace passend::testing

#endif  // PASSEND_TESTS_TEST_UTIL_H_
