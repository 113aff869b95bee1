#include "pinyin_initials.h"

#include <iconv.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace tongban::desk {
namespace {

struct Boundary {
  unsigned code;  // first GB 2312 code (high byte << 8 | low byte) with this initial
  char initial;
};
// Pinyin has no syllable starting with i, u or v.
constexpr std::array<Boundary, 23> kBoundaries = {{
    {0xB0A1, 'a'}, {0xB0C5, 'b'}, {0xB2C1, 'c'}, {0xB4EE, 'd'}, {0xB6EA, 'e'}, {0xB7A2, 'f'},
    {0xB8C1, 'g'}, {0xB9FE, 'h'}, {0xBBF7, 'j'}, {0xBFA6, 'k'}, {0xC0AC, 'l'}, {0xC2E8, 'm'},
    {0xC4C3, 'n'}, {0xC5B6, 'o'}, {0xC5BE, 'p'}, {0xC6DA, 'q'}, {0xC8BB, 'r'}, {0xC8F6, 's'},
    {0xCBFA, 't'}, {0xCDDA, 'w'}, {0xCEF4, 'x'}, {0xD1B9, 'y'}, {0xD4D1, 'z'},
}};
constexpr unsigned kLevel1End = 0xD7F9;  // last level-1 character

std::size_t CodePointLength(unsigned char lead) {
  return lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : 4;
}

char InitialOf(unsigned code) {
  if (code < kBoundaries.front().code || code > kLevel1End) return 0;
  char initial = 0;
  for (const auto& b : kBoundaries)
    if (code >= b.code) initial = b.initial;
  return initial;
}

}  // namespace

std::string PinyinInitials(std::string_view utf8) {
  std::string out;
  iconv_t cd = iconv_open("GB2312", "UTF-8");
  for (std::size_t i = 0; i < utf8.size();) {
    const auto lead = static_cast<unsigned char>(utf8[i]);
    const std::size_t n = std::min(CodePointLength(lead), utf8.size() - i);
    if (n == 1) {
      if (std::isalnum(lead)) out += static_cast<char>(std::tolower(lead));
    } else if (cd != reinterpret_cast<iconv_t>(-1)) {
      char in_buf[4];
      utf8.copy(in_buf, n, i);
      char gb[4] = {};
      char* in = in_buf;
      char* to = gb;
      std::size_t in_left = n;
      std::size_t out_left = sizeof gb;
      if (iconv(cd, &in, &in_left, &to, &out_left) != static_cast<std::size_t>(-1) &&
          sizeof gb - out_left == 2) {
        const unsigned code = static_cast<unsigned char>(gb[0]) << 8 | static_cast<unsigned char>(gb[1]);
        if (char c = InitialOf(code)) out += c;
      }
      iconv(cd, nullptr, nullptr, nullptr, nullptr);  // reset the shift state after a failure
    }
    i += n;
  }
  if (cd != reinterpret_cast<iconv_t>(-1)) iconv_close(cd);
  return out;
}

}  // namespace tongban::desk
