#include "tongban/sync/scan_transfer.h"

#include <sodium.h>

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>
#include <optional>

#include "tongban/sync/sqlite.h"

namespace tongban::sync {
namespace {

using nlohmann::json;

std::string Short(const std::string& sha256) { return sha256.substr(0, 12); }

constexpr MessageDef kHubRefused{"sync.scan_hub_refused", "hub refused scan {0}"};
constexpr MessageDef kScanMismatch{"sync.scan_hub_mismatch",
                                   "the content does not match its SHA-256"};
constexpr MessageDef kCtxScan{"sync.ctx_scan", "scan {0}"};
constexpr MessageDef kRemoteNotUnderstood{"sync.scan_remote_not_understood",
                                          "the hub's answer about a scan is not understood"};
constexpr MessageDef kHubHoldsMore{"sync.scan_hub_holds_more",
                                   "the hub holds more bytes than the scan has"};
constexpr MessageDef kLocalShorter{"sync.scan_local_shorter",
                                   "the local copy is shorter than its recorded size"};
constexpr MessageDef kBadClaim{"sync.scan_bad_size",
                               "scan {0} claims {1} bytes; a scan has 1 byte to 20 MiB"};
constexpr MessageDef kOtherSize{"sync.scan_other_size",
                                "the hub's copy has another size than the record says"};
constexpr MessageDef kChunkMisfit{"sync.scan_chunk_misfit",
                                  "the hub sent a chunk that does not fit the scan"};
constexpr MessageDef kChunkDamaged{"sync.scan_chunk_damaged",
                                   "a chunk arrived damaged (its SHA-256 does not match)"};
constexpr MessageDef kCtxUpload{"sync.ctx_scan_upload", "upload"};
constexpr MessageDef kCtxDownload{"sync.ctx_scan_download", "download"};

// A refusal of one scan, as opposed to a hub that cannot be reached or a local failure:
// the pass goes on with the next scan.
bool RefusesOnlyThisScan(const Status& s) {
  switch (s.code()) {
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kNotFound:
    case ErrorCode::kPermissionDenied:
    case ErrorCode::kFailedPrecondition:
    case ErrorCode::kCorruption:
      return true;
    default:
      return false;
  }
}

// 422 means the hub checked the content and found it damaged.
Status ScanHubError(const HttpResponse& resp, const std::string& sha256) {
  const Status refused =
      resp.status == 422
          ? HubReplyStatus(ErrorCode::kCorruption, resp.body, Corruption(kScanMismatch))
          : HubRefusal(resp.status, resp.body);
  return refused.WithContext(kHubRefused, {Short(sha256)});
}

std::optional<std::uint64_t> HeaderNumber(const HttpResponse& resp, const std::string& key) {
  auto it = resp.headers.find(key);
  if (it == resp.headers.end()) return std::nullopt;
  std::uint64_t v = 0;
  const auto* end = it->second.data() + it->second.size();
  auto [p, ec] = std::from_chars(it->second.data(), end, v);
  if (ec != std::errc() || p != end) return std::nullopt;
  return v;
}

}  // namespace

struct Sha256::State {
  crypto_hash_sha256_state st;
};

Sha256::Sha256() : state_(std::make_unique<State>()) { crypto_hash_sha256_init(&state_->st); }
Sha256::~Sha256() = default;

void Sha256::Update(std::string_view bytes) {
  crypto_hash_sha256_update(&state_->st, reinterpret_cast<const unsigned char*>(bytes.data()),
                            bytes.size());
}

std::string Sha256::HexDigest() {
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state_->st, out);
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, out, sizeof out);
  return hex;
}

std::string Sha256::Hex(std::string_view bytes) {
  Sha256 h;
  h.Update(bytes);
  return h.HexDigest();
}

