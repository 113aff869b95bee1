#include "sane_scanner.h"

#include <QCoreApplication>
#include <QDebug>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QStringList>
#include <functional>
#include <optional>

namespace tongban::desk {
namespace {

constexpr MessageDef kGone{"desk.scanner_gone", "scanner {0} cannot be reached: {1}"};
constexpr MessageDef kFeeder{"desk.scanner_feeder", "scanner {0} stopped: {1}"};
constexpr MessageDef kFormat{"desk.scanner_format",
                             "scanner {0} delivers pages in a form the desk cannot read ({1})"};
constexpr MessageDef kTooLarge{"desk.scanner_too_large", "scanner {0} delivered a page too large"};
constexpr MessageDef kSilent{"desk.scanner_silent", "scanner {0} did not answer within {1} seconds"};
constexpr MessageDef kCrashed{"desk.scanner_crashed", "the driver of scanner {0} stopped unexpectedly"};
constexpr MessageDef kNoHelper{"desk.scanner_helper_missing",
                               "the scanner helper tongban-scanner is not installed next to the desk"};
constexpr MessageDef kStopped{"desk.scanner_stopped", "the scan on {0} was stopped"};
constexpr MessageDef kListFailed{"desk.scanner_list_failed",
                                 "the scanner drivers stopped while looking for scanners"};
constexpr MessageDef kListStopped{"desk.scanner_list_stopped", "looking for scanners was stopped"};
constexpr MessageDef kListSilent{"desk.scanner_list_silent",
                                 "looking for scanners took more than {0} seconds"};

constexpr int kListSeconds = 60;
// A page at the desk's resolution takes seconds; a document camera warming up, tens.
constexpr int kPageSeconds = 120;

// TONGBAN_SCANNER_HELPER names it (tests); else next to the desk, or in the libexec
// folder a package installs it in.
QString HelperPath() {
  if (const QByteArray env = qgetenv("TONGBAN_SCANNER_HELPER"); !env.isEmpty())
    return QString::fromLocal8Bit(env);
  const QString dir = QCoreApplication::applicationDirPath();
  for (const QString& p : {dir + QStringLiteral("/tongban-scanner"),
                           dir + QStringLiteral("/../libexec/tongban/tongban-scanner")})
    if (QFileInfo(p).isExecutable()) return p;
  return {};
}

// TONGBAN_SCAN_TIMEOUT (seconds) for scanners slower than any the desk expects.
int PageSeconds() {
  bool ok = false;
  const int s = qEnvironmentVariableIntValue("TONGBAN_SCAN_TIMEOUT", &ok);
  return ok && s > 0 ? s : kPageSeconds;
}

enum class Ended { kComplete, kExited, kDeadline, kByClerk, kNotStarted };

// How a run of the helper ended, and for kExited how the process did.
struct Outcome {
  Ended ended = Ended::kNotStarted;
  bool crashed = false;
  int exit_code = 0;
  bool Clean() const { return ended == Ended::kExited && !crashed && exit_code == 0; }
};

// Runs the helper and reads its stdout until `complete` says the answer is whole, the
// helper exits, the deadline passes or `stop` is set. The helper is then given a
// moment to close its device and killed if it has not.
Outcome RunHelper(const QStringList& args, int seconds, const std::atomic<bool>& stop,
                  const std::function<bool(const QByteArray&)>& complete, QByteArray* out) {
  const QString helper = HelperPath();
  if (helper.isEmpty()) return {};
  QProcess p;
  p.setProcessChannelMode(QProcess::ForwardedErrorChannel);  // SANE's diagnostics to the log
  p.start(helper, args, QIODevice::ReadOnly);
  if (!p.waitForStarted(10'000)) return {};
  QElapsedTimer clock;
  clock.start();
  Outcome o{Ended::kExited};
  for (;;) {
    if (stop.load()) {
      o.ended = Ended::kByClerk;
      break;
    }
    if (clock.elapsed() > seconds * 1000LL) {
      o.ended = Ended::kDeadline;
      break;
    }
    p.waitForReadyRead(200);  // short, so a stop is seen at once
    out->append(p.readAllStandardOutput());
    if (complete(*out)) {
      o.ended = Ended::kComplete;
      break;
    }
    if (p.state() == QProcess::NotRunning) {
      out->append(p.readAllStandardOutput());
      if (complete(*out)) o.ended = Ended::kComplete;
      o.crashed = p.exitStatus() == QProcess::CrashExit;
      o.exit_code = p.exitCode();
      break;
    }
  }
  if (o.ended == Ended::kComplete) p.waitForFinished(5'000);
  if (p.state() != QProcess::NotRunning) {
    p.kill();
    p.waitForFinished(5'000);
  }
  return o;
}

// The header line "PAGE w h gray|color dpi", or nothing while it is incomplete.
struct Header {
  int width = 0, height = 0, dpi = 0;
  bool color = false;
  qsizetype size = 0;  // bytes of the header line
  qint64 PixelBytes() const { return qint64(width) * height * (color ? 3 : 1); }
};

std::optional<Header> ParseHeader(const QByteArray& out) {
  const qsizetype eol = out.indexOf('\n');
  if (eol < 0 || !out.startsWith("PAGE ")) return std::nullopt;
  const QList<QByteArray> f = out.left(eol).split(' ');
  if (f.size() != 5) return std::nullopt;
  Header h;
  h.width = f[1].toInt();
  h.height = f[2].toInt();
  h.color = f[3] == "color";
  h.dpi = f[4].toInt();
  h.size = eol + 1;
  if (h.width <= 0 || h.height <= 0 || h.dpi <= 0 ||
      h.PixelBytes() > static_cast<qint64>(scanner::kMaxPageBytes))
    return std::nullopt;
  return h;
}

Status FailureOf(const std::string& device, const QByteArray& line) {
  // "FAIL <kind> <SANE's words>"
  const QByteArray rest = line.trimmed().mid(5);
  const qsizetype space = rest.indexOf(' ');
  const QByteArray kind = space < 0 ? rest : rest.left(space);
  const std::string why = space < 0 ? std::string() : rest.mid(space + 1).toStdString();
  switch (scanner::FailureNamed(kind.toStdString())) {
    case scanner::Failure::kFeeder:
      return Status(ErrorCode::kFailedPrecondition, kFeeder, {device, why});
    case scanner::Failure::kFormat: return Status(ErrorCode::kInternal, kFormat, {device, why});
    case scanner::Failure::kTooLarge: return Status(ErrorCode::kInternal, kTooLarge, {device});
    case scanner::Failure::kGone: break;
  }
  return Status(ErrorCode::kUnavailable, kGone, {device, why});
}

}  // namespace

Result<std::vector<ScannerDevice>> ListScanners(const std::atomic<bool>& stop) {
  QByteArray out;
  const Outcome o = RunHelper({QStringLiteral("list")}, kListSeconds, stop,
                              [](const QByteArray&) { return false; }, &out);
  switch (o.ended) {
    case Ended::kNotStarted: return Status(ErrorCode::kInternal, kNoHelper, {});
    case Ended::kByClerk: return Status(ErrorCode::kCancelled, kListStopped, {});
    case Ended::kDeadline:
      return Status(ErrorCode::kUnavailable, kListSilent, {std::to_string(kListSeconds)});
    case Ended::kExited:
    case Ended::kComplete: break;
  }
  if (!o.Clean()) {
    qWarning("scanner helper listing ended: %s %d", o.crashed ? "crashed" : "exit", o.exit_code);
    return Status(ErrorCode::kUnavailable, kListFailed, {});
  }
  std::vector<ScannerDevice> found;
  for (const QByteArray& line : out.split('\n')) {
    const qsizetype tab = line.indexOf('\t');
    if (tab <= 0) continue;
    found.push_back({line.left(tab).toStdString(), line.mid(tab + 1).toStdString()});
  }
  return found;
}

Result<ScannedPage> ScanPage(const std::string& device, int dpi, bool color,
                             const std::atomic<bool>& stop) {
  const int seconds = PageSeconds();
  QByteArray out;
  const auto complete = [](const QByteArray& o) {
    if (o.startsWith("FAIL ")) return o.contains('\n');
    const auto h = ParseHeader(o);
    return h && o.size() >= h->size + h->PixelBytes();
  };
  const Outcome o =
      RunHelper({QStringLiteral("scan"), QString::fromStdString(device), QString::number(dpi),
                 color ? QStringLiteral("color") : QStringLiteral("gray")},
                seconds, stop, complete, &out);
  switch (o.ended) {
    case Ended::kNotStarted: return Status(ErrorCode::kInternal, kNoHelper, {});
    case Ended::kByClerk: return Status(ErrorCode::kCancelled, kStopped, {device});
    case Ended::kDeadline:
      return Status(ErrorCode::kUnavailable, kSilent, {device, std::to_string(seconds)});
    case Ended::kExited:
      qWarning("scanner helper for %s ended without a page: %s %d", device.c_str(),
               o.crashed ? "crashed" : "exit", o.exit_code);
      return Status(ErrorCode::kUnavailable, kCrashed, {device});
    case Ended::kComplete: break;
  }
  if (out.startsWith("FAIL ")) return FailureOf(device, out.left(out.indexOf('\n')));
  const Header h = *ParseHeader(out);
  ScannedPage page;
  page.width = h.width;
  page.height = h.height;
  page.color = h.color;
  page.dpi = h.dpi;
  page.pixels.assign(out.cbegin() + h.size, out.cbegin() + h.size + h.PixelBytes());
  return page;
}

}  // namespace tongban::desk
