#include "tongban/sync/wire.h"

#include <catch2/catch.hpp>

#include "tongban/sync/compression.h"

using namespace tongban;
using namespace tongban::sync;

namespace {
Change Sample(std::int64_t seq) {
  Change c;
  c.seq = seq;
  c.hlc = HybridClock::Make(1'770'000'000'000 + seq, 3);
  c.table = "cases";
  c.row = RowId::Generate(1'770'000'000'000);
  c.node = "QS-JX01";
  c.user = "clerk";
  c.fields = {{"status", "received", 0},
              {"due_at", 1'770'086'400'000, 0},
              {"case_uid", nlohmann::json::binary(std::vector<std::uint8_t>(16, 7)), 12}};
  return c;
}
}  // namespace

TEST_CASE("wire: push and pull messages round-trip") {
  PushRequest push{1, "QS-JX01", 41, {Sample(42), Sample(43)}};
  auto back = DecodePushRequest(EncodePushRequest(push));
  REQUIRE(back.ok());
  CHECK(back->from_seq == 41);
  REQUIRE(back->changes.size() == 2);
  CHECK(back->changes[1].seq == 43);
  CHECK(back->changes[0].row == push.changes[0].row);
  CHECK(back->changes[0].fields[1].value == 1'770'086'400'000);
  CHECK(back->changes[0].fields[2].value.is_binary());
  CHECK(back->changes[0].fields[2].base == 12);

  PullReply pull{99, true, {Sample(7)}, {{"cases", RowId::Generate(5)}}, 2};
  auto p = DecodePullReply(EncodePullReply(pull));
  REQUIRE(p.ok());
  CHECK(p->cursor == 99);
  CHECK(p->more);
  CHECK(p->purges.size() == 1);
  CHECK(p->open_conflicts == 2);
}

TEST_CASE("wire: a push or pull written as a json document by an older peer reads the same") {
  // An older release built each message as one nlohmann document: keys sorted, and the
  // string table after the changes that use it. The typed codec writes that layout.
  using nlohmann::json;
  Change c = Sample(5);
  c.fields.push_back({"fee", 0.5, 0});   // a float nlohmann writes in four bytes
  c.fields.push_back({"rate", 0.1, 0});  // and one it needs eight for
  json fields = json::array({0, c.fields[0].value, 0, 1, c.fields[1].value, 0, 2,
                             c.fields[2].value, 12, 3, 0.5, 0, 4, 0.1, 0});
  const json row = json::binary(std::vector<std::uint8_t>(c.row.bytes.begin(), c.row.bytes.end()));
  const json change = json::array({5, c.hlc, 5, row, 0, 6, 7, fields});
  const json strings = json::array(
      {"status", "due_at", "case_uid", "fee", "rate", "cases", "QS-JX01", "clerk"});
  const json push = {{"v", 1}, {"schema", 3}, {"node", "QS-JX01"}, {"from", 4},
                     {"strings", strings}, {"changes", json::array({change})}};
  const auto bytes = json::to_msgpack(push);
  const std::string old(bytes.begin(), bytes.end());
  CHECK(EncodePushRequest({3, "QS-JX01", 4, {c}}) == old);

  // Keys in another order and one this release does not know: still read.
  json later = push;
  later["spoken_later"] = json::array({1, 2});
  std::vector<std::uint8_t> reordered{0x87};
  for (const char* key : {"v", "strings", "spoken_later", "node", "from", "changes", "schema"}) {
    const auto k = json::to_msgpack(json(key));
    reordered.insert(reordered.end(), k.begin(), k.end());
    const auto v = json::to_msgpack(later[key]);
    reordered.insert(reordered.end(), v.begin(), v.end());
  }
  auto back = DecodePushRequest(std::string(reordered.begin(), reordered.end()));
  REQUIRE(back.ok());
  CHECK(back->schema == 3);
  CHECK(back->from_seq == 4);
  REQUIRE(back->changes.size() == 1);
  CHECK(back->changes[0].table == "cases");
  CHECK(back->changes[0].user == "clerk");
  CHECK(back->changes[0].fields[2].column == "case_uid");
  CHECK(back->changes[0].fields[2].value == c.fields[2].value);

  // A pull reply with purges and conflict marks on a table no change names: the string
  // table in the order an older hub built it (changes, purges, marks).
  PullReply pull{7, false, {c}, {{"case_scans", c.row}}, 1};
  pull.hub_ms = 99;
  pull.conflict_marks = std::vector<ConflictMark>{{"case_events", c.row, "status", 12}};
  const json old_pull = {
      {"v", 1}, {"cursor", 7}, {"more", false}, {"changes", json::array({change})},
      {"purges", json::array({json::array({8, row})})}, {"open_conflicts", 1}, {"hub_ms", 99},
      {"conflict_marks", json::array({json::array({9, row, "status", 12})})},
      {"strings", json::array({"status", "due_at", "case_uid", "fee", "rate", "cases", "QS-JX01",
                               "clerk", "case_scans", "case_events"})}};
  const auto old_pull_bytes = json::to_msgpack(old_pull);
  CHECK(EncodePullReply(pull) == std::string(old_pull_bytes.begin(), old_pull_bytes.end()));
  pull.conflict_marks = std::vector<ConflictMark>{{"cases", c.row, "status", 12}};
  auto p = DecodePullReply(EncodePullReply(pull));
  REQUIRE(p.ok());
  REQUIRE(p->conflict_marks);
  CHECK((*p->conflict_marks)[0].table == "cases");
  CHECK((*p->conflict_marks)[0].row == c.row);
  CHECK((*p->conflict_marks)[0].column == "status");
  CHECK((*p->conflict_marks)[0].id == 12);
  json bad = push;
  bad["changes"][0][2] = 99;
  const auto b = json::to_msgpack(bad);
  CHECK_THAT(DecodePushRequest(std::string(b.begin(), b.end())).status().message(),
             Catch::Contains("string index out of range"));
  json missing = push;
  missing.erase("v");
  const auto m = json::to_msgpack(missing);
  CHECK_THAT(DecodePushRequest(std::string(m.begin(), m.end())).status().message(),
             Catch::Contains("protocol version"));
}

