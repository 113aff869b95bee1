// tongban-desk: the station front desk. Arguments and main only; the desk
// lives in tongban_desk_lib (ui/src).
#include <QCommandLineParser>
#include <QGuiApplication>
#include <QtQml/qqmlextensionplugin.h>
#include <cstdio>
#include <cstring>

#include "desk_app.h"

Q_IMPORT_QML_PLUGIN(Tongban_DeskPlugin)

int main(int argc, char* argv[]) {
  // Headless modes (and --help) render offscreen unless told otherwise, also on a desktop.
  bool headless = false;
  for (int i = 1; i < argc; ++i)
    for (const char* flag : {"--screenshot", "--self-test", "--help", "-h", "--help-all"})
      headless = headless || !std::strcmp(argv[i], flag);
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
    if (headless) {
      qputenv("QT_QPA_PLATFORM", "offscreen");
    } else if (qEnvironmentVariableIsEmpty("DISPLAY") &&
               qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")) {
      std::fprintf(stderr,
                   "tongban-desk: no display here. To see the desk, take screenshots:\n"
                   "  tongban-desk --demo DIR --screenshot home home.png   (pages: %s)\n"
                   "  tongban-desk --db FILE --user LOGIN --screenshot case case.png --case NUMBER\n",
                   qPrintable(tongban::desk::DeskPages().join(QStringLiteral(", "))));
      return 2;
    }
  }

  QGuiApplication app(argc, argv);
  QGuiApplication::setApplicationName(QStringLiteral("tongban-desk"));
  QGuiApplication::setOrganizationName(QStringLiteral("Tongban"));

  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral("通办 front desk for a station database"));
  parser.addHelpOption();
  const QCommandLineOption db({"d", "db"}, "Station database file.", "FILE");
  const QCommandLineOption user({"u", "user"}, "Log in as LOGIN.", "LOGIN");
  const QCommandLineOption password(
      "password", "Password for --user (default: the TONGBAN_PASSWORD environment variable).", "PW");
  const QCommandLineOption demo("demo", "Create a sample node in DIR and use it.", "DIR");
  const QCommandLineOption demo_kind(
      "demo-kind", "Sample node for --demo: station, township (back office) or field (door "
      "visits); default station, or the one the --screenshot page is shown on.", "KIND");
  const QCommandLineOption demo_cases("demo-cases", "Older cases to add to the --demo station.", "N");
  const QCommandLineOption screenshot(
      "screenshot", "Render PAGE (" + tongban::desk::DeskPages().join(QStringLiteral(", ")) +
      ") offscreen to the PNG file given as the next argument, then exit.", "PAGE");
  const QCommandLineOption case_no("case", "The case --screenshot case shows.", "NUMBER");
  const QCommandLineOption self_test("self-test", "Load every QML file and page; fail on any QML warning.");
  const QCommandLineOption size("size", "Window size for --screenshot (default 1366x768).", "WxH");
  const QCommandLineOption lang("lang", "Language for this run: zh_CN (default) or en.", "LANG");
  const QCommandLineOption print(
      "print", "Open the print sheet on KIND (receipt, notice, non-acceptance) of --case, for "
      "--screenshot; with --printer, print it there, wait until printed, then exit.", "KIND");
  const QCommandLineOption printer("printer", "The printer (CUPS queue) --print prints on.", "QUEUE");
  const QCommandLineOption scan("scan", "Scan pages from the first scanner and attach them to "
                                "material CODE of --case, then exit.", "CODE");
  const QCommandLineOption pages("pages", "Pages --scan scans (default 1).", "N");
  const QCommandLineOption locked("locked", "Show the --screenshot page under the lock screen.");
  const QCommandLineOption unlock_with(
      "unlock-with", "With --locked: try PW on the lock screen before the screenshot.", "PW");
  parser.addOptions({db, user, password, demo, demo_kind, demo_cases, screenshot, case_no,
                     self_test, size, lang, print, printer, scan, pages, locked, unlock_with});
  parser.addPositionalArgument("OUT.png", "Output of --screenshot.");
  parser.process(app);

  tongban::desk::DeskOptions o;
  o.db = parser.value(db);
  o.user = parser.value(user);
  o.password = parser.isSet(password) ? parser.value(password)
                                      : qEnvironmentVariable("TONGBAN_PASSWORD");
  o.demo_dir = parser.value(demo);
  o.demo_kind = parser.value(demo_kind);
  o.language = parser.value(lang);
  o.case_no = parser.value(case_no);
  o.self_test = parser.isSet(self_test);
  o.print_kind = parser.value(print);
  o.printer = parser.value(printer);
  o.scan_material = parser.value(scan);
  o.locked = parser.isSet(locked);
  o.unlock_with = parser.value(unlock_with);
  if (parser.isSet(pages)) {
    bool pages_ok = false;
    o.scan_pages = parser.value(pages).toInt(&pages_ok);
    if (!pages_ok || o.scan_pages < 1 || o.scan_pages > 50) {
      std::fprintf(stderr, "tongban-desk: --pages takes a number from 1 to 50\n");
      return 2;
    }
  }
  if (!o.printer.isEmpty() && o.print_kind.isEmpty()) {
    std::fprintf(stderr, "tongban-desk: --printer goes with --print KIND\n");
    return 2;
  }
  bool ok = true;
  if (parser.isSet(demo_cases)) o.demo_cases = parser.value(demo_cases).toInt(&ok);
  if (!ok || o.demo_cases < 0) {
    std::fprintf(stderr, "tongban-desk: --demo-cases takes a number\n");
    return 2;
  }
  if (parser.isSet(size)) {
    const QStringList wh = parser.value(size).split('x');
    const int w = wh.value(0).toInt(), h = wh.value(1).toInt();
    if (wh.size() != 2 || w < 640 || h < 480 || w > 8000 || h > 8000) {
      std::fprintf(stderr, "tongban-desk: --size takes WIDTHxHEIGHT, at least 640x480\n");
      return 2;
    }
    o.size = {w, h};
  }
  if (parser.isSet(screenshot)) {
    if (parser.positionalArguments().size() != 1) {
      std::fprintf(stderr, "tongban-desk: --screenshot PAGE OUT.png\n");
      return 2;
    }
    o.screenshot_page = parser.value(screenshot);
    o.screenshot_out = parser.positionalArguments().first();
  } else if (!parser.positionalArguments().isEmpty()) {
    std::fprintf(stderr, "tongban-desk: unexpected argument %s\n",
                 qPrintable(parser.positionalArguments().first()));
    return 2;
  }
  return tongban::desk::RunDesk(app, o);
}
