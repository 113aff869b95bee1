// Writing a whole file so that a crash, a full disk or a stick pulled out never leaves
// a half file under the final name, and a file reported written survives power loss.
#pragma once

#include <string>
#include <string_view>

#include "tongban/status.h"

namespace tongban::sync {

// Writes `bytes` to `path` + ".part", syncs it to the disk, renames it over `path` and
// syncs the folder, so the rename itself is durable. On any failure the part file is
// removed and `path` is as it was. A full disk is kDiskFull, other refusals kIoError.
Status WriteFileDurably(const std::string& path, std::string_view bytes);

}  // namespace tongban::sync
