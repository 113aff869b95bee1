// tongban-scanner: the desk's scanner helper, started by the desk for each listing and
// each page. SANE backends run here, so a scanner that hangs or a backend that crashes
// when a cable is pulled takes down this process only: the desk kills it at its
// deadline or at the clerk's 停止, and says what happened. Internal protocol, stdout:
//   tongban-scanner list
//       one line per scanner: "<device name>\t<label>"
//   tongban-scanner scan DEVICE DPI gray|color
//       "PAGE <width> <height> gray|color <dpi>\n" and the pixels, row after row;
//       or "FAIL gone|feeder|format|too_large <SANE's words>\n" and exit 2
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "sane_device.h"

using tongban::scanner::FailureName;

namespace {

int Usage() {
  std::fprintf(stderr, "usage: tongban-scanner list | scan DEVICE DPI gray|color\n");
  return 64;
}

}  // namespace

int main(int argc, char** argv) {
  // The reply goes to the desk on the original stdout; whatever a backend prints goes
  // to stderr instead, so it cannot garble the reply.
  const int reply_fd = dup(STDOUT_FILENO);
  FILE* reply = reply_fd >= 0 ? fdopen(reply_fd, "w") : nullptr;
  if (!reply || dup2(STDERR_FILENO, STDOUT_FILENO) < 0) return 1;
  if (argc == 2 && std::string(argv[1]) == "list") {
    for (const auto& d : tongban::scanner::FindDevices())
      std::fprintf(reply, "%s\t%s\n", d.name.c_str(), d.label.c_str());
    return std::fflush(reply) == 0 ? 0 : 1;
  }
  if (argc != 5 || std::string(argv[1]) != "scan") return Usage();
  const std::string mode = argv[4];
  const int dpi = std::atoi(argv[3]);
  if (dpi < 50 || dpi > 1200 || (mode != "gray" && mode != "color")) return Usage();
  bool written = false;
  const auto failed = tongban::scanner::ScanOnePage(
      argv[2], dpi, mode == "color", [&](const tongban::scanner::Page& p) {
        std::fprintf(reply, "PAGE %d %d %s %d\n", p.width, p.height, p.color ? "color" : "gray",
                     p.dpi);
        written = std::fwrite(p.pixels.data(), 1, p.pixels.size(), reply) == p.pixels.size() &&
                  std::fflush(reply) == 0;
      });
  if (failed) {
    std::fprintf(reply, "FAIL %s %s\n", std::string(FailureName(failed->kind)).c_str(),
                 failed->detail.c_str());
    std::fflush(reply);
    _exit(2);  // no cleanup: the backend may hang closing a device that is gone
  }
  return written ? 0 : 1;
}
