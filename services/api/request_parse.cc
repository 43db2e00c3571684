#include "services/api/request_parse.h"

#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/stubs/common.h"
#include "google/protobuf/wire_format_lite.h"
#include "services/status/field_violations.h"

namespace passend::services {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::FileDescriptor;
using google::protobuf::internal::WireFormatLite;
using google::protobuf::io::CodedInputStream;

// As deep as protobuf itself parses.
constexpr int kMaxDepth = 100;

// Reads a length-delimited value (after its tag) as a view into `bytes`,
// the stream's input, without copying it; false when it is cut short.
bool ReadDelimited(CodedInputStream& in, absl::string_view bytes,
                   absl::string_view* value) {
  uint32_t length = 0;
  if (!in.ReadVarint32(&length)) return false;
  const int start = in.CurrentPosition();
  if (!in.Skip(static_cast<int>(length))) return false;
  *value = bytes.substr(static_cast<size_t>(start), length);
  return true;
}

struct Fault {
  std::string field;  // path from the message parsed; "" for the message
  std::string rule;
};

std::string Join(absl::string_view path, absl::string_view field) {
  return path.empty() ? std::string(field) : absl::StrCat(path, ".", field);
}

const uint8_t* Data(absl::string_view bytes) {
  return reinterpret_cast<const uint8_t*>(bytes.data());
}

// The first reason protobuf would refuse `bytes` as `type`, walking the
// wire format field by field; nullopt when none is found.
std::optional<Fault> FindFault(const Descriptor& type, absl::string_view bytes,
                               const std::string& path, int depth) {
  if (depth > kMaxDepth) return Fault{path, "nested too deeply"};
  CodedInputStream in(Data(bytes), static_cast<int>(bytes.size()));
  absl::flat_hash_map<int, int> seen;  // occurrences by field number
  while (true) {
    const uint32_t tag = in.ReadTag();
    if (tag == 0) {
      if (in.ConsumedEntireMessage()) break;
      return Fault{path, "not a protobuf message (a field tag is malformed)"};
    }
    const int number = static_cast<int>(WireFormatLite::GetTagFieldNumber(tag));
    const FieldDescriptor* field = type.FindFieldByNumber(number);
    const auto wire_type = WireFormatLite::GetTagWireType(tag);
    if (field == nullptr ||
        wire_type != WireFormatLite::WIRETYPE_LENGTH_DELIMITED ||
        (field->type() != FieldDescriptor::TYPE_STRING &&
         field->type() != FieldDescriptor::TYPE_MESSAGE)) {
      // Unknown fields, scalars, packed scalars and a field sent with
      // another wire type (which protobuf keeps as unknown) only need to be
      // well formed.
      if (!WireFormatLite::SkipField(&in, tag)) {
        return Fault{field == nullptr ? path : Join(path, field->name()),
                     absl::StrCat("field number ", number,
                                  " is malformed or cut short")};
      }
      continue;
    }
    std::string name = Join(path, field->name());
    if (field->is_repeated()) absl::StrAppend(&name, "[", seen[number]++, "]");
    absl::string_view value;
    if (!ReadDelimited(in, bytes, &value)) return Fault{name, "cut short"};
    if (field->type() == FieldDescriptor::TYPE_STRING) {
      if (field->file()->syntax() == FileDescriptor::SYNTAX_PROTO3 &&
          !google::protobuf::internal::IsStructurallyValidUTF8(
              value.data(), static_cast<int>(value.size()))) {
        return Fault{name, "not valid UTF-8"};
      }
      continue;
    }
    if (std::optional<Fault> fault =
            FindFault(*field->message_type(), value, name, depth + 1)) {
      return fault;
    }
  }
  return std::nullopt;
}

}  // namespace

absl::Status UnparsableMessage(const Descriptor& type, absl::string_view bytes,
                               absl::string_view prefix) {
  const std::string what =
      absl::StrCat("the request could not be parsed as ", type.full_name());
  std::optional<Fault> fault = FindFault(type, bytes, "", 0);
  if (!fault.has_value() || (fault->field.empty() && prefix.empty())) {
    return absl::InvalidArgumentError(
        fault.has_value() ? absl::StrCat(what, ": ", fault->rule) : what);
  }
  std::string field = absl::StrCat(prefix, fault->field);
  if (!field.empty() && field.back() == '.') field.pop_back();
  FieldViolations violations;
  violations.Add(field, fault->rule);
  absl::Status status = absl::InvalidArgumentError(
      absl::StrCat(what, ": ", field, ": ", fault->rule));
  status.SetPayload(kBadRequestTypeUrl,
                    *violations.status().GetPayload(kBadRequestTypeUrl));
  return status;
}

absl::StatusOr<std::vector<absl::string_view>> SplitRecords(
    absl::string_view message, int field_number) {
  std::vector<absl::string_view> records;
  CodedInputStream in(Data(message), static_cast<int>(message.size()));
  while (true) {
    const uint32_t tag = in.ReadTag();
    if (tag == 0) {
      if (in.ConsumedEntireMessage()) break;
      return absl::InvalidArgumentError(
          "not a protobuf message (a field tag is malformed)");
    }
    if (tag != WireFormatLite::MakeTag(
                   field_number, WireFormatLite::WIRETYPE_LENGTH_DELIMITED)) {
      if (!WireFormatLite::SkipField(&in, tag)) {
        return absl::InvalidArgumentError(absl::StrCat(
            "field number ", WireFormatLite::GetTagFieldNumber(tag),
            " is malformed or cut short"));
      }
      continue;
    }
    absl::string_view record;
    if (!ReadDelimited(in, message, &record)) {
      return absl::InvalidArgumentError("a record is cut short");
    }
    records.push_back(record);
  }
  return records;
}

}  // namespace passend::services
