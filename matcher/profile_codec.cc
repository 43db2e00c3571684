#include "matcher/profile_codec.h"

#include <cstring>

#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace passend::matcher {
namespace {

// Bump when the layout below changes: older bytes are then refused.
constexpr absl::string_view kMagic = "passend candidate profiles v1\n";

class Writer {
 public:
  explicit Writer(std::string* out) : out_(out) {}
  void U8(uint8_t v) { out_->push_back(static_cast<char>(v)); }
  void U16(uint16_t v) { Fixed(v); }
  void U32(uint32_t v) { Fixed(v); }
  void U64(uint64_t v) { Fixed(v); }
  void Bytes(absl::string_view s) { out_->append(s.data(), s.size()); }

 private:
  // Little-endian, which is every platform this builds for.
  template <typename T>
  void Fixed(T v) {
    out_->append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  std::string* out_;
};

class Reader {
 public:
  explicit Reader(absl::string_view in) : in_(in) {}
  bool U8(uint8_t* v) { return Fixed(v); }
  bool U16(uint16_t* v) { return Fixed(v); }
  bool U32(uint32_t* v) { return Fixed(v); }
  bool U64(uint64_t* v) { return Fixed(v); }
  bool Bytes(size_t n, absl::string_view* s) {
    if (in_.size() < n) return false;
    *s = in_.substr(0, n);
    in_.remove_prefix(n);
    return true;
  }
  bool done() const { return in_.empty(); }

 private:
  template <typename T>
  bool Fixed(T* v) {
    if (in_.size() < sizeof *v) return false;
    std::memcpy(v, in_.data(), sizeof *v);
    in_.remove_prefix(sizeof *v);
    return true;
  }
  absl::string_view in_;
};

// FNV-1a, 64 bits: stable across processes, unlike absl::Hash.
class Fnv {
 public:
  void Add(absl::string_view s) {
    for (unsigned char c : s) hash_ = (hash_ ^ c) * 0x100000001b3ULL;
    // A separator, so that ("ab", "c") and ("a", "bc") differ.
    hash_ = (hash_ ^ 0xff) * 0x100000001b3ULL;
  }
  uint64_t value() const { return hash_; }

