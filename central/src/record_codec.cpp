#include "record_codec.h"

#include <algorithm>

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

// Written as [authors, fields]: authors = [node, user, node, user, ...] and fields a map
// column -> [value, version, author#]. A record has one or two authors and up to thirty
// fields, each of which named its node and user in full before.
std::string EncodeRecordFields(const FieldMap& fields) {
  std::vector<std::pair<std::string_view, std::string_view>> authors;
  std::vector<std::size_t> author_of;
  author_of.reserve(fields.size());
  for (const auto& [col, f] : fields) {
    const std::pair<std::string_view, std::string_view> who{f.node, f.user};
    auto it = std::find(authors.begin(), authors.end(), who);
    if (it == authors.end()) it = authors.insert(authors.end(), who);
    author_of.push_back(static_cast<std::size_t>(it - authors.begin()));
  }
  sync::MsgpackWriter w;
  w.Array(2);
  w.Array(2 * authors.size());
  for (const auto& [node, user] : authors) {
    w.Str(node);
    w.Str(user);
  }
  w.Map(fields.size());
  std::size_t k = 0;
  for (const auto& [col, f] : fields) {
    w.Str(col);
    w.Array(3);
    w.Value(f.value);
    w.Uint(f.version);
    w.Uint(author_of[k++]);
  }
  return w.Take();
}

namespace {
// Reads one part of a record; a part of the wrong kind is the departure `why` names.
template <typename Read>
auto Part(Read read, const std::string& why) {
  try {
    return read();
  } catch (const sync::MsgpackReader::Error&) {
    throw Departure{why};
  }
}
}  // namespace

// Both layouts: [authors, fields] (above), and the map column -> [value, version, node,
// user] that hubs before migration 16 wrote and that stays until the record is written again.
Result<FieldMap> DecodeRecordFields(std::string_view blob, std::string_view table,
                                    const sync::RowId& row) {
  if (blob.empty()) return Corruption(kFieldsEmpty, {std::string(table), row.Hex()});
  sync::MsgpackReader r(blob);
  FieldMap out;
  std::string why;
  try {
    std::vector<std::string_view> authors;  // node, user, node, user, ...
    const bool with_authors = r.NextIsList();
    if (with_authors) {
      if (r.ArrayHeader() != 2) throw Departure{"the record is not [authors, fields]"};
      const std::size_t n = Part([&] { return r.ArrayHeader(); }, "the record's authors are not a list");
      if (n > blob.size() - r.offset()) throw sync::MsgpackReader::Error{"truncated"};
      if (n % 2 != 0) throw Departure{"the record's authors are not pairs"};
      authors.reserve(n);
      for (std::size_t k = 0; k < n; ++k) authors.push_back(r.Str());
    }
    std::size_t n = Part([&] { return r.MapHeader(); }, "the record is not a map of fields");
    const std::size_t want = with_authors ? 3 : 4;
    for (; n > 0; --n) {
      std::string column(r.Str());
      const std::size_t parts = r.ArrayHeader();
      if (parts != want)
        throw Departure{"field " + column + " has " + std::to_string(parts) + " parts, not " +
                        std::to_string(want)};
      FieldState f;
      f.value = r.Value(kMaxValueDepth);
      f.version = Part([&] { return r.Uint(); }, "field " + column + " has no version");
      Part([&] {
        if (!with_authors) {
          f.node = r.Str();
          f.user = r.Str();
          return;
        }
        const std::uint64_t a = r.Uint();
        if (a >= authors.size() / 2) throw sync::MsgpackReader::Error{"no such author"};
        f.node = authors[2 * a];
        f.user = authors[2 * a + 1];
      }, "field " + column + " names no author");
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
