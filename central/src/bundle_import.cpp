#include "tongban/central/bundle_import.h"

#include <chrono>
#include <algorithm>
#include <set>
#include <variant>

#include "tongban/node/domain/replication_schema.h"
#include "tongban/sync/bundle.h"
#include "tongban/sync/scan_transfer.h"

namespace tongban::central {
namespace {

constexpr MessageDef kReplyBundle{"hub.bundle_is_reply", "{0} is a reply bundle; import it on the node"};
// Limits of one reply bundle: the admin meets them when a station's backlog is very large.
constexpr MessageDef kReplyTooLarge{"hub.bundle_reply_too_large",
                                    "the push reply is too large for a bundle"};
constexpr MessageDef kChangeTooLarge{"hub.bundle_change_too_large",
                                     "a change after {0} is too large for a bundle"};
constexpr MessageDef kScanIncomplete{"hub.bundle_scan_incomplete",
                                     "scan {0} is incomplete at the hub"};
constexpr MessageDef kScanTooLarge{"hub.bundle_scan_too_large", "scan {0} is too large for a bundle"};
constexpr MessageDef kHeldTooLarge{"hub.bundle_held_too_large",
                                   "the list of scans held is too large for a bundle"};
constexpr MessageDef kSchemaMismatch{"hub.bundle_schema_mismatch",
                                     "schema mismatch: the bundle was written for replication "
                                     "schema {0}, the hub serves {1} to {2}"};

constexpr MessageDef kChangedWhileRead{"hub.bundle_changed",
                                       "{0} changed while it was read; import it again"};

constexpr int kMaxReplyChanges = 200'000;
constexpr int kPullPage = 5000;
// Room left for the reply's changes once its scans are counted.
constexpr std::uint64_t kReplyChangeBudget =
    sync::kMaxBundleBytes - sync::kMaxBundleScanBytes - 2 * sync::kMaxBundleSectionBytes;

// The replies to a bundle's push pages, told to the node as one.
void Absorb(sync::PushReply& total, sync::PushReply&& page) {
  total.acked_seq = page.acked_seq;
  total.acked_hlc = page.acked_hlc;
  total.applied += page.applied;
  total.duplicates += page.duplicates;
  total.conflicts += page.conflicts;
  for (auto& r : page.rejected) total.rejected.push_back(std::move(r));
  total.open_conflicts = page.open_conflicts;
  total.held = std::move(page.held);
  total.hub_ms = page.hub_ms;
}

}  // namespace

Result<BundleImportSummary> ImportBundle(Hub& hub, const sync::FieldOrder* order,
                                         const std::string& in_path,
                                         const std::string& reply_path) {
  TB_ASSIGN_OR_RETURN(sync::BundleHeader peek, sync::PeekBundle(in_path));
  if (peek.kind != sync::BundleKind::kChanges)
    return InvalidArgument(kReplyBundle, {in_path});
  TB_ASSIGN_OR_RETURN(std::string key, hub.BundleKey(peek.node));
  // A node whose public key the hub holds must have signed its bundle.
  TB_ASSIGN_OR_RETURN(std::optional<sync::Sm2PublicKey> signer, hub.NodePublicKey(peek.node));
  // A revoked node's bundle is read (what it holds is still taken unless it was revoked
  // --now or told already); its reply orders it to erase its data.
  TB_ASSIGN_OR_RETURN(Hub::Standing standing, hub.StandingOf(peek.node));
  // Without a key pair the bundle's MAC key is all that proves it, and the hub keeps that:
  // where keys are required it is refused, or, from a revoked node, only answered with
  // the order to erase.
  if (!signer) {
    if (const Status keyless = hub.AllowKeyless(peek.node); !keyless.ok()) {
      if (!standing.revoked) return keyless;
      standing.takes = false;
    }
  }

  BundleImportSummary sum;
  sync::BundleHeader header;
  NodeInfo node;
  bool stopped = false;  // a page was held or cut short: the node sends the rest again
  std::vector<std::string> held, wanted;
  const auto accept = [&](const sync::BundleHeader& h) -> Status {
    // The keys were chosen for the node the first look named: the file checked must be
    // the same node's, or another node's bundle would pass under them.
    if (h.node != peek.node || h.format != peek.format || h.public_key != peek.public_key)
      return Corruption(kChangedWhileRead, {in_path});
    if (!node::ServesSchema(h.schema))
      return FailedPrecondition(kSchemaMismatch, {std::to_string(h.schema),
                                                   std::to_string(node::kOldestServedSchema),
                                                   std::to_string(node::kReplicationSchemaVersion)});
    header = h;
    TB_ASSIGN_OR_RETURN(node, hub.GetNode(h.node));
    // A node whose key the hub lacks (enrolled before key pairs) signed with the key its
    // header names, checked in the first pass: the hub keeps it from now on.
    if (!signer && !h.public_key.empty() && !standing.revoked)
      TB_RETURN_IF_ERROR(hub.RegisterNodeKey(h.node, h.public_key));
    return Status::Ok();
  };
  // Push pages in the node's order, as network batches are; then the scans, so the records
  // that name them are in the node's scope.
  const auto apply = [&](sync::BundleSection&& section) -> Status {
    if (!standing.takes) return Status::Ok();
    if (auto* push = std::get_if<sync::PushRequest>(&section)) {
      if (stopped) return Status::Ok();
      // Every page in the version the header named: fields are judged by it.
      if (push->schema != header.schema)
        return FailedPrecondition(kSchemaMismatch, {std::to_string(push->schema),
                                                     std::to_string(node::kOldestServedSchema),
                                                     std::to_string(node::kReplicationSchemaVersion)});
      const std::int64_t last = push->changes.empty() ? push->from_seq : push->changes.back().seq;
      TB_ASSIGN_OR_RETURN(sync::PushReply reply, hub.ApplyPush(node.code, *push, order));
      stopped = reply.held.has_value() || reply.acked_seq < last;
      Absorb(sum.push, std::move(reply));
    } else if (auto* scan = std::get_if<sync::BundleScan>(&section)) {
      TB_ASSIGN_OR_RETURN(bool allowed, hub.ScanInScope(node.code, scan->sha256, false));
      if (!allowed || !sync::IsScanType(scan->mime)) {
        sum.scans_refused.push_back("scan " + scan->sha256.substr(0, 12) +
                                    (allowed ? " has a type the hub does not take"
                                             : " is named by no case in the node's scope"));
        return Status::Ok();
      }
      TB_ASSIGN_OR_RETURN(ScanContent c, hub.PutScan(node.code, scan->sha256, scan->mime, scan->data));
      if (c.complete) held.push_back(scan->sha256);
    } else if (auto* want = std::get_if<sync::ScansWanted>(&section)) {
      wanted = std::move(want->sha256);
    }
    return Status::Ok();
  };
  TB_RETURN_IF_ERROR(sync::ReadBundle(in_path, key, accept, apply, signer ? &*signer : nullptr));
  sum.node = node.code;
  sum.scans_stored = static_cast<std::int64_t>(held.size());

  // The reply, in the format and replication schema the node wrote, so a node one version
  // behind reads it.
  const sync::BundleHeader reply_header{
      sync::BundleKind::kReply, node.code, header.schema,
      std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::system_clock::now().time_since_epoch())
          .count(),
      header.pull_cursor,
      header.format <= sync::kLegacyBundleFormat ? sync::kLegacyBundleFormat : header.format};
  if (standing.revoked) {
    // What was taken is acknowledged; nothing more goes to the node but the order.
    (void)hub.RequireActive(node.code);  // recorded as told
    sync::BundleHeader wipe_header = reply_header;
    wipe_header.wipe = true;
    TB_ASSIGN_OR_RETURN(auto reply, sync::BundleWriter::Create(reply_path, wipe_header, key));
    TB_ASSIGN_OR_RETURN(bool added, reply->Add(sum.push));
    if (!added) return Status(ErrorCode::kInternal, kReplyTooLarge);
    TB_RETURN_IF_ERROR(reply->Finish());
    sum.reply_path = reply_path;
    sum.wipe = true;
    return sum;
  }
  TB_ASSIGN_OR_RETURN(auto reply, sync::BundleWriter::Create(reply_path, reply_header, key));
  TB_ASSIGN_OR_RETURN(bool added, reply->Add(sum.push));
  if (!added) return Status(ErrorCode::kInternal, kReplyTooLarge);

