#include "tongban/sync/wire.h"

#include <nlohmann/json.hpp>

#include <unordered_map>

#include "tongban/sync/msgpack_reader.h"
#include "tongban/sync/msgpack_writer.h"

namespace tongban::sync {
namespace {

constexpr MessageDef kNotMsgpack{"sync.wire_not_msgpack", "{0} is not well-formed MessagePack"};
constexpr MessageDef kTooManyItems{"sync.wire_too_many_items", "{0} has too many items"};
constexpr MessageDef kTooDeep{"sync.wire_too_deep", "{0} is nested too deeply"};
constexpr MessageDef kNotMap{"sync.wire_not_map", "{0} is not a valid MessagePack map"};
// The detail ({1}) is the decoder's own words: a rule of the wire format or the JSON library's.
constexpr MessageDef kMalformed{"sync.wire_malformed", "malformed {0}: {1}"};

using nlohmann::json;

// Interns strings into the message's string table.
class StringTable {
 public:
  std::size_t Index(const std::string& s) {
    auto [it, inserted] = index_.try_emplace(s, list_.size());
    if (inserted) list_.push_back(s);
    return it->second;
  }
  void Write(MsgpackWriter& w) const {
    w.Array(list_.size());
    for (const auto& s : list_) w.Str(s);
  }

 private:
  std::unordered_map<std::string, std::size_t> index_;
  std::vector<std::string> list_;
};

// change = [seq, hlc, table#, row, op, node#, user#, [column#, value, version, ...]]
void WriteChanges(MsgpackWriter& w, const std::vector<Change>& changes, StringTable& strings) {
  w.Array(changes.size());
  std::vector<std::size_t> columns;
  for (const auto& c : changes) {
    // Interned in the order older releases did (columns, then table, node, user), so the
    // string table, and the bytes the dictionary was trained on, stay the same.
    columns.clear();
    for (const auto& f : c.fields) columns.push_back(strings.Index(f.column));
    const std::size_t table = strings.Index(c.table);
    const std::size_t node = strings.Index(c.node);
    const std::size_t user = strings.Index(c.user);
    w.Array(8);
    w.Int(c.seq);
    w.Uint(c.hlc);
    w.Uint(table);
    w.Bin(c.row.bytes.data(), c.row.bytes.size());
    w.Uint(static_cast<unsigned>(c.op));
    w.Uint(node);
    w.Uint(user);
    w.Array(3 * c.fields.size());
    for (std::size_t k = 0; k < c.fields.size(); ++k) {
      w.Uint(columns[k]);
      w.Value(c.fields[k].value);
      w.Uint(c.fields[k].base);
    }
  }
}

std::string Pack(const json& j) {
  const auto bytes = json::to_msgpack(j);
  return std::string(bytes.begin(), bytes.end());
}

constexpr int kMaxDepth = 8;
constexpr std::size_t kMaxItems = 4'000'000;

// Walks MessagePack without building it: the parser that follows recurses and
// allocates per item, so depth and item count are bounded first.
Status CheckShape(std::string_view b, std::string_view what) {
  std::vector<std::uint64_t> open;  // items still expected in each open container
  std::size_t i = 0, items = 0;
  auto need = [&](std::size_t n) { return i + n <= b.size(); };
  auto be = [&](std::size_t at, int n) {
    std::uint64_t v = 0;
    for (int k = 0; k < n; ++k) v = v << 8 | static_cast<unsigned char>(b[at + k]);
    return v;
  };
  const Status bad = InvalidArgument(kNotMsgpack, {std::string(what)});
  do {
    if (!need(1)) return bad;
    if (++items > kMaxItems) return InvalidArgument(kTooManyItems, {std::string(what)});
    const auto t = static_cast<unsigned char>(b[i++]);
    std::uint64_t skip = 0, children = 0;
    bool container = false;
    if (t <= 0x7f || t >= 0xe0 || t == 0xc0 || t == 0xc2 || t == 0xc3) {
    } else if (t <= 0x8f) { container = true; children = 2u * (t & 0x0f);
    } else if (t <= 0x9f) { container = true; children = t & 0x0f;
    } else if (t <= 0xbf) { skip = t & 0x1f;
    } else if (t >= 0xc4 && t <= 0xc6) {
      const int n = 1 << (t - 0xc4);
      if (!need(n)) return bad;
      skip = be(i, n); i += n;
    } else if (t >= 0xc7 && t <= 0xc9) {
      const int n = 1 << (t - 0xc7);
      if (!need(n + 1)) return bad;
      skip = be(i, n) + 1; i += n;
    } else if (t == 0xca) { skip = 4;
    } else if (t == 0xcb) { skip = 8;
    } else if (t >= 0xcc && t <= 0xcf) { skip = 1u << (t - 0xcc);
    } else if (t >= 0xd0 && t <= 0xd3) { skip = 1u << (t - 0xd0);
    } else if (t >= 0xd4 && t <= 0xd8) { skip = (1u << (t - 0xd4)) + 1;
    } else if (t >= 0xd9 && t <= 0xdb) {
      const int n = 1 << (t - 0xd9);
      if (!need(n)) return bad;
      skip = be(i, n); i += n;
    } else if (t == 0xdc || t == 0xdd || t == 0xde || t == 0xdf) {
      const int n = (t == 0xdc || t == 0xde) ? 2 : 4;
      if (!need(n)) return bad;
      container = true;
      children = be(i, n) * ((t >= 0xde) ? 2 : 1); i += n;
    } else {
      return bad;  // 0xc1 is never used
    }
    if (skip > b.size() - i) return bad;
    i += skip;
    if (!open.empty()) --open.back();
    if (container && children > 0) {
      if (children > b.size() - i) return bad;  // every item needs at least one byte
      if (open.size() >= static_cast<std::size_t>(kMaxDepth))
        return InvalidArgument(kTooDeep, {std::string(what)});
      open.push_back(children);
    }
    while (!open.empty() && open.back() == 0) open.pop_back();
  } while (!open.empty());
  if (i != b.size()) return bad;
  return Status::Ok();
}

Result<json> Unpack(std::string_view bytes, std::string_view what) {
  TB_RETURN_IF_ERROR(CheckShape(bytes, what));
  json j = json::from_msgpack(bytes.begin(), bytes.end(), true, false);
  if (j.is_discarded() || !j.is_object())
    return InvalidArgument(kNotMap, {std::string(what)});
  return j;
}

// Thrown only inside this file and always caught by Decode*.
struct Malformed {
  std::string why;
};

void Require(bool ok, const char* why) {
  if (!ok) throw Malformed{why};
}

// The typed decoders below read the message once, straight into its structs.
// A message is a map whose keys may come in any order (nlohmann writes them sorted,
// so "strings" follows "changes"): the first pass notes where each value lies.
class TopLevel {
 public:
  explicit TopLevel(std::string_view bytes) {
    MsgpackReader r(bytes);
    const std::size_t n = r.MapHeader();
    for (std::size_t k = 0; k < n; ++k) {
      const std::string_view key = r.Str();
      const std::size_t at = r.offset();
      r.Skip(kMaxDepth);
      values_.emplace_back(key, bytes.substr(at, r.offset() - at));
    }
    Require(r.AtEnd(), "bytes after the message");
    Require(Has("v") && At("v").Int() == kProtocolVersion, "unsupported protocol version");
  }
  bool Has(std::string_view key) const { return Find(key) != nullptr; }
  MsgpackReader At(std::string_view key) const {
    const std::string_view* v = Find(key);
    if (!v) throw Malformed{"missing " + std::string(key)};
    return MsgpackReader(*v);
  }

