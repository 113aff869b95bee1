#include "record_codec.h"

#include "tongban/sync/msgpack_reader.h"
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
constexpr int kMaxValueDepth = 32;

// Thrown by the record decoder for a departure from the layout; caught below.
struct Departure {
  std::string why;
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

// The record layout: a map column -> [value, version, node, user].
Result<FieldMap> DecodeRecordFields(std::string_view blob, std::string_view table,
                                    const sync::RowId& row) {
  if (blob.empty()) return Corruption(kFieldsEmpty, {std::string(table), row.Hex()});
  sync::MsgpackReader r(blob);
  FieldMap out;
  std::string why;
  try {
    std::size_t n;
    try {
      n = r.MapHeader();
    } catch (const sync::MsgpackReader::Error&) {
      throw Departure{"the record is not a map of fields"};
    }
    for (; n > 0; --n) {
      std::string column(r.Str());
      const std::size_t parts = r.ArrayHeader();
      if (parts != 4)
        throw Departure{"field " + column + " has " + std::to_string(parts) + " parts, not 4"};
      FieldState f;
      f.value = r.Value(kMaxValueDepth);
      try {
        f.version = r.Uint();
      } catch (const sync::MsgpackReader::Error&) {
        throw Departure{"field " + column + " has no version"};
      }
      try {
        f.node = r.Str();
        f.user = r.Str();
      } catch (const sync::MsgpackReader::Error&) {
        throw Departure{"field " + column + " names no author"};
      }
      out.insert_or_assign(std::move(column), std::move(f));
    }
    if (!r.AtEnd()) throw Departure{"bytes after the record's map"};
    return out;
  } catch (const Departure& d) {
    why = d.why;
  } catch (const sync::MsgpackReader::Error& e) {
    if (std::string_view(e.why) == "truncated")
      return Corruption(kFieldsIncomplete, {std::string(table), row.Hex()});
    why = "byte " + std::to_string(r.offset()) + ": " + e.why;
  }
  return Corruption(kFieldsDamaged, {std::string(table), row.Hex(), why});
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
  try {
    sync::MsgpackReader r(blob);
    const std::size_t n = r.ArrayHeader();
    if (n % 3 != 0 || n > blob.size()) throw sync::MsgpackReader::Error{"not column, value, version"};
    std::vector<LogField> out(n / 3);
    for (LogField& f : out) {
      f.column = r.Str();
      f.value = r.Value(kMaxValueDepth);
      f.version = r.Uint();
    }
    if (r.AtEnd()) return out;
  } catch (const sync::MsgpackReader::Error&) {
  }
  return Corruption(kLogDamaged, {std::string(table), row.Hex()});
}

}  // namespace tongban::central
