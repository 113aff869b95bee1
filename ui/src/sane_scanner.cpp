#include "sane_scanner.h"

#include <sane/sane.h>
#include <sane/saneopts.h>

#include <cstring>
#include <mutex>
#include <string>
#include <vector>

namespace tongban::desk {
namespace {

constexpr MessageDef kGone{"desk.scanner_gone", "scanner {0} cannot be reached: {1}"};
constexpr MessageDef kFeeder{"desk.scanner_feeder", "scanner {0} stopped: {1}"};
constexpr MessageDef kFormat{"desk.scanner_format",
                             "scanner {0} delivers pages in a form the desk cannot read ({1})"};
constexpr MessageDef kTooLarge{"desk.scanner_too_large", "scanner {0} delivered a page too large"};

// A page larger than A3 at 600 dpi in color is not a page.
constexpr std::size_t kMaxPageBytes = 7016 * 9921 * 3;

std::mutex& SaneMutex() {
  static std::mutex mu;
  return mu;
}

// sane_init once, for the life of the process (sane_exit would unload the backends
// under a device another call still holds).
void InitSane() {
  static const bool done = [] {
    SANE_Int version = 0;
    sane_init(&version, nullptr);
    return true;
  }();
  (void)done;
}

Status StatusOf(const std::string& device, SANE_Status st) {
  const std::string why = sane_strstatus(st);
  switch (st) {
    case SANE_STATUS_JAMMED:
    case SANE_STATUS_NO_DOCS:
    case SANE_STATUS_COVER_OPEN:
      return Status(ErrorCode::kFailedPrecondition, kFeeder, {device, why});
    default:
      return Status(ErrorCode::kUnavailable, kGone, {device, why});
  }
}

// The descriptor of the active option `name`, and its number; nullptr when the device
// has none (scanners differ: the page then comes at the device's own setting).
const SANE_Option_Descriptor* FindOption(SANE_Handle h, const char* name, SANE_Int* index) {
  for (SANE_Int i = 1;; ++i) {
    const SANE_Option_Descriptor* d = sane_get_option_descriptor(h, i);
    if (!d) return nullptr;
    if (d->name && std::strcmp(d->name, name) == 0 && SANE_OPTION_IS_ACTIVE(d->cap)) {
      *index = i;
      return d;
    }
  }
}

// Sets the mode to `value` in a buffer of the option's own size: a backend may rewrite
// the string (a prefix or another case of one of its modes).
void SetString(SANE_Handle h, const char* name, const std::string& value) {
  SANE_Int i = 0;
  const SANE_Option_Descriptor* d = FindOption(h, name, &i);
  if (!d || d->type != SANE_TYPE_STRING || !SANE_OPTION_IS_SETTABLE(d->cap) || d->size <= 0) return;
  std::vector<char> buffer(static_cast<std::size_t>(d->size), '\0');
  std::strncpy(buffer.data(), value.c_str(), buffer.size() - 1);
  sane_control_option(h, i, SANE_ACTION_SET_VALUE, buffer.data(), nullptr);
}

// Asks for `dpi` and returns what the device will use (it may round or clamp it).
int SetResolution(SANE_Handle h, int dpi) {
  SANE_Int i = 0;
  const SANE_Option_Descriptor* d = FindOption(h, SANE_NAME_SCAN_RESOLUTION, &i);
  if (!d || (d->type != SANE_TYPE_INT && d->type != SANE_TYPE_FIXED)) return dpi;
  SANE_Word word = d->type == SANE_TYPE_FIXED ? SANE_FIX(dpi) : dpi;
  if (SANE_OPTION_IS_SETTABLE(d->cap)) sane_control_option(h, i, SANE_ACTION_SET_VALUE, &word, nullptr);
  if (sane_control_option(h, i, SANE_ACTION_GET_VALUE, &word, nullptr) != SANE_STATUS_GOOD) return dpi;
  const int used = d->type == SANE_TYPE_FIXED ? static_cast<int>(SANE_UNFIX(word) + 0.5) : word;
  return used > 0 ? used : dpi;
}

struct Device {
  SANE_Handle handle = nullptr;
  ~Device() {
    if (handle) {
      sane_cancel(handle);
      sane_close(handle);
    }
  }
};

}  // namespace

std::vector<ScannerDevice> ListScanners() {
  std::lock_guard lock(SaneMutex());
  InitSane();
  const SANE_Device** list = nullptr;
  std::vector<ScannerDevice> out;
  // Network scanners too (eSCL, saned): a window's scanner is often on the LAN.
  if (sane_get_devices(&list, SANE_FALSE) != SANE_STATUS_GOOD || !list) return out;
  for (int i = 0; list[i]; ++i) {
    const SANE_Device* d = list[i];
    std::string label = std::string(d->vendor ? d->vendor : "") + " " + (d->model ? d->model : "");
    out.push_back({d->name, label});
  }
  return out;
}

Result<ScannedPage> ScanPage(const std::string& device, int dpi, bool color) {
  std::lock_guard lock(SaneMutex());
  InitSane();
  Device dev;
  if (SANE_Status st = sane_open(device.c_str(), &dev.handle); st != SANE_STATUS_GOOD) {
    dev.handle = nullptr;
    return StatusOf(device, st);
  }
  // The mode first: some devices offer other resolutions in color.
  SetString(dev.handle, SANE_NAME_SCAN_MODE, color ? SANE_VALUE_SCAN_MODE_COLOR : SANE_VALUE_SCAN_MODE_GRAY);
  const int used_dpi = SetResolution(dev.handle, dpi);
  if (SANE_Status st = sane_start(dev.handle); st != SANE_STATUS_GOOD) return StatusOf(device, st);
  SANE_Parameters p{};
  if (SANE_Status st = sane_get_parameters(dev.handle, &p); st != SANE_STATUS_GOOD)
    return StatusOf(device, st);
  if (p.depth != 8 || (p.format != SANE_FRAME_GRAY && p.format != SANE_FRAME_RGB) || !p.last_frame)
    return Status(ErrorCode::kInternal, kFormat,
                  {device, "depth " + std::to_string(p.depth) + ", frame " + std::to_string(p.format)});
  ScannedPage page;
  page.color = p.format == SANE_FRAME_RGB;
  page.width = p.pixels_per_line;
  page.dpi = used_dpi;
  const std::size_t row = static_cast<std::size_t>(p.bytes_per_line);
  std::vector<std::uint8_t> data;
  if (p.lines > 0) data.reserve(row * static_cast<std::size_t>(p.lines));
  std::uint8_t buf[64 * 1024];
  for (;;) {
    SANE_Int n = 0;
    const SANE_Status st = sane_read(dev.handle, buf, sizeof buf, &n);
    if (st == SANE_STATUS_EOF) break;
    if (st != SANE_STATUS_GOOD) return StatusOf(device, st);
    data.insert(data.end(), buf, buf + n);
    if (data.size() > kMaxPageBytes) return Status(ErrorCode::kInternal, kTooLarge, {device});
  }
  page.height = row == 0 ? 0 : static_cast<int>(data.size() / row);
  // Rows may carry padding past the pixels: keep the pixels only.
  const std::size_t used = static_cast<std::size_t>(page.width) * (page.color ? 3 : 1);
  page.pixels.resize(used * static_cast<std::size_t>(page.height));
  for (int y = 0; y < page.height; ++y)
    std::memcpy(page.pixels.data() + used * static_cast<std::size_t>(y),
                data.data() + row * static_cast<std::size_t>(y), used);
  return page;
}

}  // namespace tongban::desk
