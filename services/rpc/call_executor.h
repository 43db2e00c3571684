// The threads that run admitted calls' work. gRPC's callback threads only
// read a call, admit it (or refuse it) and hand it over, so a call beyond
// the admission limit is refused as it arrives instead of waiting unseen in
// gRPC's queue: admitted calls, and only they, wait here, and their number
// is bounded by admission.
#ifndef PASSEND_SERVICES_RPC_CALL_EXECUTOR_H_
#define PASSEND_SERVICES_RPC_CALL_EXECUTOR_H_

#include <deque>
#include <thread>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/synchronization/mutex.h"

namespace passend::services {

class CallExecutor {
 public:
  explicit CallExecutor(int threads);
  // Runs what is queued, then joins the threads.
  ~CallExecutor();
  CallExecutor(const CallExecutor&) = delete;
  CallExecutor& operator=(const CallExecutor&) = delete;

  // Queues `work`; the oldest runs first.
  void Run(absl::AnyInvocable<void() &&> work);
  int threads() const { return static_cast<int>(threads_.size()); }

 private:
  void Work();

  absl::Mutex mu_;
  std::deque<absl::AnyInvocable<void() &&>> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

// Threads for a server's executor: 4 per core, at least 8, so calls that
// wait on a synced write do not hold up the cores.
int DefaultCallThreads();

}  // namespace passend::services

#endif  // PASSEND_SERVICES_RPC_CALL_EXECUTOR_H_
