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

constexpr MessageDef kItemMissing{"desk.demo_item_missing", "sample item {0} is missing"};
constexpr MessageDef kNoFreeSlot{"desk.demo_no_slot", "no free appointment slot in the next two weeks"};
constexpr MessageDef kBadKind{"desk.demo_bad_kind",
                              "demo kind must be station, township or field, not '{0}'"};
constexpr MessageDef kTooMany{"desk.demo_too_many", "the demo holds at most 1,000,000 extra cases"};
constexpr MessageDef kCannotCreate{"desk.demo_cannot_create", "cannot create {0}: {1}"};

// The start of local working day `n` before today, plus `minutes` after midnight.
Millis WorkdaysAgo(const WorkCalendar& cal, Millis now, int n, int minutes) {
  Date d = LocalDate(now);
  while (n > 0) {
    d -= std::chrono::days(1);
    if (cal.IsWorkday(d)) --n;
  }
  return StartOfLocalDay(d) + minutes * 60'000LL;
}

struct WindowCase {
  const char* item;
  const char* name;
  std::string id;
  const char* green = "";
  std::vector<MaterialInput> materials = {};
  bool enterprise = false;
  int workdays_ago = 0;  // 0: today
  int minutes = 0;       // after local midnight; 0: now (today) or 10:00
  Millis hours_ago = 0;  // instead of a day: this many hours before now, but still today
  // Moves right after intake, made by the case's mover (the clerk at a station,
  // the processor at the township center): action, reason, action, reason, …
  std::vector<const char*> moves = {};
  const char* note = "";  // the clerk's remark
};

// 100 common surnames and given names: enough variety for search trials.
constexpr const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
                                     "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"};
constexpr const char* kGiven[] = {"伟", "芳", "秀英", "建国", "桂兰", "志强", "丽娟", "德明",
                                  "玉兰", "海燕", "明", "静", "春梅", "国庆", "秀珍", "文华"};
constexpr const char* kAreas[] = {"330127", "330122", "330182", "330183", "330102"};
constexpr const char* kGreenReasons[] = {"老年人", "残疾人", "退役军人", "孕妇", "重病患者"};

std::string ItemCode(const std::vector<ServiceItem>& items, std::string_view name) {
  for (const auto& it : items)
    if (it.name == name) return it.impl_code;
  return {};
}

// Receives `cases` at the window and makes their moves; returns their numbers in order.
Result<std::vector<std::string>> Receive(NodeStore& store, const Session& clerk,
                                         const Session& mover,
                                         const std::vector<WindowCase>& cases) {
  const Millis now = sync::SystemWallClock::Instance().NowMillis();
  TB_ASSIGN_OR_RETURN(auto items, store.ListItems());
  std::vector<std::string> out;
  for (const auto& v : cases) {
    IntakeRequest r;
    r.item_code = ItemCode(items, v.item);
    if (r.item_code.empty()) return NotFound(kItemMissing, {v.item});
    r.applicant_kind = v.enterprise ? PartyKind::kEnterprise : PartyKind::kPerson;
    r.applicant_name = v.name;
    r.applicant_id = v.id;
    r.green_channel = *v.green != '\0';
    r.green_reason = v.green;
    r.materials = v.materials;
    r.note = v.note;
    if (v.hours_ago > 0) {
      // Just after midnight "three hours ago" is yesterday: squeeze into today, in order.
      const Millis midnight = StartOfLocalDay(LocalDate(now));
      r.received_at = std::max(now - v.hours_ago * kMsPerHour,
                               midnight + (now - midnight) / (v.hours_ago + 1));
    } else if (v.workdays_ago > 0) {
      r.received_at = WorkdaysAgo(store.calendar(), now, v.workdays_ago, v.minutes);
    }
    TB_ASSIGN_OR_RETURN(CaseRecord c, store.Intake(clerk, r));
    for (std::size_t i = 0; i + 1 < v.moves.size(); i += 2)
      TB_RETURN_IF_ERROR(store.Transition(mover, c.case_no, v.moves[i], v.moves[i + 1]).status());
    out.push_back(c.case_no);
  }
  return out;
}

// Books the `skip`-th free slot for `item` from now on, looking up to two weeks ahead.
Result<Appointment> BookNext(NodeStore& store, const Session& clerk, const std::string& item,
                             const char* name, const std::string& id, const char* phone, int skip) {
  const Millis now = sync::SystemWallClock::Instance().NowMillis();
  for (Date d = LocalDate(now); d < LocalDate(now) + std::chrono::days(14); d += std::chrono::days(1)) {
    TB_ASSIGN_OR_RETURN(auto slots, store.AppointmentSlots(item, d));
    for (const auto& slot : slots) {
      if (slot.start <= now || slot.booked >= slot.capacity) continue;
      if (skip-- > 0) continue;
      return store.BookAppointment(clerk, {item, slot.start, name, id, phone});
    }
  }
  return NotFound(kNoFreeSlot);
}

