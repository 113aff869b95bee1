// The desk's models and controllers on a real station database file, driven
// through their StoreThreads as the app drives them; every list model runs
// under QAbstractItemModelTester. The sync bar talks to a real hub process on
// a loopback port.
#include <sodium.h>

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "case_detail.h"
#include "case_list_model.h"
#include "demo_station.h"
#include "desk_session.h"
#include "hub_process.h"
#include "intake_form.h"
#include "item_list_model.h"
#include "labels.h"
#include "pinyin_initials.h"
#include "scan_desk.h"
#include "screen_lock.h"
#include "account_desk.h"
#include "today_board.h"
#include "store_thread.h"
#include "sync_bar.h"
#include "tongban/node/domain/identity.h"
#include "tongban/node/store/node_replica.h"
#include "tongban/node/store/node_store.h"
#include "tongban/node/store/node_sync.h"
#include "tongban/node/store/station_keys.h"
#include "tongban/sync/clock_skew.h"
#include "tongban/sync/sqlite.h"
#include "tongban/sync/hybrid_clock.h"

using namespace tongban;
using namespace tongban::desk;
using node::CaseStatus;

namespace {

constexpr int kImported = 250;    // older cases, imported in one go
constexpr int kToday = 30;        // received today at the window
constexpr int kGreenEvery = 5;    // every 5th of today's is on the green channel
constexpr int kWaitMs = 10000;

const char* kSurnames[] = {"张", "王", "李", "刘", "陈"};
const char* kGiven[] = {"建国", "秀英", "桂兰", "志强", "海燕", "德明"};

std::string NameFor(int i) {
  return std::string(kSurnames[i % 5]) + kGiven[(i / 5) % 6];
}
std::string IdFor(int i) {
  char birth[16];
  std::snprintf(birth, sizeof birth, "19%02d%02d%02d", 40 + i % 60, 1 + i % 12, 1 + i % 28);
  return DemoResidentId("330127", birth, 1 + i % 999);
}

node::ServiceItem ItemNamed(node::NodeStore& store, const std::string& name) {
  auto items = store.ListItems();
  for (const auto& it : *items)
    if (it.name == name) return it;
  qFatal("sample item %s missing", name.c_str());
}

// Runs `command` and returns its standard output; fails the test on a non-zero exit.
std::string Run(const std::string& command) {
  std::string out;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  char buf[4096];
  while (pipe && fgets(buf, sizeof buf, pipe)) out += buf;
  const int rc = pipe ? pclose(pipe) : -1;
  if (rc != 0) qWarning("%s failed: %s", command.c_str(), out.c_str());
  return rc == 0 ? out : std::string();
}

}  // namespace

class DeskModelTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void caseQueryFromText_data();
  void caseQueryFromText();
  void pinyinInitials();
  void caseListPagesLazily();
  void caseListRoles();
  void caseListSearches();
  void caseListDropsStaleResults();
  void todayQueueGreenFirst();
  void todayBoardCounts();
  void itemModelsFilter();
  void intakeRefusesBadIdAndReceives();
  void intakeMissingRequiredGivesNotice();
  void intakeOnlyForWindowRoles();
  void caseDetailOffersNodeActions();
  void sessionOpensAndLogsIn();
  void syncBarAgainstRealHub();
  void revokedStationErasesItselfAtItsNextSync();
  void stoppingAScanKillsTheHelper();
  void screenLocksAndOnlyTheSamePersonUnlocks();
  void passwordsChangeAndResetAtTheDesk();
  void fullIdShownOnRequestAndAudited();
  void encryptedStationOpensAtLoginAndClosesAtLogout();

 private:
  std::unique_ptr<StoreThread> OpenThread(const std::string& db = {});
  template <typename Model>
  void WaitLoaded(Model& model) {
    QTRY_VERIFY_WITH_TIMEOUT(!model.loading(), kWaitMs);
  }

  QTemporaryDir dir_;
  std::string db_;
  std::unique_ptr<node::NodeStore> store_;  // the test thread's own connection
  node::Session clerk_, processor_;
  std::vector<std::string> today_;  // case numbers received today, in order
};

void DeskModelTest::initTestCase() {
  QVERIFY(dir_.isValid());
  db_ = dir_.filePath("station.db").toStdString();
  auto created = node::NodeStore::Create(db_, {"QS-JX01", "金溪村便民服务站", node::NodeKind::kStation,
                                               "QS-JX"},
                                         "admin", "admin-password");
  QVERIFY2(created.ok(), created.status().message().c_str());
  store_ = std::move(created).value();
  auto admin = store_->Login("admin", "admin-password");
  QVERIFY(admin.ok());
  QVERIFY(store_->AddStaff(*admin, "wangli", "王丽", node::Role::kClerk, "clerk-password").ok());
  QVERIFY(store_->AddStaff(*admin, "liqiang", "李强", node::Role::kProcessor, "proc-password").ok());
  clerk_ = *store_->Login("wangli", "clerk-password");
  processor_ = *store_->Login("liqiang", "proc-password");
  auto catalog = node::ParseCatalog(node::SampleCatalogJson());
  QVERIFY(catalog.ok());
  QVERIFY(store_->ImportCatalog(*admin, *catalog).ok());

  // Older cases from the last weeks, all imported in one transaction.
  const node::Millis now = sync::SystemWallClock::Instance().NowMillis();
  const node::Date today = node::LocalDate(now);
  nlohmann::json cases = nlohmann::json::array();
  for (int i = 0; i < kImported; ++i) {
    const node::Date day = today - std::chrono::days(1 + i % 40);
    cases.push_back({{"legacy_no", "T" + std::to_string(i)},
                     {"item_code", catalog->items[static_cast<std::size_t>(i) % catalog->items.size()].impl_code},
                     {"applicant", {{"kind", "person"}, {"name", NameFor(i)}, {"id_number", IdFor(i)}}},
                     {"received_at", node::FormatDate(day) + " 10:00"}});
  }
  auto imported = store_->ImportCases(
      clerk_, nlohmann::json{{"format", "tongban-cases/1"}, {"cases", cases}}.dump());
  QVERIFY2(imported.ok(), imported.status().message().c_str());

  // Today's window: an instant item and a promised one, some on the green channel.
  const auto instant = ItemNamed(*store_, "失业登记");
  const auto promised = ItemNamed(*store_, "高龄津贴申领");
  for (int i = 0; i < kToday; ++i) {
    node::IntakeRequest r;
    r.item_code = (i % 2 == 0 ? instant : promised).impl_code;
    r.applicant_name = NameFor(1000 + i);
    r.applicant_id = IdFor(1000 + i);
    r.green_channel = i % kGreenEvery == 0;
    if (r.green_channel) r.green_reason = "老年人";
    auto c = store_->Intake(clerk_, r);
    QVERIFY2(c.ok(), c.status().message().c_str());
    today_.push_back(c->case_no);
  }
}

