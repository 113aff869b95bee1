#include "sealed_vfs.h"

#include "page_cache.h"

#include "tongban/sync/sqlite.h"
#include "tongban/sync/vfs_forward.h"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <map>
#include <mutex>
#include <new>
#include <vector>

namespace tongban::sync {
namespace {

enum class Kind : std::uint8_t { kPlain = 0, kDatabase = 1, kWal = 2, kJournal = 3 };

constexpr std::int64_t kPage = kSealedPageSize;
constexpr std::int64_t kWalHeader = 32;
constexpr std::int64_t kFrameHeader = 24;
constexpr std::int64_t kFrame = kPage + kFrameHeader;
constexpr char kPlainMagic[16] = "SQLite format 3";  // with its NUL: the first 16 bytes

struct KeyRegistry {
  std::mutex mu;
  std::uint64_t next = 1;
  std::map<std::uint64_t, std::shared_ptr<const DataKey>> keys;
};
KeyRegistry& Registry() {
  static KeyRegistry r;
  return r;
}

thread_local std::optional<SealFailure> t_failure;
std::atomic<std::uint64_t> g_sealed{0}, g_opened{0};

struct State {
  sqlite3_file* real = nullptr;
  Kind kind = Kind::kPlain;
  std::unique_ptr<PageCipher> cipher;
  std::string name;
  std::vector<std::uint8_t> scratch = std::vector<std::uint8_t>(kPage);
  // The bytes SQLite wrote just before the image it writes next: a WAL frame's header
  // or a journal record's page number (written separately, always first).
  std::int64_t lead_offset = -1;
  std::uint8_t lead[24] = {};
  std::vector<std::uint8_t> memory;  // a temporary file kept in memory (MemoryMethods)
  // Written through this handle since its last sync: a transaction under way. A torn
  // write is only ever met after a power cut, by a handle that has written nothing since.
  bool unsynced = false;
};

// What SQLite allocates for a file (szOsFile): our header, then the wrapped VFS's file.
struct SealedFile {
  sqlite3_file io;
  State* state;
};
constexpr std::size_t kHeader = (sizeof(SealedFile) + 15) / 16 * 16;

sqlite3_vfs* g_base = nullptr;
sqlite3_vfs g_vfs{};
sqlite3_io_methods g_methods{};

State& S(sqlite3_file* f) { return *reinterpret_cast<SealedFile*>(f)->state; }
sqlite3_file* Real(sqlite3_file* f) { return S(f).real; }

std::uint64_t Position(Kind kind, std::int64_t offset) {
  return (static_cast<std::uint64_t>(kind) << 56) | static_cast<std::uint64_t>(offset);
}

void Fail(const State& s, SealFailure::Kind kind, std::int64_t offset) {
  t_failure = SealFailure{kind, s.name, s.kind == Kind::kDatabase ? offset / kPage + 1 : 0};
}

// The stretch of the file around `offset`: a sealed page image or plain bytes.
struct Segment {
  std::int64_t start;
  std::int64_t size;
  bool sealed;
};
Segment SegmentAt(Kind kind, std::int64_t offset) {
  if (kind == Kind::kDatabase) return {offset / kPage * kPage, kPage, true};
  // The WAL: a plain header, then frames of a plain frame header and a page image.
  if (offset < kWalHeader) return {0, kWalHeader, false};
  const std::int64_t frame = kWalHeader + (offset - kWalHeader) / kFrame * kFrame;
  if (offset < frame + kFrameHeader) return {frame, kFrameHeader, false};
  return {frame + kFrameHeader, kPage, true};
}

// A journal's page record images are exactly one page at an offset 4 past a multiple of
// 8 (headers sit on sector boundaries; a record is a 4-byte page number, the image and
// a 4-byte checksum).
bool JournalImage(int amount, std::int64_t offset) { return amount == kPage && offset % 8 == 4; }

// What an image's tag covers besides its bytes: a WAL frame's page number, commit size
// and salts (its header's first 16 bytes: moving an image to another page, or a commit
// mark to another frame, fails like a changed byte), a journal record's page number.
constexpr std::size_t kWalContext = 16;
constexpr std::size_t kJournalContext = 4;

// A transaction that writes a page again over its own frame (after spilling it from a
// full cache) makes SQLite write its later frames with salts of zero, and put the real
// salts in at commit (walRewriteChecksums). The tag must survive that: zero salts stand
// for the salts of the WAL's header, which are those of the transaction writing. This
// lets no image of an older generation pass (it was sealed under other salts).
int WalContext(State& s, std::uint8_t context[kWalContext]) {
  if (std::any_of(context + 8, context + 16, [](std::uint8_t b) { return b != 0; })) return SQLITE_OK;
  return s.real->pMethods->xRead(s.real, context + 8, 8, 16);
}

// The context of the image at `image`, read from the file. Writing, the header SQLite
// wrote just before on this handle (under the write lock) is used instead; reading never
// trusts it, since another connection may have written that frame since.
int ReadContext(State& s, std::int64_t image, std::uint8_t* out, std::size_t n, bool writing) {
  const std::int64_t at = image - (s.kind == Kind::kWal ? kFrameHeader : 4);
  if (writing && s.lead_offset == at) {
    std::memcpy(out, s.lead, n);
    s.lead_offset = -1;
  } else if (int rc = s.real->pMethods->xRead(s.real, out, static_cast<int>(n), at); rc != SQLITE_OK) {
    return rc;
  }
  return s.kind == Kind::kWal ? WalContext(s, out) : SQLITE_OK;
}

// The page header SQLite writes must leave room for the seal.
bool HeaderFits(const std::uint8_t* page) {
  const int size = (page[16] << 8) | page[17];
  return size == kPage && page[20] == kSealedReserve;
}

bool ZeroSeal(const std::uint8_t* page) {
  return std::all_of(page + kPage - kSealedReserve, page + kPage, [](std::uint8_t b) { return b == 0; });
}

int Close(sqlite3_file* f) {
  State* s = &S(f);
  const int rc = s->real->pMethods ? s->real->pMethods->xClose(s->real) : SQLITE_OK;
  delete s;
  f->pMethods = nullptr;
  return rc;
}

// Opens the sealed image `page` found at `image`, with its context.
bool OpenImage(State& s, std::uint8_t* page, std::int64_t image, const std::uint8_t* context) {
  const std::size_t n = s.kind == Kind::kWal ? kWalContext : s.kind == Kind::kJournal ? kJournalContext : 0;
  g_opened.fetch_add(1, std::memory_order_relaxed);
  return s.cipher->Open({page, static_cast<std::size_t>(kPage)}, Position(s.kind, image),
                        {context, n});
}

int ReadSegments(State& s, std::uint8_t* out, int amount, std::int64_t offset) {
  bool short_read = false;
  for (std::int64_t at = offset, end = offset + amount; at < end;) {
    const Segment seg = SegmentAt(s.kind, at);
    const std::int64_t stop = std::min(end, seg.start + seg.size);
    std::uint8_t* dst = out + (at - offset);
    const int n = static_cast<int>(stop - at);
    if (!seg.sealed) {
      const int rc = s.real->pMethods->xRead(s.real, dst, n, at);
      if (rc == SQLITE_IOERR_SHORT_READ) short_read = true;
      else if (rc != SQLITE_OK) return rc;
      at = stop;
      continue;
    }
    const bool whole = at == seg.start && n == kPage;
    std::uint8_t* page = whole ? dst : s.scratch.data();
    const int rc = s.real->pMethods->xRead(s.real, page, kPage, seg.start);
    if (rc == SQLITE_IOERR_SHORT_READ) {
      sqlite3_int64 size = 0;
      if (int src = s.real->pMethods->xFileSize(s.real, &size); src != SQLITE_OK) return src;
      if (size > seg.start) {  // a page cut short: damage, not the end of the file
        Fail(s, SealFailure::Kind::kDamaged, seg.start);
        return SQLITE_IOERR_DATA;
      }
      std::memset(dst, 0, static_cast<std::size_t>(n));
      short_read = true;
      at = stop;
      continue;
    }
    if (rc != SQLITE_OK) return rc;
    if (s.kind == Kind::kDatabase && seg.start == 0 &&
        std::memcmp(page, kPlainMagic, sizeof kPlainMagic) == 0) {
      Fail(s, SealFailure::Kind::kPlainFile, 0);
      return SQLITE_IOERR_DATA;
    }
    std::uint8_t context[kWalContext] = {};
    if (s.kind == Kind::kWal)
      if (int crc = ReadContext(s, seg.start, context, kWalContext, false); crc != SQLITE_OK) return crc;
    if (!OpenImage(s, page, seg.start, context)) {
      Fail(s, SealFailure::Kind::kDamaged, seg.start);
      return SQLITE_IOERR_DATA;
    }
    if (!whole) std::memcpy(dst, page + (at - seg.start), static_cast<std::size_t>(n));
    at = stop;
  }
  return short_read ? SQLITE_IOERR_SHORT_READ : SQLITE_OK;
}

// Recovery met a WAL frame that fails its check at `frame`. A write the power cut tore
// belongs to the last transaction, which never finished its sync: no transaction after
// it can have begun. So when a later frame of this WAL (same salts) authenticates after
// an authenticated commit frame, the failed frame had been synced: damage, not a tear.
bool DamagedMidLog(State& s, std::int64_t frame) {
  std::uint8_t head[kWalHeader];
  if (s.real->pMethods->xRead(s.real, head, sizeof head, 0) != SQLITE_OK) return false;
  sqlite3_int64 size = 0;
  if (s.real->pMethods->xFileSize(s.real, &size) != SQLITE_OK) return false;
  std::vector<std::uint8_t> buf(kFrame);
  bool after_commit = false;
  for (std::int64_t at = frame + kFrame; at + kFrame <= size; at += kFrame) {
    if (s.real->pMethods->xRead(s.real, buf.data(), kFrame, at) != SQLITE_OK) return false;
    if (std::memcmp(buf.data() + 8, head + 16, 8) != 0) continue;  // an older generation
    if (!OpenImage(s, buf.data() + kFrameHeader, at + kFrameHeader, buf.data())) continue;
    if (after_commit) return true;
    const bool commit = buf[4] | buf[5] | buf[6] | buf[7];
    if (commit) after_commit = true;
  }
  return false;
}

int Read(sqlite3_file* f, void* buf, int amount, sqlite3_int64 offset) {
  State& s = S(f);
  auto* out = static_cast<std::uint8_t*>(buf);
  switch (s.kind) {
    case Kind::kPlain:
      return s.real->pMethods->xRead(s.real, buf, amount, offset);
    case Kind::kJournal: {
      const int rc = s.real->pMethods->xRead(s.real, buf, amount, offset);
      if (rc != SQLITE_OK || !JournalImage(amount, offset)) return rc;
      std::uint8_t context[kJournalContext];
      if (int crc = ReadContext(s, offset, context, kJournalContext, false); crc != SQLITE_OK) return crc;
      // Records the rollback reads were synced before the database was touched: one
      // that fails its check is damage, never a tear.
      if (!OpenImage(s, out, offset, context)) {
        Fail(s, SealFailure::Kind::kDamaged, offset);
        return SQLITE_IOERR_DATA;
      }
      return rc;
    }
    case Kind::kWal:
      // Recovery reads whole frames; a torn last transaction ends the log there (zeros
      // fail SQLite's checksum, as a torn write does), a damaged earlier one is an error.
      if (amount == kFrame && offset >= kWalHeader && (offset - kWalHeader) % kFrame == 0) {
        const int rc = s.real->pMethods->xRead(s.real, buf, amount, offset);
        if (rc != SQLITE_OK) return rc;
        std::uint8_t context[kWalContext];
        std::memcpy(context, out, kWalContext);
        if (int crc = WalContext(s, context); crc != SQLITE_OK) return crc;
        if (OpenImage(s, out + kFrameHeader, offset + kFrameHeader, context)) return rc;
        // Not recovery but a commit reading its own frames back (walRewriteChecksums):
        // what it wrote moments ago fails its check, which is damage.
        if (s.unsynced || DamagedMidLog(s, offset)) {
          Fail(s, SealFailure::Kind::kDamaged, offset);
          return SQLITE_IOERR_DATA;
        }
        std::memset(out + kFrameHeader, 0, static_cast<std::size_t>(kPage));
        return rc;
      }
      return ReadSegments(s, out, amount, offset);
    case Kind::kDatabase:
      return ReadSegments(s, out, amount, offset);
  }
  return SQLITE_IOERR_READ;
}

int WriteImage(State& s, const std::uint8_t* page, std::int64_t offset) {
  std::uint8_t context[kWalContext] = {};
  std::size_t n = 0;
  if (s.kind == Kind::kWal || s.kind == Kind::kJournal) {
    n = s.kind == Kind::kWal ? kWalContext : kJournalContext;
    if (int rc = ReadContext(s, offset, context, n, true); rc != SQLITE_OK) return rc;
  }
  std::memcpy(s.scratch.data(), page, kPage);
  g_sealed.fetch_add(1, std::memory_order_relaxed);
  if (!s.cipher->Seal({s.scratch.data(), static_cast<std::size_t>(kPage)}, Position(s.kind, offset),
                      {context, n}))
    return SQLITE_IOERR_WRITE;
  return s.real->pMethods->xWrite(s.real, s.scratch.data(), kPage, offset);
}

// Remembers a WAL frame header or a journal page number as SQLite writes it, for the
// image that follows.
void NoteLead(State& s, const std::uint8_t* bytes, int amount, std::int64_t offset) {
  const bool wal_header = s.kind == Kind::kWal && amount == kFrameHeader && offset >= kWalHeader &&
                          (offset - kWalHeader) % kFrame == 0;
  const bool journal_pgno = s.kind == Kind::kJournal && amount == 4 && offset % 8 == 0;
  if (!wal_header && !journal_pgno) return;
  std::memcpy(s.lead, bytes, static_cast<std::size_t>(amount));
  s.lead_offset = offset;
}

int Write(sqlite3_file* f, const void* buf, int amount, sqlite3_int64 offset) {
  State& s = S(f);
  const auto* in = static_cast<const std::uint8_t*>(buf);
  if (s.kind == Kind::kPlain) return s.real->pMethods->xWrite(s.real, buf, amount, offset);
  s.unsynced = true;
  if (s.kind == Kind::kJournal) {
    if (JournalImage(amount, offset)) return WriteImage(s, in, offset);
    NoteLead(s, in, amount, offset);
    return s.real->pMethods->xWrite(s.real, buf, amount, offset);
  }
  for (std::int64_t at = offset, end = offset + amount; at < end;) {
    const Segment seg = SegmentAt(s.kind, at);
    const std::int64_t stop = std::min(end, seg.start + seg.size);
    const std::uint8_t* src = in + (at - offset);
    if (!seg.sealed) {
      NoteLead(s, src, static_cast<int>(stop - at), at);
      if (int rc = s.real->pMethods->xWrite(s.real, src, static_cast<int>(stop - at), at);
          rc != SQLITE_OK)
        return rc;
      at = stop;
      continue;
    }
    // Pages are written whole; a page that would not keep its seal, or a WAL image whose
    // checksum would not survive the seal bytes read back as zeros, is refused.
    if (at != seg.start || stop - at != kPage) return SQLITE_IOERR_WRITE;
    if (s.kind == Kind::kDatabase && seg.start == 0 && !HeaderFits(src)) return SQLITE_IOERR_WRITE;
    if (s.kind == Kind::kWal && !ZeroSeal(src)) return SQLITE_IOERR_WRITE;
    if (int rc = WriteImage(s, src, seg.start); rc != SQLITE_OK) return rc;
    at = stop;
  }
  return SQLITE_OK;
}

using Forward = VfsForward<Real>;

int Sync(sqlite3_file* f, int flags) {
  const int rc = Forward::Sync(f, flags);
  if (rc == SQLITE_OK) S(f).unsynced = false;
  return rc;
}

// Temporary files (a sort spilling past the cache, a temporary table or index, a
// statement journal) of a sealed connection hold plain rows: they stay in memory.
int MemClose(sqlite3_file* f) {
  delete &S(f);
  f->pMethods = nullptr;
  return SQLITE_OK;
}
int MemRead(sqlite3_file* f, void* buf, int amount, sqlite3_int64 offset) {
  const auto& m = S(f).memory;
  const auto n = static_cast<std::size_t>(amount);
  const auto at = static_cast<std::size_t>(offset);
  const std::size_t have = at < m.size() ? std::min(n, m.size() - at) : 0;
  if (have) std::memcpy(buf, m.data() + at, have);
  if (have == n) return SQLITE_OK;
  std::memset(static_cast<char*>(buf) + have, 0, n - have);
  return SQLITE_IOERR_SHORT_READ;
}
int MemWrite(sqlite3_file* f, const void* buf, int amount, sqlite3_int64 offset) {
  auto& m = S(f).memory;
  const auto end = static_cast<std::size_t>(offset) + static_cast<std::size_t>(amount);
  try {
    if (m.size() < end) m.resize(end);
  } catch (const std::bad_alloc&) {
    return SQLITE_FULL;
  }
  std::memcpy(m.data() + offset, buf, static_cast<std::size_t>(amount));
  return SQLITE_OK;
}
int MemTruncate(sqlite3_file* f, sqlite3_int64 size) {
  auto& m = S(f).memory;
  if (static_cast<std::size_t>(size) < m.size()) m.resize(static_cast<std::size_t>(size));
  return SQLITE_OK;
}
int MemSync(sqlite3_file*, int) { return SQLITE_OK; }
int MemFileSize(sqlite3_file* f, sqlite3_int64* size) {
  *size = static_cast<sqlite3_int64>(S(f).memory.size());
  return SQLITE_OK;
}
int MemLock(sqlite3_file*, int) { return SQLITE_OK; }
int MemCheckReservedLock(sqlite3_file*, int* out) {
  *out = 0;
  return SQLITE_OK;
}
int MemFileControl(sqlite3_file*, int, void*) { return SQLITE_NOTFOUND; }
int MemSectorSize(sqlite3_file*) { return kPage; }
int MemDeviceCharacteristics(sqlite3_file*) { return 0; }
const sqlite3_io_methods kMemoryMethods = {1,           MemClose,  MemRead,     MemWrite,
                                           MemTruncate, MemSync,   MemFileSize, MemLock,
                                           MemLock,     MemCheckReservedLock,   MemFileControl,
                                           MemSectorSize, MemDeviceCharacteristics};

constexpr int kTemporaryKinds = SQLITE_OPEN_TEMP_DB | SQLITE_OPEN_TEMP_JOURNAL |
                                SQLITE_OPEN_TRANSIENT_DB | SQLITE_OPEN_SUBJOURNAL;

int Open(sqlite3_vfs*, const char* name, sqlite3_file* file, int flags, int* out_flags) {
  file->pMethods = nullptr;
  auto* real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + kHeader);
  Kind kind = Kind::kPlain;
  if (flags & SQLITE_OPEN_MAIN_DB) kind = Kind::kDatabase;
  else if (flags & SQLITE_OPEN_WAL) kind = Kind::kWal;
  else if (flags & SQLITE_OPEN_MAIN_JOURNAL) kind = Kind::kJournal;
  auto state = std::make_unique<State>();
  state->real = real;
  state->kind = kind;
  state->name = name ? name : "";
  if (kind == Kind::kPlain && (flags & kTemporaryKinds)) {
    if (out_flags) *out_flags = flags;
    reinterpret_cast<SealedFile*>(file)->state = state.release();
    file->pMethods = &kMemoryMethods;
    return SQLITE_OK;
  }
  if (kind != Kind::kPlain) {
    std::shared_ptr<const DataKey> key;
    if (const auto slot = sqlite3_uri_int64(name, "tbkey", 0); slot > 0) {
      std::lock_guard lock(Registry().mu);
      if (auto it = Registry().keys.find(static_cast<std::uint64_t>(slot)); it != Registry().keys.end())
        key = it->second;
    }
    if (!key) {
      Fail(*state, SealFailure::Kind::kKeyMissing, 0);
      return SQLITE_CANTOPEN;
    }
    auto cipher = PageCipher::Make(*key);
    if (!cipher.ok()) return SQLITE_CANTOPEN;
    state->cipher = std::move(*cipher);
  }
  const int rc = g_base->xOpen(g_base, name, real, flags, out_flags);
  if (rc != SQLITE_OK) {
    if (real->pMethods) real->pMethods->xClose(real);
    return rc;
  }
  reinterpret_cast<SealedFile*>(file)->state = state.release();
  file->pMethods = &g_methods;
  return SQLITE_OK;
}

// Everything but opening files is the wrapped VFS's.
int Delete(sqlite3_vfs*, const char* name, int sync_dir) { return g_base->xDelete(g_base, name, sync_dir); }
int Access(sqlite3_vfs*, const char* name, int flags, int* out) {
  return g_base->xAccess(g_base, name, flags, out);
}
int FullPathname(sqlite3_vfs*, const char* name, int n, char* out) {
  return g_base->xFullPathname(g_base, name, n, out);
}
void* DlOpen(sqlite3_vfs*, const char* name) { return g_base->xDlOpen(g_base, name); }
void DlError(sqlite3_vfs*, int n, char* out) { g_base->xDlError(g_base, n, out); }
void (*DlSym(sqlite3_vfs*, void* h, const char* sym))(void) { return g_base->xDlSym(g_base, h, sym); }
void DlClose(sqlite3_vfs*, void* h) { g_base->xDlClose(g_base, h); }
int Randomness(sqlite3_vfs*, int n, char* out) { return g_base->xRandomness(g_base, n, out); }
int Sleep(sqlite3_vfs*, int us) { return g_base->xSleep(g_base, us); }
int CurrentTime(sqlite3_vfs*, double* out) { return g_base->xCurrentTime(g_base, out); }
int GetLastError(sqlite3_vfs*, int n, char* out) { return g_base->xGetLastError(g_base, n, out); }
int CurrentTimeInt64(sqlite3_vfs*, sqlite3_int64* out) {
  return g_base->xCurrentTimeInt64(g_base, out);
}

void Register() {
  g_base = sqlite3_vfs_find(nullptr);
  g_methods = sqlite3_io_methods{2,
                                 Close,
                                 Read,
                                 Write,
                                 Forward::Truncate,
                                 Sync,
                                 Forward::FileSize,
                                 Forward::Lock,
                                 Forward::Unlock,
                                 Forward::CheckReservedLock,
                                 Forward::FileControl,
                                 Forward::SectorSize,
                                 Forward::DeviceCharacteristics,
                                 Forward::ShmMap,
                                 Forward::ShmLock,
                                 Forward::ShmBarrier,
                                 Forward::ShmUnmap,
                                 nullptr,
                                 nullptr};
  g_vfs.iVersion = 2;
  g_vfs.szOsFile = static_cast<int>(kHeader) + g_base->szOsFile;
  g_vfs.mxPathname = g_base->mxPathname;
  g_vfs.zName = "tongban-sealed";
  g_vfs.xOpen = Open;
  g_vfs.xDelete = Delete;
  g_vfs.xAccess = Access;
  g_vfs.xFullPathname = FullPathname;
  g_vfs.xDlOpen = DlOpen;
  g_vfs.xDlError = DlError;
  g_vfs.xDlSym = DlSym;
  g_vfs.xDlClose = DlClose;
  g_vfs.xRandomness = Randomness;
  g_vfs.xSleep = Sleep;
  g_vfs.xCurrentTime = CurrentTime;
  g_vfs.xGetLastError = GetLastError;
  g_vfs.xCurrentTimeInt64 = CurrentTimeInt64;
  sqlite3_vfs_register(&g_vfs, 0);
}

}  // namespace

const char* SealedVfsName() {
  InstallPageCache();  // before SQLite initializes, which registering a VFS does
  static std::once_flag once;
  std::call_once(once, Register);
  return g_vfs.zName;
}

SealedKeyLease::SealedKeyLease(const DataKey& key) {
  auto copy = std::make_shared<const DataKey>(key);
  std::lock_guard lock(Registry().mu);
  slot_ = Registry().next++;
  Registry().keys.emplace(slot_, std::move(copy));
}

SealedKeyLease::~SealedKeyLease() {
  std::lock_guard lock(Registry().mu);
  Registry().keys.erase(slot_);
}

std::optional<SealFailure> TakeSealFailure() { return std::exchange(t_failure, std::nullopt); }

SealedPageCounts SealedPagesSoFar() {
  return {g_sealed.load(std::memory_order_relaxed), g_opened.load(std::memory_order_relaxed)};
}

}  // namespace tongban::sync
