#include "storage/key_codec.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <tuple>
#include <vector>

#include "gtest/gtest.h"

namespace passend::storage {
namespace {

TEST(KeyCodecTest, RoundTripsEveryFieldKind) {
  std::string key = KeyEncoder()
                        .Tag(7)
                        .Uint8(200)
                        .Uint32(0xdeadbeef)
                        .Uint64(0x0123456789abcdefULL)
                        .Int64(-42)
                        .String("AM14")
                        .String("")
                        .Release();
  KeyDecoder d(key);
  uint8_t tag, u8;
  uint32_t u32;
  uint64_t u64;
  int64_t i64;
  std::string s1, s2;
  ASSERT_TRUE(d.Tag(&tag));
  ASSERT_TRUE(d.Uint8(&u8));
  ASSERT_TRUE(d.Uint32(&u32));
  ASSERT_TRUE(d.Uint64(&u64));
  ASSERT_TRUE(d.Int64(&i64));
  ASSERT_TRUE(d.String(&s1));
  ASSERT_TRUE(d.String(&s2));
  EXPECT_TRUE(d.done());
  EXPECT_EQ(tag, 7);
  EXPECT_EQ(u8, 200);
  EXPECT_EQ(u32, 0xdeadbeefu);
  EXPECT_EQ(u64, 0x0123456789abcdefULL);
  EXPECT_EQ(i64, -42);
  EXPECT_EQ(s1, "AM14");
  EXPECT_EQ(s2, "");
}

TEST(KeyCodecTest, IntegersAreBigEndian) {
  EXPECT_EQ(KeyEncoder().Uint32(0x01020304).key(),
            std::string("\x01\x02\x03\x04", 4));
  EXPECT_EQ(KeyEncoder().String("ab").key(), std::string("\x00\x02"
                                                         "ab",
                                                         4));
}

TEST(KeyCodecTest, TruncatedKeysAreRefusedWithoutConsuming) {
  std::string key = KeyEncoder().String("hello").Release();
  key.pop_back();
  KeyDecoder d(key);
  std::string s;
  EXPECT_FALSE(d.String(&s));
  uint8_t first;
  ASSERT_TRUE(d.Uint8(&first));  // nothing was consumed by the failed read
  EXPECT_EQ(first, 0);
  uint32_t u32;
  EXPECT_FALSE(KeyDecoder("abc").Uint32(&u32));
}

// Bytewise order of encodings must equal the natural order of the values.
template <typename T, typename Encode>
void ExpectOrderPreserved(std::vector<T> values, Encode encode) {
  std::vector<std::pair<std::string, T>> encoded;
  for (const T& v : values) encoded.emplace_back(encode(v), v);
  std::sort(encoded.begin(), encoded.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (size_t i = 1; i < encoded.size(); ++i) {
    EXPECT_LE(encoded[i - 1].second, encoded[i].second)
        << "at " << i << ": " << encoded[i - 1].second << " vs "
        << encoded[i].second;
  }
}

TEST(KeyCodecTest, SignedIntegersKeepOrder) {
  std::mt19937_64 rng(1);
  std::vector<int64_t> values = {std::numeric_limits<int64_t>::min(), -1, 0, 1,
                                 std::numeric_limits<int64_t>::max()};
  for (int i = 0; i < 1000; ++i) values.push_back(static_cast<int64_t>(rng()));
  ExpectOrderPreserved(
      values, [](int64_t v) { return KeyEncoder().Int64(v).Release(); });
}

TEST(KeyCodecTest, UnsignedIntegersKeepOrder) {
  std::mt19937_64 rng(2);
  std::vector<uint64_t> values = {0, 1, 255, 256, ~uint64_t{0}};
  for (int i = 0; i < 1000; ++i) values.push_back(rng() >> (rng() % 64));
  ExpectOrderPreserved(
      values, [](uint64_t v) { return KeyEncoder().Uint64(v).Release(); });
}

TEST(KeyCodecTest, CompositeKeysOrderByFieldsInTurn) {
  using Tuple = std::tuple<std::string, uint8_t, std::string>;
  std::vector<Tuple> tuples = {{"AM01", 1, "b"},
                               {"AM01", 1, "a"},
                               {"AM01", 2, "a"},
                               {"AM02", 0, "z"},
                               {"AM01", 0, "zz"}};
  std::vector<std::pair<std::string, Tuple>> encoded;
  for (const Tuple& t : tuples) {
    encoded.emplace_back(KeyEncoder()
                             .Tag(2)
                             .String(std::get<0>(t))
                             .Uint8(std::get<1>(t))
                             .String(std::get<2>(t))
                             .Release(),
                         t);
  }
  std::sort(encoded.begin(), encoded.end());
  // Same-length strings (as regions and ids are) order lexicographically.
  EXPECT_EQ(encoded[0].second, Tuple("AM01", 0, "zz"));
  EXPECT_EQ(encoded[1].second, Tuple("AM01", 1, "a"));
  EXPECT_EQ(encoded[2].second, Tuple("AM01", 1, "b"));
  EXPECT_EQ(encoded[3].second, Tuple("AM01", 2, "a"));
  EXPECT_EQ(encoded[4].second, Tuple("AM02", 0, "z"));
}

TEST(KeyCodecTest, StringPrefixesAreExact) {
  // "AM1" must not match a scan for keys under the string "AM14".
  std::string am1 = KeyEncoder().Tag(1).String("AM1").Release();
  std::string am14 = KeyEncoder().Tag(1).String("AM14").Release();
  EXPECT_NE(am14.compare(0, am1.size(), am1), 0);
}

TEST(KeyCodecTest, PrefixSuccessorBoundsEveryKeyWithThePrefix) {
  EXPECT_EQ(PrefixSuccessor("ab"), "ac");
  EXPECT_EQ(PrefixSuccessor(std::string("a\xff", 2)), "b");
  EXPECT_EQ(PrefixSuccessor(std::string("\xff\xff", 2)), "");
  std::string prefix = KeyEncoder().Tag(2).String("AM14").Release();
  std::string limit = PrefixSuccessor(prefix);
  std::string inside = prefix + std::string("\xff\xff\xff", 3);
  EXPECT_LT(inside, limit);
  EXPECT_GE(KeyEncoder().Tag(2).String("AM15").Release(), limit);
}

}  // namespace
}  // namespace passend::storage
