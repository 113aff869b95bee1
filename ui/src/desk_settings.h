// DeskSettings: what a station chooses for its desk, remembered between runs
// (QSettings: language, auto-sync interval, printer), and what the node decides shown
// read-only (the deadline warning threshold).
//
// The language switches at run time: the translator for the chosen language is
// installed and the QML engine retranslated, so every qsTr re-evaluates; text
// the C++ side has already formatted (lists, the open case) is reloaded by the
// session on languageChanged. Chinese is the source language, complete without a
// translation; the translator loads :/i18n/tongban_<language>.qm.
#pragma once

#include <QObject>
#include <QTranslator>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

class QQmlEngine;

namespace tongban::desk {

class DeskSettings : public QObject {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("DeskSettings is owned by DeskSession")
  Q_PROPERTY(QString language READ language WRITE setLanguage NOTIFY languageChanged)
  Q_PROPERTY(QVariantList languages READ languages CONSTANT)
  Q_PROPERTY(int autoSyncMinutes READ autoSyncMinutes WRITE setAutoSyncMinutes NOTIFY
                 autoSyncMinutesChanged)
  Q_PROPERTY(QVariantList autoSyncChoices READ autoSyncChoices CONSTANT)
  Q_PROPERTY(int warningPercent READ warningPercent CONSTANT)
  Q_PROPERTY(QString printer READ printer WRITE setPrinter NOTIFY printerChanged)
  Q_PROPERTY(int lockMinutes READ lockMinutes WRITE setLockMinutes NOTIFY lockMinutesChanged)
  Q_PROPERTY(QVariantList lockChoices READ lockChoices CONSTANT)

 public:
  static constexpr int kAutoSyncChoices[] = {0, 5, 15, 30};  // minutes; 0 is off
  // Minutes without a key or a click before the desk locks; 0 is never.
  static constexpr int kLockChoices[] = {0, 3, 5, 10, 15, 30};
  static constexpr int kDefaultLockMinutes = 5;

  // Reads the remembered choices; `remember` false (headless runs, tests) keeps
  // every change in memory only.
  explicit DeskSettings(bool remember = true, QObject* parent = nullptr);
  ~DeskSettings() override;

  // The engine to retranslate on a switch (none before the QML is loaded).
  void SetEngine(QQmlEngine* engine);

  QString language() const { return language_; }
  // "zh_CN" or "en"; anything else is ignored. Installs the translator at once.
  void setLanguage(const QString& language);
  QVariantList languages() const;  // [{code, name}] in the language's own words

  int autoSyncMinutes() const { return auto_sync_minutes_; }
  // One of kAutoSyncChoices; anything else is ignored.
  void setAutoSyncMinutes(int minutes);
  QVariantList autoSyncChoices() const;

  // The share of a deadline's span left when a case turns "即将到期", as the
  // node's EvaluateTimer decides it, in percent.
  int warningPercent() const;

  // The CUPS queue the clerk last printed on (empty: the system's default printer).
  QString printer() const { return printer_; }
  void setPrinter(const QString& printer);

  int lockMinutes() const { return lock_minutes_; }
  // One of kLockChoices; anything else is ignored.
  void setLockMinutes(int minutes);
  QVariantList lockChoices() const;

 signals:
  void languageChanged();
  void autoSyncMinutesChanged();
  void printerChanged();
  void lockMinutesChanged();

 private:
  void Apply();

  bool remember_;
  QString language_ = QStringLiteral("zh_CN");
  int auto_sync_minutes_ = 0;
  QString printer_;
  int lock_minutes_ = kDefaultLockMinutes;
  QTranslator translator_;
  bool installed_ = false;
  QQmlEngine* engine_ = nullptr;
};

}  // namespace tongban::desk
