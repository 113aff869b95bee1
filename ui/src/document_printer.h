// DocumentPrinter: the printable PDFs of the desk — the acceptance receipt, the
// one-time notice and the notice of non-acceptance of a case, and the one-time
// notice of an application not received — written by tongban_documents on the
// store thread into one folder (the user's documents folder, "通办打印"), one
// file per document number, replaced when printed again. The clerk opens the
// file to print it; headless runs and tests only write.
#pragma once

#include <QStringList>

#include "desk_controller.h"

namespace tongban::desk {

class DocumentPrinter : public DeskController {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("DocumentPrinter is owned by DeskSession")
  Q_PROPERTY(QString folder READ folder NOTIFY printed)
  Q_PROPERTY(QString lastFile READ lastFile NOTIFY printed)
  Q_PROPERTY(QString lastUrl READ lastUrl NOTIFY printed)

 public:
  explicit DocumentPrinter(StoreThread* store, QObject* parent = nullptr);

  QString folder() const { return folder_; }
  // Where the PDFs go; created on the first print.
  void SetFolder(const QString& folder) { folder_ = folder; }
  QString lastFile() const { return last_file_; }
  QString lastUrl() const;  // file:// URL of lastFile, for Qt.openUrlExternally

  // `kind`: "receipt", "notice" or "non-acceptance" (node::ParseDocumentKind).
  Q_INVOKABLE void print(const QString& caseNo, const QString& kind);
  // The one-time notice for `itemCode` when the materials in `have` are held.
  Q_INVOKABLE void printItemNotice(const QString& itemCode, const QStringList& have);
  // Another page or case is shown: the line under it speaks of its own prints only.
  Q_INVOKABLE void forget();

 signals:
  void printed(const QString& file);

 private:
  void Done(const std::string& file, const QString& title);

  QString folder_;
  QString last_file_;
};

}  // namespace tongban::desk
