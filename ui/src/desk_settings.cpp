#include "desk_settings.h"

#include <QCoreApplication>
#include <QQmlEngine>
#include <QSettings>
#include <algorithm>
#include <cmath>

#include "labels.h"
#include "tongban/node/domain/work_calendar.h"

namespace tongban::desk {
namespace {

constexpr auto kLanguageKey = "desk/language";
constexpr auto kAutoSyncKey = "sync/autoMinutes";
constexpr auto kPrinterKey = "print/printer";
constexpr auto kLockKey = "desk/lockMinutes";

template <std::size_t N>
bool OneOf(const int (&choices)[N], int value) {
  return std::find(std::begin(choices), std::end(choices), value) != std::end(choices);
}

template <std::size_t N>
QVariantList ListOf(const int (&choices)[N]) {
  QVariantList out;
  for (int m : choices) out << m;
  return out;
}

bool KnownLanguage(const QString& code) {
  return code == QLatin1String("zh_CN") || code == QLatin1String("en");
}

}  // namespace

DeskSettings::DeskSettings(bool remember, QObject* parent) : QObject(parent), remember_(remember) {
  if (remember_) {
    QSettings s;
    const QString lang = s.value(kLanguageKey, language_).toString();
    if (KnownLanguage(lang)) language_ = lang;
    const int minutes = s.value(kAutoSyncKey, 0).toInt();
    if (OneOf(kAutoSyncChoices, minutes)) auto_sync_minutes_ = minutes;
    printer_ = s.value(kPrinterKey).toString();
    const int lock = s.value(kLockKey, kDefaultLockMinutes).toInt();
    if (OneOf(kLockChoices, lock)) lock_minutes_ = lock;
  }
  Apply();
}

DeskSettings::~DeskSettings() {
  if (installed_) QCoreApplication::removeTranslator(&translator_);
}

void DeskSettings::SetEngine(QQmlEngine* engine) { engine_ = engine; }

void DeskSettings::setLanguage(const QString& language) {
  if (language == language_ || !KnownLanguage(language)) return;
  language_ = language;
  if (remember_) QSettings().setValue(kLanguageKey, language_);
  Apply();
  if (engine_) engine_->retranslate();
  emit languageChanged();
}

QVariantList DeskSettings::languages() const {
  // Each name in its own language, so someone who cannot read the other finds theirs.
  return {QVariantMap{{"code", "zh_CN"}, {"name", QStringLiteral("中文")}},
          QVariantMap{{"code", "en"}, {"name", QStringLiteral("English")}}};
}

void DeskSettings::setAutoSyncMinutes(int minutes) {
  if (minutes == auto_sync_minutes_ || !OneOf(kAutoSyncChoices, minutes)) return;
  auto_sync_minutes_ = minutes;
  if (remember_) QSettings().setValue(kAutoSyncKey, auto_sync_minutes_);
  emit autoSyncMinutesChanged();
}

void DeskSettings::setPrinter(const QString& printer) {
  if (printer == printer_) return;
  printer_ = printer;
  if (remember_) QSettings().setValue(kPrinterKey, printer_);
  emit printerChanged();
}

QVariantList DeskSettings::autoSyncChoices() const { return ListOf(kAutoSyncChoices); }

void DeskSettings::setLockMinutes(int minutes) {
  if (minutes == lock_minutes_ || !OneOf(kLockChoices, minutes)) return;
  lock_minutes_ = minutes;
  if (remember_) QSettings().setValue(kLockKey, lock_minutes_);
  emit lockMinutesChanged();
}

QVariantList DeskSettings::lockChoices() const { return ListOf(kLockChoices); }

int DeskSettings::warningPercent() const {
  // The node exports no constant; find where its EvaluateTimer turns from
  // normal to warning on a span of a million milliseconds.
  constexpr node::Millis kSpan = 1'000'000;
  node::Millis lo = 0, hi = kSpan;  // normal at lo, not normal at hi
  while (hi - lo > 1) {
    const node::Millis mid = lo + (hi - lo) / 2;
    if (node::EvaluateTimer(0, kSpan, mid) == node::TimerState::kNormal) lo = mid;
    else hi = mid;
  }
  return static_cast<int>(std::lround(100.0 * static_cast<double>(kSpan - hi) / kSpan));
}

void DeskSettings::Apply() {
  if (installed_) {
    QCoreApplication::removeTranslator(&translator_);
    installed_ = false;
  }
  // Chinese is the source text, complete without a file; tongban_zh_CN.qm only
  // carries rewordings, when there are any.
  if (translator_.load(QStringLiteral(":/i18n/tongban_%1.qm").arg(language_)))
    installed_ = QCoreApplication::installTranslator(&translator_);
  SetMessageLanguage(language_.startsWith(QLatin1String("en")) ? node::Language::kEnglish
                                                                : node::Language::kChinese);
}

}  // namespace tongban::desk
