#include "fault_vfs.h"

#include "tongban/sync/vfs_forward.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>
#include <new>
#include <string>
#include <utility>
#include <vector>

namespace tongban::test {

namespace {

// What a power cut would do to one watched file, kept by path: every handle on the
// file shares it, as fsync does.
struct FileState {
  std::int64_t synced_size = 0;
  // Pre-images of bytes below synced_size changed since the last sync, oldest first;
  // undone newest first, so the oldest pre-image of a byte wins.
  std::vector<std::pair<std::int64_t, std::string>> undo;
  bool entry_durable = false;  // the directory entry survives a power cut
  int open_handles = 0;
};

std::string FolderOf(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

struct Handle;

// The sqlite3_file SQLite allocates for us (szOsFile): our header, then the wrapped
// VFS's file.
struct FaultFile {
  sqlite3_file io;
  Handle* handle;
};

}  // namespace

class FaultVfs::Impl {
 public:
  explicit Impl(sqlite3_vfs* base);

  sqlite3_vfs vfs{};
  sqlite3_vfs* base;

  std::mutex mu;
  std::vector<std::string> folders;
  std::map<std::string, FileState> files;
  std::int64_t countdown = 0;  // operations until the power cut; 0: not armed
  std::int64_t operations = 0;
  bool crashed = false;

