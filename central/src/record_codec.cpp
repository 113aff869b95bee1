#include "record_codec.h"

#include "tongban/sync/msgpack_writer.h"

namespace tongban::central {
namespace {

constexpr MessageDef kFieldsEmpty{"hub.record_fields_empty",
                                  "hub data is damaged: the stored fields of {0:table} record {1} "
                                  "cannot be read (empty); nothing was changed, restore hub.db "
                                  "from a backup"};
constexpr MessageDef kFieldsIncomplete{"hub.record_fields_incomplete",
                                       "hub data is damaged: the stored fields of {0:table} record "
                                       "{1} cannot be read (incomplete); nothing was changed, "
                                       "restore hub.db from a backup"};
// {2}: the decoder's own words.
constexpr MessageDef kFieldsDamaged{"hub.record_fields_damaged",
                                    "hub data is damaged: the stored fields of {0:table} record {1} "
                                    "cannot be read ({2}); nothing was changed, restore hub.db "
                                    "from a backup"};
constexpr MessageDef kLogDamaged{"hub.log_fields_damaged",
                                 "hub data is damaged: a logged change of {0:table} record {1} "
                                 "cannot be read; restore hub.db from a backup"};

using nlohmann::json;

// Lists and maps inside a value nest at most this deep (a damaged blob could claim more).
constexpr std::size_t kMaxValueDepth = 32;

// SAX handler for the record layout: a map column -> [value, version, node, user].
// Any departure from it stops the parse with a reason; values of any JSON kind are
// rebuilt, lists and maps included, as MsgpackWriter::Value writes them.
class RecordReader {
 public:
  explicit RecordReader(FieldMap& out) : out_(out) {}

  bool null() { return Put(json()); }
  bool boolean(bool b) { return Put(json(b)); }
  bool number_integer(json::number_integer_t v) { return Put(json(v)); }
  bool number_unsigned(json::number_unsigned_t v) { return Put(json(v)); }
  bool number_float(json::number_float_t v, const std::string&) { return Put(json(v)); }
  bool string(std::string& s) { return Put(json(std::move(s))); }
  bool binary(json::binary_t& b) { return Put(json(std::move(b))); }

  bool start_object(std::size_t) {
    if (InValue()) return Open(json::object());
    if (level_ != Level::kStart) return Fail("field " + column_ + " is not a list of 4 parts");
    level_ = Level::kMap;
    return true;
  }
  bool key(std::string& k) {
    if (!stack_.empty()) {
      key_ = std::move(k);
      return true;
    }
    if (level_ != Level::kMap) return Fail("a key outside the record's map");
    column_ = std::move(k);
    return true;
  }
  bool end_object() {
    if (!stack_.empty()) return Close();
    level_ = Level::kDone;
    return true;
  }
  bool start_array(std::size_t n) {
    if (InValue()) return Open(json::array());
    if (level_ != Level::kMap) return Fail("the record is not a map of fields");
    if (n != 4) return Fail("field " + column_ + " has " + std::to_string(n) + " parts, not 4");
    level_ = Level::kField;
    part_ = 0;
    field_ = FieldState{};
    return true;
  }
  bool end_array() {
    if (!stack_.empty()) return Close();
    out_.insert_or_assign(std::move(column_), std::move(field_));
    level_ = Level::kMap;
    return true;
  }
  bool parse_error(std::size_t at, const std::string&, const json::exception& e) {
    if (error_.empty()) error_ = "byte " + std::to_string(at) + ": " + e.what();
    return false;
  }

  bool done() const { return level_ == Level::kDone; }
  const std::string& error() const { return error_; }

 private:
  enum class Level { kStart, kMap, kField, kDone };

  // The next item is (part of) a field's value: its first part, or inside a list or map.
  bool InValue() const { return !stack_.empty() || (level_ == Level::kField && part_ == 0); }

  bool Put(json v) {
    if (!stack_.empty()) {
      Insert(std::move(v));
      return true;
    }
    if (level_ != Level::kField) return Fail("the record is not a map of fields");
    const int part = part_++;
    switch (part) {
      case 0:
        field_.value = std::move(v);
        return true;
      case 1:
        if (!v.is_number_unsigned()) return Fail("field " + column_ + " has no version");
        field_.version = v.get<sync::Hlc>();
        return true;
      case 2:
      case 3:
        if (!v.is_string()) return Fail("field " + column_ + " names no author");
        (part == 2 ? field_.node : field_.user) = std::move(v.get_ref<std::string&>());
        return true;
    }
    return Fail("field " + column_ + " has too many parts");
  }

  bool Open(json container) {
    if (stack_.size() == kMaxValueDepth) return Fail("field " + column_ + " nests too deeply");
    if (stack_.empty()) {
      ++part_;
      field_.value = std::move(container);
      stack_.push_back(&field_.value);
    } else {
      stack_.push_back(&Insert(std::move(container)));
    }
    return true;
  }
  bool Close() {
    stack_.pop_back();
    return true;
  }
  // Adds to the innermost list or map; the reference stays valid until its parent grows,
  // and the parent only grows once this child is closed.
  json& Insert(json v) {
    json& parent = *stack_.back();
    if (parent.is_array()) {
      parent.push_back(std::move(v));
      return parent.back();
    }
    json& slot = parent[key_];
    slot = std::move(v);
    return slot;
  }
  bool Fail(std::string why) {
    if (error_.empty()) error_ = std::move(why);
    return false;
  }

  FieldMap& out_;
  Level level_ = Level::kStart;
  int part_ = 0;  // index of the next part of the current field
  std::string column_;
  FieldState field_;
  std::vector<json*> stack_;  // lists and maps of the value being read, innermost last
  std::string key_;           // key of the next item of the innermost map
  std::string error_;
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

Result<FieldMap> DecodeRecordFields(std::string_view blob, std::string_view table,
                                    const sync::RowId& row) {
  FieldMap out;
  RecordReader reader(out);
  const bool read = !blob.empty() &&
                    json::sax_parse(blob.begin(), blob.end(), &reader,
                                    json::input_format_t::msgpack, true) &&
                    reader.done();
  if (read) return out;
  if (blob.empty()) return Corruption(kFieldsEmpty, {std::string(table), row.Hex()});
  if (reader.error().empty()) return Corruption(kFieldsIncomplete, {std::string(table), row.Hex()});
  return Corruption(kFieldsDamaged, {std::string(table), row.Hex(), reader.error()});
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

Result<std::vector<LogField>> DecodeLogFields(std::string_view blob, std::string_view table,
                                              const sync::RowId& row) {
  const json j = json::from_msgpack(blob.begin(), blob.end(), true, false);
  std::vector<LogField> out;
  bool ok = j.is_array() && j.size() % 3 == 0;
  for (std::size_t i = 0; ok && i < j.size(); i += 3) {
    ok = j[i].is_string() && j[i + 2].is_number_unsigned();
    if (ok) out.push_back({j[i].get<std::string>(), j[i + 1], j[i + 2].get<sync::Hlc>()});
  }
  if (ok) return out;
  return Corruption(kLogDamaged, {std::string(table), row.Hex()});
}

}  // namespace tongban::central
