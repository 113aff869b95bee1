// The station's scanners and document cameras, as the desk sees them: which there are,
// and one page scanned from one of them. SANE itself runs in the scanner helper
// (tongban-scanner, ui/scanner/), one process per call, so a scanner that hangs or
// a backend that crashes mid-page never freezes the desk: the helper is killed at
// its deadline or when the clerk stops. Calls block; the desk runs them off the GUI
// thread. Errors are Statuses with a key and arguments; the desk renders them.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "scanner_types.h"
#include "tongban/status.h"

namespace tongban::desk {

using ScannerDevice = scanner::Device;
using ScannedPage = scanner::Page;

// Every scanner SANE finds; empty when there is none (not an error: the clerk can
// still take a file from a USB stick). An error when the helper is missing, fails or
// hangs; Cancelled once `stop` is set.
Result<std::vector<ScannerDevice>> ListScanners(const std::atomic<bool>& stop);

// Scans one page at `dpi` (gray, or color when asked) from `device`. Unavailable when
// the scanner is gone, busy or silent past its deadline, FailedPrecondition for a
// jammed or empty feeder or an open cover, Internal for what the desk cannot read;
// Cancelled once `stop` is set (the helper is killed at once).
Result<ScannedPage> ScanPage(const std::string& device, int dpi, bool color,
                             const std::atomic<bool>& stop);

}  // namespace tongban::desk
