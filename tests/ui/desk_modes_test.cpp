// The desk's controllers for the back office, the service modes, the settings
// and the admin console, on real node databases (the sample station, township
// center and field laptop of --demo) and a real hub process; every list model
// runs under QAbstractItemModelTester.
#include <QAbstractItemModelTester>
#include <QCoreApplication>
#include <QFile>
#include <QSignalSpy>
#include <QUrl>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <memory>

#include "appointment_desk.h"
#include "backoffice_queue.h"
#include "case_detail.h"
#include "case_list_model.h"
#include "conflict_county.h"
#include "demo_station.h"
#include "desk_settings.h"
#include "document_printer.h"
#include "field_desk.h"
#include "hub_admin.h"
#include "intake_form.h"
#include "labels.h"
#include "period_stats.h"
#include "rating_form.h"
#include "shipment_desk.h"
#include "store_thread.h"
#include "sync_bar.h"
#include "tongban/node/store/node_store.h"
#include "tongban/sync/hybrid_clock.h"

using namespace tongban;
using namespace tongban::desk;

namespace {

constexpr int kWaitMs = 15000;
constexpr auto kFail = QAbstractItemModelTester::FailureReportingMode::QtTest;

node::Millis Now() { return sync::SystemWallClock::Instance().NowMillis(); }

// A wall clock that stays where it is set.
class FixedClock final : public sync::WallClock {
 public:
  explicit FixedClock(std::int64_t at) : at_(at) {}
  std::int64_t NowMillis() override { return at_; }

 private:
  std::int64_t at_;
};

}  // namespace

class DeskModesTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void settingsSwitchLanguageAndKeepChoices();
  void backofficeQueueIsThisOfficesWork();
  void backofficeMovesThroughCaseDetail();
  void appointmentsBookCheckInCancel();
  void appointmentConvertsThroughIntake();
  void fieldVisitsAndDoorIntake();
  void shipmentsCreateAndTrack();
  void shipmentsOfferOnlyTheNextStates();
  void ratingOpensRectificationWhenBad();
  void periodStatsMatchTheNode();
  void intakeWithProxyAndCreditOverride();
  void caseDetailRecordsSuppliedMaterials();
  void caseDetailAttachesScans();
  void printerWritesPdfs();
  void hubAdminResolvesAConflict();
  void autoSyncRunsByItself();

 private:
  std::unique_ptr<StoreThread> OpenThread(const std::string& db);
  // A fresh sample node of `kind` in its own folder; its default login.
  DemoStation Demo(DemoKind kind);
  node::Session LoginAs(const std::string& db, const std::string& login, const std::string& pw);

  QTemporaryDir dir_;
  int demos_ = 0;
};

void DeskModesTest::initTestCase() {
  QStandardPaths::setTestModeEnabled(true);
  QVERIFY(dir_.isValid());
}

std::unique_ptr<StoreThread> DeskModesTest::OpenThread(const std::string& db) {
  auto thread = std::make_unique<StoreThread>(QStringLiteral("test-store"));
  bool opened = false;
  thread->Open(db, this, [&](Result<node::NodeIdentity> r) {
    if (!r.ok()) qWarning("open: %s", r.status().message().c_str());
    opened = r.ok();
  });
  [&] { QTRY_VERIFY_WITH_TIMEOUT(opened, kWaitMs); }();
  return thread;
}

DemoStation DeskModesTest::Demo(DemoKind kind) {
  auto demo = CreateDemoStation(dir_.filePath(QString("demo-%1").arg(++demos_)).toStdString(), 0, kind);
  if (!demo.ok()) qFatal("demo: %s", demo.status().message().c_str());
  return *demo;
}

node::Session DeskModesTest::LoginAs(const std::string& db, const std::string& login,
                                     const std::string& pw) {
  auto store = node::NodeStore::Open(db);
  if (!store.ok()) qFatal("open: %s", store.status().message().c_str());
  auto s = (*store)->Login(login, pw);
  if (!s.ok()) qFatal("login: %s", s.status().message().c_str());
  return *s;
}

void DeskModesTest::settingsSwitchLanguageAndKeepChoices() {
  DeskSettings settings(false);
  QCOMPARE(settings.language(), QStringLiteral("zh_CN"));
  // The node's own threshold: normal until a fifth of the span remains.
  QCOMPARE(settings.warningPercent(), 20);
  QCOMPARE(QCoreApplication::translate("Main", "首页"), QStringLiteral("首页"));
  QSignalSpy language(&settings, &DeskSettings::languageChanged);
  settings.setLanguage(QStringLiteral("en"));
  QCOMPARE(language.count(), 1);
  QCOMPARE(QCoreApplication::translate("Main", "首页"), QStringLiteral("Home"));
  QCOMPARE(StatusLabel(node::CaseStatus::kAccepted), QStringLiteral("Accepted"));
  QCOMPARE(ActionLabel("accept"), QStringLiteral("Accept"));
  settings.setLanguage(QStringLiteral("fr"));  // not offered: ignored
  QCOMPARE(settings.language(), QStringLiteral("en"));
  settings.setLanguage(QStringLiteral("zh_CN"));
  QCOMPARE(QCoreApplication::translate("Main", "首页"), QStringLiteral("首页"));
  QCOMPARE(StatusLabel(node::CaseStatus::kAccepted), QStringLiteral("已受理"));

  QCOMPARE(settings.autoSyncMinutes(), 0);
  settings.setAutoSyncMinutes(15);
  QCOMPARE(settings.autoSyncMinutes(), 15);
  settings.setAutoSyncMinutes(7);  // not a choice: ignored
  QCOMPARE(settings.autoSyncMinutes(), 15);
}

