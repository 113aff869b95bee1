// The desk's QML pages driven as a person drives them (Qt Quick Test): the
// test files in qml/ get `deskSession`, a DeskSession on a real station
// database — the one desk_hub_fixture made (TONGBAN_TEST_DB) or a fresh sample
// station — and `testEnv` with the hub's admin token and the case in conflict.
#include <QEventLoop>
#include <QQmlContext>
#include <QQmlEngine>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QtQml/qqmlextensionplugin.h>
#include <QtQuickTest>

#include "demo_station.h"
#include "desk_session.h"
#include "labels.h"
#include "page_check.h"

Q_IMPORT_QML_PLUGIN(Tongban_DeskPlugin)

class DeskQuickSetup : public QObject {
  Q_OBJECT

 public slots:
  void applicationAvailable() { QStandardPaths::setTestModeEnabled(true); }

  void qmlEngineAvailable(QQmlEngine* engine) {
    // The module is compiled in (static plugin), its files under qrc:/Tongban/Desk.
    engine->addImportPath(QStringLiteral("qrc:/"));
    // One session per test file; the engine is gone before the setup object.
    QString db = qEnvironmentVariable("TONGBAN_TEST_DB");
    if (db.isEmpty()) {
      auto demo = tongban::desk::CreateDemoStation(dir_.filePath("station").toStdString());
      if (!demo.ok()) qFatal("demo station: %s", demo.status().message().c_str());
      db = tongban::desk::Q(demo->db);
    }
    auto* session = new tongban::desk::DeskSession(false, this);
    session->printer()->SetFolder(dir_.filePath(QStringLiteral("printed")));
    session->openDatabase(db);
    QEventLoop loop;
    QTimer tick;
    connect(&tick, &QTimer::timeout, &loop, [&] {
      if (!session->opening()) loop.quit();
    });
    tick.start(10);
    loop.exec();
    if (!session->isOpen()) qFatal("open %s: %s", qPrintable(db), qPrintable(session->error()));
    engine->rootContext()->setContextProperty(QStringLiteral("deskSession"), session);
    // Overlapping, hidden or English text on what a test shows (ui/src/page_check.h).
    engine->rootContext()->setContextProperty(QStringLiteral("pageCheck"), new tongban::desk::PageCheck(this));
    engine->rootContext()->setContextProperty(
        QStringLiteral("testEnv"),
        QVariantMap{{QStringLiteral("hubToken"), qEnvironmentVariable("TONGBAN_HUB_TOKEN")},
                    {QStringLiteral("caseNo"), qEnvironmentVariable("TONGBAN_TEST_CASE")}});
  }

 private:
  QTemporaryDir dir_;
};

QUICK_TEST_MAIN_WITH_SETUP(desk_quick, DeskQuickSetup)

#include "desk_quick_test.moc"