std::unique_ptr<StoreThread> DeskModelTest::OpenThread(const std::string& db) {
  auto thread = std::make_unique<StoreThread>(QStringLiteral("test-store"));
  bool opened = false;
  thread->Open(db.empty() ? db_ : db, this, [&](Result<node::NodeIdentity> r) {
    if (!r.ok()) qWarning("open: %s", r.status().message().c_str());
    opened = r.ok();
  });
  [&] { QTRY_VERIFY_WITH_TIMEOUT(opened, kWaitMs); }();
  return thread;
}

void DeskModelTest::caseQueryFromText_data() {
  QTest::addColumn<QString>("text");
  QTest::addColumn<QString>("caseNo");
  QTest::addColumn<QString>("idNumber");
  QTest::addColumn<QString>("namePrefix");
  QTest::newRow("empty") << "  " << "" << "" << "";
  QTest::newRow("case number") << " qs-jx01-20261122-0001 " << "QS-JX01-20261122-0001" << "" << "";
  QTest::newRow("resident id") << "11010519491231002x" << "" << "11010519491231002X" << "";
  QTest::newRow("old 15-digit id") << "110105491231002" << "" << "110105491231002" << "";
  QTest::newRow("credit code") << "91330100716105852F" << "" << "91330100716105852F" << "";
  QTest::newRow("name") << "张建" << "" << "" << "张建";
  QTest::newRow("partial id is a name search") << "4405" << "" << "" << "4405";
}

void DeskModelTest::caseQueryFromText() {
  QFETCH(QString, text);
  const node::CaseQuery q = CaseQueryFromText(text);
  QTEST(Q(q.case_no), "caseNo");
  QTEST(Q(q.id_number), "idNumber");
  QTEST(Q(q.name_prefix), "namePrefix");
}

void DeskModelTest::pinyinInitials() {
  QCOMPARE(PinyinInitials("最低生活保障审核确认"), std::string("zdshbzshqr"));
  QCOMPARE(PinyinInitials("城乡居民 A1"), std::string("cxjma1"));
  QCOMPARE(PinyinInitials("临时救助（急难型）"), std::string("lsjzjnx"));
  QCOMPARE(PinyinInitials(""), std::string());
}

void DeskModelTest::caseListPagesLazily() {
  auto thread = OpenThread();
  {
    // As a view sees it: one page, then one more per fetchMore.
    CaseListModel lazy(thread.get(), CaseListModel::Scope::All);
    lazy.refresh();
    WaitLoaded(lazy);
    QCOMPARE(lazy.rowCount(), CaseListModel::kPageSize);
    QVERIFY(lazy.canFetchMore({}));
    lazy.fetchMore({});
    WaitLoaded(lazy);
    QCOMPARE(lazy.rowCount(), 2 * CaseListModel::kPageSize);
  }
  // Under the tester, which asks for more after every change, until all are in.
  CaseListModel model(thread.get(), CaseListModel::Scope::All);
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
  QCOMPARE(model.rowCount(), 0);
  QVERIFY(!model.canFetchMore({}));  // nothing before refresh()

  QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
  model.refresh();
  WaitLoaded(model);
  QVERIFY(model.rowCount() >= CaseListModel::kPageSize);  // the tester may have asked for more
  while (model.canFetchMore({})) {
    const int before = model.rowCount();
    model.fetchMore({});
    model.fetchMore({});  // a second call while the page is on its way changes nothing
    WaitLoaded(model);
    QVERIFY(model.rowCount() > before);
  }
  QCOMPARE(model.rowCount(), kImported + kToday);
  // Rows arrive one page at a time, each a single insertion at the end.
  int appended = 0;
  for (const auto& args : inserted) {
    const int first = args.at(1).toInt(), last = args.at(2).toInt();
    QCOMPARE(first, CaseListModel::kPageSize + appended);
    QVERIFY(last - first + 1 <= CaseListModel::kPageSize);
    appended += last - first + 1;
  }
  QCOMPARE(appended, kImported + kToday - CaseListModel::kPageSize);
  std::set<QString> seen;
  qint64 last = std::numeric_limits<qint64>::max();
  for (int row = 0; row < model.rowCount(); ++row) {
    const QModelIndex i = model.index(row);
    const qint64 id = model.data(i, CaseListModel::IdRole).toLongLong();
    QVERIFY2(id < last, "newest first, no row twice");
    last = id;
    QVERIFY(seen.insert(model.data(i, CaseListModel::CaseNoRole).toString()).second);
  }
}

void DeskModelTest::caseListRoles() {
  auto thread = OpenThread();
  CaseListModel model(thread.get(), CaseListModel::Scope::All);
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
  model.refresh();
  WaitLoaded(model);
  const auto newest = store_->Search(node::CaseQuery{.limit = 1});
  QVERIFY(newest.ok() && newest->size() == 1);
  const node::CaseSummary& s = newest->front();
  const QModelIndex i = model.index(0);
  QCOMPARE(model.data(i, CaseListModel::CaseNoRole).toString(), Q(s.case_no));
  QCOMPARE(model.data(i, CaseListModel::CaseNoRole).toString(), Q(today_.back()));
  QCOMPARE(model.data(i, CaseListModel::ItemNameRole).toString(), Q(s.item_name));
  QCOMPARE(model.data(i, CaseListModel::ApplicantNameRole).toString(), Q(s.applicant_name));
  QCOMPARE(model.data(i, CaseListModel::MaskedIdRole).toString(), Q(node::MaskIdNumber(s.applicant_id)));
  QVERIFY(!model.data(i, CaseListModel::MaskedIdRole).toString().contains(Q(s.applicant_id)));
  QCOMPARE(model.data(i, CaseListModel::StatusRole).toString(), QStringLiteral("received"));
  QCOMPARE(model.data(i, CaseListModel::StatusLabelRole).toString(), QStringLiteral("已收件"));
  QCOMPARE(model.data(i, CaseListModel::GreenRole).toBool(), s.priority == node::Priority::kGreen);
  QCOMPARE(model.data(i, CaseListModel::DueRole).toString(), Q(node::FormatDue(s.due_at, s.due_unit)));
  const QString timer = model.data(i, CaseListModel::TimerStateRole).toString();
  QVERIFY2(timer == "normal" || timer == "warning" || timer == "overdue", qPrintable(timer));
  const QHash<int, QByteArray> roles = model.roleNames();
  for (const char* name : {"caseNo", "itemName", "applicantName", "maskedId", "status", "statusLabel",
                           "green", "due", "timerState"})
    QVERIFY2(std::find(roles.begin(), roles.end(), QByteArray(name)) != roles.end(), name);
}