// A village station's morning at the window, and the service modes around it.
Status StationDay(NodeStore& store, const Session& clerk, DemoStation& demo) {
  const std::vector<WindowCase> walkins = {
      {"高龄津贴申领", "孙桂芳", DemoResidentId("330127", "19420306", 28), "", {}, false, 8, 600},
      {"残疾人证换领", "周德华", DemoResidentId("330127", "19680712", 35), "", {}, false, 4, 570},
      {"临时救助（急难型）", "吴春花", DemoResidentId("330127", "19750101", 42), "重病患者", {},
       false, 0, 0, 21},
      {"农村土地经营权流转合同备案", "郑国强", DemoResidentId("330127", "19710921", 19), "", {},
       false, 1, 900},
      {"就业困难人员认定", "冯小燕", DemoResidentId("330127", "19920415", 66), "", {}, false, 2,
       650, 0, {"withdraw", "申请人已在外地就业，撤回申请"}},
      {"城乡居民基本养老保险参保登记", "李秀英", "11010519491231002X"},
      {"最低生活保障审核确认", "张建国", "440524188001010014", "",
       {{"M05", MaterialState::kTolerated}}, false, 0, 0, 0, {}, "申请人腿脚不便，补交材料时可由村干部代送"},
      {"困难残疾人生活补贴和重度残疾人护理补贴", "赵德明", "330102195203150015",
       "重度残疾人，行动不便"},
      {"个体工商户变更登记", "金溪镇老王杂货店", "91330100716105852F", "",
       {{"M04", MaterialState::kCommitted}}, true},
      {"高龄津贴申领", "陈桂兰", "330102196001010043"},
      {"失业登记", "刘海涛", DemoResidentId("330127", "19880203", 51), "", {}, false, 0, 0, 0,
       {"complete_on_spot", ""}},
      {"生育登记", "何晓梅", DemoResidentId("330127", "19950618", 73), "", {}, false, 0, 0, 0,
       {"complete_on_spot", ""}},
      {"城乡居民基本医疗保险参保登记", "王小红", DemoResidentId("330127", "19990512", 84), "", {},
       false, 0, 0, 0, {"complete_on_spot", ""}},
      // Received under 容缺受理 nearly 60 working days ago: the material is due this week.
      {"最低生活保障审核确认", "黄玉梅", DemoResidentId("330127", "19610304", 57), "",
       {{"M05", MaterialState::kTolerated}}, false, 57, 600},
  };
  TB_ASSIGN_OR_RETURN(auto cases, Receive(store, clerk, clerk, walkins));
  demo.tolerated_case = cases[6];
  demo.rated_case = cases[10];
  demo.unrated_case = cases[12];

  // Ratings: one applicant pleased; another not, which opens a rectification.
  TB_RETURN_IF_ERROR(store.RateCase(clerk, {cases[10], 5, {"attitude", "efficiency", "trips"},
                                            "一次就办好了，很方便"}).status());
  TB_RETURN_IF_ERROR(store.RateCase(clerk, {cases[11], 2, {"environment"},
                                            "排队时间太长，窗口没有座位"}).status());

  // The 低保 applicant posts the material owed under 容缺受理.
  ShipmentRequest post;
  post.case_no = demo.tolerated_case;
  post.direction = ShipmentDirection::kIn;
  post.waybill = "1178523400215";
  post.address = "金溪村三组 12 号 张建国";
  TB_ASSIGN_OR_RETURN(Shipment shipment, store.CreateShipment(clerk, post));
  TB_RETURN_IF_ERROR(
      store.TrackShipment(clerk, shipment.ref, ShipmentState::kSent, "金溪镇邮政所", "已揽收").status());
  // The shop owner's committed licence copy came by post and has arrived.
  post.case_no = cases[8];
  post.waybill = "SF1402233587091";
  post.carrier = "顺丰速运";
  post.address = "金溪镇老街 8 号 金溪镇老王杂货店";
  TB_ASSIGN_OR_RETURN(Shipment licence, store.CreateShipment(clerk, post));
  TB_RETURN_IF_ERROR(
      store.TrackShipment(clerk, licence.ref, ShipmentState::kSent, "金溪镇顺丰网点", "").status());
  TB_RETURN_IF_ERROR(
      store.TrackShipment(clerk, licence.ref, ShipmentState::kDelivered, "金溪村便民服务站", "王丽签收")
          .status());

  // Appointments over the next days; the first one has arrived if it is today.
  TB_ASSIGN_OR_RETURN(auto items, store.ListItems());
  TB_ASSIGN_OR_RETURN(Appointment first,
                      BookNext(store, clerk, ItemCode(items, "最低生活保障审核确认"), "王秀兰",
                               DemoResidentId("330127", "19580322", 14), "13905710001", 0));
  if (LocalDate(first.start_at) == LocalDate(sync::SystemWallClock::Instance().NowMillis()))
    TB_RETURN_IF_ERROR(store.CheckInAppointment(clerk, first.ref).status());
  TB_RETURN_IF_ERROR(BookNext(store, clerk, ItemCode(items, "城乡居民基本养老保险待遇申领"), "李国华",
                              DemoResidentId("330127", "19630815", 22), "13905710002", 0)
                         .status());
  TB_RETURN_IF_ERROR(BookNext(store, clerk, ItemCode(items, "高龄津贴申领"), "钱玉珍",
                              DemoResidentId("330127", "19410109", 48), "", 2)
                         .status());
  TB_RETURN_IF_ERROR(BookNext(store, clerk, ItemCode(items, "残疾人证换领"), "周德华",
                              DemoResidentId("330127", "19680712", 35), "13905710004", 3)
                         .status());

  // Door visits for the field laptop, planned here.
  const Date tomorrow = LocalDate(sync::SystemWallClock::Instance().NowMillis()) + std::chrono::days(1);
  TB_RETURN_IF_ERROR(store.PlanVisit(clerk, {"QS-FD01", ItemCode(items, "高龄津贴申领"), "孙老根",
                                             DemoResidentId("330127", "19360714", 8), "",
                                             "金溪村五组 8 号", tomorrow,
                                             "卧床老人，上门收取高龄津贴申请材料"}).status());
  return Status::Ok();
}

