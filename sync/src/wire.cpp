#include "tongban/sync/wire.h"

#include <nlohmann/json.hpp>

#include <unordered_map>

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
  json ToJson() const { return list_; }

 private:
  std::unordered_map<std::string, std::size_t> index_;
  std::vector<std::string> list_;
};

json RowJson(const RowId& r) {
  return json::binary(std::vector<std::uint8_t>(r.bytes.begin(), r.bytes.end()));
}

json ChangesJson(const std::vector<Change>& changes, StringTable& strings) {
  json out = json::array();
  for (const auto& c : changes) {
    json fields = json::array();
    for (const auto& f : c.fields) {
      fields.push_back(strings.Index(f.column));
      fields.push_back(f.value);
      fields.push_back(f.base);
    }
    out.push_back(json::array({c.seq, c.hlc, strings.Index(c.table), RowJson(c.row),
                               static_cast<int>(c.op), strings.Index(c.node),
                               strings.Index(c.user), std::move(fields)}));
  }
  return out;
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

const std::string& Str(const std::vector<std::string>& table, const json& idx) {
  Require(idx.is_number_unsigned() && idx.get<std::size_t>() < table.size(),
          "string index out of range");
  return table[idx.get<std::size_t>()];
}

RowId RowFrom(const json& j) {
  Require(j.is_binary() && j.get_binary().size() == 16, "row id must be 16 bytes");
  return RowId::FromBytes(j.get_binary().data());
}

std::vector<std::string> StringsFrom(const json& j) {
  Require(j.is_array(), "strings must be a list");
  std::vector<std::string> out;
  out.reserve(j.size());
  for (const auto& s : j) {
    Require(s.is_string() && s.get_ref<const std::string&>().size() <= kMaxStringBytes,
            "string table entry too long or not text");
    out.push_back(s.get<std::string>());
  }
  return out;
}

std::vector<Change> ChangesFrom(const json& j, const std::vector<std::string>& strings) {
  Require(j.is_array(), "changes must be a list");
  Require(j.size() <= kMaxChangesPerBatch, "too many changes in one batch");
  std::vector<Change> out;
  out.reserve(j.size());
  for (const auto& a : j) {
    Require(a.is_array() && a.size() == 8, "a change must have 8 parts");
    Change c;
    Require(a[0].is_number_integer() && a[1].is_number_unsigned(), "bad seq or hlc");
    c.seq = a[0].get<std::int64_t>();
    c.hlc = a[1].get<Hlc>();
    c.table = Str(strings, a[2]);
    c.row = RowFrom(a[3]);
    Require(a[4] == 0 || a[4] == 1, "bad op");
    c.op = static_cast<ChangeOp>(a[4].get<int>());
    c.node = Str(strings, a[5]);
    c.user = Str(strings, a[6]);
    const json& f = a[7];
    Require(f.is_array() && f.size() % 3 == 0 && f.size() / 3 <= kMaxFieldsPerChange,
            "bad field list");
    for (std::size_t i = 0; i < f.size(); i += 3) {
      const json& v = f[i + 1];
      Require(v.is_null() || v.is_number() || v.is_boolean() || v.is_binary() ||
                  (v.is_string() && v.get_ref<const std::string&>().size() <= kMaxStringBytes),
              "bad field value");
      Require(f[i + 2].is_number_unsigned(), "bad field version");
      c.fields.push_back(FieldChange{Str(strings, f[i]), v, f[i + 2].get<Hlc>()});
    }
    out.push_back(std::move(c));
  }
  return out;
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

}  // namespace

std::string EncodePushRequest(const PushRequest& m) {
  StringTable strings;
  json changes = ChangesJson(m.changes, strings);
  return Pack({{"v", kProtocolVersion},
               {"schema", m.schema},
               {"node", m.node},
               {"from", m.from_seq},
               {"strings", strings.ToJson()},
               {"changes", std::move(changes)}});
}

Result<PushRequest> DecodePushRequest(std::string_view bytes) {
  return Decode<PushRequest>(bytes, "push request", [](const json& j, PushRequest& m) {
    m.schema = j.at("schema").get<int>();
    m.node = j.at("node").get<std::string>();
    m.from_seq = j.at("from").get<std::int64_t>();
    m.changes = ChangesFrom(j.at("changes"), StringsFrom(j.at("strings")));
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
  json changes = ChangesJson(m.changes, strings);
  json purges = json::array();
  for (const auto& p : m.purges) purges.push_back(json::array({strings.Index(p.table), RowJson(p.row)}));
  json reply = {{"v", kProtocolVersion},
                {"cursor", m.cursor},
                {"more", m.more},
                {"changes", std::move(changes)},
                {"purges", std::move(purges)},
                {"open_conflicts", m.open_conflicts},
                {"hub_ms", m.hub_ms}};
  if (m.conflict_marks) {
    json marks = json::array();
    for (const auto& c : *m.conflict_marks)
      marks.push_back(json::array({strings.Index(c.table), RowJson(c.row), c.column, c.id}));
    reply["conflict_marks"] = std::move(marks);
  }
  reply["strings"] = strings.ToJson();
  return Pack(reply);
}

Result<PullReply> DecodePullReply(std::string_view bytes) {
  return Decode<PullReply>(bytes, "pull reply", [](const json& j, PullReply& m) {
    const auto strings = StringsFrom(j.at("strings"));
    m.cursor = j.at("cursor").get<std::int64_t>();
    m.more = j.at("more").get<bool>();
    m.changes = ChangesFrom(j.at("changes"), strings);
    m.open_conflicts = j.value("open_conflicts", 0);
    m.hub_ms = j.value("hub_ms", std::int64_t{0});
    for (const auto& p : j.at("purges")) {
      Require(p.is_array() && p.size() == 2, "bad purge");
      m.purges.push_back(Purge{Str(strings, p[0]), RowFrom(p[1])});
    }
    if (auto marks = j.find("conflict_marks"); marks != j.end()) {
      Require(marks->is_array() && marks->size() <= kMaxConflictMarks, "bad conflict marks");
      m.conflict_marks.emplace();
      for (const auto& c : *marks) {
        Require(c.is_array() && c.size() == 4 && c[2].is_string() && c[3].is_number_integer(),
                "bad conflict mark");
        m.conflict_marks->push_back(
            ConflictMark{Str(strings, c[0]), RowFrom(c[1]), c[2].get<std::string>(), c[3].get<std::int64_t>()});
      }
    }
  });
}

}  // namespace tongban::sync