void DeskModesTest::backofficeQueueIsThisOfficesWork() {
  const DemoStation demo = Demo(DemoKind::kTownship);
  auto thread = OpenThread(demo.db);
  BackofficeQueueModel queue(thread.get());
  QAbstractItemModelTester tester(&queue, kFail);
  queue.refresh();
  QTRY_VERIFY_WITH_TIMEOUT(!queue.loading(), kWaitMs);
  QVERIFY2(queue.error().isEmpty(), qPrintable(queue.error()));

  // Counted independently: cases this office processes in a status it acts on.
  auto store = node::NodeStore::Open(demo.db);
  QVERIFY(store.ok());
  const auto statuses = BackofficeQueueStatuses();
  QVERIFY(std::find(statuses.begin(), statuses.end(), node::CaseStatus::kAccepted) != statuses.end());
  QVERIFY(std::find(statuses.begin(), statuses.end(), node::CaseStatus::kSupplementRequested) ==
          statuses.end());  // waiting for the applicant, not the office
  int expected = 0;
  auto all = (*store)->Search({.limit = 1000});
  QVERIFY(all.ok());
  for (const auto& s : *all) {
    auto c = (*store)->GetCase(s.case_no);
    if (c->processing_office == "QS-JX" &&
        std::find(statuses.begin(), statuses.end(), c->status) != statuses.end())
      ++expected;
  }
  QVERIFY(expected > 3);
  QCOMPARE(queue.count(), expected);
  QCOMPARE(queue.greenCount(), 1);
  QVERIFY(queue.overdueCount() >= 1);
  // Green channel first, then by due time.
  QVERIFY(queue.data(queue.index(0), CaseListModel::GreenRole).toBool());
  for (int row = 2; row < queue.count(); ++row)
    QVERIFY(queue.data(queue.index(row - 1), CaseListModel::DueRole).toString() <=
            queue.data(queue.index(row), CaseListModel::DueRole).toString());
  QCOMPARE(queue.rowOf(queue.caseNoAt(2)), 2);
  QCOMPARE(queue.rowOf(QStringLiteral("QS-JX-20000101-0001")), -1);

  // The village station processes nothing: its queue is empty.
  const DemoStation station = Demo(DemoKind::kStation);
  auto station_thread = OpenThread(station.db);
  BackofficeQueueModel empty(station_thread.get());
  empty.refresh();
  QTRY_VERIFY_WITH_TIMEOUT(!empty.loading(), kWaitMs);
  QCOMPARE(empty.count(), 0);
}

void DeskModesTest::backofficeMovesThroughCaseDetail() {
  const DemoStation demo = Demo(DemoKind::kTownship);
  auto thread = OpenThread(demo.db);
  BackofficeQueueModel queue(thread.get());
  queue.refresh();
  QTRY_VERIFY_WITH_TIMEOUT(!queue.loading() && queue.count() > 0, kWaitMs);
  CaseDetail detail(thread.get());
  detail.SetSession(LoginAs(demo.db, demo.login, demo.password));
  detail.load(queue.caseNoAt(0));  // the green-channel case, received
  QTRY_VERIFY_WITH_TIMEOUT(detail.loaded(), kWaitMs);
  auto actions = [&] {
    QStringList out;
    for (const auto& a : detail.actions()) out << a.toMap().value("action").toString();
    return out;
  };
  QVERIFY2(actions().contains("accept") && actions().contains("not_accept"), qPrintable(actions().join(",")));
  QSignalSpy changed(&detail, &CaseDetail::caseChanged);
  detail.runAction(QStringLiteral("accept"), {});
  QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, kWaitMs);
  QCOMPARE(detail.info().value("status").toString(), QStringLiteral("accepted"));
  for (const char* a : {"approve", "approve_with_tolerance", "deny", "start_special_procedure",
                        "request_supplement"})
    QVERIFY2(actions().contains(a), a);
  // Deny needs a reason: the node says so when it is missing.
  detail.runAction(QStringLiteral("deny"), {});
  QTRY_VERIFY_WITH_TIMEOUT(!detail.acting(), kWaitMs);
  QVERIFY(!detail.error().isEmpty());
  detail.runAction(QStringLiteral("start_special_procedure"), QStringLiteral("需要入户核查"));
  QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 2, kWaitMs);
  QCOMPARE(detail.info().value("status").toString(), QStringLiteral("special_procedure"));
  QVERIFY(actions().contains("end_special_procedure"));
}

