// Candidate profiles written out as bytes and read back, so that a restart
// can rebuild the candidate index without reading and unsealing every
// stored record. Profiles hold indexes into the taxonomy and reference
// data, so the bytes carry a fingerprint of both and are refused under any
// other.
//
// The bytes are health data in the clear: whoever stores them must seal
// them.
#ifndef PASSEND_MATCHER_PROFILE_CODEC_H_
#define PASSEND_MATCHER_PROFILE_CODEC_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "matcher/profile.h"

namespace passend::matcher {

// A hash of everything a profile's indexes point into: the taxonomy and the
// codes of the reference data, in order. Stable across processes.
uint64_t ProfileFingerprint(const ProfileCompiler& compiler);

// Writes profiles after a header naming the format, the fingerprint and
// their number.
class CandidateProfileEncoder {
 public:
  // Appends to `out`, which must outlive the encoder.
  CandidateProfileEncoder(const ProfileCompiler& compiler, std::string* out);
  void Add(const CandidateProfile& profile);
  // Completes the header.
  void Finish();

 private:
  std::string* out_;
  size_t count_at_ = 0;  // where the number of profiles goes
  uint64_t count_ = 0;
  int dimensions_ = 0;
};

// Reads what a CandidateProfileEncoder wrote. FAILED_PRECONDITION when the
// bytes were written under another taxonomy, reference data or format;
// DATA_LOSS when they are damaged or an index is out of range.
absl::StatusOr<std::vector<CandidateProfile>> DecodeCandidateProfiles(
    const ProfileCompiler& compiler, absl::string_view bytes);

}  // namespace passend::matcher

#endif  // PASSEND_MATCHER_PROFILE_CODEC_H_
