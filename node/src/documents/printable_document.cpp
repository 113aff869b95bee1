#include "printable_document.h"

#include <cairo-pdf.h>
#include <fcntl.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>
#include <system_error>

namespace tongban::node::documents {
namespace {

// Page geometry in PDF points. Margins leave room for binding on the left and
// for the running header and footer inside the top and bottom margins.
constexpr double kPtPerMm = 72.0 / 25.4;
constexpr double kPageWidth = 210 * kPtPerMm;
constexpr double kPageHeight = 297 * kPtPerMm;
constexpr double kMarginLeft = 22 * kPtPerMm;
constexpr double kMarginRight = 18 * kPtPerMm;
constexpr double kMarginTop = 22 * kPtPerMm;
constexpr double kMarginBottom = 26 * kPtPerMm;
constexpr double kContentWidth = kPageWidth - kMarginLeft - kMarginRight;
constexpr double kContentTop = kMarginTop;
constexpr double kContentBottom = kPageHeight - kMarginBottom;
constexpr double kCellPadX = 2 * kPtPerMm;
constexpr double kCellPadY = 1.5 * kPtPerMm;
constexpr double kFieldLabelWidth = 23 * kPtPerMm;
constexpr double kSignatureRowHeight = 15 * kPtPerMm;
constexpr double kRule = 0.6;    // cell borders
constexpr double kShade = 0.92;  // grey behind labels and table headers

// WenQuanYi Micro Hei (fonts-wqy-microhei) has the CJK glyphs; fontconfig
// falls back along the list when it is missing.
constexpr const char* kFontFamily = "WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif";
// Messages (Chinese in node/src/messages/catalog_services.cpp).
// {0}: the font package to install ("fonts-wqy-microhei").
constexpr MessageDef kNoChineseFont{"documents.no_chinese_font",
                                    "no font with Chinese characters is installed; install {0}"};
constexpr const char* kFontPackage = "fonts-wqy-microhei";
constexpr MessageDef kDiskFull{"documents.disk_full", "cannot write {0}: disk is full"};
constexpr MessageDef kNoFolder{"documents.no_folder", "cannot write {0}: its folder does not exist"};
constexpr MessageDef kIsFolder{"documents.is_folder", "cannot write {0}: it is a folder"};
// {1}: the system's own words for what went wrong.
constexpr MessageDef kCannotWrite{"documents.cannot_write", "cannot write {0}: {1}"};
constexpr MessageDef kNoOutput{"documents.no_output", "no output file given"};
constexpr MessageDef kOutputNoFile{"documents.output_no_file", "output '{0}' names no file"};

struct FontSpec {
  double size_pt;
  bool bold;
};
constexpr FontSpec kTitleFont{22, true};
constexpr FontSpec kHeadingFont{13, true};
constexpr FontSpec kBodyFont{12, false};
constexpr FontSpec kCellFont{10.5, false};
constexpr FontSpec kCellHeaderFont{10.5, true};
constexpr FontSpec kSmallFont{9, false};

FontSpec FontFor(TextStyle s) {
  switch (s) {
    case TextStyle::kHeading:
      return kHeadingFont;
    case TextStyle::kSmall:
      return kSmallFont;
    case TextStyle::kBody:
      break;
  }
  return kBodyFont;
}

PangoAlignment PangoAlign(Align a) {
  switch (a) {
    case Align::kCentre:
      return PANGO_ALIGN_CENTER;
    case Align::kRight:
      return PANGO_ALIGN_RIGHT;
    case Align::kLeft:
      break;
  }
  return PANGO_ALIGN_LEFT;
}

// One piece of the page flow that is never split: a paragraph, a grid row, a
// table row, a row of signature lines. Measured first, drawn at a y chosen later.
struct Unit {
  double height = 0;
  bool keep_with_next = false;
  bool drop_at_page_top = false;  // gaps
  int repeat_header = -1;         // table header unit to draw again after a page break
  std::function<void(cairo_t*, double y)> draw;
};

struct Placement {
  int page;
  double y;
  int unit;
};

// Owns the Pango layouts of one document, made on the PDF surface's context so
// that measuring and drawing use the same font metrics.
class Composer {
 public:
  // Pango assumes a 96 dpi screen; on PDF one unit is one point, so 72 makes
  // a 12 pt font 12 pt tall on paper.
  explicit Composer(cairo_t* cr) : context_(pango_cairo_create_context(cr), g_object_unref) {
    pango_cairo_context_set_resolution(context_.get(), 72);
  }

