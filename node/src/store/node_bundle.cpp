#include "tongban/node/store/node_bundle.h"

#include <algorithm>
#include <variant>

#include "tongban/node/domain/replication_schema.h"
#include "tongban/node/store/node_replica.h"
#include "tongban/node/store/node_sync.h"
#include "tongban/node/store/scan_store.h"
#include "tongban/sync/bundle.h"
#include "tongban/sync/clock_skew.h"
#include "tongban/sync/sync_client.h"

namespace tongban::node {
namespace {

// Messages (Chinese in node/src/messages/catalog_services.cpp).
constexpr MessageDef kNotEnrolled{"station_bundle.not_enrolled",
                                  "this node is not enrolled with a hub, so it cannot sign "
                                  "bundles"};
constexpr MessageDef kOwnBundle{"station_bundle.own_bundle",
                                "{0} holds this node's own changes; import it at the hub"};
constexpr MessageDef kWrongNode{"station_bundle.wrong_node", "bundle is for node {0}, this is {1}"};

Result<std::string> MacKey(NodeStore& store) {
  TB_ASSIGN_OR_RETURN(std::string secret, store.Meta("node_secret"));
  if (secret.empty())
    return FailedPrecondition(kNotEnrolled);
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
  TB_ASSIGN_OR_RETURN(std::string key, MacKey(store));
  TB_ASSIGN_OR_RETURN(sync::Sm2Key signer, NodeSigningKey(store));
  NodeReplica replica(store);
  TB_ASSIGN_OR_RETURN(const int schema, SpokenSchema());
  replica.SpeakSchema(schema);
  TB_ASSIGN_OR_RETURN(sync::ReplicaState state, replica.State());
  const sync::BundleHeader header{sync::BundleKind::kChanges, store.identity().code, schema,
                                  sync::SystemWallClock::Instance().NowMillis(), state.pull_cursor};
  TB_ASSIGN_OR_RETURN(auto bundle, sync::BundleWriter::Create(path, header, key, &signer));
  BundleExportSummary sum;

  // Unsent changes page by page; one page at least, so the hub always answers where it stands.
  constexpr int kPage = 2000;
  constexpr std::uint64_t kChangeBudget =
      sync::kMaxBundleBytes - sync::kMaxBundleScanBytes - 2 * sync::kMaxBundleSectionBytes;
  std::int64_t after = state.acked_seq;
  int page = kPage;
  bool first = true;
  for (;;) {
    if (!first && bundle->bytes() > kChangeBudget) {
      sum.changes_waiting = state.last_seq - after;
      break;
    }
    TB_ASSIGN_OR_RETURN(auto changes, replica.LocalChanges(after, page));
    if (changes.empty() && !first) break;
    const sync::PushRequest push{schema, store.identity().code, after, std::move(changes)};
    TB_ASSIGN_OR_RETURN(bool added, bundle->Add(push));
    if (!added) {  // a page of large records: fewer of them
      if (page == 1) return Internal("change " + std::to_string(after + 1) + " is too large for a bundle");
      page = std::max(1, page / 2);
      continue;
    }
    first = false;
    if (push.changes.empty()) break;
    sum.changes += static_cast<std::int64_t>(push.changes.size());
    after = push.changes.back().seq;
  }

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
    TB_ASSIGN_OR_RETURN(bool added, bundle->Add(sync::BundleScan{s.sha256, s.mime, std::move(data)}));
    if (!added) return Internal("scan " + s.sha256.substr(0, 12) + " is too large for a bundle");
    ++sum.scans;
  }
  TB_ASSIGN_OR_RETURN(auto wanted, scans.PendingDownloads());
  if (!wanted.empty()) {
    sync::ScansWanted want;
    for (const auto& s : wanted) want.sha256.push_back(s.sha256);
    TB_ASSIGN_OR_RETURN(bool added, bundle->Add(want));
    if (!added) return Internal("the list of wanted scans is too large for a bundle");
    sum.scans_wanted = static_cast<std::int64_t>(want.sha256.size());
  }
  // Synced and renamed into place: a stick pulled out early leaves no half file, and a
  // bundle reported written is on the stick.
  TB_RETURN_IF_ERROR(bundle->Finish());
  if (sum.changes > 0) TB_RETURN_IF_ERROR(store.SetMeta(std::string(kBundleExportedKey), std::to_string(after)));
  sum.bytes = static_cast<std::int64_t>(bundle->bytes());
  return sum;
}

Result<BundleImportSummary> ImportReplyBundle(NodeStore& store, const std::string& path) {
  TB_ASSIGN_OR_RETURN(std::string key, MacKey(store));
  NodeReplica replica(store);
  ScanStore scans(store);
  sync::ReplicaState state;
  BundleImportSummary sum;
  sync::PushReply push;
  bool wipe = false;
  const auto accept = [&](const sync::BundleHeader& header) -> Status {
    wipe = header.wipe;
    if (header.kind != sync::BundleKind::kReply)
      return InvalidArgument(kOwnBundle, {path});
    if (header.node != store.identity().code)
      return PermissionDenied(kWrongNode, {header.node, store.identity().code});
    TB_ASSIGN_OR_RETURN(state, replica.State());
    return Status::Ok();
  };
  // Sections come checked and in order: the acknowledgement, the pull pages, then scans
  // after their records (storing one again changes nothing).
  const auto apply = [&](sync::BundleSection&& section) -> Status {
    if (auto* reply = std::get_if<sync::PushReply>(&section)) {
      push = std::move(*reply);
      // An old reply read again must not move the acknowledgement back; one that stands
      // where this node does still tells of a hold.
      if (push.acked_seq >= state.acked_seq) return replica.Acknowledge(push);
    } else if (auto* pull = std::get_if<sync::PullReply>(&section)) {
      TB_RETURN_IF_ERROR(replica.ApplyPull(*pull));
      sum.applied += static_cast<std::int64_t>(pull->changes.size());
      sum.open_conflicts = pull->open_conflicts;
      sum.complete = !pull->more;
    } else if (auto* scan = std::get_if<sync::BundleScan>(&section)) {
      TB_RETURN_IF_ERROR(scans.StoreWhole(scan->sha256, scan->mime, scan->data));
      ++sum.scans_received;
    } else if (auto* held = std::get_if<sync::ScansHeld>(&section)) {
      TB_RETURN_IF_ERROR(scans.MarkUploaded(held->sha256));
      sum.scans_confirmed = static_cast<std::int64_t>(held->sha256.size());
    }
    return Status::Ok();
  };
  TB_RETURN_IF_ERROR(sync::ReadBundle(path, key, accept, apply));
  // Revoked: the hub took what it would; the station is erased next (IsWipeOrder).
  if (wipe) return FailedPrecondition(sync::kWipeOrder, {store.identity().code});
  TB_RETURN_IF_ERROR(replica.RecordAttempt(Status::Ok()));
  sum.acked_seq = std::max(push.acked_seq, state.acked_seq);
  sum.rejected = static_cast<std::int64_t>(push.rejected.size());
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