void DeskModelTest::caseListSearches() {
  auto thread = OpenThread();
  CaseListModel model(thread.get(), CaseListModel::Scope::All);
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
  model.refresh();
  WaitLoaded(model);

  // By name prefix: every 张 the store has, in one bounded page.
  model.setQuery(QStringLiteral("张"));
  QVERIFY(model.loading());  // debouncing already counts as loading
  WaitLoaded(model);
  const auto zhang = store_->Search(node::CaseQuery{.name_prefix = "张", .limit = 1000});
  QVERIFY(zhang.ok() && !zhang->empty());
  QCOMPARE(model.rowCount(), static_cast<int>(zhang->size()));
  QVERIFY(!model.truncated());
  QVERIFY(!model.canFetchMore({}));
  for (int row = 0; row < model.rowCount(); ++row)
    QVERIFY(model.data(model.index(row), CaseListModel::ApplicantNameRole).toString().startsWith("张"));

  // By resident ID (typed with a lower-case x is fine too).
  const std::string id = IdFor(7);
  model.setQuery(Q(id));
  WaitLoaded(model);
  QVERIFY(model.rowCount() >= 1);
  for (int row = 0; row < model.rowCount(); ++row)
    QCOMPARE(model.data(model.index(row), CaseListModel::MaskedIdRole).toString(),
             Q(node::MaskIdNumber(id)));

  // By case number: exactly that case.
  model.setQuery(Q(today_[3]));
  WaitLoaded(model);
  QCOMPARE(model.rowCount(), 1);
  QCOMPARE(model.caseNoAt(0), Q(today_[3]));

  // A receipt's QR code as a barcode scanner types it: that case, and the number to open.
  const QString scanned = Q(node::CaseScanCode(today_[3]));
  model.setQuery(scanned);
  WaitLoaded(model);
  QCOMPARE(model.rowCount(), 1);
  QCOMPARE(model.caseNoAt(0), Q(today_[3]));
  QCOMPARE(model.scannedCase(scanned + QStringLiteral("\r")), Q(today_[3]));
  QVERIFY(model.error().isEmpty());
  // Misread (one character off): says so in Chinese, opens nothing.
  QString misread = scanned;
  misread[misread.size() - 4] = misread[misread.size() - 4] == QLatin1Char('1') ? QLatin1Char('2') : QLatin1Char('1');
  model.setQuery(misread);
  WaitLoaded(model);
  QCOMPARE(model.rowCount(), 0);
  QVERIFY2(model.error().contains(QStringLiteral("请重新扫码")), qPrintable(model.error()));
  QCOMPARE(model.scannedCase(misread), QString());
  QVERIFY(model.error().contains(QStringLiteral("二维码校验不符")));

  // Nothing matches: an empty list, not an error.
  model.setQuery(QStringLiteral("欧阳"));
  WaitLoaded(model);
  QCOMPARE(model.rowCount(), 0);
  QVERIFY(model.error().isEmpty());

  // Cleared: back to every case, newest first, paged (the tester fetches on each change).
  model.setQuery({});
  WaitLoaded(model);
  QVERIFY(model.rowCount() >= CaseListModel::kPageSize);
  QCOMPARE(model.caseNoAt(0), Q(today_.back()));
}

void DeskModelTest::caseListDropsStaleResults() {
  auto thread = OpenThread();
  CaseListModel model(thread.get(), CaseListModel::Scope::All);
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
  model.refresh();
  // Typing faster than the debounce: only the last text is searched.
  QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
  model.setQuery(QStringLiteral("张"));
  model.setQuery(QStringLiteral("李"));
  model.setQuery(QStringLiteral("王"));
  WaitLoaded(model);
  QVERIFY(model.rowCount() > 0);
  for (int row = 0; row < model.rowCount(); ++row)
    QVERIFY(model.data(model.index(row), CaseListModel::ApplicantNameRole).toString().startsWith("王"));
  QVERIFY2(resets.count() <= 2, "the first page of refresh() and the one search");
}

void DeskModelTest::todayQueueGreenFirst() {
  auto thread = OpenThread();
  CaseListModel model(thread.get(), CaseListModel::Scope::Today);
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
  model.refresh();
  WaitLoaded(model);
  QCOMPARE(model.rowCount(), kToday);
  QCOMPARE(model.greenCount(), kToday / kGreenEvery);
  QVERIFY(!model.canFetchMore({}));
  for (int row = 0; row < model.rowCount(); ++row)
    QCOMPARE(model.data(model.index(row), CaseListModel::GreenRole).toBool(), row < model.greenCount());
  // Within each group the newest comes first.
  QCOMPARE(model.caseNoAt(model.greenCount()), Q(today_.back()));
}

