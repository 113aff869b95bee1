// `tongban print`: writes a printable PDF (one-time notice, acceptance receipt,
// notice of non-acceptance) for a case, or a one-time notice for an item.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli_support.h"
#include "commands.h"
#include "tongban/node/documents/case_documents.h"
#include "tongban/node/messages/status_text.h"
#include "tongban/node/store/node_store.h"

namespace tongban::cli {
namespace {

using namespace tongban::node;

constexpr MessageDef kCaseOrItem{"cli.print_case_or_item",
                                 "give either {0} for a received case or {1} for an application "
                                 "not received"};
constexpr MessageDef kItemNoticeOnly{"cli.print_item_notice_only",
                                     "only the one-time notice can be printed for an item; a {0} "
                                     "needs {1}"};
constexpr MessageDef kHaveWithItem{"cli.have_with_item", "{0} goes with {1}"};
constexpr MessageDef kCaseDocumentNeedsUser{
    "cli.case_document_needs_user",
    "a case's document names its applicant: sign in with {0} (or {1}), as the audit trail records "
    "who wrote it"};


}  // namespace

Status Print(const Common& c, const PrintOptions& o) {
  TB_ASSIGN_OR_RETURN(DocumentKind kind, ParseDocumentKind(o.kind));
  if (o.case_no.empty() == o.item.empty())
    return InvalidArgument(kCaseOrItem, {"--case", "--item"});
  if (!o.item.empty() && kind != DocumentKind::kNotice)
    return InvalidArgument(kItemNoticeOnly, {std::string(DocumentKindName(kind)), "--case"});
  if (!o.have.empty() && o.item.empty()) return InvalidArgument(kHaveWithItem, {"--have", "--item"});
  TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
  const NodeIdentity& me = store->identity();
  DocumentContext ctx{me.name, "", LocalDate(sync::SystemWallClock::Instance().NowMillis())};
  std::string case_no;
  if (!o.case_no.empty()) {
    if (CommandUser(c).empty()) return PermissionDenied(kCaseDocumentNeedsUser, {"--user", "TONGBAN_USER"});
    TB_ASSIGN_OR_RETURN(Session by, Authenticate(*store, c));
    TB_ASSIGN_OR_RETURN(CaseRecord rec, store->GetCase(o.case_no));
    TB_ASSIGN_OR_RETURN(ServiceItem item, store->GetItem(rec.item_code, rec.item_version));
    TB_ASSIGN_OR_RETURN(const OfficeNames offices, LoadOfficeNames(*store));
    // Documents are Chinese: the township center by its Chinese kind name.
    ctx.office_name = offices.NameOf(rec.processing_office, NameInChinese("node_kind", "township"));
    // On the audit trail before the file exists: who wrote which case's document, as which file.
    TB_RETURN_IF_ERROR(store->RecordExport(by, std::string(DocumentKindName(kind)), rec.case_no, o.out));
    TB_RETURN_IF_ERROR(WriteCaseDocument(kind, rec, item, ctx, o.out));
    case_no = rec.case_no;
  } else {
    TB_ASSIGN_OR_RETURN(ServiceItem item, store->GetItem(o.item));
    TB_RETURN_IF_ERROR(WriteItemNotice(item, o.have, ctx, o.out));
  }
  if (c.json) {
    std::printf("%s\n", nlohmann::json{{"kind", DocumentKindName(kind)},
                                       {"title", DocumentKindTitle(kind)},
                                       {"case_no", case_no},
                                       {"file", o.out}}
                            .dump(2)
                            .c_str());
  } else {
    std::printf(Say("%s已写入 %s\n", "%s written to %s\n"),
                std::string(DocumentKindTitle(kind)).c_str(), o.out.c_str());
  }
  return Status::Ok();
}

}  // namespace tongban::cli
