// The "tongban-sealed" SQLite VFS: every page of a database, its WAL and its rollback
// journal is sealed with a PageCipher on the way to disk and checked on the way back.
//
// Why a VFS shim and not an encrypting SQLite build: Debian's libsqlite3 is used as it
// is, and the shim sees every byte SQLite writes. Each page keeps its nonce and tag in
// the page's reserved bytes (kSealedReserve, set when the database is made), so file
// offsets stay SQLite's own and the WAL, checkpoints and the backup API work unchanged.
//
// What is sealed where:
//  - database file: every page, position = page offset;
//  - WAL: the page image of every frame; the 32-byte WAL header and 24-byte frame
//    headers (page numbers, salts, checksums) stay plain;
//  - rollback journal: each page record's image; headers and page numbers plain.
// A WAL image's tag also covers its frame's page number, commit size and salts (zero
// salts, which SQLite writes until commit in a transaction that rewrote one of its own
// frames, stand for the WAL header's), and a journal image's its page number: an image
// moved to another page fails like a changed one. Temporary files of a sealed connection (sorts, temporary tables, statement
// journals) never reach the disk: they live in memory. The -shm index holds page and
// frame numbers and the last frame's checksum. Memory mapping is off (the methods are
// version 2, without xFetch), so no page reaches SQLite unchecked.
//
// A page that fails its check is never handed to SQLite: the read fails with
// SQLITE_IOERR_DATA and TakeSealFailure() says which page. One exception follows
// SQLite's own crash recovery: a WAL frame of the last transaction, read whole during
// recovery, comes back zeroed, so SQLite's checksum ends the log there as it does for a
// write torn by a power cut. A failed frame followed by a later committed transaction
// cannot be a tear (that transaction began after the frame's sync): it is an error.
//
// Not hidden: the WAL's frame checksums are SQLite's own, unkeyed, over the plain page,
// so each frame shows 64 bits of a linear function of its page.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "tongban/sync/page_cipher.h"

namespace tongban::sync {

inline constexpr int kSealedPageSize = 4096;
inline constexpr int kSealedReserve = static_cast<int>(PageCipher::kSealBytes);

// Registers the VFS once per process over the default VFS of that moment, and returns
// its name.
const char* SealedVfsName();

// Lends `key` to the VFS for files opened with the URI parameter "tbkey=<slot>"; the
// key is forgotten when the lease is dropped (after the last connection closed).
class SealedKeyLease {
 public:
  explicit SealedKeyLease(const DataKey& key);
  ~SealedKeyLease();
  SealedKeyLease(const SealedKeyLease&) = delete;
  SealedKeyLease& operator=(const SealedKeyLease&) = delete;
  std::uint64_t slot() const { return slot_; }

 private:
  std::uint64_t slot_;
};

struct SealFailure {
  enum class Kind { kDamaged, kPlainFile, kKeyMissing };
  Kind kind = Kind::kDamaged;
  std::string file;
  std::int64_t page = 0;  // 1-based page of the database file; 0 for a WAL or journal
};
// The last seal failure of this thread, cleared by the call.
std::optional<SealFailure> TakeSealFailure();

}  // namespace tongban::sync
