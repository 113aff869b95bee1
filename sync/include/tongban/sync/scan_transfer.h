// ScanTransfer: moves scan content (images, PDFs) between a node and the hub,
// apart from the records that name it, in chunks that resume after a cut.
//
// Content is addressed by its SHA-256 (64 lower-case hex digits). The wire
// (docs/protocol.md, "Scans"):
//   GET  /v1/scans/{sha}           -> JSON {"sha256", "size", "mime", "held", "complete"}
//   POST /v1/scans/{sha}?offset=N  one chunk of the content starting at byte N; headers
//                                  X-Tongban-Scan-Size (total bytes), X-Tongban-Scan-Type
//                                  (MIME), X-Tongban-Chunk-Sha256 (of the chunk's bytes);
//                                  body zstd-compressed (Content-Encoding: zstd) when that
//                                  makes it smaller -> the same JSON as GET
//   GET  /v1/scans/{sha}?offset=N  the chunk at N of content the hub holds whole, with the
//                                  same three headers
// The hub appends a chunk only at the offset it holds: a replayed or
// out-of-order chunk is answered with that offset and stored nowhere, and an
// uploader always resumes from what the hub says it holds, so after a cut at
// most the chunk in flight travels again. Both sides check each chunk against
// its digest and the whole against its address before they keep it.
//
// This layer knows nothing of cases: the node's storage is a ScanRepository,
// the network a Transport. Not thread safe: one ScanTransfer per sync loop.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tongban/status.h"
#include "tongban/sync/compression.h"
#include "tongban/sync/http.h"
#include "tongban/sync/sync_client.h"

namespace tongban::sync {

// The largest scan either side accepts.
inline constexpr std::uint64_t kMaxScanBytes = 20u << 20;
// The chunk an uploader sends and the hub serves.
inline constexpr std::size_t kScanChunkBytes = 256u << 10;
// The largest chunk the hub takes (a bound on one request, whatever a client chose).
inline constexpr std::size_t kMaxScanChunkBytes = 1u << 20;

class Database;

// SHA-256 (hex) of the pieces of `sha256` held in a `scan_chunks (sha256, at, data)` table,
// in order; "" when the pieces leave a gap. Node and hub store chunks alike.
Result<std::string> DigestOfStoredChunks(Database& db, const std::string& sha256);
// Up to `max` contiguous bytes of `sha256` from `offset`, read from the same table; fewer
// when the pieces held end or leave a gap there.
Result<std::string> ReadStoredChunks(Database& db, const std::string& sha256,
                                     std::uint64_t offset, std::size_t max);

// Streaming SHA-256 (libsodium).
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void Update(std::string_view bytes);
  std::string HexDigest();  // 64 lower-case hex digits; ends the computation

  static std::string Hex(std::string_view bytes);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// True for exactly 64 lower-case hex digits (a content address).
bool IsSha256Hex(std::string_view text);
// The types a scan may have: image/jpeg, image/png, application/pdf.
bool IsScanType(std::string_view mime);

// One piece of content: its address, length and type.
struct ScanInfo {
  std::string sha256;
  std::uint64_t size = 0;
  std::string mime;
};

// What the hub holds of one scan.
struct ScanRemote {
  std::uint64_t size = 0;  // 0 while the hub has none of it
  std::uint64_t held = 0;  // bytes held: the offset the next chunk must start at
  bool complete = false;   // all bytes there and verified against the address
};

// The node side of scan transfer, implemented by the node's scan store.
class ScanRepository {
 public:
  virtual ~ScanRepository() = default;
  // Content attached here whose arrival the hub has not confirmed yet.
  virtual Result<std::vector<ScanInfo>> PendingUploads() = 0;
  // Up to `max` bytes of complete local content from `offset`.
  virtual Result<std::string> ReadChunk(const std::string& sha256, std::uint64_t offset,
                                        std::size_t max) = 0;
  // The hub holds the whole: never send it again.
  virtual Status ConfirmUploaded(const std::string& sha256) = 0;

  // Content this node needs and does not hold whole.
  virtual Result<std::vector<ScanInfo>> PendingDownloads() = 0;
  // Bytes of a download held so far: where it resumes.
  virtual Result<std::uint64_t> HeldBytes(const std::string& sha256) = 0;
  // Stores `data` durably at `offset`, which must equal HeldBytes.
  virtual Status AppendChunk(const ScanInfo& scan, std::uint64_t offset, std::string_view data) = 0;
  // Every byte is here: keeps the content if it matches its address, else drops
  // what was held (the next round starts again) and returns Corruption.
  virtual Status FinishDownload(const std::string& sha256) = 0;
};

struct ScanTransferOptions {
  std::string node;    // node code
  std::string secret;  // node secret issued at enrollment
  std::size_t chunk_bytes = kScanChunkBytes;
  int compression_level = 3;  // scans are mostly compressed already: cheap and fast
};

struct ScanTransferSummary {
  int uploaded = 0;    // scans the hub now holds whole (sent now or found there)
  int downloaded = 0;  // scans fetched whole and verified
  int waiting = 0;     // not at the hub yet (its sender has not finished): next round
  int refused = 0;     // refused by the hub or damaged: see `errors`
  std::uint64_t bytes_sent = 0;      // content bytes in chunks sent (before compression)
  std::uint64_t bytes_received = 0;  // content bytes in chunks received
  int chunks_sent = 0;
  int chunks_received = 0;
  std::vector<std::string> errors;  // one line per refused scan

  void Add(const ScanTransferSummary& other);
};

class ScanTransfer {
 public:
  ScanTransfer(Transport& transport, ScanRepository& repository, ScanTransferOptions options);

  // Sends every pending scan, each from where the hub stands. A scan the hub
  // refuses is counted and skipped; only an unreachable hub ends the pass with an error.
  // Progress: phase "scans up", bytes of this pass.
  Status UploadAll(ScanTransferSummary& summary,
                   const std::function<void(const SyncProgress&)>& progress = {});
  // Fetches every scan this node needs, each from where its download stopped.
  // Progress: phase "scans down".
  Status DownloadAll(ScanTransferSummary& summary,
                     const std::function<void(const SyncProgress&)>& progress = {});

  // One scan each way; a refusal is a Status here. `on_chunk(held, size)` runs
  // after every chunk the other side confirmed (benchmarks, progress).
  Status Upload(const ScanInfo& scan, ScanTransferSummary& summary,
                const std::function<void(std::uint64_t, std::uint64_t)>& on_chunk = {});
  Status Download(const ScanInfo& scan, ScanTransferSummary& summary,
                  const std::function<void(std::uint64_t, std::uint64_t)>& on_chunk = {});
  // What the hub holds of one scan.
  Result<ScanRemote> Remote(const std::string& sha256);

 private:
  HttpRequest Request(const std::string& method, const std::string& target) const;

  Transport& transport_;
  ScanRepository& repository_;
  ScanTransferOptions options_;
};

// Parses the hub's JSON answer about one scan.
Result<ScanRemote> ParseScanRemote(const std::string& body);

}  // namespace tongban::sync