void DeskModesTest::appointmentsBookCheckInCancel() {
  const DemoStation demo = Demo(DemoKind::kStation);
  auto thread = OpenThread(demo.db);
  AppointmentDesk desk(thread.get());
  QAbstractItemModelTester items(desk.items(), kFail);
  QAbstractItemModelTester slot_tester(desk.daySlots(), kFail);
  QAbstractItemModelTester list(desk.appointments(), kFail);
  desk.SetSession(LoginAs(demo.db, demo.login, demo.password));

  desk.goToNextBooked();  // the demo booked four appointments from the next free slot on
  QTRY_VERIFY_WITH_TIMEOUT(!desk.busy() && desk.appointments()->count() > 0, kWaitMs);
  QVERIFY(desk.items()->count() > 10);
  const int booked = desk.appointments()->count();
  // A slot still free on that day for the chosen item.
  int free_row = -1;
  for (int r = 0; r < desk.daySlots()->count(); ++r) {
    const QVariantMap s = desk.daySlots()->get(r);
    if (!s.value("past").toBool() && s.value("free").toInt() > 0) free_row = r;
  }
  QVERIFY(free_row >= 0);
  QSignalSpy written(&desk, &DeskController::written);
  const QString start = desk.daySlots()->get(free_row).value("start").toString();
  desk.book(start, QStringLiteral("林秀兰"), Q(DemoResidentId("330127", "19620817", 91)),
            QStringLiteral("13905719999"));
  QTRY_COMPARE_WITH_TIMEOUT(written.count(), 1, kWaitMs);
  QTRY_VERIFY_WITH_TIMEOUT(!desk.busy(), kWaitMs);
  QCOMPARE(desk.appointments()->count(), booked + 1);
  const int mine = desk.appointments()->indexOf(QStringLiteral("applicantName"), QStringLiteral("林秀兰"));
  QVERIFY(mine >= 0);
  const QVariantMap a = desk.appointments()->get(mine);
  QCOMPARE(a.value("state").toString(), QStringLiteral("booked"));
  QVERIFY(desk.message().contains(QStringLiteral("林秀兰")));

  // Check-in happens on the appointment's day; before it, the node refuses.
  const bool today = a.value("day").toString() == Q(node::FormatDate(node::LocalDate(Now())));
  QCOMPARE(a.value("canCheckIn").toBool(), today);
  desk.checkIn(a.value("ref").toString());
  QTRY_VERIFY_WITH_TIMEOUT(!desk.busy(), kWaitMs);
  QVariantMap in = desk.appointments()->get(desk.appointments()->indexOf("ref", a.value("ref")));
  if (today) {
    QCOMPARE(written.count(), 2);
    QCOMPARE(in.value("state").toString(), QStringLiteral("checked_in"));
    QVERIFY(!in.value("canCheckIn").toBool());
  } else {
    QVERIFY(!desk.error().isEmpty());
    QCOMPARE(in.value("state").toString(), QStringLiteral("booked"));
  }
  QCOMPARE(in.value("canConvert").toBool(), today);  // a case is received on the day, too
  QVERIFY(in.value("canCancel").toBool());
  const int writes = written.count();

  desk.cancel(a.value("ref").toString(), {});  // no reason: the node refuses
  QTRY_VERIFY_WITH_TIMEOUT(!desk.busy(), kWaitMs);
  QVERIFY(!desk.error().isEmpty());
  desk.cancel(a.value("ref").toString(), QStringLiteral("申请人改期"));
  QTRY_COMPARE_WITH_TIMEOUT(written.count(), writes + 1, kWaitMs);
  QTRY_VERIFY_WITH_TIMEOUT(!desk.busy(), kWaitMs);
  in = desk.appointments()->get(desk.appointments()->indexOf("ref", a.value("ref")));
  QCOMPARE(in.value("state").toString(), QStringLiteral("cancelled"));
  QVERIFY(!in.value("canCancel").toBool());

  // The week around the day: seven days with their counts.
  desk.setWeek(true);
  QTRY_VERIFY_WITH_TIMEOUT(!desk.busy(), kWaitMs);
  QCOMPARE(desk.days().size(), 7);
  int counted = 0;
  for (const auto& d : desk.days()) counted += d.toMap().value("count").toInt();
  QCOMPARE(counted, desk.appointments()->count());
}

void DeskModesTest::appointmentConvertsThroughIntake() {
  const DemoStation demo = Demo(DemoKind::kStation);
  // An appointment becomes a case on its day only: book today's first slot with
  // the store's clock set to early this morning.
  QString ref, item, id = Q(DemoResidentId("330127", "19570707", 77));
  {
    FixedClock morning(node::StartOfLocalDay(node::LocalDate(Now())) + 6 * node::kMsPerHour);
    auto store = node::NodeStore::Open(demo.db, morning);
    QVERIFY(store.ok());
    auto clerk = (*store)->Login(demo.login, demo.password);
    auto items = (*store)->ListItems();
    for (const auto& it : *items)
      if (it.name == "高龄津贴申领") item = Q(it.impl_code);
    auto offered = (*store)->AppointmentSlots(S(item), node::LocalDate(Now()));
    QVERIFY(offered.ok() && !offered->empty());
    auto a = (*store)->BookAppointment(*clerk, {S(item), offered->front().start, "孔祥林", S(id), ""});
    QVERIFY2(a.ok(), a.status().message().c_str());
    ref = Q(a->ref);
  }
  auto thread = OpenThread(demo.db);
  AppointmentDesk desk(thread.get());
  const node::Session clerk = LoginAs(demo.db, demo.login, demo.password);
  desk.SetSession(clerk);
  desk.goToday();
  QTRY_VERIFY_WITH_TIMEOUT(!desk.busy() && desk.appointments()->indexOf("ref", ref) >= 0, kWaitMs);
  const QVariantMap a = desk.appointments()->get(desk.appointments()->indexOf("ref", ref));
  QVERIFY(a.value("canConvert").toBool());
  IntakeForm form(thread.get());
  form.SetSession(clerk, QStringLiteral("金溪村便民服务站"));
  form.startFromAppointment(a.value("ref").toString(), a.value("itemCode").toString(),
                            a.value("applicantName").toString(), a.value("applicantId").toString(),
                            a.value("phone").toString());
  QTRY_VERIFY_WITH_TIMEOUT(form.hasItem() && form.itemCode() == item, kWaitMs);
  QCOMPARE(form.appointmentRef(), ref);
  QCOMPARE(form.applicantId(), id);
  QVERIFY(form.canSubmit());
  QSignalSpy submitted(&form, &IntakeForm::submitted);
  form.submit();
  QTRY_VERIFY_WITH_TIMEOUT(!form.submitting(), kWaitMs);
  QVERIFY2(form.error().isEmpty(), qPrintable(form.error()));
  QCOMPARE(submitted.count(), 1);
  QVERIFY(form.appointmentRef().isEmpty());
  desk.refresh();
  QTRY_VERIFY_WITH_TIMEOUT(!desk.busy(), kWaitMs);
  const QVariantMap after = desk.appointments()->get(desk.appointments()->indexOf("ref", ref));
  QCOMPARE(after.value("state").toString(), QStringLiteral("converted"));
  QCOMPARE(after.value("caseNo").toString(), form.caseNo());
  QVERIFY(!after.value("canConvert").toBool());
}