void DeskModelTest::todayBoardCounts() {
  auto thread = OpenThread();
  TodayBoard board(thread.get());
  QAbstractItemModelTester appointments(board.appointments(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
  QAbstractItemModelTester commitments(board.commitments(),
                                       QAbstractItemModelTester::FailureReportingMode::QtTest);
  QSignalSpy changed(&board, &TodayBoard::changed);
  board.refresh();
  QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, kWaitMs);
  QVERIFY(board.error().isEmpty());
  // Counted independently from the store: open cases by timer state.
  const node::Millis now = sync::SystemWallClock::Instance().NowMillis();
  auto received = store_->Search(node::CaseQuery{.status = CaseStatus::kReceived, .limit = 1000});
  QVERIFY(received.ok());
  int overdue = 0, warning = 0, green = 0;
  for (const auto& s : *received) {
    const auto t = node::EvaluateTimer(s.received_at, s.due_at, now);
    overdue += t == node::TimerState::kOverdue;
    warning += t == node::TimerState::kWarning;
    green += s.priority == node::Priority::kGreen;
  }
  QVERIFY(overdue > 0);  // imported weeks ago, never handled
  QCOMPARE(board.overdue(), overdue);
  QCOMPARE(board.warning(), warning);
  QCOMPARE(board.green(), green);
  QCOMPARE(board.open(), static_cast<int>(received->size()));
  QCOMPARE(board.handout(), 0);
  QCOMPARE(board.appointments()->count(), 0);
}

void DeskModelTest::itemModelsFilter() {
  auto thread = OpenThread();
  ItemListModel items(thread.get());
  QAbstractItemModelTester tester(&items, QAbstractItemModelTester::FailureReportingMode::QtTest);
  ItemFilterModel filter(&items);
  QAbstractItemModelTester filter_tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
  items.refresh();
  const auto all = store_->ListItems();
  QTRY_COMPARE_WITH_TIMEOUT(items.count(), static_cast<int>(all->size()), kWaitMs);
  QCOMPARE(filter.count(), items.count());

  auto names = [&] {
    QStringList out;
    for (int row = 0; row < filter.rowCount(); ++row)
      out << filter.data(filter.index(row, 0), ItemListModel::NameRole).toString();
    return out;
  };
  filter.setText(QStringLiteral("zdsh"));  // 最低生活保障审核确认 by pinyin initials
  QCOMPARE(names(), QStringList{QStringLiteral("最低生活保障审核确认")});
  filter.setText(QStringLiteral("津贴"));
  QCOMPARE(names(), QStringList{QStringLiteral("高龄津贴申领")});
  const auto dibao = ItemNamed(*store_, "最低生活保障审核确认");
  filter.setText(Q(dibao.impl_code.substr(dibao.impl_code.size() - 12)));
  QVERIFY(names().contains(QStringLiteral("最低生活保障审核确认")));
  QCOMPARE(filter.codeAt(filter.rowOfCode(Q(dibao.impl_code))), Q(dibao.impl_code));
  filter.setText(QStringLiteral("没有这个事项"));
  QCOMPARE(filter.count(), 0);
  QCOMPARE(filter.rowOfCode(Q(dibao.impl_code)), -1);
  filter.setText({});
  QCOMPARE(filter.count(), items.count());
}

void DeskModelTest::intakeRefusesBadIdAndReceives() {
  auto thread = OpenThread();
  IntakeForm form(thread.get());
  QAbstractItemModelTester tester(form.materials(), QAbstractItemModelTester::FailureReportingMode::QtTest);
  form.SetSession(clerk_, QStringLiteral("金溪村便民服务站"));
  const auto dibao = ItemNamed(*store_, "最低生活保障审核确认");
  form.selectItem(Q(dibao.impl_code));
  QTRY_VERIFY_WITH_TIMEOUT(form.hasItem(), kWaitMs);
  QCOMPARE(form.materials()->count(), static_cast<int>(dibao.materials.size()));

  form.setApplicantName(QStringLiteral("张建国"));
  form.setApplicantId(QStringLiteral("440524188001010015"));  // wrong check character
  QVERIFY(!form.idOk());
  // In the desk's language (Chinese), not the node's English.
  QCOMPARE(form.idMessage(), QStringLiteral("身份证号码校验位不对（应为 4，实为 5），请重新核对号码"));
  QVERIFY(!form.canSubmit());
  form.submit();  // refused before reaching the store
  QVERIFY(!form.submitting());

  form.setApplicantId(QStringLiteral("440524188001010014"));
  QVERIFY(form.idOk());
  QVERIFY(form.idMessage().isEmpty());

  // M05 may be missing under 容缺受理; M01 may not.
  auto* m = form.materials();
  int m05 = -1;
  for (int row = 0; row < m->count(); ++row)
    if (m->data(m->index(row), IntakeMaterialsModel::CodeRole).toString() == "M05") m05 = row;
  QVERIFY(m05 >= 0);
  QVERIFY(m->data(m->index(m05), IntakeMaterialsModel::OptionsRole).toStringList().contains("tolerated"));
  QVERIFY(!m->data(m->index(0), IntakeMaterialsModel::OptionsRole).toStringList().contains("tolerated"));
  QVERIFY(!form.setMaterialState(0, QStringLiteral("tolerated")));
  QVERIFY(form.setMaterialState(m05, QStringLiteral("tolerated")));
  QVERIFY(form.canSubmit());

  QSignalSpy submitted(&form, &IntakeForm::submitted);
  form.submit();
  QVERIFY(form.submitting());
  QTRY_COMPARE_WITH_TIMEOUT(submitted.count(), 1, kWaitMs);
  QVERIFY2(form.error().isEmpty(), qPrintable(form.error()));
  const QString no = form.caseNo();
  QVERIFY(no.startsWith("QS-JX01-"));
  QVERIFY(form.receiptText().contains(no));
  QVERIFY(form.receiptText().contains(QStringLiteral("受理回执")));
  QVERIFY(form.receiptText().contains(QStringLiteral("容缺后补")));
  QVERIFY(form.noticeText().contains(QStringLiteral("一次性告知书")));

  auto saved = store_->GetCase(S(no));
  QVERIFY(saved.ok());
  QCOMPARE(saved->applicant_id, std::string("440524188001010014"));
  for (const auto& mat : saved->materials)
    QCOMPARE(mat.state == node::MaterialState::kTolerated, mat.code == "M05");

  form.clear();
  QVERIFY(form.caseNo().isEmpty());
  QVERIFY(form.applicantId().isEmpty());
  QVERIFY(form.hasItem());
}

void DeskModelTest::intakeMissingRequiredGivesNotice() {
  auto thread = OpenThread();
  IntakeForm form(thread.get());
  form.SetSession(clerk_, QStringLiteral("金溪村便民服务站"));
  const auto item = ItemNamed(*store_, "高龄津贴申领");
  form.selectItem(Q(item.impl_code));
  QTRY_VERIFY_WITH_TIMEOUT(form.hasItem(), kWaitMs);
  form.setApplicantName(QStringLiteral("陈桂兰"));
  form.setApplicantId(QStringLiteral("330102196001010043"));
  QVERIFY(form.canSubmit());
  QVERIFY(form.setMaterialState(0, QStringLiteral("absent")));  // no ID card with them
  QVERIFY(form.missingRequired());
  QVERIFY(!form.canSubmit());
  form.prepareNotice();
  QVERIFY(form.caseNo().isEmpty());
  QVERIFY(form.noticeText().contains(QStringLiteral("一次性告知书")));
  QVERIFY(form.noticeText().contains(Q(item.materials[0].name)));
}

void DeskModelTest::intakeOnlyForWindowRoles() {
  auto thread = OpenThread();
  IntakeForm form(thread.get());
  QVERIFY(!form.canIntake());  // nobody logged in
  form.SetSession(processor_, QStringLiteral("金溪村便民服务站"));
  QVERIFY(!form.canIntake());
  form.SetSession(clerk_, QStringLiteral("金溪村便民服务站"));
  QVERIFY(form.canIntake());
}

void DeskModelTest::caseDetailOffersNodeActions() {
  auto thread = OpenThread();
  CaseDetail detail(thread.get());
  detail.SetSession(clerk_);
  // today_[0] is 失业登记, an instant item received here.
  detail.load(Q(today_[0]));
  QTRY_VERIFY_WITH_TIMEOUT(detail.loaded(), kWaitMs);
  QCOMPARE(detail.info().value("statusLabel").toString(), QStringLiteral("已收件"));
  QVERIFY(detail.info().value("green").toBool());
  QCOMPARE(detail.events().size(), 1);
  auto actions = [&] {
    QStringList out;
    for (const auto& a : detail.actions()) out << a.toMap().value("action").toString();
    return out;
  };
  QCOMPARE(actions(), (QStringList{"withdraw", "complete_on_spot"}));
  QVERIFY(detail.actions()[0].toMap().value("needsReason").toBool());
  QVERIFY(!detail.actions()[1].toMap().value("needsReason").toBool());

  // A processor here is not the item's processing office: no back-office moves.
  detail.SetSession(processor_);
  QTRY_VERIFY_WITH_TIMEOUT(!detail.loading(), kWaitMs);
  QVERIFY(detail.actions().isEmpty());

  // The clerk withdraws; the case and its moves change with it.
  detail.SetSession(clerk_);
  QTRY_VERIFY_WITH_TIMEOUT(!detail.loading(), kWaitMs);
  QSignalSpy changed(&detail, &CaseDetail::caseChanged);
  detail.runAction(QStringLiteral("withdraw"), QStringLiteral("申请人撤回"));
  QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, kWaitMs);
  QCOMPARE(detail.info().value("status").toString(), QStringLiteral("withdrawn"));
  QCOMPARE(actions(), QStringList{"close"});
  QCOMPARE(detail.events().size(), 2);
  QCOMPARE(detail.events()[1].toMap().value("detail").toString(), QStringLiteral("申请人撤回"));

  // A move the node refuses leaves the case shown and says why.
  detail.runAction(QStringLiteral("approve"), {});
  QTRY_VERIFY_WITH_TIMEOUT(!detail.acting(), kWaitMs);
  QVERIFY(!detail.error().isEmpty());
  QVERIFY(detail.loaded());

  detail.load(QStringLiteral("QS-JX01-20000101-0001"));
  QTRY_VERIFY_WITH_TIMEOUT(!detail.loading(), kWaitMs);
  QVERIFY(!detail.loaded());
  QVERIFY(!detail.error().isEmpty());
}