TEST_CASE("wire: malformed messages are refused, never crash") {
  CHECK_FALSE(DecodePushRequest("").ok());
  CHECK_FALSE(DecodePushRequest("\xc1\xc1\xc1").ok());
  auto good = EncodePushRequest({1, "N", 0, {Sample(1)}});
  for (std::size_t cut = 0; cut < good.size(); cut += 7) {
    INFO(cut);
    CHECK_FALSE(DecodePushRequest(good.substr(0, cut)).ok());
  }
  // Flip every byte in turn: a decode may succeed on a harmless flip, but never crash.
  for (std::size_t i = 0; i < good.size(); ++i) {
    std::string bad = good;
    bad[i] = static_cast<char>(bad[i] ^ 0x5a);
    (void)DecodePushRequest(bad);
  }
  CHECK_THAT(DecodePullRequest(EncodePushReply({})).status().message(), Catch::Contains("malformed"));
}

TEST_CASE("compression: dictionary frames, plain frames, and every kind of damage") {
  const auto& c = Compressor::Shipped();
  REQUIRE_FALSE(c.dictionary_ids().empty());
  const std::uint32_t dict = c.dictionary_ids().back();
  std::vector<Change> changes;
  for (int i = 1; i <= 200; ++i) changes.push_back(Sample(i));
  const std::string plain = EncodePushRequest({1, "QS-JX01", 0, changes});
  const std::string with_dict = c.Compress(plain, dict);
  const std::string without = c.Compress(plain, 0);
  CHECK(with_dict.size() < without.size());
  CHECK(*c.Decompress(with_dict, 1 << 20) == plain);
  CHECK(*c.Decompress(without, 1 << 20) == plain);

  CHECK(c.Decompress(with_dict.substr(0, with_dict.size() - 5), 1 << 20).status().code() ==
        ErrorCode::kCorruption);
  std::string flipped = without;
  flipped[flipped.size() / 2] ^= 0x01;
  CHECK_FALSE(c.Decompress(flipped, 1 << 20).ok());  // the content checksum catches it
  CHECK_THAT(c.Decompress(without, 100).status().message(), Catch::Contains("over the limit"));
  Compressor bare;  // a side without the dictionary
  CHECK_THAT(bare.Decompress(with_dict, 1 << 20).status().message(),
             Catch::Contains("does not have"));
}

TEST_CASE("wire: deep nesting and item floods are refused before parsing") {
  // 200,000 nested one-element arrays: a recursive parser would run out of stack.
  std::string deep(200'000, '\x91');
  deep += '\xc0';
  CHECK_THAT(DecodePushRequest(deep).status().message(), Catch::Contains("nested too deeply"));
  // A map claiming 4 billion entries in a few bytes.
  CHECK_FALSE(DecodePushRequest(std::string("\xdf\xff\xff\xff\xff", 5)).ok());
  // Millions of nils: every item is checked against the item bound first.
  std::string flood("\xdd\x00\x50\x00\x00", 5);  // array of 5,242,880
  flood.append(5'242'880, '\xc0');
  CHECK_THAT(DecodePushRequest(flood).status().message(), Catch::Contains("too many items"));
}