void DeskModesTest::fieldVisitsAndDoorIntake() {
  const DemoStation demo = Demo(DemoKind::kField);
  auto thread = OpenThread(demo.db);
  FieldDesk desk(thread.get());
  QAbstractItemModelTester tester(desk.visits(), kFail);
  const node::Session field = LoginAs(demo.db, demo.login, demo.password);
  desk.SetSession(field);
  desk.refresh();
  QTRY_VERIFY_WITH_TIMEOUT(!desk.busy() && desk.visits()->count() > 0, kWaitMs);
  QCOMPARE(desk.planned(), 3);  // five planned: one made, one found nobody
  QCOMPARE(desk.visits()->count(), 3);
  desk.setShowDone(true);
  QTRY_VERIFY_WITH_TIMEOUT(!desk.busy() && desk.visits()->count() == 5, kWaitMs);
  const int made = desk.visits()->indexOf(QStringLiteral("state"), QStringLiteral("visited"));
  QVERIFY(made >= 0);
  QVERIFY(!desk.visits()->get(made).value("caseNo").toString().isEmpty());
  desk.setShowDone(false);
  QTRY_VERIFY_WITH_TIMEOUT(!desk.busy() && desk.visits()->count() == 3, kWaitMs);

  // A failed visit needs the reason; the node says so.
  const QVariantMap first = desk.visits()->get(0);
  desk.record(first.value("ref").toString(), QStringLiteral("failed"), {});
  QTRY_VERIFY_WITH_TIMEOUT(!desk.busy(), kWaitMs);
  QVERIFY(!desk.error().isEmpty());

  // Received at the door: the intake form records the visit with the case.
  IntakeForm form(thread.get());
  form.SetSession(field, QStringLiteral("金溪镇外勤终端"));
  form.startFromVisit(first.value("ref").toString(), first.value("itemCode").toString(),
                      first.value("applicantName").toString(), first.value("applicantId").toString(),
                      {});
  QTRY_VERIFY_WITH_TIMEOUT(form.hasItem(), kWaitMs);
  QCOMPARE(form.channel(), QStringLiteral("door"));
  QVERIFY(form.canSubmit());
  QSignalSpy submitted(&form, &IntakeForm::submitted);
  form.submit();
  QTRY_COMPARE_WITH_TIMEOUT(submitted.count(), 1, kWaitMs);
  QVERIFY2(form.error().isEmpty(), qPrintable(form.error()));
  auto store = node::NodeStore::Open(demo.db);
  auto c = (*store)->GetCase(S(form.caseNo()));
  QVERIFY(c.ok());
  QCOMPARE(c->channel, node::Channel::kDoor);
  desk.refresh();
  QTRY_VERIFY_WITH_TIMEOUT(!desk.busy() && desk.planned() == 2, kWaitMs);
  desk.setShowDone(true);
  QTRY_VERIFY_WITH_TIMEOUT(!desk.busy() && desk.visits()->count() == 5, kWaitMs);
  const QVariantMap done = desk.visits()->get(desk.visits()->indexOf("ref", first.value("ref")));
  QCOMPARE(done.value("state").toString(), QStringLiteral("visited"));
  QCOMPARE(done.value("caseNo").toString(), form.caseNo());
}

void DeskModesTest::shipmentsCreateAndTrack() {
  const DemoStation demo = Demo(DemoKind::kStation);
  auto thread = OpenThread(demo.db);
  ShipmentDesk desk(thread.get());
  QAbstractItemModelTester tester(desk.shipments(), kFail);
  desk.SetSession(LoginAs(demo.db, demo.login, demo.password));
  desk.refresh();
  QTRY_VERIFY_WITH_TIMEOUT(!desk.busy() && desk.shipments()->count() == 2, kWaitMs);
  QCOMPARE(desk.open(), 1);  // the other has arrived
  QVariantMap s = desk.shipments()->get(desk.shipments()->indexOf("caseNo", Q(demo.tolerated_case)));
  QCOMPARE(s.value("caseNo").toString(), Q(demo.tolerated_case));
  QCOMPARE(s.value("state").toString(), QStringLiteral("sent"));
  QCOMPARE(s.value("events").toStringList().size(), 2);
  // Materials the applicant posted, on their way: said as such, and not offered 记为已寄出 again.
  QCOMPARE(s.value("direction").toString(), QStringLiteral("in"));
  QCOMPARE(s.value("directionLabel").toString(), QStringLiteral("寄来材料"));
  QCOMPARE(s.value("stateText").toString(), QStringLiteral("申请人已寄出"));
  QStringList moves;
  for (const auto& m : s.value("moves").toList()) moves << m.toMap().value("state").toString();
  QCOMPARE(moves, (QStringList{"delivered", "returned", "lost"}));

  QSignalSpy written(&desk, &DeskController::written);
  desk.track(s.value("ref").toString(), QStringLiteral("delivered"), QStringLiteral("金溪村便民服务站"), {});
  QTRY_COMPARE_WITH_TIMEOUT(written.count(), 1, kWaitMs);
  QTRY_VERIFY_WITH_TIMEOUT(!desk.busy(), kWaitMs);
  s = desk.shipments()->get(desk.shipments()->indexOf("ref", s.value("ref")));
  QCOMPARE(s.value("state").toString(), QStringLiteral("delivered"));
  QCOMPARE(s.value("stateText").toString(), QStringLiteral("已收到"));
  QVERIFY(s.value("moves").toList().isEmpty());
  QCOMPARE(desk.open(), 0);

  // The node's checks reach the page: a bad waybill, a result not yet ready.
  desk.create(Q(demo.tolerated_case), QStringLiteral("in"), {}, QStringLiteral("12-34"), QStringLiteral("金溪村"));
  QTRY_VERIFY_WITH_TIMEOUT(!desk.busy(), kWaitMs);
  QVERIFY(!desk.error().isEmpty());
  desk.create(Q(demo.tolerated_case), QStringLiteral("out"), {}, QStringLiteral("EA123456789CN"),
              QStringLiteral("金溪村三组 12 号"));
  QTRY_VERIFY_WITH_TIMEOUT(!desk.busy(), kWaitMs);
  QVERIFY(!desk.error().isEmpty());
  desk.create(Q(demo.tolerated_case), QStringLiteral("in"), {}, QStringLiteral("ea123456789cn"),
              QStringLiteral("金溪村三组 12 号"));
  QTRY_COMPARE_WITH_TIMEOUT(written.count(), 2, kWaitMs);
  QTRY_VERIFY_WITH_TIMEOUT(!desk.busy() && desk.shipments()->count() == 3, kWaitMs);
  QCOMPARE(desk.shipments()->get(0).value("waybill").toString(), QStringLiteral("EA123456789CN"));
}

