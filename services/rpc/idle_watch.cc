#include "services/rpc/idle_watch.h"

#include <algorithm>
#include <chrono>
#include <utility>

namespace passend::services {
namespace {

// Steady-clock nanoseconds, never 0 or less (those mean working, ended).
int64_t NowNanos() {
  return std::max<int64_t>(
      1, std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
             .count());
}

}  // namespace

void IdleWatch::Call::Wait(absl::FunctionRef<void()> start_read) {
  absl::MutexLock lock(&mu_);
  int64_t working = 0;  // an ended call stays ended
  if (state_.compare_exchange_strong(working, NowNanos())) start_read();
}

bool IdleWatch::Call::Working() {
  int64_t state = state_.load(std::memory_order_acquire);
  while (state >= 0 && !state_.compare_exchange_weak(state, 0)) {
  }
  return state >= 0;
}

void IdleWatch::Call::End() { state_.store(-1, std::memory_order_release); }

IdleWatch::IdleWatch(absl::Duration timeout) : timeout_(timeout) {
  if (timeout_ > absl::ZeroDuration() && timeout_ != absl::InfiniteDuration()) {
    thread_ = std::thread([this] { Run(); });
  }
}

IdleWatch::~IdleWatch() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

std::shared_ptr<IdleWatch::Call> IdleWatch::Watch(
    absl::AnyInvocable<void()> on_idle) {
  auto call = std::make_shared<Call>();
  call->on_idle_ = std::move(on_idle);
  if (thread_.joinable()) {
    absl::MutexLock lock(&mu_);
    calls_.push_back(call);
  }
  return call;
}

void IdleWatch::Run() {
  // A call is ended at most a quarter of the timeout (and at most a
  // second) after its timeout has passed.
  const absl::Duration period =
      std::clamp(timeout_ / 4, absl::Milliseconds(1), absl::Seconds(1));
  while (true) {
    mu_.Lock();
    const bool stopping =
        mu_.AwaitWithTimeout(absl::Condition(&stopping_), period);
    mu_.Unlock();
    if (stopping) return;
    Sweep();
  }
}

void IdleWatch::Sweep() {
  const int64_t now = NowNanos();
  const int64_t timeout = absl::ToInt64Nanoseconds(timeout_);
  // A call that began to wait after `now` has not waited out.
  auto waited_out = [&](int64_t since) {
    return since > 0 && now - since >= timeout;
  };
  std::vector<std::shared_ptr<Call>> idle;
  {
    absl::MutexLock lock(&mu_);
    auto forget = [&](const std::weak_ptr<Call>& weak) {
      std::shared_ptr<Call> call = weak.lock();
      if (call == nullptr) return true;
      if (waited_out(call->state_.load(std::memory_order_acquire))) {
        idle.push_back(std::move(call));
      }
      return false;
    };
    calls_.erase(std::remove_if(calls_.begin(), calls_.end(), forget),
                 calls_.end());
  }
  // Outside the watch's lock: ending a call may release others.
  for (const std::shared_ptr<Call>& call : idle) {
    absl::MutexLock lock(&call->mu_);
    // Still waiting since then? One that has just been given work keeps it.
    int64_t since = call->state_.load(std::memory_order_acquire);
    if (!waited_out(since) ||
        !call->state_.compare_exchange_strong(since, -1)) {
      continue;
    }
    call->on_idle_();
  }
}

}  // namespace passend::services
