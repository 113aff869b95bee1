// The hub's scan endpoints (docs/protocol.md, "Scans"; the client is sync::ScanTransfer):
//   GET  /v1/scans/{sha}           what the hub holds of it
//   POST /v1/scans/{sha}?offset=N  one chunk, appended only at the offset the hub holds
//   GET  /v1/scans/{sha}?offset=N  one chunk of content the hub holds whole
// Only a node with a case_scans record naming the content in its scope may send or
// fetch it; an unrelated node gets 403. Damaged content gets 422 and is not kept.

#include <charconv>
#include <optional>

#include "hub_log.h"
#include "tongban/central/hub_service.h"
#include "tongban/sync/scan_transfer.h"

namespace tongban::central {
namespace {

using nlohmann::json;
using sync::HttpRequest;
using sync::HttpResponse;

constexpr MessageDef kBadAddress{"hub.scan_bad_address",
                                 "a scan is named by the 64 lower-case hex digits of its SHA-256, "
                                 "not '{0}'"};
constexpr MessageDef kBadOffset{"hub.scan_bad_offset", "offset must be a whole number of bytes"};
constexpr MessageDef kNoEndpoint{"hub.scan_no_endpoint", "no endpoint {0} {1}"};
constexpr MessageDef kOutOfScope{"hub.scan_out_of_scope",
                                 "no case in the scope of node {0} has a scan {1}"};
constexpr MessageDef kIncomplete{"hub.scan_incomplete",
                                 "the hub does not hold all of scan {0} yet ({1} of {2} bytes); "
                                 "it comes in a later round"};
constexpr MessageDef kPastEnd{"hub.scan_past_end", "offset {0} is past the end of the scan"};
constexpr MessageDef kNeedsSize{"hub.scan_needs_size",
                                "a scan chunk needs X-Tongban-Scan-Size (total bytes)"};
constexpr MessageDef kTooLarge{"hub.scan_too_large",
                               "a scan may have at most 20 MiB, this one has {0} bytes"};
constexpr MessageDef kBadType{"hub.scan_bad_type",
                              "scan type '{0}' is not accepted (JPEG, PNG or PDF only)"};
constexpr MessageDef kChunkTooLarge{"hub.scan_chunk_too_large", "a scan chunk may have at most 1 MiB"};
constexpr MessageDef kChunkDamaged{"hub.scan_chunk_damaged",
                                   "the chunk at byte {0} arrived damaged (its SHA-256 does not "
                                   "match); nothing was stored, send it again"};
constexpr MessageDef kCtxChunk{"hub.ctx_scan_chunk", "scan chunk"};

HttpResponse ScanJson(const ScanContent& c) {
  HttpResponse r;
  r.headers["content-type"] = "application/json";
  r.body = json{{"sha256", c.sha256},
                {"size", c.size},
                {"mime", c.mime},
                {"held", c.held},
                {"complete", c.complete}}
               .dump();
  return r;
}

HttpResponse WithStatus(HttpResponse r, int status) {
  r.status = status;
  return r;
}

// A number from the query string ("offset=N") or a header; nullopt when absent or malformed.
std::optional<std::uint64_t> Number(std::string_view text) {
  std::uint64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || text.empty()) return std::nullopt;
  return v;
}

std::optional<std::string_view> QueryValue(std::string_view target, std::string_view key) {
  const auto q = target.find('?');
  if (q == std::string_view::npos) return std::nullopt;
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    if (pair.size() > key.size() && pair.substr(0, key.size()) == key && pair[key.size()] == '=')
      return pair.substr(key.size() + 1);
    if (amp == std::string_view::npos) break;
    rest = rest.substr(amp + 1);
  }
  return std::nullopt;
}

std::string Header(const HttpRequest& req, const std::string& key) {
  auto it = req.headers.find(key);
  return it == req.headers.end() ? std::string() : it->second;
}

}  // namespace

