// The station's scanners through SANE (libsane), in the scanner helper's process only:
// a backend that hangs or crashes on a device that vanished takes the helper down, never
// the desk (see main.cpp). Plain C++ with no Tongban dependency; the desk turns the
// failure kinds into its messages.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "scanner_types.h"

namespace tongban::scanner {

struct ScanError {
  Failure kind;
  std::string detail;  // SANE's own words
};

// Every scanner SANE finds, network scanners included; empty when there is none.
std::vector<Device> FindDevices();

// Scans one page at `dpi` (gray, or color when asked) from `device` and hands it to
// `deliver` while the device is still open; then closes it. On failure the device is
// left as it is: a backend's cancel can hang on a dead device, and the helper exits.
std::optional<ScanError> ScanOnePage(const std::string& device, int dpi, bool color,
                                     const std::function<void(const Page&)>& deliver);

}  // namespace tongban::scanner