  PangoLayout* Text(const std::string& text, FontSpec font, double width, Align align,
                    bool indent_first_line = false) {
    PangoLayout* layout = pango_layout_new(context_.get());
    layouts_.emplace_back(layout, g_object_unref);
    PangoFontDescription* desc = pango_font_description_from_string(kFontFamily);
    pango_font_description_set_size(desc, static_cast<int>(font.size_pt * PANGO_SCALE));
    pango_font_description_set_weight(desc, font.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout, desc);
    pango_font_description_free(desc);
    pango_layout_set_width(layout, static_cast<int>(width * PANGO_SCALE));
    // Chinese has no spaces to break at; break anywhere a word does not fit.
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(layout, PangoAlign(align));
    pango_layout_set_line_spacing(layout, 1.25f);
    if (indent_first_line)
      pango_layout_set_indent(layout, static_cast<int>(2 * font.size_pt * PANGO_SCALE));
    pango_layout_set_text(layout, text.c_str(), static_cast<int>(text.size()));
    return layout;
  }

 private:
  std::unique_ptr<PangoContext, decltype(&g_object_unref)> context_;
  std::vector<std::unique_ptr<PangoLayout, decltype(&g_object_unref)>> layouts_;
};

double HeightOf(PangoLayout* layout) {
  int w = 0, h = 0;
  pango_layout_get_size(layout, &w, &h);
  return static_cast<double>(h) / PANGO_SCALE;
}

void Show(cairo_t* cr, PangoLayout* layout, double x, double y) {
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_move_to(cr, x, y);
  pango_cairo_show_layout(cr, layout);
}

void Cell(cairo_t* cr, double x, double y, double w, double h, bool shaded) {
  if (shaded) {
    cairo_set_source_rgb(cr, kShade, kShade, kShade);
    cairo_rectangle(cr, x, y, w, h);
    cairo_fill(cr);
  }
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_line_width(cr, kRule);
  cairo_rectangle(cr, x, y, w, h);
  cairo_stroke(cr);
}

void HorizontalRule(cairo_t* cr, double y, double width) {
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_line_width(cr, 0.4);
  cairo_move_to(cr, kMarginLeft, y);
  cairo_line_to(cr, kMarginLeft + width, y);
  cairo_stroke(cr);
}

void AddParagraph(Composer& c, const Paragraph& p, std::vector<Unit>& units) {
  PangoLayout* l = c.Text(p.text, FontFor(p.style), kContentWidth, p.align, p.indent_first_line);
  const double pad = p.style == TextStyle::kHeading ? 2 * kPtPerMm : 1.2 * kPtPerMm;
  units.push_back({HeightOf(l) + 2 * pad, p.keep_with_next, false, -1,
                   [l, pad](cairo_t* cr, double y) { Show(cr, l, kMarginLeft, y + pad); }});
}

void AddFieldGrid(Composer& c, const FieldGrid& g, std::vector<Unit>& units) {
  for (const auto& row : g.rows) {
    if (row.empty()) continue;
    const double slot = kContentWidth / static_cast<double>(row.size());
    const double value_width = slot - kFieldLabelWidth;
    std::vector<std::pair<PangoLayout*, PangoLayout*>> cells;
    double text_height = 0;
    for (const auto& f : row) {
      PangoLayout* label =
          c.Text(f.label, kCellHeaderFont, kFieldLabelWidth - 2 * kCellPadX, Align::kCentre);
      PangoLayout* value = c.Text(f.value, kCellFont, value_width - 2 * kCellPadX, Align::kLeft);
      text_height = std::max({text_height, HeightOf(label), HeightOf(value)});
      cells.emplace_back(label, value);
    }
    const double h = text_height + 2 * kCellPadY;
    units.push_back({h, false, false, -1, [cells, slot, value_width, h](cairo_t* cr, double y) {
                       double x = kMarginLeft;
                       for (const auto& [label, value] : cells) {
                         Cell(cr, x, y, kFieldLabelWidth, h, true);
                         Cell(cr, x + kFieldLabelWidth, y, value_width, h, false);
                         // Labels sit in the middle of their cell, values at the top.
                         Show(cr, label, x + kCellPadX, y + (h - HeightOf(label)) / 2);
                         Show(cr, value, x + kFieldLabelWidth + kCellPadX, y + kCellPadY);
                         x += slot;
                       }
                     }});
  }
}

// A table row as one unit: every cell the same height, text at the top.
Unit TableRow(Composer& c, const std::vector<Column>& columns, const std::vector<double>& widths,
              const std::vector<std::string>& texts, bool header) {
  std::vector<PangoLayout*> cells;
  double text_height = 0;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const std::string& text = i < texts.size() ? texts[i] : std::string();
    PangoLayout* l = c.Text(text, header ? kCellHeaderFont : kCellFont, widths[i] - 2 * kCellPadX,
                            header ? Align::kCentre : columns[i].align);
    text_height = std::max(text_height, HeightOf(l));
    cells.push_back(l);
  }
  const double h = text_height + 2 * kCellPadY;
  return {h, header, false, -1, [cells, widths, h, header](cairo_t* cr, double y) {
            double x = kMarginLeft;
            for (std::size_t i = 0; i < cells.size(); ++i) {
              Cell(cr, x, y, widths[i], h, header);
              Show(cr, cells[i], x + kCellPadX, y + kCellPadY);
              x += widths[i];
            }
          }};
}

void AddTable(Composer& c, const Table& t, std::vector<Unit>& units) {
  if (t.columns.empty()) return;
  double total = 0;
  for (const auto& col : t.columns) total += col.weight;
  std::vector<double> widths;
  for (const auto& col : t.columns) widths.push_back(kContentWidth * col.weight / total);
  std::vector<std::string> headers;
  for (const auto& col : t.columns) headers.push_back(col.header);
  const int header_index = static_cast<int>(units.size());
  units.push_back(TableRow(c, t.columns, widths, headers, true));
  for (const auto& row : t.rows) {
    units.push_back(TableRow(c, t.columns, widths, row, false));
    units.back().repeat_header = header_index;
  }
}

void AddSignatures(Composer& c, const Signatures& s, std::vector<Unit>& units) {
  const double slot = kContentWidth / 2;
  for (std::size_t i = 0; i < s.labels.size(); i += 2) {
    std::vector<PangoLayout*> labels;
    for (std::size_t j = i; j < std::min(i + 2, s.labels.size()); ++j)
      labels.push_back(c.Text(s.labels[j], kBodyFont, slot, Align::kLeft));
    units.push_back({kSignatureRowHeight, true, false, -1, [labels, slot](cairo_t* cr, double y) {
                       double x = kMarginLeft;
                       for (PangoLayout* l : labels) {
                         PangoRectangle logical;
                         pango_layout_get_pixel_extents(l, nullptr, &logical);
                         const double base = y + kSignatureRowHeight - 3 * kPtPerMm;
                         Show(cr, l, x, base - logical.height);
                         // The line to sign on runs from the label to near the slot's end.
                         cairo_set_line_width(cr, kRule);
                         cairo_move_to(cr, x + logical.width + 1, base);
                         cairo_line_to(cr, x + slot - 8 * kPtPerMm, base);
                         cairo_stroke(cr);
                         x += slot;
                       }
                     }});
  }
}

// Chooses a page and a y for every unit. A unit that does not fit goes to the
// next page, together with the units it is kept with; a table row that starts
// a page brings its table's header along. A unit taller than a whole page
// (not produced by the forms here) starts a page and runs over its bottom.
std::vector<Placement> Paginate(const std::vector<Unit>& units, int* page_count) {
  std::vector<Placement> placed;
  int page = 0;
  double y = kContentTop;
  bool at_top = true;
  for (std::size_t i = 0; i < units.size(); ++i) {
    const Unit& u = units[i];
    if (u.drop_at_page_top && at_top) continue;
    double need = u.height;
    for (std::size_t k = i; k + 1 < units.size() && units[k].keep_with_next; ++k)
      need += units[k + 1].height;
    if (!at_top && y + need > kContentBottom) {
      ++page;
      y = kContentTop;
      at_top = true;
      if (u.drop_at_page_top) continue;
      if (u.repeat_header >= 0) {
        placed.push_back({page, y, u.repeat_header});
        y += units[u.repeat_header].height;
      }
    }
    placed.push_back({page, y, static_cast<int>(i)});
    y += u.height;
    at_top = false;
  }
  *page_count = page + 1;
  return placed;
}

// 18 mm holds a version 2 code (25 modules and the quiet zone) at 0.55 mm a module,
// well within what a window's USB scanner reads.
constexpr double kQrSide = 18 * kPtPerMm;

// Draws `text` as a QR code (error correction M) in a `side` square with a quiet zone.
Status DrawQr(cairo_t* cr, const std::string& text, double x, double y, double side) {
  std::unique_ptr<QRcode, decltype(&QRcode_free)> qr(
      QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), QRcode_free);
  if (!qr) return Internal("cannot encode the QR code: " + std::string(std::strerror(errno)));
  const int n = qr->width;
  const double module = side / (n + 8);  // four modules of quiet zone on each side
  cairo_save(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (int row = 0; row < n; ++row)
    for (int col = 0; col < n; ++col)
      if (qr->data[row * n + col] & 1)
        cairo_rectangle(cr, x + (col + 4) * module, y + (row + 4) * module, module, module);
  cairo_fill(cr);
  cairo_restore(cr);
  return Status::Ok();
}

Status Render(const PrintableDocument& doc, cairo_surface_t* surface) {
  std::unique_ptr<cairo_t, decltype(&cairo_destroy)> owned(cairo_create(surface), cairo_destroy);
  cairo_t* cr = owned.get();
  Composer c(cr);
  std::vector<Unit> units;

  PangoLayout* title = c.Text(doc.title, kTitleFont, kContentWidth, Align::kCentre);
  // Without a CJK font every character would print as an empty box.
  if (pango_layout_get_unknown_glyphs_count(title) > 0) return FailedPrecondition(kNoChineseFont, {kFontPackage});
  const double title_pad = 3 * kPtPerMm;
  units.push_back({HeightOf(title) + 2 * title_pad, true, false, -1,
                   [title, title_pad](cairo_t* out, double y) {
                     Show(out, title, kMarginLeft, y + title_pad);
                   }});
  if (!doc.number_line.empty())
    AddParagraph(c, {doc.number_line, TextStyle::kSmall, Align::kRight}, units);
  units.push_back({2 * kPtPerMm, false, true, -1, [](cairo_t*, double) {}});
  if (!doc.qr_text.empty()) {
    // Beside the title and number, clear of both; the blocks start below it.
    TB_RETURN_IF_ERROR(DrawQr(cr, doc.qr_text, kMarginLeft, kMarginTop, kQrSide));
    double header = 0;
    for (const Unit& u : units) header += u.height;
    if (header < kQrSide + 2 * kPtPerMm) units.back().height += kQrSide + 2 * kPtPerMm - header;
  }

  for (const Block& b : doc.blocks) {
    if (const auto* p = std::get_if<Paragraph>(&b))
      AddParagraph(c, *p, units);
    else if (const auto* g = std::get_if<FieldGrid>(&b))
      AddFieldGrid(c, *g, units);
    else if (const auto* t = std::get_if<Table>(&b))
      AddTable(c, *t, units);
    else if (const auto* s = std::get_if<Signatures>(&b))
      AddSignatures(c, *s, units);
    else if (const auto* gap = std::get_if<Gap>(&b))
      units.push_back({gap->mm * kPtPerMm, true, true, -1, [](cairo_t*, double) {}});
  }

  int pages = 0;
  const std::vector<Placement> placed = Paginate(units, &pages);
  PangoLayout* running = c.Text(doc.title + "（续）", kSmallFont, kContentWidth, Align::kLeft);
  PangoLayout* footer_left = c.Text(doc.footer_left, kSmallFont, kContentWidth, Align::kLeft);
  PangoLayout* footer_right = c.Text(doc.footer_right, kSmallFont, kContentWidth, Align::kRight);
  std::size_t next = 0;
  for (int page = 0; page < pages; ++page) {
    for (; next < placed.size() && placed[next].page == page; ++next)
      units[placed[next].unit].draw(cr, placed[next].y);
    if (page > 0) {
      Show(cr, running, kMarginLeft, kMarginTop - 10 * kPtPerMm);
      HorizontalRule(cr, kMarginTop - 4 * kPtPerMm, kContentWidth);
    }
    const double footer_y = kContentBottom + 7 * kPtPerMm;
    HorizontalRule(cr, footer_y - 1.5 * kPtPerMm, kContentWidth);
    Show(cr, footer_left, kMarginLeft, footer_y);
    Show(cr, footer_right, kMarginLeft, footer_y);
    PangoLayout* number =
        c.Text("第 " + std::to_string(page + 1) + " 页 / 共 " + std::to_string(pages) + " 页",
               kSmallFont, kContentWidth, Align::kCentre);
    Show(cr, number, kMarginLeft, footer_y + HeightOf(footer_left) + 1 * kPtPerMm);
    cairo_show_page(cr);
  }
  if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
    return Internal(std::string("drawing failed: ") + cairo_status_to_string(cairo_status(cr)));
  return Status::Ok();
}

// Collects the PDF bytes cairo produces into the temporary file; remembers the
// first write error so it can be reported with its real cause (a full disk).
struct FileSink {
  int fd = -1;
  int error = 0;
};

cairo_status_t WriteChunk(void* closure, const unsigned char* data, unsigned int length) {
  auto* sink = static_cast<FileSink*>(closure);
  while (length > 0) {
    const ssize_t n = ::write(sink->fd, data, length);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      sink->error = n < 0 ? errno : EIO;
      return CAIRO_STATUS_WRITE_ERROR;
    }
    data += n;
    length -= static_cast<unsigned int>(n);
  }
  return CAIRO_STATUS_SUCCESS;
}

