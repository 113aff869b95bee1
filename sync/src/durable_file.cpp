#include "tongban/sync/durable_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace tongban::sync {
namespace {

Status WriteError(const std::string& path, int err) {
  if (err == ENOSPC || err == EDQUOT)
    return Status(ErrorCode::kDiskFull, "cannot write " + path + ": the disk is full");
  return Status(ErrorCode::kIoError, "cannot write " + path + ": " + std::strerror(err));
}

Status WriteAll(int fd, std::string_view bytes, const std::string& path) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return WriteError(path, errno);
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return ::fsync(fd) == 0 ? Status::Ok() : WriteError(path, errno);
}

Status SyncFolder(const std::string& path) {
  const std::string folder = std::filesystem::path(path).parent_path().string();
  const int fd = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return WriteError(folder, errno);
  const bool ok = ::fsync(fd) == 0 || errno == EINVAL;  // some file systems cannot sync folders
  const int err = errno;
  ::close(fd);
  return ok ? Status::Ok() : WriteError(folder, err);
}

}  // namespace

Status WriteFileDurably(const std::string& path, std::string_view bytes) {
  const std::string part = path + ".part";
  const int fd = ::open(part.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return WriteError(path, errno);
  Status written = WriteAll(fd, bytes, path);
  if (::close(fd) != 0 && written.ok()) written = WriteError(path, errno);
  if (written.ok() && ::rename(part.c_str(), path.c_str()) != 0) written = WriteError(path, errno);
  if (!written.ok()) {
    ::unlink(part.c_str());
    return written;
  }
  return SyncFolder(path);
}

}  // namespace tongban::sync
