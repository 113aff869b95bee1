#include "tongban/node/store/node_bundle.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tongban/node/domain/replication_schema.h"
#include "tongban/node/store/node_replica.h"
#include "tongban/node/store/scan_store.h"
#include "tongban/sync/bundle.h"
#include "tongban/sync/clock_skew.h"
#include "tongban/sync/compression.h"
#include "tongban/sync/durable_file.h"

namespace tongban::node {
namespace {

Result<std::string> NodeKey(NodeStore& store) {
  TB_ASSIGN_OR_RETURN(std::string secret, store.Meta("node_secret"));
  if (secret.empty())
    return FailedPrecondition("this node is not enrolled with a hub, so it cannot sign bundles");
  return sync::BundleKey(secret);
}

// What the next bundle can do about a change the hub held: a clock that ran ahead is
// corrected and the waiting changes take fresh stamps; any other cause moves the held
// change behind the rest, so they go. Returns how many changes were re-stamped.
Result<std::int64_t> ClearHeld(NodeReplica& replica, const sync::PushReply& push) {
  if (sync::DecideHeld(push.held->code, push.hub_ms) == sync::HeldAction::kRestamp) {
    // The stick's trip makes the hub's time old, but it proves this clock ahead by at
    // least that much: corrected by it, time lags by the trip, which nothing holds back.
    TB_RETURN_IF_ERROR(replica.HeardHubTime(push.hub_ms));
    return replica.RestampUnsent(push.acked_seq);
  }
  TB_RETURN_IF_ERROR(replica.DeferHeld(push.acked_seq, push.held->seq).status());
  return 0;
}

}  // namespace

Result<BundleExportSummary> ExportBundle(NodeStore& store, const std::string& path) {
  TB_ASSIGN_OR_RETURN(std::string key, NodeKey(store));
  NodeReplica replica(store);
  TB_ASSIGN_OR_RETURN(sync::ReplicaState state, replica.State());
  TB_ASSIGN_OR_RETURN(auto changes, store.ReadChanges(state.acked_seq,
                                                      static_cast<int>(sync::kMaxChangesPerBatch)));
  if (state.last_seq - state.acked_seq > static_cast<std::int64_t>(changes.size()))
    return FailedPrecondition("more than 50,000 changes wait to be sent; sync by network, or "
                              "export, import at the hub and export again");
  sync::ChangesPayload carried;
  carried.push = {kReplicationSchemaVersion, store.identity().code, state.acked_seq, changes};
  BundleExportSummary sum;
  ScanStore scans(store);
  TB_ASSIGN_OR_RETURN(auto to_send, scans.PendingUploads());
  std::uint64_t scan_bytes = 0;
  for (const auto& s : to_send) {
    if (scan_bytes + s.size > sync::kMaxBundleScanBytes) {
      ++sum.scans_waiting;
      continue;
    }
    TB_ASSIGN_OR_RETURN(std::string data, scans.Content(s.sha256));
    scan_bytes += data.size();
    carried.scans.push_back({s.sha256, s.mime, std::move(data)});
  }
  TB_ASSIGN_OR_RETURN(auto wanted, scans.PendingDownloads());
  for (const auto& s : wanted) carried.want.push_back(s.sha256);
  const auto& compressor = sync::Compressor::Shipped();
  const std::string plain = sync::EncodeChangesPayload(carried);
  const auto ids = compressor.dictionary_ids();
  const std::string payload = compressor.Compress(plain, ids.empty() ? 0 : ids.back());
  const sync::BundleHeader header{sync::BundleKind::kChanges, store.identity().code,
                                  kReplicationSchemaVersion,
                                  sync::SystemWallClock::Instance().NowMillis(), state.pull_cursor};
  const std::string bytes = sync::WriteBundle(header, payload, key);
  // Written beside the target, synced and renamed: a stick pulled out early leaves no half
  // file, and a bundle reported written is on the stick.
  TB_RETURN_IF_ERROR(sync::WriteFileDurably(path, bytes));
  if (!changes.empty())
    TB_RETURN_IF_ERROR(store.SetMeta(std::string(kBundleExportedKey), std::to_string(changes.back().seq)));
  sum.changes = static_cast<std::int64_t>(changes.size());
  sum.bytes = static_cast<std::int64_t>(bytes.size());
  sum.scans = static_cast<std::int64_t>(carried.scans.size());
  sum.scans_wanted = static_cast<std::int64_t>(carried.want.size());
  return sum;
}

Result<BundleImportSummary> ImportReplyBundle(NodeStore& store, const std::string& path) {
  TB_ASSIGN_OR_RETURN(std::string key, NodeKey(store));
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return NotFound("cannot read bundle " + path + ": " + ec.message());
  if (size > sync::kMaxBundleBytes) return InvalidArgument("bundle is larger than 512 MiB");
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  const std::string bytes = ss.str();
  sync::BundleHeader header;
  TB_ASSIGN_OR_RETURN(std::string frame, sync::OpenBundle(bytes, key, &header));
  if (header.kind != sync::BundleKind::kReply)
    return InvalidArgument(path + " holds this node's own changes; import it at the hub");
  if (header.node != store.identity().code)
    return PermissionDenied("bundle is for node " + header.node + ", this is " + store.identity().code);
  TB_ASSIGN_OR_RETURN(std::string plain, sync::Compressor::Shipped().Decompress(frame, sync::kMaxBundleBytes));
  // Decoding checks every scan against its address: nothing is applied from a damaged reply.
  TB_ASSIGN_OR_RETURN(sync::ReplyPayload reply, sync::DecodeReplyPayload(plain, header.format));
  const sync::PushReply& push = reply.push;
  const sync::PullReply& pull = reply.pull;

  NodeReplica replica(store);
  TB_ASSIGN_OR_RETURN(sync::ReplicaState state, replica.State());
  // An old reply read again must not move the acknowledgement back; one that stands
  // where this node does still tells of a hold.
  if (push.acked_seq >= state.acked_seq) TB_RETURN_IF_ERROR(replica.Acknowledge(push));
  TB_RETURN_IF_ERROR(replica.ApplyPull(pull));
  // Scans after their records; storing one again changes nothing.
  ScanStore scans(store);
  for (const auto& s : reply.scans) TB_RETURN_IF_ERROR(scans.StoreWhole(s.sha256, s.mime, s.data));
  TB_RETURN_IF_ERROR(scans.MarkUploaded(reply.held));
  TB_RETURN_IF_ERROR(replica.RecordAttempt(Status::Ok()));
  BundleImportSummary sum{std::max(push.acked_seq, state.acked_seq),
                          static_cast<std::int64_t>(pull.changes.size()), pull.open_conflicts,
                          static_cast<std::int64_t>(push.rejected.size()), !pull.more};
  sum.scans_received = static_cast<std::int64_t>(reply.scans.size());
  sum.scans_confirmed = static_cast<std::int64_t>(reply.held.size());
  if (push.acked_seq >= state.acked_seq) {
    sum.held = push.held;
    sum.refused = push.rejected;
    if (push.held) {
      TB_ASSIGN_OR_RETURN(sum.restamped, ClearHeld(replica, push));
    }
  }
  return sum;
}

}  // namespace tongban::node