void DeskModelTest::sessionOpensAndLogsIn() {
  DeskSession session;
  QSignalSpy failed(&session, &DeskSession::loginFailed);
  session.openDatabase(dir_.filePath("missing.db"));
  QTRY_VERIFY_WITH_TIMEOUT(!session.opening(), kWaitMs);
  QVERIFY(!session.isOpen());
  QVERIFY(!session.error().isEmpty());

  session.openDatabase(Q(db_));
  QTRY_VERIFY_WITH_TIMEOUT(!session.opening(), kWaitMs);
  QVERIFY2(session.isOpen(), qPrintable(session.error()));
  QCOMPARE(session.stationCode(), QStringLiteral("QS-JX01"));
  QCOMPARE(session.stationName(), QStringLiteral("金溪村便民服务站"));

  session.login(QStringLiteral("wangli"), QStringLiteral("wrong-password"));
  QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kWaitMs);
  QVERIFY(!session.loggedIn());

  session.login(QStringLiteral("wangli"), QStringLiteral("clerk-password"));
  QTRY_VERIFY_WITH_TIMEOUT(session.loggedIn(), kWaitMs);
  QCOMPARE(session.userName(), QStringLiteral("王丽"));
  QCOMPARE(session.role(), QStringLiteral("clerk"));
  QVERIFY(session.canIntake());
  // Logging in loads the lists.
  QTRY_VERIFY_WITH_TIMEOUT(!session.busy() && session.queue()->count() > 0, kWaitMs);
  QVERIFY(session.catalog()->count() > 0);
  QVERIFY(session.syncBar()->known());
  session.logout();
  QVERIFY(!session.loggedIn());
  QVERIFY(!session.intake()->canIntake());
}

// A station enrolled with the hub at `hub`, the catalog pulled, a clerk "wangli", and one
// case waiting to be sent. Sets `db`; fails the calling test with QVERIFY.
void EnrolledStation(tools::HubProcess& hub, const QTemporaryDir& dir, const std::string& node,
                     std::string& db) {
  const std::string admin = std::string(TONGBAN_CENTRAL) + " ";
  const std::string data = " --data " + hub.data();
  QVERIFY(!Run(admin + "catalog publish sample" + data).empty());
  std::string out = Run(admin + "station add --code " + node +
                        " --name 测试站 --kind station --township QS-JX" + data);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  const std::string code = out.substr(out.rfind('\n') + 1);
  QVERIFY(!code.empty());

  db = dir.filePath("node.db").toStdString();
  const node::HubLink link{hub.url(), "", ""};
  auto enrolled = node::EnrollWithHub(link, node, code);
  QVERIFY2(enrolled.ok(), enrolled.status().message().c_str());
  {
    auto store = node::NodeStore::Create(db, {node, "测试站", node::NodeKind::kStation, "QS-JX"},
                                         "admin", "admin-password");
    QVERIFY(store.ok());
    QVERIFY(node::SaveHubLink(**store, link, *enrolled).ok());
    auto a = (*store)->Login("admin", "admin-password");
    QVERIFY((*store)->AddStaff(*a, "wangli", "王丽", node::Role::kClerk, "clerk-password").ok());
    auto clerk = (*store)->Login("wangli", "clerk-password");
    // The catalog comes from the hub, as on a real station.
    auto first = node::NodeSync::Open(**store);
    QVERIFY(first.ok());
    auto pulled = (*first)->client().RunOnce();
    QVERIFY2(pulled.ok(), pulled.status().message().c_str());
    node::IntakeRequest r;
    r.item_code = ItemNamed(**store, "高龄津贴申领").impl_code;
    r.applicant_name = "陈桂兰";
    r.applicant_id = "330102196001010043";
    QVERIFY((*store)->Intake(*clerk, r).ok());
  }
}

