// The desk application around a DeskSession: loading the QML, and the
// headless modes CTest and reviewers use.
//   --screenshot PAGE OUT.png  renders one page offscreen with the data of --db and exits;
//   --self-test                 compiles every QML file of the module, opens every page and
//                               fails on any QML warning or error.
#pragma once

#include <QSize>
#include <QString>
#include <QStringList>

class QGuiApplication;

namespace tongban::desk {

struct DeskOptions {
  QString db;
  QString user;
  QString password;
  QString demo_dir;  // create a sample node there and use it
  QString demo_kind;  // station, township or field; default: the one the page shows best
  int demo_cases = 0;
  QString language;  // zh_CN or en for this run; default: the remembered choice
  QString screenshot_page;
  QString screenshot_out;
  QString case_no;  // the case --screenshot case shows (default: the first of the queue)
  QString rate_case;  // the case --screenshot rating shows being rated (the demo's)
  bool self_test = false;
  QSize size{1366, 768};
  // --print KIND: the case's document (receipt, notice, non-acceptance) on the print sheet;
  // with --printer, sent to that CUPS queue and followed until printed (headless).
  QString print_kind;
  QString printer;
  // --scan MATERIAL: scan `scan_pages` pages from the first scanner SANE finds and attach
  // them to the material of --case as one PDF (headless).
  QString scan_material;
  int scan_pages = 1;
  // --locked: the --screenshot page under the lock screen; with --password-typed, a
  // wrong password tried there first (the message it gets is shown).
  bool locked = false;
  QString unlock_with;
};

// Pages --screenshot knows, in navigation order.
QStringList DeskPages();
// The sample node a page is best shown on: "township" for the back office,
// "field" for door visits, else "station".
QString DemoKindForPage(const QString& page);

// Runs the desk; returns the process exit code (0 ok, 1 self-test or QML
// failure, 2 bad arguments, 3 invalid input, 4 not found, 5 not permitted,
// 10 I/O error — as the tongban CLI).
int RunDesk(QGuiApplication& app, DeskOptions options);

}  // namespace tongban::desk