void HubService::ScanMetrics(std::ostream& out) const {
  out << "# HELP tongban_scan_chunks_stored_total Scan chunks appended at the hub.\n"
         "# TYPE tongban_scan_chunks_stored_total counter\n"
      << "tongban_scan_chunks_stored_total " << scans_.chunks_stored.load() << "\n"
      << "# HELP tongban_scan_chunks_replayed_total Scan chunks for an offset the hub did not "
         "expect (replays), stored nowhere.\n"
         "# TYPE tongban_scan_chunks_replayed_total counter\n"
      << "tongban_scan_chunks_replayed_total " << scans_.chunks_replayed.load() << "\n"
      << "# HELP tongban_scan_bytes_stored_total Scan bytes appended at the hub.\n"
         "# TYPE tongban_scan_bytes_stored_total counter\n"
      << "tongban_scan_bytes_stored_total " << scans_.bytes_stored.load() << "\n"
      << "# HELP tongban_scans_completed_total Scans received whole and verified.\n"
         "# TYPE tongban_scans_completed_total counter\n"
      << "tongban_scans_completed_total " << scans_.completed.load() << "\n"
      << "# HELP tongban_scans_refused_total Damaged scan chunks or contents refused.\n"
         "# TYPE tongban_scans_refused_total counter\n"
      << "tongban_scans_refused_total " << scans_.refused.load() << "\n"
      << "# HELP tongban_scan_chunks_served_total Scan chunks sent to nodes.\n"
         "# TYPE tongban_scan_chunks_served_total counter\n"
      << "tongban_scan_chunks_served_total " << scans_.chunks_served.load() << "\n"
      << "# HELP tongban_scan_bytes_served_total Scan bytes sent to nodes.\n"
         "# TYPE tongban_scan_bytes_served_total counter\n"
      << "tongban_scan_bytes_served_total " << scans_.bytes_served.load() << "\n";
}

