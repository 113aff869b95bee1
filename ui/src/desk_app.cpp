#include "desk_app.h"

#include <QCoreApplication>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QDir>
#include <QEventLoop>
#include <QFont>
#include <QGuiApplication>
#include <QImage>
#include <QMutex>
#include <QQmlApplicationEngine>
#include <QQmlComponent>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QTimer>
#include <cstdio>
#include <functional>
#include <optional>

#include "demo_station.h"
#include "tongban/node/store/station_path.h"
#include "desk_session.h"
#include "labels.h"
#include "page_check.h"
#include "print_preview.h"

namespace tongban::desk {
namespace {

constexpr auto kMainQml = "qrc:/Tongban/Desk/Main.qml";
constexpr auto kModuleDir = ":/Tongban/Desk";
constexpr int kWaitMs = 30000;  // longest a headless run waits for the store

// QML warnings and errors seen while a headless run is watching.
QMutex g_messages_mutex;
QStringList g_messages;
QtMessageHandler g_previous_handler = nullptr;

void WatchMessages(QtMsgType type, const QMessageLogContext& context, const QString& message) {
  if (type != QtDebugMsg && type != QtInfoMsg) {
    QMutexLocker lock(&g_messages_mutex);
    g_messages << message;
  }
  if (g_previous_handler) g_previous_handler(type, context, message);
}

QStringList TakeMessages() {
  QMutexLocker lock(&g_messages_mutex);
  QStringList out;
  out.swap(g_messages);
  return out;
}


void Fail(const QString& message) { std::fprintf(stderr, "tongban-desk: %s\n", qPrintable(message)); }

// Runs the event loop until `done` holds, or `ms` pass; false on timeout.
bool WaitFor(const std::function<bool()>& done, int ms = kWaitMs) {
  QElapsedTimer clock;
  clock.start();
  while (!done()) {
    if (clock.elapsed() > ms) return false;
    QEventLoop loop;
    QTimer::singleShot(10, &loop, &QEventLoop::quit);
    loop.exec();
  }
  return true;
}

// Settled: no node work queued or running, no search waiting for its debounce,
// and it stayed so for a few turns of the event loop (a result often queues the next read).
bool WaitIdle(DeskSession& s) {
  int quiet = 0;
  return WaitFor([&] {
    const bool idle = !s.busy() && !s.queue()->loading() && !s.cases()->loading() &&
                      !s.caseDetail()->loading() && !s.intake()->submitting() &&
                      !s.hubAdmin()->busy() && !s.backoffice()->loading() &&
                      !s.periodStats()->loading();
    quiet = idle ? quiet + 1 : 0;
    return quiet >= 5;
  });
}

QQuickWindow* MainWindow(QQmlApplicationEngine& engine) {
  const auto roots = engine.rootObjects();
  return roots.isEmpty() ? nullptr : qobject_cast<QQuickWindow*>(roots.first());
}

bool ShowPage(QQuickWindow* window, DeskSession& s, const QString& page) {
  window->setProperty("page", page);
  return WaitIdle(s);
}

// Fills the intake form as a clerk would for the sample 低保 application, so
// the screenshot shows the checklist with a tolerated material.
void PrepareIntake(DeskSession& s) {
  const auto& items = s.catalog()->items();
  if (items.empty()) return;
  QString code = items.front().code;
  for (const auto& it : items)
    if (it.name == QStringLiteral("最低生活保障审核确认")) code = it.code;
  s.intake()->selectItem(code);
  WaitIdle(s);
  s.intake()->setApplicantName(QStringLiteral("张建国"));
  s.intake()->setApplicantId(QStringLiteral("440524188001010014"));
  s.intake()->setApplicantPhone(QStringLiteral("13800000000"));
  // His daughter brings the application with a signed authorization.
  s.intake()->setHasAgent(true);
  s.intake()->setAgentName(QStringLiteral("张丽"));
  s.intake()->setAgentId(DemoResidentId("440524", "19780312", 26).c_str());
  s.intake()->setAgentAuthorization(QStringLiteral("SQ-2026-0118"));
  auto* m = s.intake()->materials();
  for (int row = 0; row < m->count(); ++row) {
    const QStringList options = m->data(m->index(row), IntakeMaterialsModel::OptionsRole).toStringList();
    if (options.contains(QStringLiteral("tolerated"))) {
      s.intake()->setMaterialState(row, QStringLiteral("tolerated"));
      break;
    }
  }
}

// Scrolling the case list to its end must make the view fetch the next page.
QStringList ScrollToEnd(QQuickWindow* window, DeskSession& s) {
  auto* list = window->findChild<QQuickItem*>(QStringLiteral("caseList"));
  if (!list) return {QStringLiteral("search page: no ListView named caseList")};
  CaseListModel* cases = s.cases();
  if (!cases->canFetchMore({})) return {};
  const int before = cases->count();
  QElapsedTimer clock;
  clock.start();
  QMetaObject::invokeMethod(list, "positionViewAtEnd");
  WaitIdle(s);
  if (cases->count() <= before)
    return {QStringLiteral("search page: scrolling to the end loaded no more cases (%1)").arg(before)};
  std::printf("self-test: scrolling the case list to its end loaded %d -> %d cases in %lld ms\n",
              before, cases->count(), static_cast<long long>(clock.elapsed()));
  // Search as you type: the answer after the debounce, as the clerk sees it.
  const QString surname = cases->data(cases->index(0), CaseListModel::ApplicantNameRole).toString().left(1);
  cases->setQuery(surname);
  clock.restart();
  WaitFor([&] { return !cases->loading(); });
  std::printf("self-test: typing \"%s\" listed %d cases %lld ms after the key (debounce %d ms)\n",
              qPrintable(surname), cases->count(), static_cast<long long>(clock.elapsed()),
              CaseListModel::kDebounceMs);
  cases->setQuery({});
  WaitIdle(s);
  return {};
}

// The case a headless run works on: --case, else the first of today's queue.
QString CaseFor(DeskSession& s, const QString& case_no) {
  return case_no.isEmpty() ? s.queue()->caseNoAt(0) : case_no;
}

// Lets what runs off the event loop's direct control (image threads) finish drawing.
void Settle(int ms) { WaitFor([] { return false; }, ms); }

// Sets up what a page shows headless: the sample applicant on the intake form,
// the case to open, the first of the office's queue. Empty, or why it cannot.
QString PreparePage(const QString& page, DeskSession& s, const QString& case_no,
                    const QString& rate_case) {
  if (page == QLatin1String("intake")) {
    PrepareIntake(s);
  } else if (page == QLatin1String("case")) {
    const QString no = CaseFor(s, case_no);
    if (no.isEmpty()) return QStringLiteral("no case to show: pass --case NUMBER or use a database with cases");
    s.caseDetail()->load(no);
  } else if (page == QLatin1String("backoffice")) {
    s.backoffice()->refresh();
    WaitIdle(s);
    if (s.backoffice()->count() > 0) s.caseDetail()->load(s.backoffice()->caseNoAt(0));
  } else if (page == QLatin1String("appointments")) {
    s.appointments()->setWeek(false);
    s.appointments()->goToNextBooked();
  } else if (page == QLatin1String("field")) {
    s.field()->setShowDone(true);
  } else if (page == QLatin1String("rating") && !rate_case.isEmpty()) {
    // The applicant has chosen: a very satisfied face and what pleased them.
    s.rating()->open(rate_case);
    WaitIdle(s);
    s.rating()->setScore(5);
    s.rating()->toggleIndicator(QStringLiteral("attitude"));
    s.rating()->toggleIndicator(QStringLiteral("trips"));
  } else if (page == QLatin1String("stats")) {
    s.periodStats()->refresh();
  } else if (page == QLatin1String("conflicts")) {
    // The admin token for a headless run comes from the environment, like the password.
    const QString token = qEnvironmentVariable("TONGBAN_HUB_TOKEN");
    s.hubAdmin()->loadLink();
    WaitIdle(s);
    if (!token.isEmpty() && !s.hubAdmin()->connected()) {
      s.hubAdmin()->connectHub(token);
      WaitIdle(s);
      if (!s.hubAdmin()->connected()) return s.hubAdmin()->error();
    }
  }
  WaitIdle(s);
  return {};
}

// The way a clerk starts the day: the login page, then the home page as it first
// appears after logging in (layouts that settle only once can differ from a page shown again).
QStringList LoginThenHome(QQuickWindow* window, DeskSession& s, const QString& user,
                          const QString& password) {
  const bool chinese = s.settings()->language() == QLatin1String("zh_CN");
  s.logout();
  WaitIdle(s);
  QStringList problems = PageProblems(window, QStringLiteral("login"), chinese);
  s.login(user, password);
  WaitFor([&] { return !s.loggingIn(); });
  if (!s.loggedIn()) return problems << QStringLiteral("login %1 failed in the self-test").arg(user);
  WaitIdle(s);
  return problems << PageProblems(window, QStringLiteral("home after login"), chinese);
}

int SelfTest(QQmlApplicationEngine& engine, QQuickWindow* window, DeskSession& s,
             const DeskOptions& o) {
  const QString& case_no = o.case_no;
  const QString& rate_case = o.rate_case;
  int files = 0;
  QStringList problems;
  QDirIterator it(kModuleDir, {"*.qml"}, QDir::Files);
  while (it.hasNext()) {
    const QString path = it.next();
    QQmlComponent component(&engine, QUrl(QStringLiteral("qrc") + path));
    ++files;
    if (component.isError())
      for (const auto& e : component.errors()) problems << e.toString();
  }
  // Every page in both languages: the switch retranslates the loaded pages in place.
  const QString language = s.settings()->language();
  for (const QString& lang : {QStringLiteral("zh_CN"), QStringLiteral("en")}) {
    s.settings()->setLanguage(lang);
    WaitIdle(s);
    const QString home = QCoreApplication::translate("Main", "首页");
    if (lang == QLatin1String("en") && home == QStringLiteral("首页"))
      problems << QStringLiteral("the English translation is not loaded (:/i18n/tongban_en.qm)");
    for (const QString& page : DeskPages()) {
      if (const QString why = PreparePage(page, s, case_no, rate_case); !why.isEmpty())
        problems << why;
      if (!ShowPage(window, s, page))
        problems << QStringLiteral("page %1 (%2) did not settle").arg(page, lang);
      if (window->grabWindow().isNull())
        problems << QStringLiteral("page %1 (%2) did not render").arg(page, lang);
      problems << PageProblems(window, page, lang == QLatin1String("zh_CN"));
      if (page == QLatin1String("search") && lang == language) problems << ScrollToEnd(window, s);
    }
  }
  s.settings()->setLanguage(language);
  window->setProperty("page", QStringLiteral("home"));
  WaitIdle(s);
  if (!o.user.isEmpty()) problems << LoginThenHome(window, s, o.user, o.password);
  problems << TakeMessages();
  if (files == 0) problems << QStringLiteral("no QML files found under %1").arg(kModuleDir);
  for (const auto& p : problems) Fail(p);
  if (!problems.isEmpty()) return 1;
  std::printf("self-test: %d QML files compiled, %lld pages shown in 2 languages, no QML warnings\n",
              files, static_cast<long long>(DeskPages().size()));
  return 0;
}

// Makes the case's document and waits for the print sheet with its printers found.
QString OpenPrintSheet(DeskSession& s, const DeskOptions& o) {
  const QString no = CaseFor(s, o.case_no);
  if (no.isEmpty()) return QStringLiteral("no case to print: pass --case NUMBER");
  DocumentPrinter* p = s.printer();
  p->print(no, o.print_kind);
  if (!WaitFor([&] { return !p->busy() && (p->sheetOpen() || !p->error().isEmpty()); }) ||
      !p->sheetOpen())
    return QStringLiteral("%1 of %2 was not made: %3").arg(o.print_kind, no, p->error());
  if (!WaitFor([&] { return !p->lookingForPrinters(); }))
    return QStringLiteral("the print service did not list its printers in time");
  return {};
}

// --print KIND --printer QUEUE: as the clerk would, from the sheet, then follows the job.
int PrintHeadless(DeskSession& s, const DeskOptions& o) {
  if (const QString why = OpenPrintSheet(s, o); !why.isEmpty()) {
    Fail(why);
    return 4;
  }
  DocumentPrinter* p = s.printer();
  QStringList names;
  for (const QVariant& v : p->printers()) names << v.toMap().value(QStringLiteral("name")).toString();
  const int index = static_cast<int>(names.indexOf(o.printer));
  if (index < 0) {
    Fail(QStringLiteral("no printer '%1' (printers: %2)")
             .arg(o.printer, names.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(", "))));
    return 4;
  }
  p->setChosen(index);
  std::optional<bool> finished;
  QObject::connect(p, &DocumentPrinter::jobFinished, p, [&](bool ok) { finished = ok; });
  p->send(1);
  // Sent, refused at once (the sheet stays open with the error), or followed to the end.
  WaitFor([&] { return finished.has_value() || (!p->sending() && p->sheetOpen()); }, 180'000);
  WaitIdle(s);  // the timeline entry
  if (finished.value_or(false) && p->error().isEmpty()) {
    std::printf("%s\n", qPrintable(p->message()));
    return 0;
  }
  Fail(p->error().isEmpty() ? QStringLiteral("the printer did not finish in time") : p->error());
  return 10;
}

// --scan MATERIAL: as the clerk would from the case page, page after page, then attach.
int ScanHeadless(DeskSession& s, const DeskOptions& o) {
  const QString no = CaseFor(s, o.case_no);
  if (no.isEmpty()) {
    Fail(QStringLiteral("no case to scan for: pass --case NUMBER"));
    return 4;
  }
  ScanDesk* scans = s.scans();
  scans->findScanners();
  if (!WaitFor([&] { return !scans->lookingForScanners(); }, 60'000) || scans->scanners().isEmpty()) {
    Fail(QStringLiteral("no scanner found (SANE)"));
    return 4;
  }
  for (int page = 0; page < o.scan_pages; ++page) {
    std::optional<bool> ok;
    const auto c = QObject::connect(scans, &ScanDesk::scanned, scans, [&](bool r) { ok = r; });
    scans->scanPage();
    WaitFor([&] { return ok.has_value(); }, 120'000);
    QObject::disconnect(c);
    if (!ok.value_or(false)) {
      Fail(scans->error().isEmpty() ? QStringLiteral("the scanner did not answer in time") : scans->error());
      return 10;
    }
  }
  const QByteArray pdf = scans->pdf();
  if (pdf.isEmpty()) {
    Fail(scans->error());
    return 10;
  }
  CaseDetail* detail = s.caseDetail();
  detail->load(no);
  WaitIdle(s);
  std::optional<bool> attached;
  QObject::connect(detail, &CaseDetail::scannedAttached, detail, [&](bool ok) { attached = ok; });
  detail->attachScannedPdf(o.scan_material, pdf);
  WaitFor([&] { return attached.has_value(); });
  WaitIdle(s);
  if (!attached.value_or(false)) {
    Fail(detail->error());
    return 3;
  }
  scans->clear();
  std::printf("scanned %d pages onto %s of %s\n", o.scan_pages, qPrintable(o.scan_material), qPrintable(no));
  return 0;
}

int Screenshot(QQuickWindow* window, DeskSession& s, const DeskOptions& o) {
  if (const QString why = PreparePage(o.screenshot_page, s, o.case_no, o.rate_case);
      !why.isEmpty()) {
    Fail(why);
    return 4;
  }
  if (!ShowPage(window, s, o.screenshot_page)) {
    Fail(QStringLiteral("page %1 did not settle in time").arg(o.screenshot_page));
    return 10;
  }
  if (o.locked) {
    s.screenLock()->lockNow();
    if (!o.unlock_with.isEmpty()) s.screenLock()->unlock(o.unlock_with);
    WaitIdle(s);
    Settle(300);
  }
  if (!o.print_kind.isEmpty()) {
    if (const QString why = OpenPrintSheet(s, o); !why.isEmpty()) {
      Fail(why);
      return 4;
    }
    Settle(500);  // the preview pages render on image threads
  }
  if (!o.scan_material.isEmpty()) {
    // The case page's scan dialog for the material, with the pages scanned so far.
    QObject* dialog = window->findChild<QObject*>(QStringLiteral("scanDialog"));
    if (!dialog) {
      Fail(QStringLiteral("the case page has no scan dialog"));
      return 1;
    }
    dialog->setProperty("material", o.scan_material);
    dialog->setProperty("materialName", o.scan_material);
    QMetaObject::invokeMethod(dialog, "open");
    WaitFor([&] { return !s.scans()->lookingForScanners(); }, 60'000);
    for (int page = 0; page < o.scan_pages && !s.scans()->scanners().isEmpty(); ++page) {
      const int before = s.scans()->pageCount();
      s.scans()->scanPage();
      WaitFor([&] { return !s.scans()->scanning(); }, 120'000);
      if (s.scans()->pageCount() == before) break;
    }
    Settle(500);
  }
  const QImage image = window->grabWindow();
  if (image.isNull() || !image.save(o.screenshot_out)) {
    Fail(QStringLiteral("cannot write %1").arg(o.screenshot_out));
    return 10;
  }
  const QStringList problems = TakeMessages();
  for (const auto& p : problems) Fail(p);
  if (!problems.isEmpty()) return 1;
  std::printf("%s\n", qPrintable(o.screenshot_out));
  return 0;
}

}  // namespace

QStringList DeskPages() {
  return {QStringLiteral("home"),     QStringLiteral("intake"),       QStringLiteral("search"),
          QStringLiteral("case"),     QStringLiteral("backoffice"),   QStringLiteral("field"),
          QStringLiteral("appointments"), QStringLiteral("shipments"), QStringLiteral("rating"),
          QStringLiteral("stats"),    QStringLiteral("sync"),         QStringLiteral("conflicts"),
          QStringLiteral("settings")};
}

QString DemoKindForPage(const QString& page) {
  if (page == QLatin1String("backoffice")) return QStringLiteral("township");
  if (page == QLatin1String("field")) return QStringLiteral("field");
  return QStringLiteral("station");
}

int RunDesk(QGuiApplication& app, DeskOptions o) {
  if (!o.screenshot_page.isEmpty() && !DeskPages().contains(o.screenshot_page)) {
    Fail(QStringLiteral("unknown page '%1' (pages: %2)")
             .arg(o.screenshot_page, DeskPages().join(QStringLiteral(", "))));
    return 2;
  }
  const bool headless = o.self_test || !o.screenshot_page.isEmpty() || !o.printer.isEmpty() ||
                        !o.scan_material.isEmpty();
  if (headless) g_previous_handler = qInstallMessageHandler(WatchMessages);
  if (qEnvironmentVariableIsEmpty("QT_QUICK_CONTROLS_STYLE")) QQuickStyle::setStyle("Basic");
  QFont font(QStringLiteral("WenQuanYi Micro Hei"));
  font.setFamilies({QStringLiteral("WenQuanYi Micro Hei"), QStringLiteral("Noto Sans CJK SC"),
                    QStringLiteral("sans-serif")});
  font.setPixelSize(18);
  app.setFont(font);

  if (!o.demo_dir.isEmpty()) {
    if (o.demo_kind.isEmpty())
      o.demo_kind = o.screenshot_page.isEmpty() ? QStringLiteral("station")
                                                : DemoKindForPage(o.screenshot_page);
    auto kind = ParseDemoKind(S(o.demo_kind));
    if (!kind.ok()) {
      Fail(ErrorText(kind.status()));
      return 2;
    }
    auto demo = CreateDemoStation(S(o.demo_dir), o.demo_cases, *kind);
    if (!demo.ok()) {
      Fail(QCoreApplication::translate("DeskApp", "演示站点：%1").arg(ErrorText(demo.status())));
      return tongban::ExitCodeFor(demo.status());
    }
    o.db = Q(demo->db);
    if (o.user.isEmpty()) {
      o.user = Q(demo->login);
      o.password = Q(demo->password);
    }
    if (o.case_no.isEmpty()) o.case_no = Q(demo->tolerated_case);
    o.rate_case = Q(demo->unrated_case);
  }

  // Headless runs neither read nor change what the station chose (QSettings).
  DeskSession session(!headless);
  if (!o.language.isEmpty()) {
    session.settings()->setLanguage(o.language);
    if (session.settings()->language() != o.language) {
      Fail(QStringLiteral("unknown language '%1' (zh_CN or en)").arg(o.language));
      return 2;
    }
  }
  // Started from the menu: this account's station (station_path.h), as the CLI's default.
  if (o.db.isEmpty() && !headless) o.db = Q(tongban::node::DefaultStationPath());
  if (!o.db.isEmpty()) {
    session.openDatabase(o.db);
    WaitFor([&] { return !session.opening(); });
    // A window shows why on its sign-in page (no station yet, a damaged file); a headless
    // run has no one to show it to.
    if (!session.isOpen() && headless) {
      Fail(session.error());
      return 4;
    }
    if (!o.user.isEmpty() && session.isOpen()) {
      QString failure;
      QObject::connect(&session, &DeskSession::loginFailed, &session,
                       [&](const QString& m) { failure = m; });
      session.login(o.user, o.password);
      WaitFor([&] { return !session.loggingIn(); });
      if (!session.loggedIn()) {
        Fail(QStringLiteral("login %1: %2").arg(o.user, failure));
        return 5;
      }
    }
  } else if (!o.self_test) {
    Fail(QStringLiteral("--db FILE (a station database) or --demo DIR is required"));
    return 2;
  }

  QQmlApplicationEngine engine;
  // The engine owns the providers.
  engine.addImageProvider(QStringLiteral("printpreview"), new PrintPreview);
  engine.addImageProvider(QStringLiteral("scanpreview"), new ScanPreview(session.scans()->pages()));
  session.settings()->SetEngine(&engine);
  engine.setInitialProperties({{QStringLiteral("session"), QVariant::fromValue(&session)}});
  engine.load(QUrl(QString::fromLatin1(kMainQml)));
  QQuickWindow* window = MainWindow(engine);
  if (!window) {
    for (const auto& m : TakeMessages()) Fail(m);
    Fail(QStringLiteral("cannot load %1").arg(QString::fromLatin1(kMainQml)));
    return 1;
  }
  if (headless) {
    window->resize(o.size);
    // Headless prints keep their PDFs beside the database, not in the user's documents.
    if (!o.print_kind.isEmpty())
      session.printer()->SetFolder(QFileInfo(o.db).absoluteDir().filePath(QStringLiteral("prints")));
    const bool idle = WaitIdle(session);
    if (o.self_test) return SelfTest(engine, window, session, o);
    if (!idle) {
      Fail(QStringLiteral("the station database did not answer in time"));
      return 10;
    }
    if (!o.printer.isEmpty()) return PrintHeadless(session, o);
    if (!o.scan_material.isEmpty() && o.screenshot_page.isEmpty()) return ScanHeadless(session, o);
    return Screenshot(window, session, o);
  }
  return app.exec();
}

}  // namespace tongban::desk
