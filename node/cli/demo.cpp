// `tongban demo`: a scripted morning at a village service station, on the
// built-in sample catalog, with every step going through the real store.
#include <cstdio>
#include <filesystem>

#include "commands.h"
#include "tongban/node/domain/notice.h"
#include "tongban/node/store/node_store.h"

namespace tongban::cli {

using namespace tongban::node;

Status Demo(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status(ErrorCode::kIoError, "cannot create " + dir + ": " + ec.message());
  const std::string db = dir + "/station.db";
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix, ec);

  std::printf("== 1. A new station node: %s\n", db.c_str());
  TB_ASSIGN_OR_RETURN(auto store,
                      NodeStore::Create(db, {"QS-JX01", "青山区金溪镇金溪村便民服务站",
                                             NodeKind::kStation, "QS-JX"},
                                        "admin", "demo-admin-pass"));
  TB_ASSIGN_OR_RETURN(Session admin, store->Login("admin", "demo-admin-pass"));
  TB_RETURN_IF_ERROR(store->AddStaff(admin, "wangli", "王丽", Role::kClerk, "demo-clerk-pass"));
  TB_ASSIGN_OR_RETURN(Session clerk, store->Login("wangli", "demo-clerk-pass"));

  TB_ASSIGN_OR_RETURN(Catalog catalog, ParseCatalog(SampleCatalogJson()));
  TB_ASSIGN_OR_RETURN(auto imported, store->ImportCatalog(admin, catalog));
  std::printf("== 2. Sample catalog loaded: %d service items\n", imported.added);

  std::printf("== 3. Clerk 王丽 receives cases at the window\n");
  struct Visit {
    const char* item;
    const char* name;
    const char* id;
    const char* green;
    std::vector<MaterialInput> materials;
    bool enterprise = false;
  };
  const Visit visits[] = {
      {"城乡居民基本养老保险参保登记", "李秀英", "11010519491231002X", "", {}},
      {"最低生活保障审核确认", "张建国", "440524188001010014", "",
       {{"M05", MaterialState::kTolerated}}},
      {"困难残疾人生活补贴和重度残疾人护理补贴", "赵德明", "330102195203150015",
       "重度残疾人，行动不便", {}},
      {"个体工商户变更登记", "金溪镇老王杂货店", "91330100716105852F", "",
       {{"M04", MaterialState::kCommitted}}, true},
      {"高龄津贴申领", "陈桂兰", "330102196001010043", "", {}},
  };
  std::vector<std::string> numbers;
  for (const auto& v : visits) {
    IntakeRequest r;
    r.item_code = v.item;
    r.applicant_kind = v.enterprise ? PartyKind::kEnterprise : PartyKind::kPerson;
    r.applicant_name = v.name;
    r.applicant_id = v.id;
    r.green_channel = *v.green != '\0';
    r.green_reason = v.green;
    r.materials = v.materials;
    auto rec = store->Intake(clerk, r);
    if (!rec.ok()) {
      std::printf("   refused: %s\n", rec.status().message().c_str());
      continue;
    }
    numbers.push_back(rec->case_no);
    std::printf("   %s  %-8s %s\n", rec->case_no.c_str(), MaskName(rec->applicant_name).c_str(),
                rec->item_name.c_str());
  }

  std::printf("== 4. A bad ID number gets a clear message, and nothing is saved\n");
  IntakeRequest bad;
  bad.item_code = "高龄津贴申领";
  bad.applicant_name = "刘某";
  bad.applicant_id = "110105194902301234";
  std::printf("   %s\n", store->Intake(clerk, bad).status().message().c_str());

  std::printf("== 5. The pension enrolment is 即办: completed on the spot\n");
  TB_ASSIGN_OR_RETURN(auto done, store->Transition(clerk, numbers[0], "complete_on_spot", ""));
  std::printf("   %s -> %s\n", done.case_no.c_str(), std::string(CaseStatusLabel(done.status)).c_str());

  std::printf("== 6. Today's queue with deadlines (green channel first)\n");
  TB_ASSIGN_OR_RETURN(auto rows, store->Search(CaseQuery{.status = CaseStatus::kReceived}));
  std::stable_partition(rows.begin(), rows.end(),
                        [](const CaseSummary& s) { return s.priority == Priority::kGreen; });
  for (const auto& s : rows)
    std::printf("   %s  %-10s due %s%s  %s\n", s.case_no.c_str(),
                MaskIdNumber(s.applicant_id).c_str(), FormatDue(s.due_at, s.due_unit).c_str(),
                s.priority == Priority::kGreen ? " [绿色通道]" : "", s.item_name.c_str());

  std::printf("== 7. One-time notice for the 低保 case received with a missing material\n");
  TB_ASSIGN_OR_RETURN(auto dibao, store->GetCase(numbers[1]));
  TB_ASSIGN_OR_RETURN(auto item, store->GetItem(dibao.item_code, dibao.item_version));
  std::printf("%s", RenderNoticeText(NoticeForCase(dibao, item, store->identity().name,
                                                   LocalDate(dibao.received_at)))
                        .c_str());

  std::printf("== 8. The calendar: accepted 2026-02-12, 5 working days across the Spring Festival\n");
  const auto& cal = store->calendar();
  const auto d = cal.ComputeDeadline(StartOfLocalDay(*ParseDate("2026-02-12")),
                                     TimeLimit{5, TimeUnit::kWorkday});
  std::printf("   due %s (14 Feb is a make-up workday; 15–23 Feb are holidays)\n",
              FormatDate(d.due_date()).c_str());
  const auto d27 = cal.ComputeDeadline(StartOfLocalDay(*ParseDate("2026-12-28")),
                                       TimeLimit{10, TimeUnit::kWorkday});
  std::printf("   accepted 2026-12-28 + 10 working days: due %s%s\n",
              FormatDate(d27.due_date()).c_str(),
              d27.provisional ? " (provisional: 2027 holidays not yet published)" : "");

  TB_ASSIGN_OR_RETURN(auto stats, store->Stats());
  std::printf("== 9. Change log ready for sync: %lld changes for %lld cases\n",
              static_cast<long long>(stats.changes), static_cast<long long>(stats.cases));
  std::printf("\nTry: tongban case list --db %s\n     tongban case show --db %s %s\n", db.c_str(),
              db.c_str(), numbers[1].c_str());
  return Status::Ok();
}

}  // namespace tongban::cli