 private:
  const std::string_view* Find(std::string_view key) const {
    for (const auto& [k, v] : values_)
      if (k == key) return &v;
    return nullptr;
  }
  std::vector<std::pair<std::string_view, std::string_view>> values_;
};

const std::string& Str(const std::vector<std::string>& table, std::uint64_t idx) {
  Require(idx < table.size(), "string index out of range");
  return table[idx];
}

RowId RowFrom(MsgpackReader& r) {
  const std::string_view b = r.Bin();
  Require(b.size() == 16, "row id must be 16 bytes");
  return RowId::FromBytes(reinterpret_cast<const std::uint8_t*>(b.data()));
}

std::vector<std::string> StringsFrom(MsgpackReader r) {
  const std::size_t n = r.ArrayHeader();
  Require(n <= kMaxChangesPerBatch * 4, "too many strings");
  std::vector<std::string> out;
  out.reserve(n);
  for (std::size_t k = 0; k < n; ++k) {
    const std::string_view s = r.Str();
    Require(s.size() <= kMaxStringBytes, "string table entry too long");
    out.emplace_back(s);
  }
  return out;
}

std::vector<Change> ChangesFrom(MsgpackReader r, const std::vector<std::string>& strings) {
  const std::size_t n = r.ArrayHeader();
  Require(n <= kMaxChangesPerBatch, "too many changes in one batch");
  std::vector<Change> out(n);
  for (Change& c : out) {
    Require(r.ArrayHeader() == 8, "a change must have 8 parts");
    c.seq = r.Int();
    c.hlc = r.Uint();
    c.table = Str(strings, r.Uint());
    c.row = RowFrom(r);
    const std::int64_t op = r.Int();
    Require(op == 0 || op == 1, "bad op");
    c.op = static_cast<ChangeOp>(op);
    c.node = Str(strings, r.Uint());
    c.user = Str(strings, r.Uint());
    const std::size_t f = r.ArrayHeader();
    Require(f % 3 == 0 && f / 3 <= kMaxFieldsPerChange, "bad field list");
    c.fields.resize(f / 3);
    for (FieldChange& field : c.fields) {
      field.column = Str(strings, r.Uint());
      field.value = r.Scalar();
      Require(!field.value.is_string() ||
                  field.value.get_ref<const std::string&>().size() <= kMaxStringBytes,
              "bad field value");
      field.base = r.Uint();
    }
  }
  Require(r.AtEnd(), "bad change list");
  return out;
}

// Decodes a message with the typed reader; every departure is the same error as Decode's.
template <typename T, typename F>
Result<T> DecodeTyped(std::string_view bytes, std::string_view what, F&& fill) {
  TB_RETURN_IF_ERROR(CheckShape(bytes, what));
  try {
    const TopLevel top(bytes);
    T m;
    fill(top, m);
    return m;
  } catch (const Malformed& e) {
    return InvalidArgument(kMalformed, {std::string(what), e.why});
  } catch (const MsgpackReader::Error& e) {
    return InvalidArgument(kMalformed, {std::string(what), e.why});
  }
}

template <typename T, typename F>
Result<T> Decode(std::string_view bytes, std::string_view what, F&& fill) {
  auto j = Unpack(bytes, what);
  if (!j.ok()) return j.status();
  try {
    Require(j->value("v", 0) == kProtocolVersion, "unsupported protocol version");
    T m;
    fill(*j, m);
    return m;
  } catch (const Malformed& e) {
    return InvalidArgument(kMalformed, {std::string(what), e.why});
  } catch (const json::exception& e) {
    return InvalidArgument(kMalformed, {std::string(what), e.what()});
  }
}

// Keys in sorted order, as nlohmann wrote them: the string table follows what uses it,
// and the last two keys of a change-carrying message are always "strings" and "v".
std::string Close(MsgpackWriter& w, const StringTable& strings) {
  w.Str("strings");
  strings.Write(w);
  w.Str("v");
  w.Int(kProtocolVersion);
  return w.Take();
}

}  // namespace

std::string EncodePushRequest(const PushRequest& m) {
  StringTable strings;
  MsgpackWriter w;
  w.Map(6);
  w.Str("changes");
  WriteChanges(w, m.changes, strings);
  w.Str("from");
  w.Int(m.from_seq);
  w.Str("node");
  w.Str(m.node);
  w.Str("schema");
  w.Int(m.schema);
  return Close(w, strings);
}

Result<PushRequest> DecodePushRequest(std::string_view bytes) {
  return DecodeTyped<PushRequest>(bytes, "push request", [](const TopLevel& j, PushRequest& m) {
    m.schema = static_cast<int>(j.At("schema").Int());
    m.node = std::string(j.At("node").Str());
    m.from_seq = j.At("from").Int();
    m.changes = ChangesFrom(j.At("changes"), StringsFrom(j.At("strings")));
  });
}

std::string EncodePushReply(const PushReply& m) {
  json rejected = json::array();
  for (const auto& r : m.rejected)
    rejected.push_back(json::array({r.seq, r.reason, r.code, r.args}));
  json j{{"v", kProtocolVersion},
         {"acked", m.acked_seq},
         {"acked_hlc", m.acked_hlc},
         {"applied", m.applied},
         {"duplicates", m.duplicates},
         {"conflicts", m.conflicts},
         {"rejected", std::move(rejected)},
         {"open_conflicts", m.open_conflicts},
         {"hub_ms", m.hub_ms}};
  if (m.held)
    j["held"] = json::array({m.held->seq, m.held->code, m.held->args, m.held->reason});
  return Pack(j);
}

namespace {
std::vector<std::string> ArgsFrom(const json& j) {
  Require(j.is_array() && j.size() <= 16, "bad argument list");
  std::vector<std::string> out;
  for (const auto& a : j) {
    Require(a.is_string() && a.get_ref<const std::string&>().size() <= kMaxStringBytes,
            "bad argument");
    out.push_back(a.get<std::string>());
  }
  return out;
}
}  // namespace

Result<PushReply> DecodePushReply(std::string_view bytes) {
  return Decode<PushReply>(bytes, "push reply", [](const json& j, PushReply& m) {
    m.acked_seq = j.at("acked").get<std::int64_t>();
    m.acked_hlc = j.value("acked_hlc", Hlc{0});
    m.applied = j.at("applied").get<int>();
    m.duplicates = j.value("duplicates", 0);
    m.conflicts = j.at("conflicts").get<int>();
    m.open_conflicts = j.value("open_conflicts", 0);
    m.hub_ms = j.value("hub_ms", std::int64_t{0});
    for (const auto& r : j.at("rejected")) {
      Rejection rej{r.at(0).get<std::int64_t>(), r.at(1).get<std::string>(), "", {}};
      if (r.size() >= 4) {  // hubs before codes sent [seq, reason] only
        rej.code = r.at(2).get<std::string>();
        rej.args = ArgsFrom(r.at(3));
      }
      m.rejected.push_back(std::move(rej));
    }
    if (auto h = j.find("held"); h != j.end() && !h->is_null()) {
      Require(h->is_array() && h->size() == 4, "bad held change");
      m.held = Held{h->at(0).get<std::int64_t>(), h->at(1).get<std::string>(), ArgsFrom(h->at(2)),
                    h->at(3).get<std::string>()};
    }
  });
}

std::string EncodePullRequest(const PullRequest& m) {
  return Pack({{"v", kProtocolVersion},
               {"schema", m.schema},
               {"node", m.node},
               {"cursor", m.cursor},
               {"limit", m.limit},
               {"own", m.include_own}});
}

Result<PullRequest> DecodePullRequest(std::string_view bytes) {
  return Decode<PullRequest>(bytes, "pull request", [](const json& j, PullRequest& m) {
    m.schema = j.at("schema").get<int>();
    m.node = j.at("node").get<std::string>();
    m.cursor = j.at("cursor").get<std::int64_t>();
    m.limit = j.at("limit").get<int>();
    m.include_own = j.value("own", false);
  });
}

std::string EncodePullReply(const PullReply& m) {
  StringTable strings;
  MsgpackWriter w;
  w.Map(m.conflict_marks ? 9 : 8);
  w.Str("changes");
  WriteChanges(w, m.changes, strings);
  for (const auto& p : m.purges) strings.Index(p.table);  // interned before marks, as before
  if (m.conflict_marks) {
    w.Str("conflict_marks");
    w.Array(m.conflict_marks->size());
    for (const auto& c : *m.conflict_marks) {
      w.Array(4);
      w.Uint(strings.Index(c.table));
      w.Bin(c.row.bytes.data(), c.row.bytes.size());
      w.Str(c.column);
      w.Int(c.id);
    }
  }
  w.Str("cursor");
  w.Int(m.cursor);
  w.Str("hub_ms");
  w.Int(m.hub_ms);
  w.Str("more");
  w.Bool(m.more);
  w.Str("open_conflicts");
  w.Int(m.open_conflicts);
  w.Str("purges");
  w.Array(m.purges.size());
  for (const auto& p : m.purges) {
    w.Array(2);
    w.Uint(strings.Index(p.table));
    w.Bin(p.row.bytes.data(), p.row.bytes.size());
  }
  return Close(w, strings);
}

Result<PullReply> DecodePullReply(std::string_view bytes) {
  return DecodeTyped<PullReply>(bytes, "pull reply", [](const TopLevel& j, PullReply& m) {
    const auto strings = StringsFrom(j.At("strings"));
    m.cursor = j.At("cursor").Int();
    m.more = j.At("more").Bool();
    m.changes = ChangesFrom(j.At("changes"), strings);
    m.open_conflicts = j.Has("open_conflicts") ? j.At("open_conflicts").Int() : 0;
    m.hub_ms = j.Has("hub_ms") ? j.At("hub_ms").Int() : 0;
    MsgpackReader purges = j.At("purges");
    for (std::size_t k = purges.ArrayHeader(); k > 0; --k) {
      Require(purges.ArrayHeader() == 2, "bad purge");
      const std::string& table = Str(strings, purges.Uint());
      m.purges.push_back(Purge{table, RowFrom(purges)});
    }
    if (j.Has("conflict_marks")) {
      MsgpackReader marks = j.At("conflict_marks");
      const std::size_t n = marks.ArrayHeader();
      Require(n <= kMaxConflictMarks, "bad conflict marks");
      m.conflict_marks.emplace();
      for (std::size_t k = 0; k < n; ++k) {
        Require(marks.ArrayHeader() == 4, "bad conflict mark");
        const std::string& table = Str(strings, marks.Uint());
        const RowId row = RowFrom(marks);
        std::string column(marks.Str());
        m.conflict_marks->push_back(ConflictMark{table, row, std::move(column), marks.Int()});
      }
    }
  });
}

}  // namespace tongban::sync
