// libFuzzer target for the key codec: any bytes decode without harm, and
// whatever decodes re-encodes to exactly the bytes it came from (the codec
// is a bijection on what it accepts, which key order and prefix scans rely
// on). Also the counters of the supply ledger.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "absl/strings/string_view.h"
#include "storage/database.h"
#include "storage/key_codec.h"

namespace {

// Decodes fields in an order the first byte chooses (two bits a field),
// re-encoding each one decoded.
void RoundTrip(absl::string_view input) {
  if (input.empty()) return;
  const uint8_t schedule = static_cast<uint8_t>(input[0]);
  input.remove_prefix(1);
  passend::storage::KeyDecoder decoder(input);
  passend::storage::KeyEncoder encoder;
  for (int field = 0; field < 8; ++field) {
    const int kind = ((schedule >> (2 * (field % 4))) & 3) + (field >= 4);
    bool ok = false;
    switch (kind) {
      case 0: {
        uint8_t v;
        if ((ok = decoder.Uint8(&v))) encoder.Uint8(v);
        break;
      }
      case 1: {
        uint32_t v;
        if ((ok = decoder.Uint32(&v))) encoder.Uint32(v);
        break;
      }
      case 2: {
        uint64_t v;
        if ((ok = decoder.Uint64(&v))) encoder.Uint64(v);
        break;
      }
      case 3: {
        int64_t v;
        if ((ok = decoder.Int64(&v))) encoder.Int64(v);
        break;
      }
      default: {
        std::string v;
        if ((ok = decoder.String(&v))) encoder.String(v);
        break;
      }
    }
    if (!ok) break;
  }
  const size_t consumed = input.size() - decoder.rest().size();
  if (encoder.key() != input.substr(0, consumed)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view input(reinterpret_cast<const char*>(data), size);
  RoundTrip(input);
  int64_t counter = 0;
  if (passend::storage::DecodeCounter(input, &counter) &&
      passend::storage::EncodeCounter(counter) != input) {
    std::abort();
  }
  return 0;
}