// Every state, each next state the desk offers, and that the node allows each of them.
void DeskModesTest::shipmentsOfferOnlyTheNextStates() {
  using State = node::ShipmentState;
  // The steps offered are node::ShipmentNextSteps (tested with the domain); here the words.
  // Who sent it, in words, both ways.
  QCOMPARE(ShipmentStateWords(node::ShipmentDirection::kIn, State::kSent), QStringLiteral("申请人已寄出"));
  QCOMPARE(ShipmentStateWords(node::ShipmentDirection::kOut, State::kSent), QStringLiteral("已寄出"));
  QCOMPARE(ShipmentStateWords(node::ShipmentDirection::kIn, State::kDelivered), QStringLiteral("已收到"));
  QCOMPARE(ShipmentStateWords(node::ShipmentDirection::kOut, State::kDelivered),
           QStringLiteral("申请人已签收"));
}

void DeskModesTest::ratingOpensRectificationWhenBad() {
  const DemoStation demo = Demo(DemoKind::kStation);
  auto thread = OpenThread(demo.db);
  RatingForm form(thread.get());
  form.SetSession(LoginAs(demo.db, demo.login, demo.password));
  QCOMPARE(form.scores().size(), 5);
  QCOMPARE(form.indicators().size(), static_cast<qsizetype>(node::RatingIndicators().size()));
  form.open(Q(demo.unrated_case));
  QTRY_VERIFY_WITH_TIMEOUT(!form.busy() && !form.caseInfo().isEmpty(), kWaitMs);
  QVERIFY(!form.alreadyRated());
  QVERIFY(!form.canSubmit());  // no score yet
  form.setScore(2);
  form.toggleIndicator(QStringLiteral("efficiency"));
  form.toggleIndicator(QStringLiteral("environment"));
  form.toggleIndicator(QStringLiteral("environment"));  // ticked and unticked
  form.setComment(QStringLiteral("等了很久"));
  QVERIFY(form.canSubmit());
  form.submit();
  QTRY_VERIFY_WITH_TIMEOUT(form.done(), kWaitMs);
  QVERIFY(form.rectification());
  QCOMPARE(form.rectificationWorkdays(), 15);
  auto store = node::NodeStore::Open(demo.db);
  auto ratings = (*store)->RatingsOf(demo.unrated_case);
  QCOMPARE(ratings->size(), std::size_t{1});
  QCOMPARE(ratings->front().score, 2);
  QCOMPARE(ratings->front().indicators, std::vector<std::string>{"efficiency"});
  // Rated once only: opening it again says so.
  form.open(Q(demo.unrated_case));
  QTRY_VERIFY_WITH_TIMEOUT(!form.busy() && !form.caseInfo().isEmpty(), kWaitMs);
  QVERIFY(form.alreadyRated());
  QVERIFY(!form.done());
  // A case not yet served cannot be rated: the node's refusal is shown.
  form.open(Q(demo.tolerated_case));
  QTRY_VERIFY_WITH_TIMEOUT(!form.busy() && !form.caseInfo().isEmpty(), kWaitMs);
  form.setScore(5);
  form.submit();
  QTRY_VERIFY_WITH_TIMEOUT(!form.busy(), kWaitMs);
  QVERIFY(!form.done());
  QVERIFY(!form.error().isEmpty());
}

void DeskModesTest::periodStatsMatchTheNode() {
  const DemoStation demo = Demo(DemoKind::kStation);
  auto thread = OpenThread(demo.db);
  PeriodStats stats(thread.get());
  stats.setPeriod(QStringLiteral("year"));
  QTRY_VERIFY_WITH_TIMEOUT(!stats.loading() && stats.loaded(), kWaitMs);
  QVERIFY(stats.error().isEmpty());
  const auto [from, to] = PeriodSpan(QStringLiteral("year"), Now());
  auto store = node::NodeStore::Open(demo.db);
  auto service = (*store)->ServiceFigures(from, to);
  auto modes = (*store)->ModeFigures(from, to);
  QCOMPARE(stats.figures().value("received").toLongLong(), service->received);
  QCOMPARE(stats.figures().value("closed").toLongLong(), service->closed);
  QCOMPARE(stats.figures().value("green").toLongLong(), service->green);
  QCOMPARE(stats.figures().value("appointments").toLongLong(), modes->appointments);
  QCOMPARE(stats.figures().value("ratingCount").toLongLong(), 2);
  QCOMPARE(stats.figures().value("rectificationsOpen").toLongLong(), 1);
  QCOMPARE(stats.byChannel().size(), 4);
  QCOMPARE(stats.byChannel()[0].toMap().value("share").toDouble(), 1.0);  // the window, all of them
  QCOMPARE(stats.ratings().size(), 5);
  for (const auto& r : stats.ratings()) {
    const QVariantMap bar = r.toMap();
    const int score = bar.value("key").toInt();
    QCOMPARE(bar.value("count").toLongLong(), modes->ratings.at(score));
    QCOMPARE(bar.value("label").toString(), RatingWords(score));
  }
  // The channels by name, in the desk's language: never the codes (window, door, …).
  const auto channelLabels = [&] {
    QStringList labels;
    for (const auto& c : stats.byChannel()) labels << c.toMap().value("label").toString();
    return labels;
  };
  QCOMPARE(channelLabels(), (QStringList{"窗口", "上门", "邮递", "网上"}));
  {
    DeskSettings english(false);
    english.setLanguage(QStringLiteral("en"));
    stats.refresh();
    QTRY_VERIFY_WITH_TIMEOUT(!stats.loading(), kWaitMs);
    QCOMPARE(channelLabels(), (QStringList{"Window", "Door-to-door", "Post", "Online"}));
  }
  // Whole calendar periods: a week is Monday to Sunday.
  const auto [monday, next] = PeriodSpan(QStringLiteral("week"), Now());
  QCOMPARE(next - monday, 7 * node::kMsPerDay);
  QCOMPARE(static_cast<unsigned>(std::chrono::weekday(node::LocalDate(monday)).iso_encoding()), 1u);
}