 private:
  uint64_t hash_ = 0xcbf29ce484222325ULL;
};

absl::Status Damaged(absl::string_view what) {
  return absl::DataLossError(absl::StrCat("candidate profiles: ", what));
}

}  // namespace

uint64_t ProfileFingerprint(const ProfileCompiler& compiler) {
  Fnv fnv;
  std::string taxonomy;
  {
    google::protobuf::io::StringOutputStream stream(&taxonomy);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    compiler.taxonomy().proto().SerializeToCodedStream(&coded);
  }
  fnv.Add(taxonomy);
  const ReferenceData& reference = compiler.reference();
  for (const Region& r : reference.regions()) fnv.Add(r.code);
  fnv.Add("");
  for (const PostcodeArea& a : reference.postcode_areas()) fnv.Add(a.code);
  fnv.Add("");
  for (const Occupation& o : reference.occupations()) fnv.Add(o.esco_id);
  return fnv.value();
}

CandidateProfileEncoder::CandidateProfileEncoder(
    const ProfileCompiler& compiler, std::string* out)
    : out_(out), dimensions_(compiler.taxonomy().proto().dimensions_size()) {
  Writer w(out_);
  w.Bytes(kMagic);
  w.U64(ProfileFingerprint(compiler));
  count_at_ = out_->size();
  w.U64(0);
}

void CandidateProfileEncoder::Add(const CandidateProfile& p) {
  Writer w(out_);
  w.U16(static_cast<uint16_t>(p.id.size()));
  w.Bytes(p.id);
  w.Bytes(absl::string_view(reinterpret_cast<const char*>(p.capacity.data()),
                            dimensions_));
  w.U32(p.required_needs);
  w.U32(p.preferred_needs);
  w.U8(p.hours_min);
  w.U8(p.hours_max);
  w.U16(p.postcode);
  w.U8(p.region);
  w.U8(p.travel_km);
  w.U8(static_cast<uint8_t>(p.availability));
  w.U32(static_cast<uint32_t>(p.available_from_day));
  w.U32(static_cast<uint32_t>(p.last_confirmed_day));
  w.U8(p.wage_value);
  w.U16(static_cast<uint16_t>(p.occupations.size()));
  for (const OccupationRef& o : p.occupations) {
    w.U16(o.esco);
    w.U8(o.experience ? 1 : 0);
  }
  ++count_;
}

void CandidateProfileEncoder::Finish() {
  std::memcpy(out_->data() + count_at_, &count_, sizeof count_);
}

absl::StatusOr<std::vector<CandidateProfile>> DecodeCandidateProfiles(
    const ProfileCompiler& compiler, absl::string_view bytes) {
  Reader r(bytes);
  absl::string_view magic;
  uint64_t fingerprint = 0;
  if (!r.Bytes(kMagic.size(), &magic) || magic != kMagic ||
      !r.U64(&fingerprint)) {
    return absl::FailedPreconditionError(
        "candidate profiles: written in another format");
  }
  if (fingerprint != ProfileFingerprint(compiler)) {
    return absl::FailedPreconditionError(
        "candidate profiles: written under another taxonomy or reference "
        "data");
  }
  const auto& dims = compiler.taxonomy().proto().dimensions();
  const uint32_t known_needs =
      compiler.taxonomy().proto().support_needs_size() == 32
          ? ~uint32_t{0}
          : (uint32_t{1} << compiler.taxonomy().proto().support_needs_size()) -
                1;
  const ReferenceData& reference = compiler.reference();
  uint64_t count = 0;
  if (!r.U64(&count)) return Damaged("truncated header");
  // Each profile takes at least 29 bytes: a count beyond that is damage,
  // not a reason to reserve memory.
  if (count > bytes.size() / 29) return Damaged("impossible count");
  std::vector<CandidateProfile> profiles(count);
  for (CandidateProfile& p : profiles) {
    uint16_t id_size = 0;
    absl::string_view id, capacity;
    uint8_t availability = 0;
    uint32_t available_from = 0, last_confirmed = 0;
    uint16_t occupations = 0;
    if (!r.U16(&id_size) || !r.Bytes(id_size, &id) ||
        !r.Bytes(dims.size(), &capacity) || !r.U32(&p.required_needs) ||
        !r.U32(&p.preferred_needs) || !r.U8(&p.hours_min) ||
        !r.U8(&p.hours_max) || !r.U16(&p.postcode) || !r.U8(&p.region) ||
        !r.U8(&p.travel_km) || !r.U8(&availability) ||
        !r.U32(&available_from) || !r.U32(&last_confirmed) ||
        !r.U8(&p.wage_value) || !r.U16(&occupations)) {
      return Damaged("truncated profile");
    }
    if (id.empty()) return Damaged("empty id");
    p.id = std::string(id);
    for (int d = 0; d < dims.size(); ++d) {
      p.capacity[d] = static_cast<uint8_t>(capacity[d]);
      if (p.capacity[d] >= dims[d].levels_size()) {
        return Damaged("capacity level out of range");
      }
    }
    if (((p.required_needs | p.preferred_needs) & ~known_needs) != 0) {
      return Damaged("unknown support need");
    }
    if (p.postcode >= reference.postcode_areas().size() ||
        p.region >= reference.regions().size()) {
      return Damaged("postcode area or region out of range");
    }
    if (availability > static_cast<uint8_t>(Availability::kWithdrawn)) {
      return Damaged("unknown availability");
    }
    p.availability = static_cast<Availability>(availability);
    p.available_from_day = static_cast<int32_t>(available_from);
    p.last_confirmed_day = static_cast<int32_t>(last_confirmed);
    p.occupations.resize(occupations);
    for (OccupationRef& o : p.occupations) {
      uint8_t experience = 0;
      if (!r.U16(&o.esco) || !r.U8(&experience)) {
        return Damaged("truncated occupations");
      }
      if (o.esco >= reference.occupations().size() || experience > 1) {
        return Damaged("occupation out of range");
      }
      o.experience = experience == 1;
    }
  }
  if (!r.done()) return Damaged("bytes after the last profile");
  return profiles;
}

}  // namespace passend::matcher
