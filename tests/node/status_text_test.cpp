// Errors as message keys with arguments, rendered at the edge: the catalog holds
// Chinese for every message the code can raise, and renders it without English.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "store_fixture.h"
#include "tongban/node/domain/case_state_machine.h"
#include "tongban/node/domain/event_detail.h"
#include "tongban/node/domain/identity.h"
#include "tongban/node/messages/event_text.h"
#include "tongban/node/messages/status_text.h"
#include "tongban/node/store/node_replica.h"

namespace tongban::node {
namespace {

namespace fs = std::filesystem;

struct Declared {
  std::string english;
  std::string where;
};

// Every MessageDef written in the sources: `MessageDef kName{"key", "English" "more"}`.
std::map<std::string, Declared> DeclaredMessages() {
  static const std::regex def(R"re(MessageDef\s+\w+\s*\{\s*"([a-z0-9_.]+)"\s*,((?:\s*"(?:[^"\\]|\\.)*")+)\s*\})re");
  static const std::regex piece(R"re("((?:[^"\\]|\\.)*)")re");
  std::map<std::string, Declared> out;
  for (const char* folder : {"sync", "node", "central", "ui"}) {
    for (const auto& e : fs::recursive_directory_iterator(fs::path(TONGBAN_SOURCE_DIR) / folder)) {
      const auto ext = e.path().extension();
      if (!e.is_regular_file() || (ext != ".cpp" && ext != ".h")) continue;
      std::ifstream in(e.path());
      std::stringstream text;
      text << in.rdbuf();
      const std::string src = text.str();
      for (std::sregex_iterator m(src.begin(), src.end(), def), end; m != end; ++m) {
        std::string english;
        const std::string pieces = (*m)[2];
        for (std::sregex_iterator p(pieces.begin(), pieces.end(), piece); p != end; ++p)
          english += (*p)[1];
        const std::string where = fs::relative(e.path(), TONGBAN_SOURCE_DIR).string();
        INFO((*m)[1] << " in " << where << " and " << out[(*m)[1]].where);
        CHECK(out[(*m)[1]].where.empty());  // a key is declared once
        out[(*m)[1]] = {english, where};
      }
    }
  }
  return out;
}

// "{0}", "{1:status}" → {0, 1}
std::set<std::string> Placeholders(std::string_view text) {
  static const std::regex ph(R"(\{([0-9]+)(:[a-z_]+)?\})");
  std::set<std::string> out;
  const std::string s(text);
  for (std::sregex_iterator m(s.begin(), s.end(), ph), end; m != end; ++m) out.insert((*m)[1]);
  return out;
}

// Latin words of three letters or more outside placeholders: English that a Chinese
// reader would meet.
std::vector<std::string> EnglishWords(std::string_view text) {
  static const std::regex word(R"([A-Za-z]{3,})");
  static const std::regex ph(R"(\{[0-9]+(:[a-z_]+)?\})");
  std::vector<std::string> out;
  const std::string s = std::regex_replace(std::string(text), ph, "");
  for (std::sregex_iterator m(s.begin(), s.end(), word), end; m != end; ++m) out.push_back(m->str());
  return out;
}

TEST_CASE("status text: every message the code raises has Chinese, with the same arguments",
          "[messages]") {
  const auto declared = DeclaredMessages();
  REQUIRE(declared.size() >= 10);
  std::map<std::string, std::string> zh;
  for (const auto& [key, tmpl] : ChineseCatalog()) zh[std::string(key)] = std::string(tmpl);
  for (const auto& [key, d] : declared) {
    INFO(key << " (" << d.where << "): " << d.english);
    REQUIRE(zh.count(key) == 1);
    CHECK(Placeholders(zh[key]) == Placeholders(d.english));
    std::string words;
    for (const auto& w : EnglishWords(zh[key])) words += w + " ";
    CHECK(words.empty());
  }
  for (const auto& [key, tmpl] : zh) {
    INFO("the catalog translates " << key << ", which no code raises");
    CHECK(declared.count(key) == 1);
  }
}

TEST_CASE("status text: a message renders in Chinese with its arguments named", "[messages]") {
  const Status bad = ValidateResidentId("110105194912310022");
  CHECK(bad.key() == "identity.id_check");
  CHECK(bad.args() == std::vector<std::string>{"X", "2"});
  CHECK(RenderStatus(bad, Language::kChinese) ==
        "身份证号码校验位不对（应为 X，实为 2），请重新核对号码");
  CHECK(RenderStatus(bad, Language::kEnglish) == bad.message());
  CHECK_THAT(bad.message(), Catch::Contains("expected X, got 2"));

  TransitionContext ctx;
  ctx.actor = Actor::kStation;
  const auto deliver = CheckTransition(CaseStatus::kReceived, "deliver", ctx);
  REQUIRE_FALSE(deliver.ok());
  CHECK(RenderStatus(deliver.status(), Language::kChinese) ==
        "办件当前为“已收件”，不能“送达出件”；只有待出件状态下才可以");
  CHECK_THAT(deliver.status().message(), Catch::Contains("allowed from: result_ready"));
}

TEST_CASE("status text: contexts render before the message; words from elsewhere by their code",
          "[messages]") {
  constexpr MessageDef kAgent{"test.agent", "agent"};  // not in the catalog: skipped in Chinese
  const Status s = ValidateResidentId("11010519491231002").WithContext("agent").WithContext(kAgent);
  CHECK(s.message() == "agent: agent: resident ID must have 18 characters, this one has 17");
  CHECK(RenderStatus(s, Language::kChinese) == "身份证号码应为 18 位，这个号码有 17 位");

  const Status sqlite(ErrorCode::kIoError, "disk I/O error");
  CHECK(RenderStatus(sqlite, Language::kChinese) == "读写文件失败");
  CHECK(RenderStatus(sqlite, Language::kEnglish) == "disk I/O error");
  CHECK(RenderStatus(Status(ErrorCode::kDiskFull, "database or disk is full"), Language::kChinese)
            .find("磁盘空间已满") == 0);
  CHECK(RenderStatus(Status::Ok(), Language::kChinese).empty());
}

TEST_CASE("status text: templates fill plainly, braces that are no placeholder stay", "[messages]") {
  CHECK(FillTemplate("{0} of {1:status} {2}", {"a", "b"}) == "a of b ?");
  CHECK(FillTemplate("{{0}} {x} {", {"a"}) == "{0}} {x} {");
}

}  // namespace
}  // namespace tongban::node

namespace tongban::node {
namespace {

TEST_CASE("timeline details are data, rendered in the reader's language", "[messages]") {
  struct Row {
    const char* action;
    nlohmann::json detail;
    const char* zh;
    const char* en;
  };
  const Row rows[] = {
      {"intake", {{"item", "X"}, {"version", 2}, {"green", "行动不便"}, {"proxy", "李四"}},
       "绿色通道：行动不便；代办人：李四", "green channel: 行动不便; proxy: 李四"},
      {"intake", {{"item", "X"}, {"version", 2}}, "", ""},
      {"materials", {{"materials", {{"M01", "received"}, {"M05", "tolerated"}}}},
       "M01 已收取，M05 容缺后补", "M01 received, M05 tolerated"},
      {"reroute", {{"to", "QS-MZ"}, {"reason", "属地"}}, "转至 QS-MZ：属地", "to QS-MZ: 属地"},
      {"scan", {{"material", "M01"}, {"file", nullptr}, {"bytes", 2048}, {"sha", "abcdef012345"}},
       "M01 扫描件（2.0 KiB，abcdef012345）", "M01 scan (2.0 KiB, abcdef012345)"},
      {"rating", {{"score", 2}, {"rectify_due", "2026-12-28"}}, "2 分；整改期限 2026-12-28",
       "2/5; rectification due 2026-12-28"},
      {"deadline_recomputed", {{"reason", "汛期"}, {"from", "2026-12-10"}, {"to", "2026-12-14"}},
       "汛期；期限 2026-12-10 → 2026-12-14", "汛期; due 2026-12-10 → 2026-12-14"},
      {"shipment", {{"direction", "in"}, {"carrier", "中国邮政 EMS"}, {"waybill", "1178"}},
       "材料寄入：中国邮政 EMS 1178", "materials in by 中国邮政 EMS 1178"},
      {"shipment", {{"waybill", "1178"}, {"state", "delivered"}}, "运单 1178：已签收",
       "waybill 1178: delivered"},
  };
  for (const auto& r : rows) {
    INFO(r.action << " " << r.detail.dump());
    CHECK(RenderEventDetail(r.action, EventDetail(r.detail), Language::kChinese) == r.zh);
    CHECK(RenderEventDetail(r.action, EventDetail(r.detail), Language::kEnglish) == r.en);
  }
  // A reason a person typed, and prose an older version stored, are shown as they are.
  CHECK(RenderEventDetail("not_accept", "材料不全", Language::kChinese) == "材料不全");
  CHECK(RenderEventDetail("shipment", "materials in by EMS 1", Language::kChinese) ==
        "materials in by EMS 1");
  // A kind a newer station writes: its values, in order.
  CHECK(RenderEventDetail("future_kind", R"({"a":"x","b":2})", Language::kChinese) == "x 2");
}

}  // namespace
}  // namespace tongban::node

namespace tongban::node {
namespace {

TEST_CASE("the last sync error is kept as raised, so the desk reads it in its language",
          "[messages]") {
  test::StoreFixture f;
  NodeReplica replica(*f.store);
  constexpr MessageDef kRound{"test.round", "round {0}"};
  const Status failed = ValidateResidentId("110105194912310022").WithContext(kRound, {"7"});
  REQUIRE(replica.RecordAttempt(failed).ok());
  auto s = replica.GetStatus();
  REQUIRE(s.ok());
  CHECK(s->last_error == failed.message());  // English for logs and --json, as before
  CHECK(s->last_failure.code() == ErrorCode::kInvalidArgument);
  CHECK(RenderStatus(s->last_failure, Language::kChinese) ==
        RenderStatus(failed, Language::kChinese));
  CHECK(s->last_failure.message() == failed.message());
  REQUIRE(replica.RecordAttempt(Status::Ok()).ok());
  CHECK(replica.GetStatus()->last_failure.ok());
}

}  // namespace
}  // namespace tongban::node