void DeskModelTest::syncBarAgainstRealHub() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  tools::HubProcess hub(TONGBAN_CENTRAL, dir.filePath("hub").toStdString());
  QVERIFY(hub.Start(0));
  std::string db;
  EnrolledStation(hub, dir, "QS-HUB1", db);
  if (QTest::currentTestFailed()) return;

  auto store = OpenThread(db);
  auto sync_thread = OpenThread(db);
  SyncBar bar(store.get(), sync_thread.get());
  bar.refresh();
  QTRY_VERIFY_WITH_TIMEOUT(bar.known(), kWaitMs);
  QVERIFY(bar.enrolled());
  QVERIFY(!bar.online());  // never tried
  QVERIFY(bar.queueDepth() > 0);
  QVERIFY(bar.lastSuccess().isEmpty());

  double max_progress = -1;
  connect(&bar, &SyncBar::changed, this, [&] { max_progress = std::max(max_progress, bar.progress()); });
  bar.syncNow();
  QVERIFY(bar.running());
  bar.syncNow();  // a second press while running does nothing
  QTRY_VERIFY_WITH_TIMEOUT(!bar.running(), 30000);
  QVERIFY2(bar.outcome().contains(QStringLiteral("同步完成")), qPrintable(bar.outcome()));
  QVERIFY(bar.online());
  QCOMPARE(bar.queueDepth(), 0);
  QVERIFY(!bar.lastSuccess().isEmpty());
  QVERIFY(bar.lastError().isEmpty());
  QVERIFY2(max_progress > 0, "push progress reached the GUI thread");
  QVERIFY2(bar.notice().isEmpty(), qPrintable(bar.notice()));  // the clocks agree

  // A station clock two hours fast, as a sync would have found it: the bar says so and
  // how to fix it, in the desk's language.
  {
    auto other = node::NodeStore::Open(db);
    QVERIFY(other.ok());
    const auto now = sync::SystemWallClock::Instance().NowMillis();
    QVERIFY((*other)->SetMeta(std::string(node::kClockOffsetKey),
                              sync::FormatClockOffset({2 * 3'600'000, now})).ok());
    // And a change the hub refused for good, as a push reply leaves it.
    QVERIFY((*other)->database()
                .Exec("INSERT INTO sync_rejections (seq, reason, at, code, args) VALUES (1, 'x', " +
                      std::to_string(now) + ", 'out_of_scope', '[\"cases\"]')")
                .ok());
  }
  bar.refresh();
  QTRY_VERIFY_WITH_TIMEOUT(bar.notice().contains(QStringLiteral("快 2 小时 0 分钟")), kWaitMs);
  QVERIFY(bar.notice().contains(QStringLiteral("校准日期和时间")));
  QVERIFY2(bar.refusals().contains(QStringLiteral("第 1 项变更被中心拒收：不在本站的办理范围内")),
           qPrintable(bar.refusals()));
  bar.SetLanguage(node::Language::kEnglish);
  QVERIFY2(bar.notice().contains(QStringLiteral("2 h 0 min ahead of the hub's")), qPrintable(bar.notice()));
  bar.SetLanguage(node::Language::kChinese);

  // The hub goes away: the attempt fails, nothing is lost, the bar says offline.
  hub.Stop();
  bar.syncNow();
  QTRY_VERIFY_WITH_TIMEOUT(!bar.running(), 60000);
  QVERIFY2(bar.outcome().contains(QStringLiteral("同步失败")), qPrintable(bar.outcome()));
  QVERIFY(!bar.online());
  QVERIFY(!bar.lastError().isEmpty());
  QVERIFY(!bar.lastSuccess().isEmpty());
}

void DeskModelTest::revokedStationErasesItselfAtItsNextSync() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  tools::HubProcess hub(TONGBAN_CENTRAL, dir.filePath("hub").toStdString());
  QVERIFY(hub.Start(0));
  std::string db;
  EnrolledStation(hub, dir, "QS-HUB2", db);
  if (QTest::currentTestFailed()) return;
  DeskSession session;
  session.openDatabase(Q(db));
  QTRY_VERIFY_WITH_TIMEOUT(!session.opening(), kWaitMs);
  session.login(QStringLiteral("wangli"), QStringLiteral("clerk-password"));
  QTRY_VERIFY_WITH_TIMEOUT(session.loggedIn(), kWaitMs);
  // A document printed here: it names its applicant, and goes with the station.
  const QString prints = dir.filePath(QStringLiteral("prints"));
  session.printer()->SetFolder(prints);
  session.printer()->printItemNotice(QStringLiteral("高龄津贴申领"), {});
  QTRY_VERIFY_WITH_TIMEOUT(!session.printer()->lastFile().isEmpty(), kWaitMs);
  QVERIFY(QFileInfo::exists(session.printer()->lastFile()));

  const auto records = [&] {
    const std::string status = Run(std::string(TONGBAN_CENTRAL) + " status --json --data " + hub.data());
    return nlohmann::json::parse(status)["records"].get<int>();
  };
  const int before = records();
  Run(std::string(TONGBAN_CENTRAL) + " station revoke --code QS-HUB2 --data " + hub.data());
  session.syncBar()->syncNow();
  QTRY_VERIFY_WITH_TIMEOUT(session.error().contains(QStringLiteral("站点数据已清除")), 30000);
  QVERIFY(!session.loggedIn());
  QVERIFY(!session.isOpen());
  QVERIFY(!QFileInfo::exists(Q(db)));
  QVERIFY(!QFileInfo::exists(Q(db + "-wal")));
  QVERIFY(!QFileInfo::exists(prints));
  // The case that was waiting reached the hub before the station went.
  QVERIFY(records() > before);
}