void DeskModesTest::intakeWithProxyAndCreditOverride() {
  const DemoStation demo = Demo(DemoKind::kStation);
  auto thread = OpenThread(demo.db);
  IntakeForm form(thread.get());
  form.SetSession(LoginAs(demo.db, demo.login, demo.password), QStringLiteral("金溪村便民服务站"));
  auto store = node::NodeStore::Open(demo.db);
  auto items = (*store)->ListItems();
  std::string elderly, shop, id_card;
  for (const auto& it : *items) {
    if (it.name == "高龄津贴申领") elderly = it.impl_code;
    if (it.name == "个体工商户变更登记") shop = it.impl_code;
    if (it.name == "居民身份证换领") id_card = it.impl_code;
  }
  // An item the applicant must handle in person offers no proxy.
  form.selectItem(Q(id_card));
  QTRY_VERIFY_WITH_TIMEOUT(form.itemCode() == Q(id_card), kWaitMs);
  QVERIFY(!form.itemAllowsProxy());

  form.selectItem(Q(elderly));
  QTRY_VERIFY_WITH_TIMEOUT(form.itemCode() == Q(elderly), kWaitMs);
  QVERIFY(form.itemAllowsProxy());
  form.setApplicantName(QStringLiteral("钱玉珍"));
  form.setApplicantId(Q(DemoResidentId("330127", "19410109", 48)));
  QVERIFY(form.canSubmit());
  form.setHasAgent(true);
  QVERIFY(!form.canSubmit());  // a proxy needs a name, a valid ID and the authorization
  form.setAgentName(QStringLiteral("钱小军"));
  form.setAgentId(QStringLiteral("330127197001010000"));
  QVERIFY(!form.agentIdOk());
  QVERIFY(!form.agentIdMessage().isEmpty());
  form.setAgentId(Q(DemoResidentId("330127", "19700101", 5)));
  QVERIFY(form.agentIdOk());
  form.setAgentAuthorization(QStringLiteral("SQ-2026-0007"));
  form.setAgentScope(QStringLiteral("代为申领高龄津贴"));
  form.setAgentExpires(QStringLiteral("2026-13-01"));
  QVERIFY(!form.agentExpiresMessage().isEmpty());
  QVERIFY(!form.canSubmit());
  form.setAgentExpires(QStringLiteral("2099-12-31"));
  QVERIFY(form.canSubmit());
  QSignalSpy submitted(&form, &IntakeForm::submitted);
  form.submit();
  QTRY_COMPARE_WITH_TIMEOUT(submitted.count(), 1, kWaitMs);
  QVERIFY2(form.error().isEmpty(), qPrintable(form.error()));
  QVERIFY(form.receiptText().contains(QStringLiteral("钱小军")));
  auto c = (*store)->GetCase(S(form.caseNo()));
  QVERIFY(c->agent.has_value());
  QCOMPARE(c->agent->authorization, std::string("SQ-2026-0007"));

  // A credit code failing its check goes through only with a recorded reason.
  form.clear();
  QVERIFY(!form.hasAgent());
  form.selectItem(Q(shop));
  QTRY_VERIFY_WITH_TIMEOUT(form.itemCode() == Q(shop), kWaitMs);
  form.setEnterprise(true);
  form.setApplicantName(QStringLiteral("金溪镇小陈餐馆"));
  form.setApplicantId(QStringLiteral("91330100716105852A"));  // wrong check character
  QVERIFY(!form.idOk());
  QVERIFY(form.canOverrideId());
  QVERIFY(!form.canSubmit());
  form.setIdOverrideReason(QStringLiteral("早期赋码，营业执照原件已核对"));
  QVERIFY(form.canSubmit());
  form.submit();
  QTRY_COMPARE_WITH_TIMEOUT(submitted.count(), 2, kWaitMs);
  QVERIFY2(form.error().isEmpty(), qPrintable(form.error()));
  c = (*store)->GetCase(S(form.caseNo()));
  QCOMPARE(c->id_override_reason, std::string("早期赋码，营业执照原件已核对"));

  // The channel is checked by the node: this item is not offered at the door.
  form.clear();
  form.setChannel(QStringLiteral("door"));
  form.setEnterprise(true);
  form.setApplicantName(QStringLiteral("金溪镇老王杂货店"));
  form.setApplicantId(QStringLiteral("91330100716105852F"));
  QVERIFY(form.canSubmit());
  form.submit();
  QTRY_VERIFY_WITH_TIMEOUT(!form.submitting(), kWaitMs);
  QVERIFY(!form.error().isEmpty());
  QCOMPARE(submitted.count(), 2);
}

