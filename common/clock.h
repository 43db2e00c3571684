// Where "now" comes from. Everything that stamps a record, counts a quarter
// or decides what "today" is asks a Clock it was given, so that tests can fix
// the date and no result depends on the day a test runs.
#ifndef PASSEND_COMMON_CLOCK_H_
#define PASSEND_COMMON_CLOCK_H_

#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/dutch_calendar.h"

namespace passend {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() const = 0;
};

// The system's wall clock; lives as long as the process.
inline const Clock& SystemClock() {
  class System final : public Clock {
   public:
    absl::Time Now() const override { return absl::Now(); }
  };
  static const System* const system = new System;
  return *system;
}

// The day it is in the Netherlands by `clock`.
inline absl::CivilDay TodayInNetherlands(const Clock& clock) {
  return DutchDay(clock.Now());
}

}  // namespace passend

#endif  // PASSEND_COMMON_CLOCK_H_