HttpResponse HubService::Scans(const HttpRequest& req) {
  auto node = AuthenticateNode(req);
  if (!node.ok()) return ErrorResponse(node.status());
  const std::string path = req.target.substr(0, req.target.find('?'));
  const std::string sha = path.substr(std::string_view("/v1/scans/").size());
  if (!sync::IsSha256Hex(sha))
    return ErrorResponse(InvalidArgument(kBadAddress, {sha.substr(0, 80)}));
  std::optional<std::uint64_t> offset;
  if (auto v = QueryValue(req.target, "offset")) {
    offset = Number(*v);
    if (!offset) return ErrorResponse(InvalidArgument(kBadOffset));
  }
  const bool upload = req.method == "POST" && offset;
  const bool status = req.method == "GET" && !offset;
  const bool download = req.method == "GET" && offset;
  if (!upload && !status && !download)
    return ErrorResponse(NotFound(kNoEndpoint, {req.method, path}));
  if (upload)  // a chunk changes what the hub holds: signed, when the node has a key
    if (Status s = CheckSignature(req, *node); !s.ok()) return ErrorResponse(s);
  if (download)  // a revoked node sends what it holds, and takes nothing more
    if (Status s = RequireActive(*node); !s.ok()) return ErrorResponse(s);

  {
    std::lock_guard lock(mu_);
    auto allowed = hub_->ScanInScope(*node, sha, false);
    if (!allowed.ok()) return ErrorResponse(allowed.status());
    if (!*allowed)
      return ErrorResponse(PermissionDenied(kOutOfScope, {*node, sha.substr(0, 12)}));
  }

  if (status) {
    std::lock_guard lock(mu_);
    auto c = hub_->GetScan(sha);
    return c.ok() ? ScanJson(*c) : ErrorResponse(c.status());
  }

  if (download) {
    Result<ScanContent> c = [&] {
      std::lock_guard lock(mu_);
      return hub_->GetScan(sha);
    }();
    if (!c.ok()) return ErrorResponse(c.status());
    if (!c->complete)
      return ErrorResponse(FailedPrecondition(kIncomplete, {sha.substr(0, 12), std::to_string(c->held),
                                              std::to_string(c->size)}));
    if (*offset >= c->size)
      return ErrorResponse(InvalidArgument(kPastEnd, {std::to_string(*offset)}));
    Result<std::string> chunk = [&] {
      std::lock_guard lock(mu_);
      return hub_->ReadScan(sha, *offset, sync::kScanChunkBytes);
    }();
    if (!chunk.ok()) return ErrorResponse(chunk.status());
    if (chunk->empty())
      return ErrorResponse(Internal("scan " + sha.substr(0, 12) + " has a hole at the hub"));
    HttpResponse r;
    r.headers["content-type"] = "application/octet-stream";
    r.headers["x-tongban-scan-size"] = std::to_string(c->size);
    r.headers["x-tongban-scan-type"] = c->mime;
    r.headers["x-tongban-chunk-sha256"] = sync::Sha256::Hex(*chunk);
    scans_.chunks_served++;
    scans_.bytes_served += static_cast<std::int64_t>(chunk->size());
    std::string packed = compressor_.Compress(*chunk, 0, 3);
    if (packed.size() + 64 < chunk->size()) {
      r.headers["content-encoding"] = "zstd";
      r.body = std::move(packed);
    } else {
      r.body = std::move(chunk).value();
    }
    return r;
  }

  // Upload: every rule below refuses the chunk before anything is stored.
  const auto size = Number(Header(req, "x-tongban-scan-size"));
  const std::string mime = Header(req, "x-tongban-scan-type");
  const std::string digest = Header(req, "x-tongban-chunk-sha256");
  if (!size || *size == 0)
    return ErrorResponse(InvalidArgument(kNeedsSize));
  if (*size > sync::kMaxScanBytes)
    return WithStatus(ErrorResponse(InvalidArgument(kTooLarge, {std::to_string(*size)})),
                      413);
  if (!sync::IsScanType(mime))
    return ErrorResponse(InvalidArgument(kBadType, {mime.substr(0, 100)}));
  std::string chunk;
  if (Header(req, "content-encoding") == "zstd") {
    auto plain = compressor_.Decompress(req.body, sync::kMaxScanChunkBytes);
    if (!plain.ok()) return ErrorResponse(plain.status().WithContext(kCtxChunk));
    chunk = std::move(plain).value();
  } else {
    if (req.body.size() > sync::kMaxScanChunkBytes)
      return WithStatus(ErrorResponse(InvalidArgument(kChunkTooLarge)), 413);
    chunk = req.body;
  }
  if (digest != sync::Sha256::Hex(chunk)) {
    scans_.refused++;
    LogLine(spdlog::level::warn, "scan_refused")
        .With("node", *node)
        .With("sha256", sha)
        .With("offset", *offset)
        .With("reason", "chunk_digest");
    return WithStatus(ErrorResponse(Corruption(kChunkDamaged, {std::to_string(*offset)})),
                      422);
  }
  Result<ScanContent> c = [&] {
    std::lock_guard lock(mu_);
    return hub_->AppendScan(*node, sha, *size, mime, *offset, chunk);
  }();
  if (!c.ok()) {
    if (c.status().code() != ErrorCode::kCorruption) return ErrorResponse(c.status());
    scans_.refused++;
    LogLine(spdlog::level::warn, "scan_refused").With("node", *node).With("sha256", sha).With("reason", "content_digest");
    return WithStatus(ErrorResponse(c.status()), 422);
  }
  if (c->stored) {
    scans_.chunks_stored++;
    scans_.bytes_stored += static_cast<std::int64_t>(chunk.size());
  } else {
    scans_.chunks_replayed++;
  }
  if (c->stored && c->complete) {
    scans_.completed++;
    LogLine(spdlog::level::info, "scan_complete")
        .With("node", *node)
        .With("sha256", sha)
        .With("bytes", c->size)
        .With("type", c->mime);
  }
  return ScanJson(*c);
}

}  // namespace tongban::central