  // Call with `mu` held.
  bool Watched(const char* path) const {
    if (!path) return false;  // a temporary file: it dies with the process anyway
    const std::string_view p(path);
    for (const auto& f : folders)
      if (p.size() > f.size() && p.compare(0, f.size(), f) == 0 && p[f.size()] == '/') return true;
    return false;
  }
  // One write, truncate or sync of a watched file; true when the power fails on it.
  bool Tick() {
    ++operations;
    if (countdown > 0 && --countdown == 0) crashed = true;
    return crashed;
  }
};

namespace {

struct Handle {
  FaultVfs::Impl* vfs = nullptr;
  sqlite3_file* real = nullptr;
  bool watched = false;
  bool dirsync_pending = false;  // the unix VFS syncs the folder at this file's first sync
  std::string path;
};

constexpr std::size_t kHeader = (sizeof(FaultFile) + 15) / 16 * 16;

Handle& H(sqlite3_file* f) { return *reinterpret_cast<FaultFile*>(f)->handle; }
sqlite3_file* Real(sqlite3_file* f) { return H(f).real; }
FaultVfs::Impl& V(sqlite3_vfs* v) { return *static_cast<FaultVfs::Impl*>(v->pAppData); }

// Saves the bytes [from, to) of a watched file as they are now (clipped to its size),
// before a write or truncate changes them.
int SavePreImage(Handle& h, FileState& s, std::int64_t from, std::int64_t to) {
  sqlite3_int64 size = 0;
  if (int rc = h.real->pMethods->xFileSize(h.real, &size); rc != SQLITE_OK) return rc;
  to = std::min<std::int64_t>({to, s.synced_size, static_cast<std::int64_t>(size)});
  if (from >= to) return SQLITE_OK;
  std::string old(static_cast<std::size_t>(to - from), '\0');
  if (int rc = h.real->pMethods->xRead(h.real, old.data(), static_cast<int>(old.size()), from);
      rc != SQLITE_OK)
    return rc;
  s.undo.emplace_back(from, std::move(old));
  return SQLITE_OK;
}

int Close(sqlite3_file* f) {
  Handle* h = &H(f);
  const int rc = h->real->pMethods ? h->real->pMethods->xClose(h->real) : SQLITE_OK;
  if (h->watched) {
    std::lock_guard lock(h->vfs->mu);
    if (auto s = h->vfs->files.find(h->path); s != h->vfs->files.end()) --s->second.open_handles;
  }
  delete h;
  f->pMethods = nullptr;
  return rc;
}

int Read(sqlite3_file* f, void* buf, int amount, sqlite3_int64 offset) {
  Handle& h = H(f);
  if (h.watched) {
    std::lock_guard lock(h.vfs->mu);
    if (h.vfs->crashed) return SQLITE_IOERR_READ;
  }
  return h.real->pMethods->xRead(h.real, buf, amount, offset);
}

int Write(sqlite3_file* f, const void* buf, int amount, sqlite3_int64 offset) {
  Handle& h = H(f);
  if (!h.watched) return h.real->pMethods->xWrite(h.real, buf, amount, offset);
  std::lock_guard lock(h.vfs->mu);
  if (h.vfs->crashed || h.vfs->Tick()) return SQLITE_IOERR_WRITE;
  // A file deleted or unwatched while open is no longer recorded.
  if (auto s = h.vfs->files.find(h.path); s != h.vfs->files.end())
    if (int rc = SavePreImage(h, s->second, offset, offset + amount); rc != SQLITE_OK) return rc;
  return h.real->pMethods->xWrite(h.real, buf, amount, offset);
}

int Truncate(sqlite3_file* f, sqlite3_int64 size) {
  Handle& h = H(f);
  if (!h.watched) return h.real->pMethods->xTruncate(h.real, size);
  std::lock_guard lock(h.vfs->mu);
  if (h.vfs->crashed || h.vfs->Tick()) return SQLITE_IOERR_TRUNCATE;
  if (auto s = h.vfs->files.find(h.path); s != h.vfs->files.end())
    if (int rc = SavePreImage(h, s->second, size, s->second.synced_size); rc != SQLITE_OK) return rc;
  return h.real->pMethods->xTruncate(h.real, size);
}

int Sync(sqlite3_file* f, int flags) {
  Handle& h = H(f);
  if (!h.watched) return h.real->pMethods->xSync(h.real, flags);
  std::lock_guard lock(h.vfs->mu);
  if (h.vfs->crashed || h.vfs->Tick()) return SQLITE_IOERR_FSYNC;
  if (int rc = h.real->pMethods->xSync(h.real, flags); rc != SQLITE_OK) return rc;
  sqlite3_int64 size = 0;
  if (int rc = h.real->pMethods->xFileSize(h.real, &size); rc != SQLITE_OK) return rc;
  auto s = h.vfs->files.find(h.path);
  if (s == h.vfs->files.end()) return SQLITE_OK;
  s->second.synced_size = size;
  s->second.undo.clear();
  if (h.dirsync_pending) {
    // The folder's fsync makes the entry of every file in it durable.
    const std::string folder = FolderOf(h.path);
    for (auto& [path, other] : h.vfs->files)
      if (FolderOf(path) == folder) other.entry_durable = true;
    h.dirsync_pending = false;
  }
  return SQLITE_OK;
}

int FileSize(sqlite3_file* f, sqlite3_int64* size) {
  Handle& h = H(f);
  if (h.watched) {
    std::lock_guard lock(h.vfs->mu);
    if (h.vfs->crashed) return SQLITE_IOERR_FSTAT;
  }
  return h.real->pMethods->xFileSize(h.real, size);
}

int Lock(sqlite3_file* f, int level) {
  Handle& h = H(f);
  if (h.watched) {
    std::lock_guard lock(h.vfs->mu);
    if (h.vfs->crashed) return SQLITE_IOERR_LOCK;
  }
  return h.real->pMethods->xLock(h.real, level);
}

// Releasing locks, asking about them and the file's fixed traits stay possible after
// the power cut, so closing a dead connection can finish.
using Forward = sync::VfsForward<Real>;

int ShmMap(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
  Handle& h = H(f);
  if (h.watched) {
    std::lock_guard lock(h.vfs->mu);
    if (h.vfs->crashed) return SQLITE_IOERR_SHMMAP;
  }
  return h.real->pMethods->xShmMap(h.real, region, size, extend, out);
}
int ShmLock(sqlite3_file* f, int offset, int n, int flags) {
  Handle& h = H(f);
  if (h.watched && (flags & SQLITE_SHM_LOCK)) {
    std::lock_guard lock(h.vfs->mu);
    if (h.vfs->crashed) return SQLITE_IOERR_SHMLOCK;
  }
  return h.real->pMethods->xShmLock(h.real, offset, n, flags);
}
void ShmBarrier(sqlite3_file* f) { Real(f)->pMethods->xShmBarrier(Real(f)); }
int ShmUnmap(sqlite3_file* f, int delete_flag) {
  return Real(f)->pMethods->xShmUnmap(Real(f), delete_flag);
}

// Version 2: no xFetch, so SQLite reads through xRead and never maps the database.
const sqlite3_io_methods kMethods = {
    2,         Close,      Read,   Write,       Truncate,   Sync,
    FileSize,  Lock,       Forward::Unlock, Forward::CheckReservedLock, Forward::FileControl,
    Forward::SectorSize, Forward::DeviceCharacteristics, ShmMap, ShmLock,     ShmBarrier, ShmUnmap,
    nullptr,   nullptr,
};

int Open(sqlite3_vfs* vfs, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
  FaultVfs::Impl& v = V(vfs);
  file->pMethods = nullptr;
  auto* h = new Handle;
  h->vfs = &v;
  h->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + kHeader);
  h->real->pMethods = nullptr;
  bool existed = false;
  {
    std::lock_guard lock(v.mu);
    h->watched = v.Watched(name);
    if (h->watched) {
      if (v.crashed) {
        delete h;
        return SQLITE_CANTOPEN;
      }
      h->path = name;
      existed = ::access(name, F_OK) == 0;
    }
  }
  int rc = v.base->xOpen(v.base, name, h->real, flags, out_flags);
  if (rc != SQLITE_OK) {
    if (h->real->pMethods) h->real->pMethods->xClose(h->real);
    delete h;
    return rc;
  }
  reinterpret_cast<FaultFile*>(file)->handle = h;
  file->pMethods = &kMethods;
  if (!h->watched) return SQLITE_OK;
  const int type = flags & 0x0FFF00;  // the SQLITE_OPEN_* file kinds
  h->dirsync_pending = (flags & SQLITE_OPEN_CREATE) &&
                       (type == SQLITE_OPEN_MAIN_JOURNAL || type == SQLITE_OPEN_SUPER_JOURNAL ||
                        type == SQLITE_OPEN_WAL);
  std::lock_guard lock(v.mu);
  auto [it, fresh] = v.files.try_emplace(h->path);
  if (fresh) {
    // A file that was there before we watched it counts as synced as it stands.
    sqlite3_int64 size = 0;
    if (existed) h->real->pMethods->xFileSize(h->real, &size);
    it->second.synced_size = size;
    it->second.entry_durable = existed;
  }
  ++it->second.open_handles;
  return SQLITE_OK;
}

int Delete(sqlite3_vfs* vfs, const char* name, int sync_dir) {
  FaultVfs::Impl& v = V(vfs);
  std::lock_guard lock(v.mu);
  if (!v.Watched(name)) return v.base->xDelete(v.base, name, sync_dir);
  if (v.crashed) return SQLITE_IOERR_DELETE;
  v.files.erase(name);
  return v.base->xDelete(v.base, name, sync_dir);
}

int Access(sqlite3_vfs* vfs, const char* name, int flags, int* out) {
  return V(vfs).base->xAccess(V(vfs).base, name, flags, out);
}
int FullPathname(sqlite3_vfs* vfs, const char* name, int n, char* out) {
  return V(vfs).base->xFullPathname(V(vfs).base, name, n, out);
}
void* DlOpen(sqlite3_vfs* vfs, const char* name) { return V(vfs).base->xDlOpen(V(vfs).base, name); }
void DlError(sqlite3_vfs* vfs, int n, char* out) { V(vfs).base->xDlError(V(vfs).base, n, out); }
void (*DlSym(sqlite3_vfs* vfs, void* lib, const char* symbol))(void) {
  return V(vfs).base->xDlSym(V(vfs).base, lib, symbol);
}
void DlClose(sqlite3_vfs* vfs, void* lib) { V(vfs).base->xDlClose(V(vfs).base, lib); }
int Randomness(sqlite3_vfs* vfs, int n, char* out) {
  return V(vfs).base->xRandomness(V(vfs).base, n, out);
}
int Sleep(sqlite3_vfs* vfs, int micros) { return V(vfs).base->xSleep(V(vfs).base, micros); }
int CurrentTime(sqlite3_vfs* vfs, double* out) { return V(vfs).base->xCurrentTime(V(vfs).base, out); }
int GetLastError(sqlite3_vfs* vfs, int n, char* out) {
  return V(vfs).base->xGetLastError(V(vfs).base, n, out);
}
int CurrentTimeInt64(sqlite3_vfs* vfs, sqlite3_int64* out) {
  return V(vfs).base->xCurrentTimeInt64(V(vfs).base, out);
}
int SetSystemCall(sqlite3_vfs* vfs, const char* name, sqlite3_syscall_ptr call) {
  return V(vfs).base->xSetSystemCall(V(vfs).base, name, call);
}
sqlite3_syscall_ptr GetSystemCall(sqlite3_vfs* vfs, const char* name) {
  return V(vfs).base->xGetSystemCall(V(vfs).base, name);
}
const char* NextSystemCall(sqlite3_vfs* vfs, const char* name) {
  return V(vfs).base->xNextSystemCall(V(vfs).base, name);
}

// Puts one file back as its last sync left it, through a descriptor of our own.
Status Restore(const std::string& path, const FileState& s) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::Ok();  // removed behind SQLite's back: nothing to undo
    return Status(ErrorCode::kIoError, "power loss: open " + path + ": " + std::strerror(errno));
  }
  Status out = Status::Ok();
  for (auto u = s.undo.rbegin(); u != s.undo.rend() && out.ok(); ++u)
    if (::pwrite(fd, u->second.data(), u->second.size(), u->first) !=
        static_cast<ssize_t>(u->second.size()))
      out = Status(ErrorCode::kIoError, "power loss: undo a write in " + path + ": " + std::strerror(errno));
  if (out.ok() && ::ftruncate(fd, s.synced_size) != 0)
    out = Status(ErrorCode::kIoError, "power loss: truncate " + path + ": " + std::strerror(errno));
  ::close(fd);
  return out;
}

}  // namespace

