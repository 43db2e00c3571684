#include "storage/key_codec.h"

#include <cassert>
#include <cstring>

namespace passend::storage {
namespace {

void AppendBigEndian(std::string* out, uint64_t value, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) {
    out->push_back(static_cast<char>((value >> (8 * i)) & 0xff));
  }
}

bool ReadBigEndian(absl::string_view* in, int bytes, uint64_t* value) {
  if (in->size() < static_cast<size_t>(bytes)) return false;
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) {
    v = (v << 8) | static_cast<uint8_t>((*in)[i]);
  }
  in->remove_prefix(bytes);
  *value = v;
  return true;
}

constexpr uint64_t kSignBit = uint64_t{1} << 63;

}  // namespace

KeyEncoder& KeyEncoder::Uint8(uint8_t value) {
  key_.push_back(static_cast<char>(value));
  return *this;
}

KeyEncoder& KeyEncoder::Uint32(uint32_t value) {
  AppendBigEndian(&key_, value, 4);
  return *this;
}

KeyEncoder& KeyEncoder::Uint64(uint64_t value) {
  AppendBigEndian(&key_, value, 8);
  return *this;
}

KeyEncoder& KeyEncoder::Int64(int64_t value) {
  return Uint64(static_cast<uint64_t>(value) ^ kSignBit);
}

KeyEncoder& KeyEncoder::String(absl::string_view value) {
  assert(value.size() <= 0xffff);
  AppendBigEndian(&key_, value.size(), 2);
  key_.append(value.data(), value.size());
  return *this;
}

bool KeyDecoder::Uint8(uint8_t* value) {
  uint64_t v;
  if (!ReadBigEndian(&rest_, 1, &v)) return false;
  *value = static_cast<uint8_t>(v);
  return true;
}

bool KeyDecoder::Uint32(uint32_t* value) {
  uint64_t v;
  if (!ReadBigEndian(&rest_, 4, &v)) return false;
  *value = static_cast<uint32_t>(v);
  return true;
}

bool KeyDecoder::Uint64(uint64_t* value) {
  return ReadBigEndian(&rest_, 8, value);
}

bool KeyDecoder::Int64(int64_t* value) {
  uint64_t v;
  if (!ReadBigEndian(&rest_, 8, &v)) return false;
  *value = static_cast<int64_t>(v ^ kSignBit);
  return true;
}

bool KeyDecoder::String(std::string* value) {
  absl::string_view saved = rest_;
  uint64_t length;
  if (!ReadBigEndian(&rest_, 2, &length) || rest_.size() < length) {
    rest_ = saved;
    return false;
  }
  value->assign(rest_.data(), length);
  rest_.remove_prefix(length);
  return true;
}

std::string PrefixSuccessor(absl::string_view prefix) {
  std::string limit(prefix);
  while (!limit.empty()) {
    auto& last = reinterpret_cast<unsigned char&>(limit.back());
    if (last != 0xff) {
      ++last;
      return limit;
    }
    limit.pop_back();
  }
  return limit;
}

}  // namespace passend::storage
