#include "tongban/sync/durable_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace tongban::sync {
namespace {

constexpr MessageDef kDiskFull{"sync.write_disk_full", "cannot write {0}: the disk is full"};
constexpr MessageDef kWriteFailed{"sync.write_failed", "cannot write {0}: {1}"};
constexpr MessageDef kFinished{"sync.write_finished", "cannot write {0}: already finished"};

Status WriteError(const std::string& path, int err) {
  if (err == ENOSPC || err == EDQUOT)
    return Status(ErrorCode::kDiskFull, kDiskFull, {path});
  return Status(ErrorCode::kIoError, kWriteFailed, {path, std::strerror(err)});
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
  return Status::Ok();
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

std::string PartOf(const std::string& path) { return path + ".part"; }

}  // namespace

Result<std::unique_ptr<DurableFileWriter>> DurableFileWriter::Open(const std::string& path,
                                                                   unsigned mode) {
  const int fd = ::open(PartOf(path).c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                        static_cast<mode_t>(mode == kUmaskMode ? 0644 : mode));
  if (fd < 0) return WriteError(path, errno);
  // A part file left by a crash keeps the mode it was made with: set it, umask aside.
  if (mode != kUmaskMode && ::fchmod(fd, static_cast<mode_t>(mode)) != 0) {
    const int err = errno;
    ::close(fd);
    ::unlink(PartOf(path).c_str());
    return WriteError(path, err);
  }
  return std::unique_ptr<DurableFileWriter>(new DurableFileWriter(path, fd));
}

DurableFileWriter::~DurableFileWriter() {
  if (fd_ < 0) return;
  ::close(fd_);
  ::unlink(PartOf(path_).c_str());
}

Status DurableFileWriter::Append(std::string_view bytes) {
  if (fd_ < 0) return FailedPrecondition(kFinished, {path_});
  return WriteAll(fd_, bytes, path_);
}

Status DurableFileWriter::Commit() {
  if (fd_ < 0) return FailedPrecondition(kFinished, {path_});
  const std::string part = PartOf(path_);
  Status done = ::fsync(fd_) == 0 ? Status::Ok() : WriteError(path_, errno);
  if (::close(fd_) != 0 && done.ok()) done = WriteError(path_, errno);
  fd_ = -1;
  if (done.ok()) done = RenameDurably(part, path_);
  if (!done.ok()) ::unlink(part.c_str());
  return done;
}

Status WriteFileDurably(const std::string& path, std::string_view bytes, unsigned mode) {
  TB_ASSIGN_OR_RETURN(auto file, DurableFileWriter::Open(path, mode));
  TB_RETURN_IF_ERROR(file->Append(bytes));
  return file->Commit();
}

Status RenameDurably(const std::string& from, const std::string& to) {
  TB_RETURN_IF_ERROR(SyncFolder(from));
  if (::rename(from.c_str(), to.c_str()) != 0) return WriteError(to, errno);
  return SyncFolder(to);
}

}  // namespace tongban::sync
