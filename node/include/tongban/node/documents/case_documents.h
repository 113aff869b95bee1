// The documents a station prints for an applicant, as A4 PDF files:
//   notice          一次性告知书: every material still to bring, listed once and completely
//   receipt         受理回执: what was received, by whom, when, and when the result is due
//   non-acceptance  不予受理通知书: the refusal and the reason the office recorded
// See docs/documents.md for what each one contains.
//
// Pure data in, a file out: the caller loads the case and the item version it
// was received under (NodeStore::GetCase, GetItem) and says who prints and when.
// ID numbers and phones are masked as the domain masks them in lists. Each
// call writes a temporary file beside `out_path` and renames it into place, so
// a failure never leaves a partial PDF. Safe to call from a worker thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tongban/node/domain/case.h"
#include "tongban/node/domain/catalog.h"
#include "tongban/status.h"

namespace tongban::node {

enum class DocumentKind { kNotice, kReceipt, kNonAcceptance };

std::string_view DocumentKindName(DocumentKind kind);   // "notice" | "receipt" | "non-acceptance"
std::string_view DocumentKindTitle(DocumentKind kind);  // "一次性告知书" | …
// InvalidArgument naming the three kinds for anything else.
Result<DocumentKind> ParseDocumentKind(std::string_view name);

// Who prints the document, and on which day.
struct DocumentContext {
  std::string station_name;  // the printing station, which signs and seals the document
  std::string office_name;   // the case's processing office; empty prints its code alone
  Date issued{};             // the date the document bears
};

// The number printed under the title and in the footer: a prefix for the kind
// and the case number ("SLHZ-QS-JX01-20260212-0001").
std::string DocumentNumber(DocumentKind kind, std::string_view case_no);

// Writes one document for a received case. Errors, each one line:
//   FailedPrecondition  non-acceptance for a case whose timeline has no not_accept step
//                       (or whose step records no reason); no Chinese font installed
//   IoError             the folder is missing or not writable, or `out_path` is a folder
//   DiskFull            the disk filled up while writing
Status WriteCaseDocument(DocumentKind kind, const CaseRecord& c, const ServiceItem& item,
                         const DocumentContext& ctx, const std::string& out_path);

// Writes the one-time notice for an application not received: the required
// materials of `item` whose codes are not in `have`. Errors as above, and
// InvalidArgument for a code in `have` that is not in the item's list.
Status WriteItemNotice(const ServiceItem& item, const std::vector<std::string>& have,
                       const DocumentContext& ctx, const std::string& out_path);

}  // namespace tongban::node
