#include "demo_station.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <vector>

#include "tongban/node/domain/catalog.h"
#include "tongban/node/domain/work_calendar.h"
#include "tongban/node/store/node_store.h"
#include "tongban/sync/hybrid_clock.h"

namespace tongban::desk {
namespace {

using namespace tongban::node;
using nlohmann::json;

constexpr int kMaxExtraCases = 1'000'000;
constexpr int kImportChunk = 20'000;  // well under ImportCases' 200,000 per call

// The start of local working day `n` before today, plus `minutes` after midnight.
Millis WorkdaysAgo(const WorkCalendar& cal, Millis now, int n, int minutes) {
  Date d = LocalDate(now);
  while (n > 0) {
    d -= std::chrono::days(1);
    if (cal.IsWorkday(d)) --n;
  }
  return StartOfLocalDay(d) + minutes * 60'000LL;
}

struct Visit {
  const char* item;
  const char* name;
  std::string id;
  const char* green = "";
  std::vector<MaterialInput> materials = {};
  bool enterprise = false;
  int workdays_ago = 0;  // 0: today
  int minutes = 0;       // after local midnight; 0: now (today) or 10:00
  Millis hours_ago = 0;  // instead of a day: this many hours before now
  const char* then = "";           // a window move right after intake
  const char* then_reason = "";
};

// 100 common surnames and given names: enough variety for search trials.
constexpr const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
                                     "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"};
constexpr const char* kGiven[] = {"伟", "芳", "秀英", "建国", "桂兰", "志强", "丽娟", "德明",
                                  "玉兰", "海燕", "明", "静", "春梅", "国庆", "秀珍", "文华"};
constexpr const char* kAreas[] = {"330127", "330122", "330182", "330183", "330102"};
constexpr const char* kGreenReasons[] = {"老年人", "残疾人", "退役军人", "孕妇", "重病患者"};

}  // namespace

std::string DemoResidentId(const std::string& area, const std::string& birth, int sequence) {
  char body[32];
  std::snprintf(body, sizeof body, "%.6s%.8s%03d", area.c_str(), birth.c_str(), sequence % 1000);
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (body[i] - '0') * kWeights[i];
  return std::string(body, 17) + "10X98765432"[sum % 11];
}

