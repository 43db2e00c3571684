// Days and quarters as the Netherlands counts them: the jobs agreement and
// the supply ledger are kept per calendar quarter in Dutch time.
#ifndef PASSEND_COMMON_DUTCH_CALENDAR_H_
#define PASSEND_COMMON_DUTCH_CALENDAR_H_

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace passend {

// The day `time` falls on in the Netherlands.
inline absl::CivilDay DutchDay(absl::Time time) {
  static const absl::TimeZone zone = [] {
    absl::TimeZone loaded;
    // Without tzdata, CET is close enough for a day.
    return absl::LoadTimeZone("Europe/Amsterdam", &loaded)
               ? loaded
               : absl::FixedTimeZone(3600);
  }();
  return absl::ToCivilDay(time, zone);
}

// Quarters numbered consecutively: year * 4 + (quarter - 1), so that 2026Q1
// is 8104 and the next quarter is always one more.
inline int QuarterIndex(absl::CivilDay day) {
  return static_cast<int>(day.year()) * 4 + (day.month() - 1) / 3;
}
inline int QuarterIndex(int year, int quarter) {
  return year * 4 + quarter - 1;
}
inline int QuarterYear(int index) { return index / 4; }
// 1-4.
inline int QuarterOfYear(int index) { return index % 4 + 1; }
// The quarter's first day.
inline absl::CivilDay QuarterStart(int index) {
  return absl::CivilDay(QuarterYear(index), (QuarterOfYear(index) - 1) * 3 + 1,
                        1);
}

// "2026Q3": the quarter `day` falls in.
inline std::string QuarterName(absl::CivilDay day) {
  return absl::StrCat(day.year(), "Q", (day.month() - 1) / 3 + 1);
}

// The state pension (AOW) starts at 67, and at 67 and three months for
// everyone reaching 67 from 2028 on (the age set for 2028-2030). With only a
// birth year known, a birth cohort's pension starts are spread evenly over
// the four quarters from this one on.
inline int FirstPensionQuarter(int birth_year) {
  const int turns_67 = birth_year + 67;
  return QuarterIndex(turns_67, 1) + (turns_67 >= 2028 ? 1 : 0);
}

}  // namespace passend

#endif  // PASSEND_COMMON_DUTCH_CALENDAR_H_
