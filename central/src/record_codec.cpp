#include "record_codec.h"

#include "tongban/sync/msgpack_writer.h"

namespace tongban::central {
namespace {

using nlohmann::json;

// SAX handler for column -> [value, version, node, user]; anything else is skipped.
class RecordReader {
 public:
  explicit RecordReader(FieldMap& out) : out_(out) {}

  bool null() { return Scalar(json()); }
  bool boolean(bool b) { return Scalar(json(b)); }
  bool number_integer(json::number_integer_t v) { return Scalar(json(v)); }
  bool number_unsigned(json::number_unsigned_t v) { return Scalar(json(v)); }
  bool number_float(json::number_float_t v, const std::string&) { return Scalar(json(v)); }
  bool string(std::string& s) {
    if (depth_ == 2 && index_ == 2) return Text(field_.node, s);
    if (depth_ == 2 && index_ == 3) return Text(field_.user, s);
    return Scalar(json(std::move(s)));
  }
  bool binary(json::binary_t& b) { return Scalar(json::binary(std::move(static_cast<std::vector<std::uint8_t>&>(b)))); }
  bool start_object(std::size_t) {
    ++depth_;
    if (depth_ > 1) valid_ = false;  // a value is never a map
    return true;
  }
  bool key(std::string& k) {
    if (depth_ == 1) column_ = std::move(k);
    return true;
  }
  bool end_object() {
    --depth_;
    return true;
  }
  bool start_array(std::size_t n) {
    ++depth_;
    if (depth_ == 2) {
      index_ = 0;
      valid_ = n == 4;
      field_ = FieldState{};
    } else {
      valid_ = false;  // a value is never a list
    }
    return true;
  }
  bool end_array() {
    if (depth_-- == 2 && valid_) out_.insert_or_assign(std::move(column_), std::move(field_));
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const json::exception&) { return false; }

 private:
  bool Scalar(json v) {
    if (depth_ != 2) return true;
    if (index_ == 0) field_.value = std::move(v);
    else if (index_ == 1 && v.is_number_unsigned()) field_.version = v.get<sync::Hlc>();
    else valid_ = false;
    ++index_;
    return true;
  }
  bool Text(std::string& into, std::string& s) {
    into = std::move(s);
    ++index_;
    return true;
  }

  FieldMap& out_;
  int depth_ = 0;
  int index_ = 0;
  bool valid_ = false;
  std::string column_;
  FieldState field_;
};

}  // namespace

std::string EncodeRecordFields(const FieldMap& fields) {
  sync::MsgpackWriter w;
  w.Map(fields.size());
  for (const auto& [col, f] : fields) {
    w.Str(col);
    w.Array(4);
    w.Value(f.value);
    w.Uint(f.version);
    w.Str(f.node);
    w.Str(f.user);
  }
  return w.Take();
}

FieldMap DecodeRecordFields(std::string_view blob) {
  FieldMap out;
  if (blob.empty()) return out;
  RecordReader reader(out);
  if (!json::sax_parse(blob.begin(), blob.end(), &reader, json::input_format_t::msgpack, true))
    out.clear();
  return out;
}

std::string EncodeLogFields(const std::vector<LogField>& fields) {
  sync::MsgpackWriter w;
  w.Array(fields.size() * 3);
  for (const auto& f : fields) {
    w.Str(f.column);
    w.Value(f.value);
    w.Uint(f.version);
  }
  return w.Take();
}

}  // namespace tongban::central
