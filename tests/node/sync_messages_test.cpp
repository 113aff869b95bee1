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
