#include "document_printer.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <memory>
#include <poppler-qt6.h>

#include "cups_queue.h"
#include "desk_settings.h"
#include "off_thread.h"
#include "tongban/node/documents/case_documents.h"
#include "tongban/node/messages/status_text.h"
#include "tongban/node/store/office_names.h"
#include "tongban/sync/hybrid_clock.h"

namespace tongban::desk {
namespace {

constexpr MessageDef kNoPrintFolder{"desk.print_folder", "cannot create the print folder {0}"};

// A printer is followed for this long (polled each second) before the desk asks the
// clerk to look at it: a job that waits longer is out of paper, off or unplugged.
constexpr int kFollowSeconds = 120;

struct WrittenPdf {
  std::string file;
};

node::DocumentContext ContextFor(const node::NodeStore& store) {
  return {store.identity().name, "",
          node::LocalDate(store.NowMillis())};
}

Status MakeFolder(const std::string& folder) {
  if (!QDir().mkpath(Q(folder)))
    return Status(ErrorCode::kIoError, kNoPrintFolder, {folder});
  return Status::Ok();
}


}  // namespace

DocumentPrinter::DocumentPrinter(StoreThread* store, QObject* parent)
    : DeskController(store, parent),
      folder_(QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
                  .filePath(tr("通办打印"))) {
  follow_.setInterval(1000);
  connect(&follow_, &QTimer::timeout, this, &DocumentPrinter::Follow);
}

QString DocumentPrinter::lastUrl() const {
  return last_file_.isEmpty() ? QString() : QUrl::fromLocalFile(last_file_).toString();
}

QString DocumentPrinter::previewKey() const {
  // The serial makes a reprinted file a new image source; the provider reads the path.
  return QString::number(serial_) + QLatin1Char('/') +
         QString::fromLatin1(QUrl::toPercentEncoding(last_file_));
}

void DocumentPrinter::setChosen(int index) {
  if (index == chosen_ || index < 0 || index >= printers_.size()) return;
  chosen_ = index;
  emit printersChanged();
}

void DocumentPrinter::print(const QString& caseNo, const QString& kind) {
  auto parsed = node::ParseDocumentKind(S(kind));
  if (!parsed.ok()) return;
  Start(
      [no = S(caseNo), kind = *parsed, folder = S(folder_)](node::NodeStore& store,
                                                            const node::Session&) -> Result<WrittenPdf> {
        TB_ASSIGN_OR_RETURN(auto c, store.GetCase(no));
        TB_ASSIGN_OR_RETURN(auto item, store.GetItem(c.item_code, c.item_version));
        node::DocumentContext ctx = ContextFor(store);
        TB_ASSIGN_OR_RETURN(const node::OfficeNames offices, node::LoadOfficeNames(store));
        // Documents are Chinese: the township center by its Chinese kind name.
        ctx.office_name =
            offices.NameOf(c.processing_office, node::NameInChinese("node_kind", "township"));
        TB_RETURN_IF_ERROR(MakeFolder(folder));
        const std::string file = folder + "/" + node::DocumentNumber(kind, c.case_no) + ".pdf";
        TB_RETURN_IF_ERROR(node::WriteCaseDocument(kind, c, item, ctx, file));
        return WrittenPdf{file};
      },
      [this, caseNo, kind](WrittenPdf w) { ShowSheet(w.file, KindTitle(kind), caseNo, kind); });
}

void DocumentPrinter::printItemNotice(const QString& itemCode, const QStringList& have) {
  std::vector<std::string> held;
  for (const auto& h : have) held.push_back(S(h));
  Start(
      [code = S(itemCode), held, folder = S(folder_)](node::NodeStore& store,
                                                      const node::Session&) -> Result<WrittenPdf> {
        TB_ASSIGN_OR_RETURN(auto item, store.GetItem(code));
        TB_RETURN_IF_ERROR(MakeFolder(folder));
        // Not received, so no case number: the item and the moment name the file.
        const std::string stamp = std::to_string(store.NowMillis());
        const std::string file = folder + "/" + item.impl_code + "-" + stamp + ".pdf";
        TB_RETURN_IF_ERROR(node::WriteItemNotice(item, held, ContextFor(store), file));
        return WrittenPdf{file};
      },
      [this](WrittenPdf w) {
        ShowSheet(w.file, KindTitle(QStringLiteral("notice")), {}, QStringLiteral("notice"));
      });
}

QString DocumentPrinter::KindTitle(const QString& kind) const {
  if (kind == QLatin1String("receipt")) return tr("受理回执");
  if (kind == QLatin1String("non-acceptance")) return tr("不予受理通知书");
  return tr("一次性告知书");
}

void DocumentPrinter::ShowSheet(const std::string& file, const QString& title, const QString& caseNo,
                              const QString& kind) {
  last_file_ = Q(file);
  title_ = title;
  case_no_ = caseNo;
  kind_ = kind;
  ++serial_;
  const std::unique_ptr<Poppler::Document> doc = Poppler::Document::load(last_file_);
  page_count_ = doc && !doc->isLocked() ? doc->numPages() : 0;
  SetMessage(tr("%1已生成，请在打印窗口选择打印机").arg(title));
  emit printed(last_file_);
  sheet_open_ = true;
  emit sheetChanged();
  findPrinters();
}

void DocumentPrinter::findPrinters() {
  looking_ = true;
  emit printersChanged();
  OffThread<std::vector<PrinterQueue>>(this, [] { return ListPrinterQueues(); },
                                       [this](std::vector<PrinterQueue> queues) {
    const QString before = ChosenName();
    const QString remembered = settings_ ? settings_->printer() : QString();
    printers_.clear();
    chosen_ = -1;
    int fallback = queues.empty() ? -1 : 0;
    for (std::size_t i = 0; i < queues.size(); ++i) {
      const PrinterQueue& q = queues[i];
      const QString display = q.description.empty() ? Q(q.name) : Q(q.description);
      QString label = display;
      if (q.is_default) label += tr("（默认）");
      if (q.stopped || !q.accepting) label += tr("（已暂停）");
      printers_.append(QVariantMap{{"name", Q(q.name)},
                                   {"label", label},
                                   {"display", display},
                                   {"stopped", q.stopped || !q.accepting},
                                   {"note", Q(q.state_message)}});
      const int index = static_cast<int>(i);
      if (Q(q.name) == before || (before.isEmpty() && Q(q.name) == remembered)) chosen_ = index;
      if (q.is_default) fallback = index;
    }
    if (chosen_ < 0) chosen_ = fallback;
    looking_ = false;
    emit printersChanged();
  });
}

QString DocumentPrinter::ChosenName() const {
  if (chosen_ < 0 || chosen_ >= printers_.size()) return {};
  return printers_[chosen_].toMap().value(QStringLiteral("name")).toString();
}

QString DocumentPrinter::ChosenLabel() const {
  if (chosen_ < 0 || chosen_ >= printers_.size()) return {};
  return printers_[chosen_].toMap().value(QStringLiteral("display")).toString();
}

void DocumentPrinter::send(int copies) {
  const QString printer = ChosenName();
  if (printer.isEmpty() || last_file_.isEmpty() || sending_) return;
  sending_ = true;
  emit sheetChanged();
  const std::string title = S(QFileInfo(last_file_).completeBaseName());
  OffThread<Result<int>>(
      this,
      [queue = S(printer), file = S(last_file_), title, copies] {
        return SubmitPdf(queue, file, title, copies);
      },
      [this, printer, copies](Result<int> job) {
        sending_ = false;
        if (!job.ok()) {
          // The sheet stays open: another printer, or saving the PDF, is one click away.
          SetError(ErrorText(job.status()));
          emit sheetChanged();
          return;
        }
        if (settings_) settings_->setPrinter(printer);
        job_printer_ = printer;
        job_label_ = ChosenLabel();
        job_ = *job;
        job_case_ = case_no_;
        job_kind_ = kind_;
        polls_ = 0;
        sheet_open_ = false;
        emit sheetChanged();
        SetError({});
        SetMessage(tr("已送打印机“%1”，共 %2 份，正在打印…").arg(job_label_).arg(copies));
        follow_.start();
      });
}

void DocumentPrinter::GiveUp(const QString& why) {
  // Withdrawn, so it cannot come out later as well as the reprint the clerk is told to make.
  OffThread<bool>(this, [queue = S(job_printer_), job = job_] {
    CancelJob(queue, job);
    return true;
  }, [](bool) {});
  job_ = 0;
  SetError(why);
  emit jobFinished(false);
}

void DocumentPrinter::Printed() {
  job_ = 0;
  const QString done = tr("“%1”已打印完成：%2").arg(job_label_, title_);
  SetMessage(done);
  if (!job_case_.isEmpty()) {
    // Who printed which document of the case, on which printer: on its timeline, once
    // printed. (The write clears the line while it runs; its answer puts it back.)
    StartWrite(
        [no = S(job_case_), kind = S(job_kind_), queue = S(job_printer_)](
            node::NodeStore& store, const node::Session& by) {
          return store.RecordPrint(by, no, kind, queue);
        },
        [this, done](const node::CaseRecord&) { SetMessage(done); });
  }
  emit jobFinished(true);
}

void DocumentPrinter::Follow() {
  if (job_ == 0) {
    follow_.stop();
    return;
  }
  if (++polls_ > kFollowSeconds) {
    follow_.stop();
    GiveUp(tr("打印机“%1”两分钟内没有打完，已取消这次打印。请查看打印机的纸张、电源和连线；文书已保存，可以重新打印。")
               .arg(job_label_));
    return;
  }
  follow_.stop();  // one question at a time; started again when the answer is in
  OffThread<Result<JobProgress>>(
      this, [queue = S(job_printer_), job = job_] { return FollowJob(queue, job); },
      [this, job = job_](Result<JobProgress> p) {
        if (job_ != job) return;  // given up, or another document sent meanwhile
        if (p.ok() && p->state == JobState::kDone) {
          Printed();
          return;
        }
        if (!p.ok() || p->state == JobState::kFailed) {
          const QString why = !p.ok() ? ErrorText(p.status())
                              : p->reason.empty() ? tr("打印机没有说明原因")
                                                  : Q(p->reason);
          GiveUp(tr("打印机“%1”没有打完这份文书：%2。已取消这次打印；文书已保存，可以重新打印或另存为 PDF。")
                     .arg(job_label_, why));
          return;
        }
        follow_.start();
      });
}

void DocumentPrinter::saveAs(const QUrl& target) {
  const QString to = target.isLocalFile() ? target.toLocalFile() : target.toString();
  if (to.isEmpty() || last_file_.isEmpty()) return;
  if (QFileInfo(to).absoluteFilePath() == QFileInfo(last_file_).absoluteFilePath()) {
    SetMessage(tr("文书已保存：%1").arg(to));
    return;
  }
  const auto copy = [this, from = last_file_, to](bool) {
    QFile::remove(to);  // the dialog asked already whether to replace it
    if (!QFile::copy(from, to)) {
      SetError(tr("无法保存到 %1，请换一个位置（U 盘是否已拔出？）").arg(to));
      return;
    }
    sheet_open_ = false;
    emit sheetChanged();
    SetError({});
    SetMessage(tr("文书已另存为 %1").arg(to));
  };
  // A case's document names its applicant: who saved it, and as which file, goes on the
  // audit trail before the copy is made. An item's notice names nobody.
  if (case_no_.isEmpty()) return copy(true);
  StartWrite(
      [no = S(case_no_), kind = S(kind_), file = S(to)](node::NodeStore& store,
                                                         const node::Session& by) -> Result<bool> {
        TB_RETURN_IF_ERROR(store.RecordExport(by, kind, no, file));
        return true;
      },
      copy);
}

void DocumentPrinter::EraseFolder() {
  QDir dir(folder_);
  if (!dir.exists()) return;
  for (const QString& pdf : dir.entryList({QStringLiteral("*.pdf")}, QDir::Files)) dir.remove(pdf);
  dir.rmdir(dir.absolutePath());  // only when empty
  last_file_.clear();
  sheet_open_ = false;
  emit sheetChanged();
}

void DocumentPrinter::closeSheet() {
  if (!sheet_open_) return;
  sheet_open_ = false;
  emit sheetChanged();
}

void DocumentPrinter::forget() {
  if (busy() || job_ != 0) return;  // the print under way still reports where it went
  last_file_.clear();
  SetError({});
  SetMessage({});
  emit printed(last_file_);
}

}  // namespace tongban::desk