// The township center: its own window, and its back office working the cases.
Status TownshipDay(NodeStore& store, const Session& clerk, const Session& processor) {
  const std::vector<WindowCase> cases = {
      {"特困人员救助供养审核确认", "李德福", DemoResidentId("330127", "19440212", 31),
       "老年人，独居", {}, false, 0, 0, 3},
      {"最低生活保障审核确认", "张秀兰", DemoResidentId("330127", "19660904", 52), "",
       {{"M05", MaterialState::kTolerated}}, false, 3, 560, 0, {"accept", ""}},
      {"临时救助（支出型）", "王建军", DemoResidentId("330127", "19790630", 17), "", {}, false, 4,
       610, 0, {"accept", "", "start_special_procedure", "需入户调查核实家庭经济状况"}},
      {"农村宅基地和建房（规划许可）审批", "刘志强", DemoResidentId("330127", "19820411", 63),
       "", {}, false, 6, 620, 0, {"request_supplement", "缺少村民小组会议纪要"}},
      {"高龄津贴申领", "赵桂英", DemoResidentId("330127", "19430905", 26), "", {}, false, 5, 540,
       0, {"accept", "", "approve", "", "issue_result", ""}},
      {"农村土地经营权流转合同备案", "陈大山", DemoResidentId("330127", "19690117", 44), "", {},
       false, 14, 600},
      {"最低生活保障审核确认", "孙小梅", DemoResidentId("330127", "19870523", 58), "", {}, false,
       1, 900},
      {"高龄津贴申领", "周福生", DemoResidentId("330127", "19400801", 12), "", {}, false, 0, 0, 2},
  };
  TB_ASSIGN_OR_RETURN(auto numbers, Receive(store, clerk, processor, cases));
  // The 高龄津贴 result goes out by post.
  ShipmentRequest post;
  post.case_no = numbers[4];
  post.waybill = "9812004477311";
  post.address = "金溪镇下洋村 2 组 赵桂英";
  TB_ASSIGN_OR_RETURN(Shipment shipment, store.CreateShipment(clerk, post));
  return store.TrackShipment(clerk, shipment.ref, ShipmentState::kSent, "金溪镇邮政所", "").status();
}

