// Writing a whole file so that a crash, a full disk or a stick pulled out never leaves
// a half file under the final name, and a file reported written survives power loss.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "tongban/status.h"

namespace tongban::sync {

// Writes `bytes` to `path` + ".part", syncs it to the disk, renames it over `path` and
// syncs the folder, so the rename itself is durable. On any failure the part file is
// removed and `path` is as it was. A full disk is kDiskFull, other refusals kIoError.
// `mode`: the file's permissions from its first byte, whatever the umask (0600 for a
// secret); 0 leaves them to the umask, as any new file's.
inline constexpr unsigned kUmaskMode = 0;
Status WriteFileDurably(const std::string& path, std::string_view bytes, unsigned mode = kUmaskMode);

// The same for a file written piece by piece, in bounded memory: Append as often as
// needed, then Commit. Dropped before Commit, it removes its part file.
class DurableFileWriter {
 public:
  static Result<std::unique_ptr<DurableFileWriter>> Open(const std::string& path,
                                                         unsigned mode = kUmaskMode);
  ~DurableFileWriter();
  DurableFileWriter(const DurableFileWriter&) = delete;
  DurableFileWriter& operator=(const DurableFileWriter&) = delete;

  Status Append(std::string_view bytes);
  // Syncs the file and its folder, renames it over the final name, syncs the folder.
  Status Commit();

 private:
  DurableFileWriter(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  std::string path_;
  int fd_;  // -1 once committed or failed
};

// Renames `from` (a file already synced) over `to` as Commit does: the folder is synced
// before (the part file's entry) and after (the rename), so after a power cut the folder
// holds the old file or the whole new one. Both must be in one folder.
Status RenameDurably(const std::string& from, const std::string& to);

}  // namespace tongban::sync
