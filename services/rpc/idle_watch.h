// Ends calls that wait too long for their client. An import stream holds an
// admission slot while it is open, so a client that opens one and then
// sends nothing would hold the slot until the call's deadline, and a call
// need not have one. One thread looks at every watched call a few times per
// timeout and ends those that have waited for their client all that time.
#ifndef PASSEND_SERVICES_RPC_IDLE_WATCH_H_
#define PASSEND_SERVICES_RPC_IDLE_WATCH_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/functional/function_ref.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace passend::services {

class IdleWatch {
 public:
  // What a watched call and the watch share. The call says when it starts
  // and stops waiting for its client; the watch ends it only while it
  // waits, and exactly one of the two ends it.
  class Call {
   public:
    // The call has work in hand and now waits for its client: marks it
    // waiting and runs `start_read`, which asks for the client's next
    // message. The watch cannot end the call in between, so it never ends
    // one that has not yet asked. Called only while the call has work in
    // hand.
    void Wait(absl::FunctionRef<void()> start_read);
    // The client has spoken and the call has work in hand. False if the
    // watch has already ended the call: then the call must not go on, nor
    // finish itself.
    [[nodiscard]] bool Working();
    // The call finishes itself; called only while it has work in hand.
    void End();

   private:
    friend class IdleWatch;
    // Held while the call starts waiting and while the watch ends it.
    absl::Mutex mu_;
    // > 0: waiting since then (steady clock, ns); 0: working; -1: ended.
    std::atomic<int64_t> state_{0};
    absl::AnyInvocable<void()> on_idle_;
  };

  // timeout: how long a call may wait for its client; zero, negative or
  // infinite: never end a call (and start no thread).
  explicit IdleWatch(absl::Duration timeout);
  // Stops the thread; calls still watched are no longer ended.
  ~IdleWatch();
  IdleWatch(const IdleWatch&) = delete;
  IdleWatch& operator=(const IdleWatch&) = delete;

  // Watches a call that starts working. `on_idle` runs once, on the
  // watch's thread, if the call waits `timeout` for its client; it must
  // finish the call, and must not call the Call's methods. The watch forgets
  // the call when the last owner of the returned pointer lets go of it.
  std::shared_ptr<Call> Watch(absl::AnyInvocable<void()> on_idle);

  absl::Duration timeout() const { return timeout_; }

 private:
  void Run();
  // Ends the calls that have waited the timeout; forgets released ones.
  void Sweep();

  const absl::Duration timeout_;
  absl::Mutex mu_;
  std::vector<std::weak_ptr<Call>> calls_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace passend::services

#endif  // PASSEND_SERVICES_RPC_IDLE_WATCH_H_