  // Everything in the node's scope after what it said it has, page by page, up to a bound.
  std::int64_t cursor = header.pull_cursor;
  int limit = kPullPage;
  for (;;) {
    TB_ASSIGN_OR_RETURN(auto page, hub.Pull(node.code, {header.schema, node.code,
                                                     cursor, limit}));
    TB_ASSIGN_OR_RETURN(added, reply->Add(page));
    if (!added) {  // a page of large records: fewer of them
      if (limit == 1) return Status(ErrorCode::kInternal, kChangeTooLarge, {std::to_string(cursor)});
      limit = std::max(1, limit / 2);
      continue;
    }
    // The scans the node needs as processing office include those named by records it
    // receives now (it could not ask for them yet).
    for (const auto& c : page.changes)
      if (c.table == "case_scans")
        for (const auto& f : c.fields)
          if (f.column == "sha256" && f.value.is_string()) wanted.push_back(f.value.get<std::string>());
    sum.reply_changes += static_cast<std::int64_t>(page.changes.size());
    cursor = page.cursor;
    sum.reply_complete = !page.more;
    if (!page.more || sum.reply_changes >= kMaxReplyChanges || reply->bytes() > kReplyChangeBudget) break;
  }

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
    if (data.size() != c.size) return Status(ErrorCode::kInternal, kScanIncomplete, {sha.substr(0, 12)});
    scan_bytes += c.size;
    TB_ASSIGN_OR_RETURN(added, reply->Add(sync::BundleScan{sha, c.mime, std::move(data)}));
    if (!added) return Status(ErrorCode::kInternal, kScanTooLarge, {sha.substr(0, 12)});
    ++sum.reply_scans;
  }
  if (!held.empty()) {
    TB_ASSIGN_OR_RETURN(added, reply->Add(sync::ScansHeld{std::move(held)}));
    if (!added) return Status(ErrorCode::kInternal, kHeldTooLarge);
  }
  TB_RETURN_IF_ERROR(reply->Finish());
  sum.reply_path = reply_path;
  return sum;
}

}  // namespace tongban::central
