// Columns of text on a terminal: a Chinese character takes two, so tables and help
// screens line up by display width, not by bytes. Header-only: tongban-central uses it too.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace tongban::cli {

// Columns a terminal gives UTF-8 text: two for CJK and full-width characters.
inline std::size_t DisplayWidth(std::string_view s) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    unsigned cp = c;
    if (len == 3 && i + 2 < s.size())
      cp = ((c & 0x0Fu) << 12) | ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 6) |
           (static_cast<unsigned char>(s[i + 2]) & 0x3Fu);
    width += (len == 3 && cp >= 0x1100) || len == 4 ? 2 : 1;
    i += len;
  }
  return width;
}

// `s` followed by spaces up to `width` columns (as printf's "%-10s" does for ASCII).
inline std::string Pad(std::string_view s, std::size_t width) {
  std::string out(s);
  for (std::size_t w = DisplayWidth(s); w < width; ++w) out += ' ';
  return out;
}

// A table for the terminal: a heading row, then rows; each column as wide as its widest
// cell, so Chinese names of any length line up. The last column is not padded. A note
// is a line of its own under the row before it (a held change under its station).
class TextTable {
 public:
  explicit TextTable(std::vector<std::string> heading) { lines_.push_back({std::move(heading), {}}); }
  void Row(std::vector<std::string> cells) { lines_.push_back({std::move(cells), {}}); }
  void Note(std::string text) { lines_.push_back({{}, std::move(text)}); }

  std::string Text() const {
    std::vector<std::size_t> width;
    for (const Line& l : lines_)
      for (std::size_t i = 0; i < l.cells.size(); ++i) {
        if (width.size() <= i) width.push_back(0);
        width[i] = std::max(width[i], DisplayWidth(l.cells[i]));
      }
    std::string out;
    for (const Line& l : lines_) {
      if (l.cells.empty()) {
        out += "  " + l.note + "\n";
        continue;
      }
      std::string line;
      for (std::size_t i = 0; i < l.cells.size(); ++i)
        line += i + 1 < l.cells.size() ? Pad(l.cells[i], width[i]) + "  " : l.cells[i];
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out += line + "\n";
    }
    return out;
  }
  void Print() const { std::fputs(Text().c_str(), stdout); }

 private:
  struct Line {
    std::vector<std::string> cells;
    std::string note;
  };
  std::vector<Line> lines_;
};

}  // namespace tongban::cli