Status WriteError(const std::string& path, int err) {
  if (err == ENOSPC || err == EDQUOT) return {ErrorCode::kDiskFull, kDiskFull, {path}};
  if (err == ENOENT) return {ErrorCode::kIoError, kNoFolder, {path}};
  if (err == EISDIR) return {ErrorCode::kIoError, kIsFolder, {path}};
  return {ErrorCode::kIoError, kCannotWrite, {path, std::generic_category().message(err)}};
}

}  // namespace

Status WritePdf(const PrintableDocument& doc, const std::string& path) {
  namespace fs = std::filesystem;
  if (path.empty()) return InvalidArgument(kNoOutput);
  const fs::path target(path);
  if (!target.has_filename()) return InvalidArgument(kOutputNoFile, {path});
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  // A hidden temporary beside the target, so the final rename stays on one file system.
  std::string temp = (folder / ("." + target.filename().string() + ".XXXXXX")).string();
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) return WriteError(path, errno);

  FileSink sink{fd, 0};
  cairo_surface_t* surface =
      cairo_pdf_surface_create_for_stream(WriteChunk, &sink, kPageWidth, kPageHeight);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, doc.title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Tongban");
  Status st = Render(doc, surface);
  cairo_surface_finish(surface);
  const cairo_status_t surface_status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (st.ok() && sink.error != 0) st = WriteError(path, sink.error);
  if (st.ok() && surface_status != CAIRO_STATUS_SUCCESS)
    st = {ErrorCode::kIoError, kCannotWrite, {path, cairo_status_to_string(surface_status)}};
  // Data may only reach the disk at fsync or close; a full disk can show up there.
  if (st.ok() && ::fsync(fd) != 0) st = WriteError(path, errno);
  if (::close(fd) != 0 && st.ok()) st = WriteError(path, errno);
  if (st.ok() && ::rename(temp.c_str(), path.c_str()) != 0) st = WriteError(path, errno);
  if (!st.ok()) {
    ::unlink(temp.c_str());
    return st;
  }
  // Make the rename itself durable; a failure here loses nothing already written.
  if (const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY); dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return Status::Ok();
}

}  // namespace tongban::node::documents