FaultVfs::Impl::Impl(sqlite3_vfs* base_vfs) : base(base_vfs) {
  vfs.iVersion = 3;
  vfs.szOsFile = static_cast<int>(kHeader) + base->szOsFile;
  vfs.mxPathname = base->mxPathname;
  vfs.zName = "tongban-fault";
  vfs.pAppData = this;
  vfs.xOpen = Open;
  vfs.xDelete = Delete;
  vfs.xAccess = Access;
  vfs.xFullPathname = FullPathname;
  vfs.xDlOpen = DlOpen;
  vfs.xDlError = DlError;
  vfs.xDlSym = DlSym;
  vfs.xDlClose = DlClose;
  vfs.xRandomness = Randomness;
  vfs.xSleep = Sleep;
  vfs.xCurrentTime = CurrentTime;
  vfs.xGetLastError = GetLastError;
  vfs.xCurrentTimeInt64 = CurrentTimeInt64;
  vfs.xSetSystemCall = SetSystemCall;
  vfs.xGetSystemCall = GetSystemCall;
  vfs.xNextSystemCall = NextSystemCall;
}

FaultVfs::FaultVfs() : impl_(std::make_unique<Impl>(sqlite3_vfs_find("unix"))) {}
FaultVfs::~FaultVfs() = default;