void DeskModesTest::caseDetailAttachesScans() {
  const DemoStation demo = Demo(DemoKind::kStation);
  auto thread = OpenThread(demo.db);
  CaseDetail detail(thread.get());
  detail.SetSession(LoginAs(demo.db, demo.login, demo.password));
  detail.load(Q(demo.tolerated_case));
  QTRY_VERIFY_WITH_TIMEOUT(detail.loaded(), kWaitMs);
  QCOMPARE(detail.scans().size(), 0);
  // A small PNG (the signature is what counts) and a text file pretending to be one.
  QTemporaryDir dir;
  const QString png = dir.filePath(QStringLiteral("户口簿.png"));
  const QString fake = dir.filePath(QStringLiteral("fake.png"));
  {
    QFile f(png);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray::fromHex("89504e470d0a1a0a") + QByteArray(2048, 'x'));
    QFile g(fake);
    QVERIFY(g.open(QIODevice::WriteOnly));
    g.write("just text");
  }
  QSignalSpy changed(&detail, &CaseDetail::caseChanged);
  detail.attachScan(QStringLiteral("M01"), QUrl::fromLocalFile(png).toString());
  QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, kWaitMs);
  QCOMPARE(detail.scans().size(), 1);
  const QVariantMap scan = detail.scans()[0].toMap();
  QCOMPARE(scan.value("material").toString(), QStringLiteral("M01"));
  QCOMPARE(scan.value("fileName").toString(), QStringLiteral("户口簿.png"));
  QVERIFY(scan.value("held").toBool());
  detail.attachScan(QStringLiteral("M01"), fake);
  QTRY_VERIFY_WITH_TIMEOUT(!detail.acting(), kWaitMs);
  QVERIFY(!detail.error().isEmpty());  // refused with a message, nothing attached
  QCOMPARE(detail.scans().size(), 1);
}

void DeskModesTest::caseDetailRecordsSuppliedMaterials() {
  const DemoStation demo = Demo(DemoKind::kStation);
  auto thread = OpenThread(demo.db);
  CaseDetail detail(thread.get());
  detail.SetSession(LoginAs(demo.db, demo.login, demo.password));
  detail.load(Q(demo.tolerated_case));
  QTRY_VERIFY_WITH_TIMEOUT(detail.loaded(), kWaitMs);
  QCOMPARE(detail.shipments().size(), 1);
  QVariantMap owed;
  for (const auto& m : detail.materials())
    if (m.toMap().value("owed").toBool()) owed = m.toMap();
  QCOMPARE(owed.value("code").toString(), QStringLiteral("M05"));
  QCOMPARE(owed.value("move").toString(), QStringLiteral("supplied"));
  QSignalSpy changed(&detail, &CaseDetail::caseChanged);
  detail.updateMaterial(QStringLiteral("M05"), QStringLiteral("supplied"));
  QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, kWaitMs);
  for (const auto& m : detail.materials())
    if (m.toMap().value("code") == "M05") {
      QCOMPARE(m.toMap().value("state").toString(), QStringLiteral("supplied"));
      QVERIFY(m.toMap().value("move").toString().isEmpty());
    }
  // The rated case shows its rating; the bad one its rectification.
  detail.load(Q(demo.rated_case));
  QTRY_VERIFY_WITH_TIMEOUT(detail.loaded() && detail.caseNo() == Q(demo.rated_case) && !detail.loading(), kWaitMs);
  QCOMPARE(detail.ratings().size(), 1);
  QCOMPARE(detail.ratings()[0].toMap().value("score").toInt(), 5);
}

void DeskModesTest::printerWritesPdfs() {
  const DemoStation demo = Demo(DemoKind::kStation);
  auto thread = OpenThread(demo.db);
  DocumentPrinter printer(thread.get());
  printer.SetFolder(dir_.filePath(QStringLiteral("printed")));
  printer.SetSession(LoginAs(demo.db, demo.login, demo.password));
  QSignalSpy printed(&printer, &DocumentPrinter::printed);
  printer.print(Q(demo.tolerated_case), QStringLiteral("receipt"));
  QTRY_COMPARE_WITH_TIMEOUT(printed.count(), 1, kWaitMs);
  QFile pdf(printer.lastFile());
  QVERIFY(pdf.open(QIODevice::ReadOnly));
  QCOMPARE(pdf.read(5), QByteArray("%PDF-"));
  QVERIFY(printer.lastUrl().startsWith(QStringLiteral("file://")));
  printer.print(Q(demo.tolerated_case), QStringLiteral("notice"));
  QTRY_COMPARE_WITH_TIMEOUT(printed.count(), 2, kWaitMs);
  // Saved elsewhere (a stick, say): who saved which case's document as which file is on
  // the audit trail.
  const QString copy = dir_.filePath(QStringLiteral("saved-notice.pdf"));
  printer.saveAs(QUrl::fromLocalFile(copy));
  QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(copy), kWaitMs);
  QTRY_VERIFY_WITH_TIMEOUT(!printer.busy(), kWaitMs);
  {
    auto store = node::NodeStore::Open(demo.db);
    QVERIFY(store.ok());
    auto trail = (*store)->AuditEntries(0, 10000);
    QVERIFY(trail.ok());
    const bool recorded = std::any_of(trail->begin(), trail->end(), [&](const sync::AuditEntry& e) {
      return e.action == "export" && e.user == demo.login && e.target == demo.tolerated_case &&
             e.detail.find("saved-notice.pdf") != std::string::npos;
    });
    QVERIFY(recorded);
  }
  // No refusal on its timeline: the node's document library says why not.
  printer.print(Q(demo.tolerated_case), QStringLiteral("non-acceptance"));
  QTRY_VERIFY_WITH_TIMEOUT(!printer.busy(), kWaitMs);
  QVERIFY(!printer.error().isEmpty());
  QCOMPARE(printed.count(), 2);
}