// The field laptop's visits: planned here by the field worker, one made with a
// case received at the door, one that found nobody home.
Status FieldDay(NodeStore& store, const Session& field) {
  TB_ASSIGN_OR_RETURN(auto items, store.ListItems());
  const Date today = LocalDate(sync::SystemWallClock::Instance().NowMillis());
  const std::string code = store.identity().code;
  struct Planned {
    const char* item;
    const char* name;
    std::string id;
    const char* phone;
    const char* address;
    int in_days;
    const char* purpose;
  };
  const Planned plans[] = {
      {"最低生活保障审核确认", "吴老汉", DemoResidentId("330127", "19390315", 5), "13905711001",
       "金溪村二组 3 号", 0, "重病卧床，上门收取低保申请材料"},
      {"残疾人辅助器具适配补贴申领", "郑小军", DemoResidentId("330127", "19980807", 71), "",
       "金溪村七组 21 号", 0, "肢体残疾，上门评估辅具需求"},
      {"高龄津贴申领", "孙老根", DemoResidentId("330127", "19360714", 8), "", "金溪村五组 8 号", 0,
       "卧床老人，上门收取高龄津贴申请材料"},
      {"临时救助（急难型）", "何桂香", DemoResidentId("330127", "19520228", 39), "13905711004",
       "上洋村一组 15 号", 1, "房屋受损，上门核实情况"},
      {"部分农村籍退役士兵老年生活补助申领", "陈永福", DemoResidentId("330127", "19480101", 27), "",
       "上洋村四组 6 号", 1, "上门收取申请材料"},
  };
  std::vector<Visit> planned;
  for (const auto& p : plans) {
    TB_ASSIGN_OR_RETURN(Visit v, store.PlanVisit(field, {code, ItemCode(items, p.item), p.name, p.id,
                                                         p.phone, p.address,
                                                         today + std::chrono::days(p.in_days),
                                                         p.purpose}));
    planned.push_back(std::move(v));
  }
  IntakeRequest door;
  door.item_code = planned[2].item_code;
  door.applicant_name = planned[2].applicant_name;
  door.applicant_id = planned[2].applicant_id;
  door.channel = Channel::kDoor;
  TB_ASSIGN_OR_RETURN(CaseRecord c, store.Intake(field, door));
  TB_RETURN_IF_ERROR(
      store.RecordVisit(field, planned[2].ref, VisitState::kVisited, "上门收件", c.case_no).status());
  return store.RecordVisit(field, planned[1].ref, VisitState::kFailed, "家中无人，已电话约定改日")
      .status();
}

}  // namespace

Result<DemoKind> ParseDemoKind(std::string_view name) {
  if (name == "station") return DemoKind::kStation;
  if (name == "township") return DemoKind::kTownship;
  if (name == "field") return DemoKind::kField;
  return InvalidArgument(kBadKind, {std::string(name)});
}

std::string DemoResidentId(const std::string& area, const std::string& birth, int sequence) {
  char body[32];
  std::snprintf(body, sizeof body, "%.6s%.8s%03d", area.c_str(), birth.c_str(), sequence % 1000);
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (body[i] - '0') * kWeights[i];
  return std::string(body, 17) + "10X98765432"[sum % 11];
}

Result<DemoStation> CreateDemoStation(const std::string& dir, int extra_cases, DemoKind kind) {
  if (extra_cases < 0 || extra_cases > kMaxExtraCases)
    return InvalidArgument(kTooMany);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status(ErrorCode::kIoError, kCannotCreate, {dir, ec.message()});
  DemoStation demo;
  demo.db = dir + "/station.db";
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(demo.db + suffix, ec);

  const NodeIdentity identity =
      kind == DemoKind::kTownship ? NodeIdentity{"QS-JX", "金溪镇便民服务中心", NodeKind::kTownship, ""}
      : kind == DemoKind::kField  ? NodeIdentity{"QS-FD01", "金溪镇外勤终端", NodeKind::kField, "QS-JX"}
                                  : NodeIdentity{"QS-JX01", "金溪村便民服务站", NodeKind::kStation, "QS-JX"};
  TB_ASSIGN_OR_RETURN(auto store,
                      NodeStore::Create(demo.db, identity, demo.admin_login, demo.admin_password));
  TB_ASSIGN_OR_RETURN(Session admin, store->Login(demo.admin_login, demo.admin_password));
  TB_RETURN_IF_ERROR(store->AddStaff(admin, demo.clerk_login, "王丽", Role::kClerk,
                                     demo.clerk_password));
  TB_RETURN_IF_ERROR(store->AddStaff(admin, "zhaomin", "赵敏", Role::kField, "demo-field-pass"));
  TB_RETURN_IF_ERROR(store->AddStaff(admin, "liqiang", "李强", Role::kProcessor, "demo-proc-pass"));
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

  switch (kind) {
    case DemoKind::kStation:
      demo.login = demo.clerk_login;
      demo.password = demo.clerk_password;
      TB_RETURN_IF_ERROR(StationDay(*store, clerk, demo));
      break;
    case DemoKind::kTownship: {
      demo.login = "liqiang";
      demo.password = "demo-proc-pass";
      TB_ASSIGN_OR_RETURN(Session processor, store->Login(demo.login, demo.password));
      TB_RETURN_IF_ERROR(TownshipDay(*store, clerk, processor));
      break;
    }
    case DemoKind::kField: {
      demo.login = "zhaomin";
      demo.password = "demo-field-pass";
      TB_ASSIGN_OR_RETURN(Session field, store->Login(demo.login, demo.password));
      TB_RETURN_IF_ERROR(FieldDay(*store, field));
      break;
    }
  }
  return demo;
}

}  // namespace tongban::desk
