// Codes from the hub, rendered for a clerk: every code in both languages, Chinese with
// no English words left in it, arguments in place.
#include "tongban/node/messages/sync_messages.h"

#include <catch2/catch.hpp>

using tongban::node::Language;
using tongban::node::RenderClockOffset;
using tongban::node::RenderHeld;
using tongban::node::RenderHubNote;
using tongban::node::RenderRefused;
using tongban::node::RenderRestamped;

namespace {

constexpr std::int64_t kMin = 60'000;

bool HasLatinWord(const std::string& s) {
  int run = 0;
  for (char ch : s) {
    run = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ? run + 1 : 0;
    if (run >= 3) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("every refusal and hold code reads as Chinese, and as English when asked") {
  struct Row {
    const char* code;
    std::vector<std::string> args;
    const char* zh;  // a part the Chinese must hold
    const char* en;
  };
  const std::string hub = "1760000000000";
  const Row rows[] = {
      {"clock_ahead", {"1760169200000", hub, "86400000"}, "快 47 小时 0 分钟", "47 h 0 min ahead"},
      {"parent_missing", {"case_events"}, "办件记录", "has not reached the hub"},
      {"parent_refused", {"case_materials"}, "已被中心拒收", "refused the case"},
      {"out_of_scope", {"cases"}, "办理范围", "outside this station's scope"},
      {"invalid_field", {"cases", "applicant_id"}, "办件.applicant_id", "invalid"},
      {"unknown_table", {"widgets"}, "widgets", "upgrade the hub"},
      {"foreign_author", {"QS-JX02"}, "QS-JX02", "another station"},
      {"hub_owned", {"calendars"}, "工作日历", "published by the hub"},
  };
  for (const auto& r : rows) {
    INFO(r.code);
    const std::string zh = RenderHubNote(r.code, r.args, Language::kChinese);
    const std::string en = RenderHubNote(r.code, r.args, Language::kEnglish);
    CHECK_THAT(zh, Catch::Contains(r.zh));
    CHECK_THAT(en, Catch::Contains(r.en));
    // Only the arguments (table and field names, station codes) may stay Latin.
    std::string prose = zh;
    for (const auto& a : r.args)
      for (auto at = prose.find(a); at != std::string::npos; at = prose.find(a)) prose.erase(at, a.size());
    if (std::string(r.code) != "invalid_field") CHECK_FALSE(HasLatinWord(prose));
  }
  // A code from a newer hub is named, not dropped.
  CHECK_THAT(RenderHubNote("brand_new", {}, Language::kChinese), Catch::Contains("brand_new"));
}

TEST_CASE("a held or refused change names its number and what happens to it") {
  const std::string held = RenderHeld(12, "parent_missing", {"case_events"}, Language::kChinese);
  CHECK_THAT(held, Catch::Contains("第 12 项") && Catch::Contains("暂缓") && Catch::Contains("不会丢失"));
  CHECK_THAT(RenderHeld(12, "parent_missing", {"case_events"}, Language::kEnglish),
             Catch::Contains("change 12 is held"));
  CHECK_THAT(RenderRefused(7, "out_of_scope", {"cases"}, Language::kChinese),
             Catch::Contains("第 7 项") && Catch::Contains("拒收") && Catch::Contains("不会再发送"));
  CHECK_THAT(RenderRestamped(9, Language::kChinese), Catch::Contains("9 项"));
}

TEST_CASE("a clock offset is told in days, hours or minutes, ahead or behind") {
  CHECK_THAT(RenderClockOffset(-10 * kMin - 20'000, Language::kChinese), Catch::Contains("慢 10 分钟"));
  CHECK_THAT(RenderClockOffset(48 * 60 * kMin + 5 * kMin, Language::kChinese),
             Catch::Contains("快 2 天 0 小时"));
  CHECK_THAT(RenderClockOffset(47 * 60 * kMin + 59 * kMin, Language::kChinese),
             Catch::Contains("快 47 小时 59 分钟"));
  CHECK_THAT(RenderClockOffset(365LL * 1440 * kMin, Language::kEnglish),
             Catch::Contains("365 days 0 h ahead of the hub's"));
  CHECK_THAT(RenderClockOffset(-10 * kMin, Language::kEnglish), Catch::Contains("10 min behind"));
  // Moved from the sync library's English-only wording, which no edge used any more.
  CHECK_THAT(RenderClockOffset(-10 * kMin - 20'000, Language::kEnglish), Catch::Contains("10 min behind"));
  CHECK_THAT(RenderClockOffset(47 * 60 * kMin + 5 * kMin, Language::kEnglish),
             Catch::Contains("47 h 5 min ahead of"));
  CHECK_THAT(RenderClockOffset(-(2 * 60 * kMin), Language::kEnglish), Catch::Contains("2 h 0 min behind"));
}

TEST_CASE("a sync round ends with one line of figures, Chinese by default") {
  using tongban::node::RenderRoundSummary;
  using tongban::node::RoundFigures;
  RoundFigures quiet;
  CHECK(RenderRoundSummary(quiet, Language::kChinese) ==
        "同步完成：上传 0 条，下载 0 条，待处理冲突 0 个");
  CHECK(RenderRoundSummary(quiet, Language::kEnglish) ==
        "sync done: pushed 0, pulled 0, 0 open conflicts");

  RoundFigures busy;
  busy.pushed = 260;
  busy.duplicates = 5;
  busy.pulled = 12;
  busy.conflicts = 1;
  busy.refused = 2;
  busy.open_conflicts = 1;
  busy.scans_sent = 3;
  busy.scans_waiting = 1;
  busy.escalated = 18000;
  const std::string zh = RenderRoundSummary(busy, Language::kChinese);
  CHECK(zh == "同步完成：上传 260 条（其中 5 条中心已有），下载 12 条，新冲突 1 个，被中心拒收 2 条，"
              "待处理冲突 1 个；扫描件上传 3 份，下载 0 份，1 份尚未到达中心；超时督办 18000 件");
  CHECK_FALSE(HasLatinWord(zh));
  CHECK(zh.find('\n') == std::string::npos);
  CHECK(RenderRoundSummary(busy, Language::kEnglish) ==
        "sync done: pushed 260 (5 already at the hub), pulled 12, 1 new conflict, 2 refused by "
        "the hub, 1 open conflict; scans: 3 sent, 0 fetched, 1 not at the hub yet; 18000 overdue "
        "cases escalated");
}
