// Sortable binary keys for RocksDB.
//
// Every key is a sequence of fields written by KeyEncoder and read back, in
// the same order, by KeyDecoder. Each encoding is order-preserving: comparing
// two encoded keys bytewise (RocksDB's default comparator) orders them as the
// field tuples they encode.
//
//   Tag(t)        1 byte.  Names the key's kind; the first field of every key.
//   Uint8(v)      1 byte.
//   Uint32(v)     4 bytes, big-endian.
//   Uint64(v)     8 bytes, big-endian.
//   Int64(v)      8 bytes, big-endian with the sign bit flipped, so negative
//                 numbers sort before positive ones.
//   String(s)     2-byte big-endian length, then the bytes (at most 65,535).
//                 Length-prefixed, so no string is a prefix of a longer
//                 string's encoding: prefix scans on whole strings are exact.
//                 Strings therefore sort by length first, then bytewise.
#ifndef PASSEND_STORAGE_KEY_CODEC_H_
#define PASSEND_STORAGE_KEY_CODEC_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace passend::storage {

class KeyEncoder {
 public:
  KeyEncoder& Tag(uint8_t tag) { return Uint8(tag); }
  KeyEncoder& Uint8(uint8_t value);
  KeyEncoder& Uint32(uint32_t value);
  KeyEncoder& Uint64(uint64_t value);
  KeyEncoder& Int64(int64_t value);
  // REQUIRES: value.size() <= 65535.
  KeyEncoder& String(absl::string_view value);

  const std::string& key() const { return key_; }
  std::string Release() { return std::move(key_); }

 private:
  std::string key_;
};

// Reads fields from an encoded key. Each method returns false (and consumes
// nothing) when the remaining bytes do not hold that field.
class KeyDecoder {
 public:
  explicit KeyDecoder(absl::string_view key) : rest_(key) {}

  bool Tag(uint8_t* tag) { return Uint8(tag); }
  bool Uint8(uint8_t* value);
  bool Uint32(uint32_t* value);
  bool Uint64(uint64_t* value);
  bool Int64(int64_t* value);
  bool String(std::string* value);

  // True when every byte has been read.
  bool done() const { return rest_.empty(); }
  // The bytes not read yet.
  absl::string_view rest() const { return rest_; }

 private:
  absl::string_view rest_;
};

// The smallest key greater than every key that starts with `prefix`, for use
// as an exclusive upper bound; empty when there is none (prefix all 0xff).
std::string PrefixSuccessor(absl::string_view prefix);

}  // namespace passend::storage

#endif  // PASSEND_STORAGE_KEY_CODEC_H_
