#include "sane_device.h"

#include <sane/sane.h>
#include <sane/saneopts.h>

#include <cstring>
#include <string>
#include <vector>

namespace tongban::scanner {
namespace {

// sane_init once; the helper exits without sane_exit (see ScanOnePage).
void InitSane() {
  static const bool done = [] {
    SANE_Int version = 0;
    sane_init(&version, nullptr);
    return true;
  }();
  (void)done;
}

ScanError ErrorOf(SANE_Status st) {
  switch (st) {
    case SANE_STATUS_JAMMED:
    case SANE_STATUS_NO_DOCS:
    case SANE_STATUS_COVER_OPEN:
      return {Failure::kFeeder, sane_strstatus(st)};
    default:
      return {Failure::kGone, sane_strstatus(st)};
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

}  // namespace

std::vector<Device> FindDevices() {
  InitSane();
  const SANE_Device** list = nullptr;
  std::vector<Device> out;
  // Network scanners too (eSCL, saned): a window's scanner is often on the LAN.
  if (sane_get_devices(&list, SANE_FALSE) != SANE_STATUS_GOOD || !list) return out;
  for (int i = 0; list[i]; ++i) {
    const SANE_Device* d = list[i];
    std::string label = std::string(d->vendor ? d->vendor : "") + " " + (d->model ? d->model : "");
    out.push_back({d->name, label});
  }
  return out;
}

std::optional<ScanError> ScanOnePage(const std::string& device, int dpi, bool color,
                                     const std::function<void(const Page&)>& deliver) {
  InitSane();
  SANE_Handle h = nullptr;
  if (SANE_Status st = sane_open(device.c_str(), &h); st != SANE_STATUS_GOOD) return ErrorOf(st);
  // The mode first: some devices offer other resolutions in color.
  SetString(h, SANE_NAME_SCAN_MODE, color ? SANE_VALUE_SCAN_MODE_COLOR : SANE_VALUE_SCAN_MODE_GRAY);
  const int used_dpi = SetResolution(h, dpi);
  if (SANE_Status st = sane_start(h); st != SANE_STATUS_GOOD) return ErrorOf(st);
  SANE_Parameters p{};
  if (SANE_Status st = sane_get_parameters(h, &p); st != SANE_STATUS_GOOD) return ErrorOf(st);
  if (p.depth != 8 || (p.format != SANE_FRAME_GRAY && p.format != SANE_FRAME_RGB) || !p.last_frame)
    return ScanError{Failure::kFormat,
                     "depth " + std::to_string(p.depth) + ", frame " + std::to_string(p.format)};
  Page page;
  page.color = p.format == SANE_FRAME_RGB;
  page.width = p.pixels_per_line;
  page.dpi = used_dpi;
  const std::size_t row = static_cast<std::size_t>(p.bytes_per_line);
  std::vector<std::uint8_t> data;
  if (p.lines > 0) data.reserve(row * static_cast<std::size_t>(p.lines));
  std::uint8_t buf[64 * 1024];
  for (;;) {
    SANE_Int n = 0;
    const SANE_Status st = sane_read(h, buf, sizeof buf, &n);
    if (st == SANE_STATUS_EOF) break;
    if (st != SANE_STATUS_GOOD) return ErrorOf(st);
    data.insert(data.end(), buf, buf + n);
    if (data.size() > kMaxPageBytes) return ScanError{Failure::kTooLarge, {}};
  }
  page.height = row == 0 ? 0 : static_cast<int>(data.size() / row);
  // Rows may carry padding past the pixels: keep the pixels only.
  const std::size_t used = static_cast<std::size_t>(page.width) * (page.color ? 3 : 1);
  page.pixels.resize(used * static_cast<std::size_t>(page.height));
  for (int y = 0; y < page.height; ++y)
    std::memcpy(page.pixels.data() + used * static_cast<std::size_t>(y),
                data.data() + row * static_cast<std::size_t>(y), used);
  deliver(page);
  sane_cancel(h);  // ends the scan cycle: the head goes home
  sane_close(h);
  return std::nullopt;
}

}  // namespace tongban::scanner
