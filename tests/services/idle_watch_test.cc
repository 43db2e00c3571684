// The idle watch ends a call only after it has waited the whole timeout for
// its client, never one that has work in hand, keeps talking, ended itself
// or was let go.
#include "services/rpc/idle_watch.h"

#include <atomic>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace passend::services {
namespace {

TEST(IdleWatchTest, AWaitingCallIsEndedOnceAfterTheTimeout) {
  IdleWatch watch(absl::Milliseconds(50));
  std::atomic<int> ended{0};
  absl::Notification idle;
  const absl::Time start = absl::Now();
  auto call = watch.Watch([&] {
    ++ended;
    idle.Notify();
  });
  int reads = 0;
  call->Wait([&] { ++reads; });
  EXPECT_EQ(reads, 1);
  ASSERT_TRUE(idle.WaitForNotificationWithTimeout(absl::Seconds(10)));
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(50));
  // The client speaking now is too late: the call must not go on.
  EXPECT_FALSE(call->Working());
  EXPECT_FALSE(call->Working());
  call->Wait([&] { ++reads; });  // an ended call stays ended, asks nothing
  absl::SleepFor(absl::Milliseconds(200));
  EXPECT_EQ(ended, 1);
  EXPECT_EQ(reads, 1);
}

TEST(IdleWatchTest, ACallWithWorkInHandOrThatKeepsTalkingIsNotEnded) {
  IdleWatch watch(absl::Milliseconds(300));
  std::atomic<int> ended{0};
  auto working = watch.Watch([&] { ++ended; });  // never waits
  auto talking = watch.Watch([&] { ++ended; });
  // 40 messages 10 ms apart: 400 ms in all, more than the timeout, but
  // never a wait as long.
  for (int i = 0; i < 40; ++i) {
    talking->Wait([] {});
    absl::SleepFor(absl::Milliseconds(10));
    ASSERT_TRUE(talking->Working());
  }
  absl::SleepFor(absl::Milliseconds(500));
  EXPECT_EQ(ended, 0);
  EXPECT_TRUE(working->Working());
}

TEST(IdleWatchTest, ACallThatEndedItselfOrWasLetGoIsNotEnded) {
  IdleWatch watch(absl::Milliseconds(200));
  std::atomic<int> ended{0};
  auto finished = watch.Watch([&] { ++ended; });
  finished->End();
  auto released = watch.Watch([&] { ++ended; });
  released->Wait([] {});
  released.reset();
  absl::SleepFor(absl::Milliseconds(600));
  EXPECT_EQ(ended, 0);
}

// A call that stalls after marking itself waiting but before its read has
// been asked for is not ended in between: the watch ends it only after.
TEST(IdleWatchTest, ACallIsNotEndedBeforeItsReadIsAskedFor) {
  IdleWatch watch(absl::Milliseconds(1));
  std::atomic<bool> asked{false};
  std::atomic<bool> ended_before_asked{false};
  absl::Notification idle;
  auto call = watch.Watch([&] {
    if (!asked) ended_before_asked = true;
    idle.Notify();
  });
  call->Wait([&] {
    absl::SleepFor(absl::Milliseconds(100));  // 100 timeouts
    asked = true;
  });
  ASSERT_TRUE(idle.WaitForNotificationWithTimeout(absl::Seconds(10)));
  EXPECT_FALSE(ended_before_asked);
}

TEST(IdleWatchTest, NoTimeoutNeverEnds) {
  for (absl::Duration timeout :
       {absl::ZeroDuration(), absl::InfiniteDuration()}) {
    IdleWatch watch(timeout);
    std::atomic<int> ended{0};
    auto call = watch.Watch([&] { ++ended; });
    call->Wait([] {});
    absl::SleepFor(absl::Milliseconds(50));
    EXPECT_TRUE(call->Working());
    EXPECT_EQ(ended, 0);
  }
}

}  // namespace
}  // namespace passend::services