void DeskModelTest::encryptedStationOpensAtLoginAndClosesAtLogout() {
  const std::string db = dir_.filePath("sealed.db").toStdString();
  {
    auto keys = node::StationKeys::Generate(db, sync::CipherSuite::kSm4CtrHmacSm3, "admin",
                                            "admin-password");
    QVERIFY(keys.ok());
    QVERIFY(keys->Save().ok());
    auto store = node::NodeStore::Create(
        db, {"QS-JX02", "银溪村便民服务站", node::NodeKind::kStation, "QS-JX"}, "admin",
        "admin-password", sync::SystemWallClock::Instance(), &keys->key());
    QVERIFY2(store.ok(), store.status().message().c_str());
    auto admin = (*store)->Login("admin", "admin-password");
    QVERIFY(admin.ok());
    QVERIFY((*store)->AddStaff(*admin, "wangli", "王丽", node::Role::kClerk, "clerk-password").ok());
  }
  DeskSession session;
  QSignalSpy failed(&session, &DeskSession::loginFailed);
  session.openDatabase(Q(db));
  // Nothing of the station shows before someone signs in.
  QVERIFY(session.isOpen());
  QVERIFY(!session.opening());
  QCOMPARE(session.stationName(), QStringLiteral("已加密的站点，登录后打开"));
  QCOMPARE(session.stationCode(), QStringLiteral("sealed.db"));

  session.login(QStringLiteral("wangli"), QStringLiteral("wrong-password"));
  QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kWaitMs);
  QVERIFY(!session.loggedIn());
  QVERIFY(failed.takeFirst().at(0).toString().contains(QStringLiteral("站点密钥仍锁着")));

  // The clerk's own password unlocks it (the wrap made when the admin added her).
  session.login(QStringLiteral("wangli"), QStringLiteral("clerk-password"));
  QTRY_VERIFY_WITH_TIMEOUT(session.loggedIn(), kWaitMs);
  QCOMPARE(session.stationCode(), QStringLiteral("QS-JX02"));
  QCOMPARE(session.stationName(), QStringLiteral("银溪村便民服务站"));
  // The lists load from the unlocked store as on any station.
  QTRY_VERIFY_WITH_TIMEOUT(!session.busy(), kWaitMs);
  QVERIFY(session.syncBar()->known());

  // Logging out closes it again: the next person unlocks anew.
  session.logout();
  QVERIFY(!session.loggedIn());
  QVERIFY(session.isOpen());
  QCOMPARE(session.stationCode(), QStringLiteral("sealed.db"));
  session.login(QStringLiteral("admin"), QStringLiteral("admin-password"));
  QTRY_VERIFY_WITH_TIMEOUT(session.loggedIn(), kWaitMs);
  QCOMPARE(session.role(), QStringLiteral("admin"));
  session.logout();

  // The clerk's password was changed on another machine and came here by sync (as a pull
  // leaves it: the new hash in the database, the key file marked).
  {
    auto keys = node::StationKeys::Load(db);
    QVERIFY(keys.ok());
    auto key = keys->Unlock("admin", "admin-password");
    QVERIFY(key.ok());
    auto store = node::NodeStore::Open(db, sync::SystemWallClock::Instance(), 5000, &*key);
    QVERIFY(store.ok());
    char hash[crypto_pwhash_STRBYTES];
    const std::string fresh = "clerk-new-password";
    QVERIFY(crypto_pwhash_str(hash, fresh.data(), fresh.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0);
    auto set = (*store)->database().Prepare("UPDATE staff SET pw_hash = ?1 WHERE login = 'wangli'");
    QVERIFY(set.ok());
    (*set)->Bind(1, std::string(hash));
    QVERIFY((*set)->Run().ok());
    QVERIFY(node::StationKeys::Edit(db, [](node::StationKeys& k) {
              return k.MarkChangedElsewhere("wangli");
            }).ok());
  }
  // The new password alone is refused with what to do, and the old one is asked for.
  QVERIFY(!session.needsOldPassword());
  session.login(QStringLiteral("wangli"), QStringLiteral("clerk-new-password"));
  QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kWaitMs);
  QVERIFY(failed.takeFirst().at(0).toString().contains(QStringLiteral("另一台机器上修改")));
  QVERIFY(session.needsOldPassword());
  session.login(QStringLiteral("wangli"), QStringLiteral("clerk-new-password"),
                QStringLiteral("clerk-password"));
  QTRY_VERIFY_WITH_TIMEOUT(session.loggedIn(), kWaitMs);
  QVERIFY(!session.needsOldPassword());
  QVERIFY(!node::StationKeys::Load(db)->ChangedElsewhere("wangli"));
  session.logout();
  // From now on the new password alone opens it.
  session.login(QStringLiteral("wangli"), QStringLiteral("clerk-new-password"));
  QTRY_VERIFY_WITH_TIMEOUT(session.loggedIn(), kWaitMs);
  session.logout();
}

QTEST_GUILESS_MAIN(DeskModelTest)
// The desk locks when idle or on request; the page underneath stays; a wrong password
// is told in the reader's language, the right one of the same person unlocks, and
// logging out ends the lock.
void DeskModelTest::screenLocksAndOnlyTheSamePersonUnlocks() {
  DeskSession session;
  session.openDatabase(Q(db_));
  QTRY_VERIFY_WITH_TIMEOUT(!session.opening(), kWaitMs);
  ScreenLock* lock = session.screenLock();
  lock->lockNow();
  QVERIFY(!lock->locked());  // nobody logged in: nothing to lock
  session.login(QStringLiteral("wangli"), QStringLiteral("clerk-password"));
  QTRY_VERIFY_WITH_TIMEOUT(session.loggedIn(), kWaitMs);
  session.intake()->setApplicantName(QStringLiteral("张建国"));

  lock->SetIdleLimitForTest(200);
  QTRY_VERIFY_WITH_TIMEOUT(lock->locked(), 5000);
  lock->unlock(QStringLiteral("wrong-password"));
  QTRY_VERIFY_WITH_TIMEOUT(!lock->busy(), kWaitMs);
  QVERIFY(lock->locked());
  QCOMPARE(lock->error(), QStringLiteral("登录名或密码不对"));
  lock->SetIdleLimitForTest(0);
  lock->unlock(QStringLiteral("clerk-password"));
  QTRY_VERIFY_WITH_TIMEOUT(!lock->locked(), kWaitMs);
  QCOMPARE(session.intake()->applicantName(), QStringLiteral("张建国"));  // nothing lost
  QVERIFY(session.loggedIn());

  lock->lockNow();
  QVERIFY(lock->locked());
  session.logout();
  QVERIFY(!lock->locked());
}

