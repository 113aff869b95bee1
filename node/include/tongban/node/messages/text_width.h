// Columns of text on a terminal: a Chinese character takes two, so tables and help
// screens line up by display width, not by bytes. Header-only: tongban-central uses it too.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

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

}  // namespace tongban::cli
