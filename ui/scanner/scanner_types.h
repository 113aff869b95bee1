// What a scanner is and what it delivers: shared by the scanner helper, which reads them
// from SANE, and the desk, which reads them back from the helper's pipe.
#pragma once

#include <cstdint>
#include <string>
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

}  // namespace tongban::scanner