// Own password with the current one; an admin's reset for a colleague, who then logs
// in with the new one.
void DeskModelTest::passwordsChangeAndResetAtTheDesk() {
  DeskSession session;
  session.openDatabase(Q(db_));
  QTRY_VERIFY_WITH_TIMEOUT(!session.opening(), kWaitMs);
  session.login(QStringLiteral("liqiang"), QStringLiteral("proc-password"));
  QTRY_VERIFY_WITH_TIMEOUT(session.loggedIn(), kWaitMs);
  AccountDesk* accounts = session.accounts();
  QVERIFY(!accounts->canReset());
  accounts->changePassword(QStringLiteral("proc-password"), QStringLiteral("proc-pass-2"),
                           QStringLiteral("proc-pass-3"));
  QCOMPARE(accounts->error(), QStringLiteral("两次输入的新密码不一样，请重新输入"));
  QSignalSpy set(accounts, &AccountDesk::passwordSet);
  accounts->changePassword(QStringLiteral("wrong-current"), QStringLiteral("proc-pass-2"),
                           QStringLiteral("proc-pass-2"));
  QTRY_VERIFY_WITH_TIMEOUT(!accounts->busy(), kWaitMs);
  QCOMPARE(accounts->error(), QStringLiteral("当前密码不对"));
  accounts->changePassword(QStringLiteral("proc-password"), QStringLiteral("proc-pass-2"),
                           QStringLiteral("proc-pass-2"));
  QTRY_COMPARE_WITH_TIMEOUT(set.count(), 1, kWaitMs);
  QVERIFY(store_->Login("liqiang", "proc-pass-2").ok());

  session.logout();
  session.login(QStringLiteral("admin"), QStringLiteral("admin-password"));
  QTRY_VERIFY_WITH_TIMEOUT(session.loggedIn(), kWaitMs);
  QVERIFY(accounts->canReset());
  accounts->loadStaff();
  QTRY_VERIFY_WITH_TIMEOUT(accounts->staff().size() >= 3, kWaitMs);
  accounts->resetPassword(QStringLiteral("liqiang"), QStringLiteral("proc-password"),
                          QStringLiteral("proc-password"));
  QTRY_COMPARE_WITH_TIMEOUT(set.count(), 2, kWaitMs);
  QVERIFY(accounts->error().isEmpty());
  QVERIFY(store_->Login("liqiang", "proc-password").ok());
}

// The case page masks the ID number; 查看完整证件号 shows it and the audit trail records
// who saw it; another case, or another person, sees it masked again.
void DeskModelTest::fullIdShownOnRequestAndAudited() {
  auto thread = OpenThread();
  CaseDetail detail(thread.get());
  detail.SetSession(clerk_);
  detail.load(Q(today_[0]));
  QTRY_VERIFY_WITH_TIMEOUT(detail.loaded(), kWaitMs);
  QVERIFY(detail.fullId().isEmpty());
  const QString masked = detail.info().value("maskedId").toString();
  QVERIFY(masked.contains(QLatin1Char('*')));
  auto before = store_->AuditEntries(0, 100000);
  QVERIFY(before.ok());
  detail.revealId();
  QTRY_VERIFY_WITH_TIMEOUT(!detail.fullId().isEmpty(), kWaitMs);
  QCOMPARE(detail.fullId().size(), 18);
  QVERIFY(!detail.fullId().contains(QLatin1Char('*')));
  auto after = store_->AuditEntries(before->empty() ? 0 : before->back().seq, 100);
  QVERIFY(after.ok());
  QCOMPARE(after->size(), std::size_t{1});
  QCOMPARE(Q(after->front().action), QStringLiteral("view_id"));
  QCOMPARE(Q(after->front().user), QStringLiteral("wangli"));
  QCOMPARE(Q(after->front().target), Q(today_[0]));
  detail.SetSession(processor_);
  QVERIFY(detail.fullId().isEmpty());
}

// A scanner that would take hours for a page: 停止 ends the scan at once, no error is
// shown, the pages before stay, and the helper process is gone.
void DeskModelTest::stoppingAScanKillsTheHelper() {
  QTemporaryDir sane;
  QVERIFY(sane.isValid());
  QFile dll(sane.filePath("dll.conf"));
  QVERIFY(dll.open(QIODevice::WriteOnly));
  dll.write("test\n");
  dll.close();
  QFile conf(sane.filePath("test.conf"));
  QVERIFY(conf.open(QIODevice::WriteOnly));
  conf.write("test-picture grid\n");
  conf.close();
  const QByteArray before = qgetenv("SANE_CONFIG_DIR");
  qputenv("SANE_CONFIG_DIR", sane.path().toLocal8Bit());  // the helper inherits it
  ScanDesk scans;
  scans.findScanners();
  QTRY_VERIFY_WITH_TIMEOUT(!scans.lookingForScanners(), kWaitMs);
  QVERIFY2(!scans.scanners().isEmpty(), qPrintable(scans.error()));
  QSignalSpy scanned(&scans, &ScanDesk::scanned);
  scans.scanPage();
  QTRY_COMPARE_WITH_TIMEOUT(scanned.count(), 1, kWaitMs);
  QCOMPARE(scanned.at(0).at(0).toBool(), true);
  QCOMPARE(scans.pageCount(), 1);

  // Now the scanner crawls: 64 bytes every 0.2 s.
  QVERIFY(conf.open(QIODevice::WriteOnly | QIODevice::Truncate));
  conf.write("test-picture grid\nread-limit true\nread-limit-size 64\n"
             "read-delay true\nread-delay-duration 200000\n");
  conf.close();
  scans.scanPage();
  QVERIFY(scans.scanning());
  QTest::qWait(1000);  // the helper is reading
  // This test's helpers: other tests' have another SANE_CONFIG_DIR.
  const auto helpers = [&sane] {
    QProcess pgrep;
    pgrep.start("pgrep", {"-f", "tongban-scanner scan"});
    pgrep.waitForFinished();
    QByteArrayList mine;
    for (const QByteArray& pid : pgrep.readAllStandardOutput().split('\n')) {
      QFile env_file("/proc/" + QString::fromLatin1(pid.trimmed()) + "/environ");
      if (!pid.trimmed().isEmpty() && env_file.open(QIODevice::ReadOnly) &&
          env_file.readAll().split('\0').contains("SANE_CONFIG_DIR=" + sane.path().toLocal8Bit()))
        mine.append(pid);
    }
    return mine;
  };
  QVERIFY(!helpers().isEmpty());
  QElapsedTimer clock;
  clock.start();
  scans.stopScan();
  QTRY_COMPARE_WITH_TIMEOUT(scanned.count(), 2, kWaitMs);
  QVERIFY(clock.elapsed() < 5000);
  QCOMPARE(scanned.at(1).at(0).toBool(), false);
  QVERIFY(!scans.scanning());
  QVERIFY2(scans.error().isEmpty(), qPrintable(scans.error()));
  QCOMPARE(scans.pageCount(), 1);
  QTRY_VERIFY_WITH_TIMEOUT(helpers().isEmpty(), kWaitMs);
  if (before.isNull()) qunsetenv("SANE_CONFIG_DIR");
  else qputenv("SANE_CONFIG_DIR", before);
}

#include "desk_model_test.moc"
