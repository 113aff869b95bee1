// A printable document as plain data (title, blocks of text, form grids and
// tables) and the one function that lays it out on A4 pages and writes a PDF.
//
// Layout is measured before anything is drawn, so the total page count is known
// for "第 1 页 / 共 N 页". Tables break between rows and repeat their header on
// the next page; a heading stays with what follows it. Private to
// tongban_documents: case_documents.cpp decides what goes on which form.
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "tongban/status.h"

namespace tongban::node::documents {

enum class Align { kLeft, kCentre, kRight };
enum class TextStyle { kBody, kHeading, kSmall };

struct Paragraph {
  std::string text;
  TextStyle style = TextStyle::kBody;
  Align align = Align::kLeft;
  bool indent_first_line = false;  // two characters, as Chinese prose is set
  bool keep_with_next = false;     // a heading never ends a page on its own
};

// A bordered form grid: each row holds one field across the width, or two side by side.
struct Field {
  std::string label;
  std::string value;
};
struct FieldGrid {
  std::vector<std::vector<Field>> rows;
};

struct Column {
  std::string header;
  double weight = 1;  // share of the table width
  Align align = Align::kLeft;
};
struct Table {
  std::vector<Column> columns;
  std::vector<std::vector<std::string>> rows;  // each row has one cell per column
};

// Lines to sign on, two to a row: "申请人（签字）：________". Kept with what
// follows (the seal and date), so a signature never sits alone on a page.
struct Signatures {
  std::vector<std::string> labels;
};

// Space between blocks: dropped at the top of a page, kept with what follows.
struct Gap {
  double mm = 4;
};

using Block = std::variant<Paragraph, FieldGrid, Table, Signatures, Gap>;

struct PrintableDocument {
  std::string title;         // centred on page 1, repeated small on the following pages
  std::string number_line;   // right under the title: "编号：SLHZ-QS-JX01-20260212-0001"
  std::string footer_left;   // every page's footer, above the page number: the case number
  std::string footer_right;  // and the document number
  std::string qr_text;       // a QR code at the top left of page 1 (empty: none)
  std::vector<Block> blocks;
};

// Lays the document out on A4 and writes it to `path` through a temporary file
// beside it, renamed into place only once complete: a failure leaves no file
// and no temporary behind. Errors: kInvalidArgument (no file named), kIoError
// (folder missing or not writable), kDiskFull, kFailedPrecondition (no font
// with Chinese glyphs installed).
// Safe to call from any thread.
Status WritePdf(const PrintableDocument& doc, const std::string& path);

}  // namespace tongban::node::documents
