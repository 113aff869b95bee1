#include "tongban/central/bundle_import.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "tongban/node/domain/replication_schema.h"
#include "tongban/sync/bundle.h"
#include "tongban/sync/compression.h"
#include "tongban/sync/durable_file.h"
#include "tongban/sync/scan_transfer.h"

namespace tongban::central {
namespace {

using nlohmann::json;

constexpr int kMaxReplyChanges = 200'000;

Result<std::string> ReadAll(const std::string& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return NotFound("cannot read bundle " + path + ": " + ec.message());
  if (size > sync::kMaxBundleBytes) return InvalidArgument("bundle " + path + " is larger than 512 MiB");
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

Result<BundleImportSummary> ImportBundle(Hub& hub, const sync::FieldOrder* order,
                                         const std::string& in_path,
                                         const std::string& reply_path) {
  TB_ASSIGN_OR_RETURN(std::string bytes, ReadAll(in_path));
  TB_ASSIGN_OR_RETURN(sync::BundleHeader peek, sync::PeekBundle(bytes));
  if (peek.kind != sync::BundleKind::kChanges)
    return InvalidArgument(in_path + " is a reply bundle; import it on the node");
  TB_ASSIGN_OR_RETURN(std::string key, hub.BundleKey(peek.node));
  sync::BundleHeader header;
  TB_ASSIGN_OR_RETURN(std::string frame, sync::OpenBundle(bytes, key, &header));
  if (header.schema != node::kReplicationSchemaVersion)
    return FailedPrecondition("schema mismatch: the bundle was written for replication schema " +
                              std::to_string(header.schema) + ", the hub speaks " +
                              std::to_string(node::kReplicationSchemaVersion));
  const auto& compressor = sync::Compressor::Shipped();
  TB_ASSIGN_OR_RETURN(std::string plain, compressor.Decompress(frame, sync::kMaxBundleBytes));
  // Decoding checks every scan against its address: a damaged one refuses the whole bundle.
  TB_ASSIGN_OR_RETURN(sync::ChangesPayload in, sync::DecodeChangesPayload(plain, header.format));
  const sync::PushRequest& push = in.push;
  if (push.node != header.node) return PermissionDenied("bundle payload is labelled for another node");
  TB_ASSIGN_OR_RETURN(NodeInfo node, hub.GetNode(header.node));

  BundleImportSummary sum;
  sum.node = node.code;
  TB_ASSIGN_OR_RETURN(sum.push, hub.ApplyPush(node.code, push, order));

  // Scans after the changes, so the records that name them are in the node's scope.
  std::vector<std::string> held;
  for (const auto& s : in.scans) {
    TB_ASSIGN_OR_RETURN(bool allowed, hub.ScanInScope(node.code, s.sha256, false));
    if (!allowed || !sync::IsScanType(s.mime)) {
      sum.scans_refused.push_back("scan " + s.sha256.substr(0, 12) +
                                  (allowed ? " has a type the hub does not take"
                                           : " is named by no case in the node's scope"));
      continue;
    }
    TB_ASSIGN_OR_RETURN(ScanContent c, hub.PutScan(node.code, s.sha256, s.mime, s.data));
    if (c.complete) held.push_back(s.sha256);
  }
  sum.scans_stored = static_cast<std::int64_t>(held.size());

  // The reply: everything in the node's scope after what it said it has.
  sync::PullReply all;
  all.cursor = header.pull_cursor;
  for (;;) {
    TB_ASSIGN_OR_RETURN(auto page, hub.Pull(node.code, {node::kReplicationSchemaVersion, node.code,
                                                     all.cursor, 5000}));
    for (auto& c : page.changes) all.changes.push_back(std::move(c));
    for (auto& p : page.purges) all.purges.push_back(std::move(p));
    all.cursor = page.cursor;
    all.open_conflicts = page.open_conflicts;
    all.more = page.more;
    if (!page.more || static_cast<int>(all.changes.size()) >= kMaxReplyChanges) break;
  }
  sum.reply_changes = static_cast<std::int64_t>(all.changes.size());
  sum.reply_complete = !all.more;

  // The scans the node needs as processing office: those it asked for, and those named by
  // records it receives now (it could not ask for them yet).
  std::vector<std::string> wanted = in.want;
  for (const auto& c : all.changes)
    if (c.table == "case_scans")
      for (const auto& f : c.fields)
        if (f.column == "sha256" && f.value.is_string()) wanted.push_back(f.value.get<std::string>());
  sync::ReplyPayload out{sum.push, std::move(all), {}, std::move(held)};
  std::set<std::string> seen;
  std::uint64_t scan_bytes = 0;
  for (const auto& sha : wanted) {
    if (!sync::IsSha256Hex(sha) || !seen.insert(sha).second) continue;
    TB_ASSIGN_OR_RETURN(bool needed, hub.ScanInScope(node.code, sha, /*office_only=*/true));
    if (!needed) continue;
    TB_ASSIGN_OR_RETURN(ScanContent c, hub.GetScan(sha));
    if (!c.complete) continue;  // its sender has not delivered it yet: a later reply brings it
    if (scan_bytes + c.size > sync::kMaxBundleScanBytes) {
      ++sum.reply_scans_waiting;
      continue;
    }
    TB_ASSIGN_OR_RETURN(std::string data, hub.ReadScan(sha, 0, static_cast<std::size_t>(c.size)));
    if (data.size() != c.size) return Internal("scan " + sha.substr(0, 12) + " is incomplete at the hub");
    scan_bytes += c.size;
    out.scans.push_back({sha, c.mime, std::move(data)});
  }
  sum.reply_scans = static_cast<std::int64_t>(out.scans.size());
  const std::string payload = compressor.Compress(
      sync::EncodeReplyPayload(out),
      compressor.dictionary_ids().empty() ? 0 : compressor.dictionary_ids().back());
  sync::BundleHeader reply{sync::BundleKind::kReply, node.code, node::kReplicationSchemaVersion,
                           std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count(),
                           out.pull.cursor};
  TB_RETURN_IF_ERROR(sync::WriteFileDurably(reply_path, sync::WriteBundle(reply, payload, key)));
  sum.reply_path = reply_path;
  return sum;
}

}  // namespace tongban::central