FaultVfs& FaultVfs::Install() {
  // Never destroyed: SQLite keeps the registration until the process ends.
  static FaultVfs* const vfs = [] {
    auto* v = new FaultVfs();
    sqlite3_vfs_register(&v->impl_->vfs, 1);
    return v;
  }();
  return *vfs;
}

void FaultVfs::Watch(const std::string& folder) {
  std::lock_guard lock(impl_->mu);
  std::string f = folder;
  while (f.size() > 1 && f.back() == '/') f.pop_back();
  impl_->folders.push_back(std::move(f));
}

void FaultVfs::Unwatch(const std::string& folder) {
  std::lock_guard lock(impl_->mu);
  std::string f = folder;
  while (f.size() > 1 && f.back() == '/') f.pop_back();
  std::erase(impl_->folders, f);
  std::erase_if(impl_->files, [&](const auto& e) { return e.first.starts_with(f + "/"); });
}

void FaultVfs::CrashAfter(std::int64_t n) {
  std::lock_guard lock(impl_->mu);
  impl_->countdown = n > 0 ? n : 0;
}

void FaultVfs::SimulatePowerLoss() {
  std::lock_guard lock(impl_->mu);
  impl_->crashed = true;
}

bool FaultVfs::crashed() const {
  std::lock_guard lock(impl_->mu);
  return impl_->crashed;
}

std::int64_t FaultVfs::operations() const {
  std::lock_guard lock(impl_->mu);
  return impl_->operations;
}

Status FaultVfs::Recover() {
  std::lock_guard lock(impl_->mu);
  for (const auto& [path, s] : impl_->files)
    if (s.open_handles > 0)
      return Status(ErrorCode::kFailedPrecondition,
                    "power loss: " + path + " is still open; close every connection first");
  for (auto it = impl_->files.begin(); it != impl_->files.end();) {
    const std::string& path = it->first;
    if (!it->second.entry_durable) {
      // Created, and no sync of its folder since: the directory forgets it.
      if (::unlink(path.c_str()) != 0 && errno != ENOENT)
        return Status(ErrorCode::kIoError, "power loss: remove " + path + ": " + std::strerror(errno));
      it = impl_->files.erase(it);
      continue;
    }
    TB_RETURN_IF_ERROR(Restore(path, it->second));
    it->second.undo.clear();
    // The wal-index is shared memory: it does not survive a reboot; SQLite rebuilds it.
    if (::unlink((path + "-shm").c_str()) != 0 && errno != ENOENT)
      return Status(ErrorCode::kIoError, "power loss: remove " + path + "-shm: " + std::strerror(errno));
    ++it;
  }
  impl_->crashed = false;
  impl_->countdown = 0;
  return Status::Ok();
}

}  // namespace tongban::test
