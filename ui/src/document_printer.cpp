#include "document_printer.h"

#include <QDir>
#include <QStandardPaths>
#include <QUrl>

#include "tongban/node/documents/case_documents.h"
#include "tongban/node/messages/status_text.h"
#include "tongban/node/store/office_names.h"
#include "tongban/sync/hybrid_clock.h"

namespace tongban::desk {
namespace {

constexpr MessageDef kNoPrintFolder{"desk.print_folder", "cannot create the print folder {0}"};

struct Written {
  std::string file;
  std::string title;
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
                  .filePath(tr("通办打印"))) {}

QString DocumentPrinter::lastUrl() const {
  return last_file_.isEmpty() ? QString() : QUrl::fromLocalFile(last_file_).toString();
}

void DocumentPrinter::print(const QString& caseNo, const QString& kind) {
  auto parsed = node::ParseDocumentKind(S(kind));
  if (!parsed.ok()) return;
  Start(
      [no = S(caseNo), kind = *parsed, folder = S(folder_)](node::NodeStore& store,
                                                            const node::Session&) -> Result<Written> {
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
        return Written{file, std::string(node::DocumentKindTitle(kind))};
      },
      [this](Written w) { Done(w.file, Q(w.title)); });
}

void DocumentPrinter::printItemNotice(const QString& itemCode, const QStringList& have) {
  std::vector<std::string> held;
  for (const auto& h : have) held.push_back(S(h));
  Start(
      [code = S(itemCode), held, folder = S(folder_)](node::NodeStore& store,
                                                      const node::Session&) -> Result<Written> {
        TB_ASSIGN_OR_RETURN(auto item, store.GetItem(code));
        TB_RETURN_IF_ERROR(MakeFolder(folder));
        // Not received, so no case number: the item and the moment name the file.
        const std::string stamp = std::to_string(store.NowMillis());
        const std::string file = folder + "/" + item.impl_code + "-" + stamp + ".pdf";
        TB_RETURN_IF_ERROR(node::WriteItemNotice(item, held, ContextFor(store), file));
        return Written{file, std::string(node::DocumentKindTitle(node::DocumentKind::kNotice))};
      },
      [this](Written w) { Done(w.file, Q(w.title)); });
}

void DocumentPrinter::forget() {
  if (busy()) return;  // the print under way still reports where it went
  last_file_.clear();
  SetError({});
  SetMessage({});
  emit printed(last_file_);
}

void DocumentPrinter::Done(const std::string& file, const QString& title) {
  last_file_ = Q(file);
  SetMessage(tr("%1已生成：%2").arg(title, last_file_));
  emit printed(last_file_);
}

}  // namespace tongban::desk
