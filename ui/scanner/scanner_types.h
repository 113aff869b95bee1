// What a scanner is and what it delivers, and how a scan fails: shared by the scanner
// helper, which reads them from SANE, and the desk, which reads them back from the
// helper's pipe (the protocol is in main.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tongban::scanner {

struct Device {
  std::string name;   // SANE's device name, e.g. "epson2:libusb:001:004"
  std::string label;  // vendor and model, as the clerk reads them
};

// A page as the scanner delivered it: 8-bit gray or RGB rows, top to bottom.
struct Page {
  int width = 0;
  int height = 0;
  bool color = false;
  int dpi = 0;
  std::vector<std::uint8_t> pixels;  // width * height * (color ? 3 : 1) bytes
};

// A page larger than A3 at 600 dpi in color is not a page.
inline constexpr std::size_t kMaxPageBytes = std::size_t{7016} * 9921 * 3;

enum class Failure {
  kGone,      // cannot be opened or stopped answering (unplugged, busy, I/O error)
  kFeeder,    // jammed or empty feeder, open cover
  kFormat,    // more than 8 bits a sample, or a three-pass frame
  kTooLarge,  // more than any paper could be
};

// The word a failure travels as on the helper's "FAIL" line, and back (an unknown
// word is kGone).
inline std::string_view FailureName(Failure f) {
  switch (f) {
    case Failure::kFeeder: return "feeder";
    case Failure::kFormat: return "format";
    case Failure::kTooLarge: return "too_large";
    case Failure::kGone: break;
  }
  return "gone";
}
inline Failure FailureNamed(std::string_view name) {
  for (Failure f : {Failure::kFeeder, Failure::kFormat, Failure::kTooLarge})
    if (FailureName(f) == name) return f;
  return Failure::kGone;
}

}  // namespace tongban::scanner