bool IsSha256Hex(std::string_view text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

bool IsScanType(std::string_view mime) {
  return mime == "image/jpeg" || mime == "image/png" || mime == "application/pdf";
}

void ScanTransferSummary::Add(const ScanTransferSummary& o) {
  uploaded += o.uploaded;
  downloaded += o.downloaded;
  waiting += o.waiting;
  refused += o.refused;
  bytes_sent += o.bytes_sent;
  bytes_received += o.bytes_received;
  chunks_sent += o.chunks_sent;
  chunks_received += o.chunks_received;
  errors.insert(errors.end(), o.errors.begin(), o.errors.end());
}

Result<ScanRemote> ParseScanRemote(const std::string& body) {
  const json j = json::parse(body, nullptr, false);
  if (!j.is_object() || !j.contains("held") || !j["held"].is_number_unsigned() ||
      !j.contains("complete") || !j["complete"].is_boolean())
    return InvalidArgument(kRemoteNotUnderstood);
  ScanRemote r;
  r.held = j["held"].get<std::uint64_t>();
  r.size = j.value("size", std::uint64_t{0});
  r.complete = j["complete"].get<bool>();
  return r;
}

ScanTransfer::ScanTransfer(Transport& transport, ScanRepository& repository,
                           ScanTransferOptions options)
    : transport_(transport), repository_(repository), options_(std::move(options)) {
  options_.chunk_bytes = std::clamp<std::size_t>(options_.chunk_bytes, 1024, kMaxScanChunkBytes);
}

HttpRequest ScanTransfer::Request(const std::string& method, const std::string& target) const {
  return NodeRequest(method, target, options_.node, options_.secret);
}

Result<ScanRemote> ScanTransfer::Remote(const std::string& sha256) {
  TB_ASSIGN_OR_RETURN(HttpResponse resp, transport_.Send(Request("GET", "/v1/scans/" + sha256)));
  if (resp.status != 200) return ScanHubError(resp, sha256);
  return ParseScanRemote(resp.body);
}

Status ScanTransfer::Upload(const ScanInfo& scan, ScanTransferSummary& summary,
                            const std::function<void(std::uint64_t, std::uint64_t)>& on_chunk) {
  // Where the hub stands decides where to start: after a cut only the chunk in flight is lost.
  TB_ASSIGN_OR_RETURN(ScanRemote remote, Remote(scan.sha256));
  std::uint64_t offset = remote.held;
  if (!remote.complete && offset > scan.size)
    return Corruption(kHubHoldsMore).WithContext(kCtxScan, {Short(scan.sha256)});
  const auto& compressor = Compressor::Shipped();
  int stalls = 0;
  while (!remote.complete) {
    const std::size_t len =
        static_cast<std::size_t>(std::min<std::uint64_t>(options_.chunk_bytes, scan.size - offset));
    TB_ASSIGN_OR_RETURN(std::string chunk, repository_.ReadChunk(scan.sha256, offset, len));
    if (chunk.size() != len)
      return Corruption(kLocalShorter).WithContext(kCtxScan, {Short(scan.sha256)});
    HttpRequest req = Request("POST", "/v1/scans/" + scan.sha256 + "?offset=" + std::to_string(offset));
    req.headers["content-type"] = "application/octet-stream";
    req.headers["x-tongban-scan-size"] = std::to_string(scan.size);
    req.headers["x-tongban-scan-type"] = scan.mime;
    req.headers["x-tongban-chunk-sha256"] = Sha256::Hex(chunk);
    // Most scans are JPEG or PDF and do not shrink; send compressed only when it pays.
    std::string packed = compressor.Compress(chunk, 0, options_.compression_level);
    if (packed.size() + 64 < chunk.size()) {
      req.headers["content-encoding"] = "zstd";
      req.body = std::move(packed);
    } else {
      req.body = std::move(chunk);
    }
    TB_ASSIGN_OR_RETURN(HttpResponse resp, transport_.Send(req));
    if (resp.status != 200) return ScanHubError(resp, scan.sha256);
    summary.bytes_sent += len;
    ++summary.chunks_sent;
    TB_ASSIGN_OR_RETURN(remote, ParseScanRemote(resp.body));
    if (remote.complete) break;
    // The hub answers with what it holds; a hub that holds no more after a chunk refuses it.
    if (remote.held <= offset && ++stalls > 2)
      return Internal("scan " + Short(scan.sha256) + ": the hub does not take the chunk at byte " + std::to_string(offset));
    if (remote.held > offset) stalls = 0;
    if (remote.held > scan.size)
      return Corruption(kHubHoldsMore).WithContext(kCtxScan, {Short(scan.sha256)});
    offset = remote.held;
    if (on_chunk) on_chunk(offset, scan.size);
  }
  if (on_chunk) on_chunk(scan.size, scan.size);
  TB_RETURN_IF_ERROR(repository_.ConfirmUploaded(scan.sha256));
  ++summary.uploaded;
  return Status::Ok();
}

Status ScanTransfer::Download(const ScanInfo& scan, ScanTransferSummary& summary,
                              const std::function<void(std::uint64_t, std::uint64_t)>& on_chunk) {
  if (scan.size == 0 || scan.size > kMaxScanBytes)
    return InvalidArgument(kBadClaim, {Short(scan.sha256), std::to_string(scan.size)});
  TB_ASSIGN_OR_RETURN(std::uint64_t held, repository_.HeldBytes(scan.sha256));
  const auto& compressor = Compressor::Shipped();
  while (held < scan.size) {
    HttpRequest req = Request("GET", "/v1/scans/" + scan.sha256 + "?offset=" + std::to_string(held));
    TB_ASSIGN_OR_RETURN(HttpResponse resp, transport_.Send(req));
    if (resp.status != 200) return ScanHubError(resp, scan.sha256);
    std::string chunk = std::move(resp.body);
    if (auto enc = resp.headers.find("content-encoding");
        enc != resp.headers.end() && enc->second == "zstd") {
      auto plain = compressor.Decompress(chunk, kMaxScanChunkBytes);
      if (!plain.ok()) return plain.status().WithContext(kCtxScan, {Short(scan.sha256)});
      chunk = std::move(plain).value();
    }
    // Each rule below keeps damaged or foreign bytes out of the local copy.
    if (HeaderNumber(resp, "x-tongban-scan-size") != scan.size)
      return Corruption(kOtherSize).WithContext(kCtxScan, {Short(scan.sha256)});
    if (chunk.empty() || chunk.size() > scan.size - held)
      return Corruption(kChunkMisfit).WithContext(kCtxScan, {Short(scan.sha256)});
    auto digest = resp.headers.find("x-tongban-chunk-sha256");
    if (digest == resp.headers.end() || digest->second != Sha256::Hex(chunk))
      return Corruption(kChunkDamaged).WithContext(kCtxScan, {Short(scan.sha256)});
    TB_RETURN_IF_ERROR(repository_.AppendChunk(scan, held, chunk));
    held += chunk.size();
    summary.bytes_received += chunk.size();
    ++summary.chunks_received;
    if (on_chunk) on_chunk(held, scan.size);
  }
  TB_RETURN_IF_ERROR(
      repository_.FinishDownload(scan.sha256).WithContext(kCtxScan, {Short(scan.sha256)}));
  ++summary.downloaded;
  return Status::Ok();
}

Status ScanTransfer::UploadAll(ScanTransferSummary& summary,
                               const std::function<void(const SyncProgress&)>& progress) {
  TB_ASSIGN_OR_RETURN(auto pending, repository_.PendingUploads());
  std::uint64_t total = 0, done = 0;
  for (const auto& s : pending) total += s.size;
  for (const auto& scan : pending) {
    const std::uint64_t before = done;
    Status st = Upload(scan, summary, [&](std::uint64_t held, std::uint64_t) {
      if (progress) progress({"scans up", static_cast<std::int64_t>(before + held),
                              static_cast<std::int64_t>(total)});
    });
    done += scan.size;
    if (st.ok()) continue;
    if (!RefusesOnlyThisScan(st)) return st.WithContext(kCtxUpload);
    ++summary.refused;
    summary.errors.push_back(st.message());
  }
  return Status::Ok();
}

Status ScanTransfer::DownloadAll(ScanTransferSummary& summary,
                                 const std::function<void(const SyncProgress&)>& progress) {
  TB_ASSIGN_OR_RETURN(auto pending, repository_.PendingDownloads());
  std::uint64_t total = 0, done = 0;
  for (const auto& s : pending) total += s.size;
  for (const auto& scan : pending) {
    const std::uint64_t before = done;
    Status st = Download(scan, summary, [&](std::uint64_t held, std::uint64_t) {
      if (progress) progress({"scans down", static_cast<std::int64_t>(before + held),
                              static_cast<std::int64_t>(total)});
    });
    done += scan.size;
    if (st.ok()) continue;
    // Its sender has not finished the upload: the next round fetches it.
    if (st.code() == ErrorCode::kFailedPrecondition) {
      ++summary.waiting;
      continue;
    }
    if (!RefusesOnlyThisScan(st)) return st.WithContext(kCtxDownload);
    ++summary.refused;
    summary.errors.push_back(st.message());
  }
  return Status::Ok();
}

Result<std::string> DigestOfStoredChunks(Database& db, const std::string& sha256) {
  TB_ASSIGN_OR_RETURN(auto* st, db.Prepare("SELECT at, data FROM scan_chunks WHERE sha256 = ?1 "
                                           "ORDER BY at"));
  st->Bind(1, sha256);
  Sha256 h;
  std::uint64_t next = 0;
  bool contiguous = true;
  for (;;) {
    TB_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) break;
    contiguous = contiguous && static_cast<std::uint64_t>(st->Int(0)) == next;
    const std::string_view data = st->Blob(1);
    h.Update(data);
    next += data.size();
  }
  st->Reset();
  std::string digest = h.HexDigest();
  return contiguous ? digest : std::string();
}

Result<std::string> ReadStoredChunks(Database& db, const std::string& sha256,
                                     std::uint64_t offset, std::size_t max) {
  TB_ASSIGN_OR_RETURN(auto* st, db.Prepare(
                                    "SELECT at, data FROM scan_chunks WHERE sha256 = ?1 AND at < "
                                    "?2 + ?3 AND at + length(data) > ?2 ORDER BY at"));
  st->Bind(1, sha256).Bind(2, static_cast<std::int64_t>(offset));
  st->Bind(3, static_cast<std::int64_t>(max));
  std::string out;
  for (;;) {
    TB_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) break;
    const auto at = static_cast<std::uint64_t>(st->Int(0));
    const std::uint64_t from = offset + out.size();
    if (at > from) break;  // a hole: only contiguous bytes
    const std::string_view piece = st->Blob(1).substr(static_cast<std::size_t>(from - at));
    out.append(piece.substr(0, max - out.size()));
    if (out.size() == max) break;
  }
  st->Reset();
  return out;
}

}  // namespace tongban::sync
