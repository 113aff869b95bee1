// ScanStore: scans (images, PDFs) attached to a case's materials.
//
// A scan is two things. The case_scans record (case, material, SHA-256, size,
// type, file name, who and when) is a synced record like any other and travels
// with the case. The content is stored once per SHA-256 in this node's database
// (scan_content, scan_chunks: schema migration 5) and travels apart from the
// records: sync::ScanTransfer moves it in chunks through the hub, and bundles
// carry it by USB stick. This class is the sync::ScanRepository the transfer
// uses: it sends what this node attached, and fetches only what this node
// needs, the scans of cases it is the processing office of.
//
// Limits: at most 20 MiB; JPEG, PNG or PDF, told by the file's first bytes,
// never by its name. Attaching and its change-log rows are one transaction
// (content included), so a scan is either fully recorded or not at all.
// Thread safety: as NodeStore (one per thread); the store must outlive it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tongban/node/store/node_store.h"
#include "tongban/sync/scan_transfer.h"

namespace tongban::node {

// The largest scan this node takes.
inline constexpr std::uint64_t kMaxScanBytes = sync::kMaxScanBytes;

// "image/jpeg", "image/png" or "application/pdf" from the content's first bytes;
// "" for anything else.
std::string_view SniffScanType(std::string_view bytes);

struct ScanRecord {
  sync::RowId uid;  // the case_scans record
  std::string case_no;
  std::string material;  // material code in the case's item version
  std::string sha256;    // content address (lower-case hex)
  std::int64_t size = 0;
  std::string mime;
  std::string file_name;  // as attached ("" when unknown)
  Millis added_at = 0;
  std::string added_by;  // login
  bool held = false;    // the content is here, whole and verified
  bool at_hub = false;  // the hub is known to hold it (confirmed after upload, or fetched from there)
};

struct AttachResult {
  ScanRecord scan;
  bool added = true;  // false: the same content was on that material already (one scan)
};

// Scans waiting to move, for status screens.
struct ScanBacklog {
  std::int64_t to_upload = 0;
  std::int64_t upload_bytes = 0;
  std::int64_t to_download = 0;
  std::int64_t download_bytes = 0;
};

class ScanStore final : public sync::ScanRepository {
 public:
  explicit ScanStore(NodeStore& store) : store_(store) {}

  // Attaches the file at `path` to material `material` of case `case_no` and
  // logs a "scan" event on the case's timeline.
  Result<AttachResult> Attach(const Session& by, const std::string& case_no,
                              const std::string& material, const std::string& path);
  // The same from bytes in memory (the desk's scanner or camera); `file_name` is shown only.
  Result<AttachResult> AttachBytes(const Session& by, const std::string& case_no,
                                   const std::string& material, std::string_view bytes,
                                   const std::string& file_name);
  // The scans of a case, oldest first.
  Result<std::vector<ScanRecord>> List(const std::string& case_no);
  // Writes the content of `sha256` to `out_path` (checked against its address first).
  Status Export(const std::string& sha256, const std::string& out_path);
  // The whole content of a scan held here, checked against its address.
  Result<std::string> Content(const std::string& sha256);
  Result<ScanBacklog> Backlog();

  // Bundles: stores whole content that was checked against its address (a reply
  // bundle), and marks this node's scans the hub confirmed.
  Status StoreWhole(const std::string& sha256, const std::string& mime, std::string_view data);
  Status MarkUploaded(const std::vector<std::string>& sha256s);
  // After a salvage (sync/salvage.h): content whose stored bytes no longer match its
  // address goes back to nothing held, so it comes again from the hub (the scans this
  // node needs). Returns how many.
  Result<std::int64_t> RecheckHeld();

  // sync::ScanRepository
  Result<std::vector<sync::ScanInfo>> PendingUploads() override;
  Result<std::string> ReadChunk(const std::string& sha256, std::uint64_t offset,
                                std::size_t max) override;
  Status ConfirmUploaded(const std::string& sha256) override;
  Result<std::vector<sync::ScanInfo>> PendingDownloads() override;
  Result<std::uint64_t> HeldBytes(const std::string& sha256) override;
  Status AppendChunk(const sync::ScanInfo& scan, std::uint64_t offset,
                     std::string_view data) override;
  Status FinishDownload(const std::string& sha256) override;

 private:
  // Stores content as complete (pieces of kScanChunkBytes); must run in a transaction.
  Status PutContentLocked(const std::string& sha256, const std::string& mime,
                          std::string_view data, bool attached, Millis now);
  Result<std::string> DigestLocked(const std::string& sha256);

  NodeStore& store_;
};

}  // namespace tongban::node
