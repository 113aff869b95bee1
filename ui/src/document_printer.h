// DocumentPrinter: the printed documents of the desk — the acceptance receipt, the
// one-time notice and the notice of non-acceptance of a case, and the one-time
// notice of an application not received.
//
// A print writes the PDF (tongban_documents, on the store thread) into one folder
// (the user's documents folder, "通办打印"), then opens the print sheet: a preview
// of its pages, the station's printers (CUPS) with the one last used chosen, and
// the number of copies. Sent to a printer, the job is followed until the printer
// is done or says why it cannot; a case's print enters its timeline. With no
// printer, or a printer that fails, the PDF stays and can be saved elsewhere.
#pragma once

#include <QStringList>
#include <QTimer>
#include <QUrl>
#include <QVariantList>

#include "desk_controller.h"

namespace tongban::desk {

class DeskSettings;

class DocumentPrinter : public DeskController {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("DocumentPrinter is owned by DeskSession")
  Q_PROPERTY(QString folder READ folder NOTIFY printed)
  Q_PROPERTY(QString lastFile READ lastFile NOTIFY printed)
  Q_PROPERTY(QString lastUrl READ lastUrl NOTIFY printed)
  Q_PROPERTY(QString title READ title NOTIFY printed)
  Q_PROPERTY(int pageCount READ pageCount NOTIFY printed)
  // For image://printpreview/<page>/<previewKey>: changes with every document.
  Q_PROPERTY(QString previewKey READ previewKey NOTIFY printed)
  Q_PROPERTY(bool sheetOpen READ sheetOpen NOTIFY sheetChanged)
  // [{name, label, display, stopped, note}]: label is what the list shows (with 默认 or
  // 已暂停), display the printer's name alone, note what the printer said.
  Q_PROPERTY(QVariantList printers READ printers NOTIFY printersChanged)
  Q_PROPERTY(int chosen READ chosen WRITE setChosen NOTIFY printersChanged)
  Q_PROPERTY(bool lookingForPrinters READ lookingForPrinters NOTIFY printersChanged)
  Q_PROPERTY(bool sending READ sending NOTIFY sheetChanged)

 public:
  explicit DocumentPrinter(StoreThread* store, QObject* parent = nullptr);

  QString folder() const { return folder_; }
  // Where the PDFs go; created on the first print.
  void SetFolder(const QString& folder) { folder_ = folder; }
  // A revoked station erased itself: the documents printed here (names of applicants)
  // go too. Only the PDFs, in the desk's own folder; the folder goes once empty.
  void EraseFolder();
  // Remembers the printer chosen (DeskSettings::printer).
  void SetSettings(DeskSettings* settings) { settings_ = settings; }
  QString lastFile() const { return last_file_; }
  QString lastUrl() const;  // file:// URL of lastFile, for Qt.openUrlExternally
  QString title() const { return title_; }
  int pageCount() const { return page_count_; }
  QString previewKey() const;
  bool sheetOpen() const { return sheet_open_; }
  QVariantList printers() const { return printers_; }
  int chosen() const { return chosen_; }
  void setChosen(int index);
  bool lookingForPrinters() const { return looking_; }
  bool sending() const { return sending_; }

  // `kind`: "receipt", "notice" or "non-acceptance" (node::ParseDocumentKind).
  Q_INVOKABLE void print(const QString& caseNo, const QString& kind);
  // The one-time notice for `itemCode` when the materials in `have` are held.
  Q_INVOKABLE void printItemNotice(const QString& itemCode, const QStringList& have);
  // Asks CUPS again which printers there are (one plugged in while the sheet is open).
  Q_INVOKABLE void findPrinters();
  // Sends the document on the sheet to the chosen printer; the sheet closes once the
  // printer has taken it, and the line under the buttons follows the job.
  Q_INVOKABLE void send(int copies);
  // Copies the document to `target` (a file the clerk chose in a file dialog).
  Q_INVOKABLE void saveAs(const QUrl& target);
  Q_INVOKABLE void closeSheet();
  // Another page or case is shown: the line under it speaks of its own prints only.
  Q_INVOKABLE void forget();

 signals:
  void printed(const QString& file);
  void sheetChanged();
  void printersChanged();
  // The printer finished the job (or gave up on it): headless runs wait for this.
  void jobFinished(bool ok);

 private:
  void ShowSheet(const std::string& file, const QString& title, const QString& caseNo,
               const QString& kind);
  void Follow();
  void Printed();
  void GiveUp(const QString& why);
  // The document's name in the desk's language (the PDF itself is always Chinese).
  QString KindTitle(const QString& kind) const;
  QString ChosenName() const;
  QString ChosenLabel() const;

  QString folder_;
  QString last_file_;
  QString title_;
  QString case_no_;  // empty for the notice of an item (no timeline to record on)
  QString kind_;
  int page_count_ = 0;
  int serial_ = 0;
  bool sheet_open_ = false;
  QVariantList printers_;
  int chosen_ = -1;
  bool looking_ = false;
  bool sending_ = false;
  DeskSettings* settings_ = nullptr;
  // The job being followed.
  QTimer follow_;
  QString job_printer_, job_label_;
  QString job_case_, job_kind_;  // the timeline the print enters once printed
  int job_ = 0;
  int polls_ = 0;
};

}  // namespace tongban::desk