Result<DemoStation> CreateDemoStation(const std::string& dir, int extra_cases) {
  if (extra_cases < 0 || extra_cases > kMaxExtraCases)
    return InvalidArgument("the demo holds at most 1,000,000 extra cases");
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status(ErrorCode::kIoError, "cannot create " + dir + ": " + ec.message());
  DemoStation demo;
  demo.db = dir + "/station.db";
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(demo.db + suffix, ec);

  TB_ASSIGN_OR_RETURN(auto store,
                      NodeStore::Create(demo.db,
                                        {"QS-JX01", "金溪村便民服务站", NodeKind::kStation, "QS-JX"},
                                        demo.admin_login, demo.admin_password));
  TB_ASSIGN_OR_RETURN(Session admin, store->Login(demo.admin_login, demo.admin_password));
  TB_RETURN_IF_ERROR(store->AddStaff(admin, demo.clerk_login, "王丽", Role::kClerk,
                                     demo.clerk_password));
  TB_RETURN_IF_ERROR(store->AddStaff(admin, "zhaomin", "赵敏", Role::kField, "demo-field-pass"));
  TB_ASSIGN_OR_RETURN(Session clerk, store->Login(demo.clerk_login, demo.clerk_password));
  TB_ASSIGN_OR_RETURN(Catalog catalog, ParseCatalog(SampleCatalogJson()));
  TB_RETURN_IF_ERROR(store->ImportCatalog(admin, catalog).status());

  if (extra_cases > 0) {
    // Older cases, received on working days over the two years before today.
    const Millis now = sync::SystemWallClock::Instance().NowMillis();
    const auto& cal = store->calendar();
    std::vector<Date> days;
    for (Date d = LocalDate(now) - std::chrono::days(730); d < LocalDate(now); d += std::chrono::days(1))
      if (cal.IsWorkday(d)) days.push_back(d);
    for (int start = 0; start < extra_cases; start += kImportChunk) {
      json cases = json::array();
      for (int i = start; i < std::min(extra_cases, start + kImportChunk); ++i) {
        const auto u = static_cast<unsigned>(i);
        const auto& item = catalog.items[u % catalog.items.size()];
        const Date day = days[(u * 7919u) % days.size()];
        const std::chrono::year_month_day birth{Date(std::chrono::year{1940} / 1 / 1) +
                                                std::chrono::days((u * 104729u) % 23000u)};
        char ymd[16];
        std::snprintf(ymd, sizeof ymd, "%04d%02u%02u", static_cast<int>(birth.year()),
                      static_cast<unsigned>(birth.month()), static_cast<unsigned>(birth.day()));
        const int minute = 8 * 60 + 30 + static_cast<int>((u * 31u) % 480u);
        char at[8];
        std::snprintf(at, sizeof at, " %02d:%02d", minute / 60, minute % 60);
        json c = {{"legacy_no", "D" + std::to_string(i)},
                  {"item_code", item.impl_code},
                  {"applicant",
                   {{"kind", "person"},
                    {"name", std::string(kSurnames[u % std::size(kSurnames)]) +
                                 kGiven[(u / 7) % std::size(kGiven)]},
                    {"id_number", DemoResidentId(kAreas[u % std::size(kAreas)], ymd,
                                                 static_cast<int>(u % 999) + 1)}}},
                  {"channel", "window"},
                  {"received_at", FormatDate(day) + at}};
        if (u % 10 == 3) {
          c["green_channel"] = true;
          c["green_reason"] = kGreenReasons[u % std::size(kGreenReasons)];
        }
        cases.push_back(std::move(c));
      }
      const json file = {{"format", "tongban-cases/1"}, {"cases", cases}};
      TB_RETURN_IF_ERROR(store->ImportCases(clerk, file.dump()).status());
    }
  }

  const Visit visits[] = {
      {"高龄津贴申领", "孙桂芳", DemoResidentId("330127", "19420306", 28), "", {}, false, 8, 600},
      {"残疾人证换领", "周德华", DemoResidentId("330127", "19680712", 35), "", {}, false, 4, 570},
      {"临时救助（急难型）", "吴春花", DemoResidentId("330127", "19750101", 42), "重病患者", {},
       false, 0, 0, 21},
      {"农村土地经营权流转合同备案", "郑国强", DemoResidentId("330127", "19710921", 19), "", {},
       false, 1, 900},
      {"就业困难人员认定", "冯小燕", DemoResidentId("330127", "19920415", 66), "", {}, false, 2,
       650, 0, "withdraw", "申请人已在外地就业，撤回申请"},
      {"城乡居民基本养老保险参保登记", "李秀英", "11010519491231002X"},
      {"最低生活保障审核确认", "张建国", "440524188001010014", "",
       {{"M05", MaterialState::kTolerated}}},
      {"困难残疾人生活补贴和重度残疾人护理补贴", "赵德明", "330102195203150015",
       "重度残疾人，行动不便"},
      {"个体工商户变更登记", "金溪镇老王杂货店", "91330100716105852F", "",
       {{"M04", MaterialState::kCommitted}}, true},
      {"高龄津贴申领", "陈桂兰", "330102196001010043"},
      {"失业登记", "刘海涛", DemoResidentId("330127", "19880203", 51), "", {}, false, 0, 0, 0,
       "complete_on_spot"},
  };
  const Millis now = sync::SystemWallClock::Instance().NowMillis();
  std::vector<ServiceItem> items;
  TB_ASSIGN_OR_RETURN(items, store->ListItems());
  for (const auto& v : visits) {
    IntakeRequest r;
    for (const auto& it : items)
      if (it.name == v.item) r.item_code = it.impl_code;
    if (r.item_code.empty()) return NotFound(std::string("sample item ") + v.item + " is missing");
    r.applicant_kind = v.enterprise ? PartyKind::kEnterprise : PartyKind::kPerson;
    r.applicant_name = v.name;
    r.applicant_id = v.id;
    r.green_channel = *v.green != '\0';
    r.green_reason = v.green;
    r.materials = v.materials;
    if (v.hours_ago > 0) {
      r.received_at = now - v.hours_ago * kMsPerHour;
    } else if (v.workdays_ago > 0) {
      r.received_at = WorkdaysAgo(store->calendar(), now, v.workdays_ago, v.minutes);
    }
    TB_ASSIGN_OR_RETURN(CaseRecord c, store->Intake(clerk, r));
    if (!v.materials.empty() && v.materials[0].state == MaterialState::kTolerated)
      demo.tolerated_case = c.case_no;
    if (*v.then)
      TB_RETURN_IF_ERROR(store->Transition(clerk, c.case_no, v.then, v.then_reason).status());
  }
  return demo;
}

}  // namespace tongban::desk