void DeskModesTest::hubAdminResolvesAConflict() {
  QTemporaryDir dir;
  auto county = test::ConflictCounty::Create(dir.path().toStdString(), TONGBAN_CENTRAL);
  QVERIFY2(county.ok(), county.status().message().c_str());
  auto& c = **county;
  auto store = OpenThread(c.station_db());
  HubAdmin admin(store.get());
  QAbstractItemModelTester conflicts(admin.conflicts(), kFail);
  QAbstractItemModelTester nodes(admin.nodes(), kFail);
  admin.SetSession(LoginAs(c.station_db(), "admin", "demo-admin-pass"), QStringLiteral("QS-JX01"));
  admin.loadLink();
  QTRY_VERIFY_WITH_TIMEOUT(admin.linkKnown(), kWaitMs);
  QCOMPARE(admin.hubUrl(), Q(c.hub_url()));

  admin.connectHub(QStringLiteral("not-the-token"));
  QTRY_VERIFY_WITH_TIMEOUT(!admin.busy(), kWaitMs);
  QVERIFY(!admin.connected());
  QVERIFY2(admin.error().contains(QStringLiteral("管理令牌")), qPrintable(admin.error()));

  admin.connectHub(Q(c.admin_token()));
  QTRY_VERIFY_WITH_TIMEOUT(!admin.busy(), kWaitMs);
  QVERIFY2(admin.connected(), qPrintable(admin.error()));
  QCOMPARE(admin.conflicts()->count(), 1);
  QCOMPARE(admin.nodes()->count(), 2);
  const QVariantMap cur = admin.current();
  QCOMPARE(cur.value("label").toString(), Q(c.case_no()));
  QCOMPARE(cur.value("field").toString(), QStringLiteral("申请人联系电话"));
  // The later push (the center's) met the hub's value (the station's).
  QCOMPARE(cur.value("stationValue").toString(), Q(c.center_phone()));
  QCOMPARE(cur.value("hubValue").toString(), Q(c.station_phone()));
  // The phone was empty before both edits: no base version, each side with its time.
  QVERIFY(cur.value("baseVersion").toString().isEmpty());
  QVERIFY(cur.value("stationAt").toString().startsWith(QStringLiteral("20")));
  QVERIFY(!cur.value("resolved").toBool());
  const QModelIndex seen = admin.nodes()->index(0);
  QVERIFY(!admin.nodes()->data(seen, HubNodeListModel::LastSeenRole).toString().isEmpty());

  // Resolution needs a note; then the inbox is empty and the hub has the decision.
  admin.resolve(QStringLiteral("hub"), {}, {});
  QVERIFY(!admin.busy());
  QSignalSpy resolved(&admin, &HubAdmin::resolved);
  admin.resolve(QStringLiteral("hub"), {}, QStringLiteral("电话核实以窗口登记为准"));
  QTRY_COMPARE_WITH_TIMEOUT(resolved.count(), 1, kWaitMs);
  QTRY_VERIFY_WITH_TIMEOUT(!admin.busy(), kWaitMs);
  QCOMPARE(admin.conflicts()->count(), 0);
  QVERIFY(!admin.message().isEmpty());
  admin.setShowResolved(true);
  QTRY_VERIFY_WITH_TIMEOUT(!admin.busy() && admin.conflicts()->count() == 1, kWaitMs);
  QVERIFY(admin.current().value("resolved").toBool());
  QVERIFY(admin.current().value("resolution").toString().contains(QStringLiteral("电话核实")));
  auto phone = c.SyncedStationPhone();
  QVERIFY2(phone.ok(), phone.status().message().c_str());
  QCOMPARE(*phone, c.station_phone());

  // Publishing from the console.
  admin.publishCatalog(QStringLiteral("sample"));
  QTRY_VERIFY_WITH_TIMEOUT(!admin.busy(), kWaitMs);
  QVERIFY2(admin.error().isEmpty(), qPrintable(admin.error()));
  QVERIFY(!admin.message().isEmpty());
  admin.publishCalendar(dir.filePath(QStringLiteral("missing.json")), QStringLiteral("x"), {});
  QTRY_VERIFY_WITH_TIMEOUT(!admin.busy(), kWaitMs);
  QVERIFY(!admin.error().isEmpty());

  // The hub goes away: the console says it cannot reach it.
  c.StopHub();
  admin.refresh();
  QTRY_VERIFY_WITH_TIMEOUT(!admin.busy(), 60000);
  QVERIFY2(admin.error().contains(QStringLiteral("连不上")), qPrintable(admin.error()));
  admin.disconnectHub();
  QVERIFY(!admin.connected());
  QCOMPARE(admin.conflicts()->count(), 0);
}

void DeskModesTest::autoSyncRunsByItself() {
  QTemporaryDir dir;
  auto county = test::ConflictCounty::Create(dir.path().toStdString(), TONGBAN_CENTRAL);
  QVERIFY2(county.ok(), county.status().message().c_str());
  auto store = OpenThread((*county)->station_db());
  auto sync_thread = OpenThread((*county)->station_db());
  SyncBar bar(store.get(), sync_thread.get());
  bar.refresh();
  QTRY_VERIFY_WITH_TIMEOUT(bar.known() && bar.enrolled(), kWaitMs);
  QVERIFY(bar.lastAttempt().isEmpty());  // the county's syncs were not the desk's
  bar.SetAutoSyncInterval(300);
  bar.SetActive(true);
  QVERIFY(bar.autoSync());
  // Nobody presses "sync now": the timer does.
  QTRY_VERIFY_WITH_TIMEOUT(!bar.outcome().isEmpty() && !bar.running(), 30000);
  QVERIFY2(bar.outcome().contains(QStringLiteral("同步完成")), qPrintable(bar.outcome()));
  QVERIFY(!bar.lastAttempt().isEmpty());
  bar.SetAutoSyncInterval(0);
  QVERIFY(!bar.autoSync());
  bar.SetActive(false);
}

QTEST_GUILESS_MAIN(DeskModesTest)
#include "desk_modes_test.moc"
