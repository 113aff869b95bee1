#include "tongban/central/hub.h"

#include <sodium.h>

#include <cstring>

#include "tongban/node/domain/replication_schema.h"
#include "tongban/sync/scan_transfer.h"
#include "tongban/sync/scope_digest.h"
#include "tongban/sync/sync_client.h"

namespace tongban::central {
namespace {

constexpr MessageDef kAuditBroken{"hub.audit_broken",
                                 "the audit trail of node {0} breaks at its entry {1}: it does not "
                                 "continue what the hub holds"};
constexpr MessageDef kAuditGap{"hub.audit_gap",
                                "the hub holds the audit trail of node {0} only up to entry {1}; "
                                "the node sends again from there"};
constexpr MessageDef kAuditOtherNode{"hub.audit_other_node",
                                     "node {0} sent audit entries of node {1}"};
constexpr MessageDef kCtxOpen{"hub.ctx_open_data", "open hub data in {0}"};
constexpr MessageDef kEnrollRefused{"hub.enroll_refused",
                                    "enrollment code is wrong, used already, or the node is unknown"};
constexpr MessageDef kNodeSecret{"hub.node_secret_wrong", "node {0} is unknown or its secret is wrong"};
constexpr MessageDef kAwaitsEnrollment{
    "hub.node_awaits_enrollment",
    "node {0} was given a new enrollment code and its old secret no longer works; enroll it "
    "with the new code ({1}; a new computer: {2})"};
constexpr MessageDef kNodeRevoked{"hub.node_revoked", "node {0} has been revoked; ask a central admin"};
constexpr MessageDef kBundleUnknownNode{"hub.bundle_unknown_node",
                                        "bundle comes from node {0}, which this hub does not know"};
constexpr MessageDef kNodeKeyOther{"hub.node_key_other",
                                   "the hub holds another key for node {0}; enroll it again"};
constexpr MessageDef kNodeKeyRequired{
    "hub.node_key_required",
    "node {0} has no key pair, and this hub serves only nodes that sign what they send: "
    "update its software and enroll it again"};
constexpr MessageDef kKeylessNodesLeft{
    "hub.keyless_nodes_left",
    "these nodes have no key pair yet and would be cut off: {0}; each registers one at its "
    "next sync with current software"};
constexpr MessageDef kNoEscrowKey{"hub.escrow_no_key",
                                  "this hub has no escrow key yet; make one with '{0}'"};
constexpr MessageDef kEscrowOtherKey{"hub.escrow_other_key",
                                     "the escrow code is sealed to another escrow key than the "
                                     "hub's; the node seals it again next round"};
constexpr MessageDef kEscrowBad{"hub.escrow_bad", "the escrowed code is empty or too large"};
constexpr MessageDef kNotEscrowed{"hub.escrow_none", "node {0} has not escrowed a key yet"};
using sync::kWipeOrder;
constexpr MessageDef kCtxChange{"hub.ctx_change", "change {0}"};
constexpr MessageDef kChunkMisfit{"hub.scan_chunk_misfit",
                                  "chunk at byte {0} does not fit a scan of {1} bytes"};
constexpr MessageDef kOtherSize{"hub.scan_other_size",
                                "the hub holds this scan with {0} bytes, not {1}"};
constexpr MessageDef kContentMismatch{"hub.scan_content_mismatch",
                                      "the scan's content does not match its SHA-256 {0}; the hub "
                                      "dropped what it held, send it again"};

using nlohmann::json;
using sync::Hlc;
using sync::RowId;

constexpr const char* kAdminTokenKey = "admin_token_hash";
constexpr const char* kCaseRowsBuilt = "case_rows_built";
constexpr const char* kEscrowKeySetting = "escrow_public_key";
constexpr const char* kEscrowChainSetting = "escrow_key_chain";  // sync/escrow_chain.h
constexpr const char* kNodeKeysRequired = "node_keys_required";   // "1": see AllowKeyless

std::string Hash(const std::string& secret) {
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(secret.data()),
                     secret.size(), nullptr, 0);
  return std::string(reinterpret_cast<char*>(out), sizeof out);
}

std::string HexHash(const std::string& secret) {
  const std::string h = Hash(secret);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, reinterpret_cast<const unsigned char*>(h.data()), h.size());
  return hex;
}

bool SameHash(const std::string& stored, const std::string& hash) {
  return stored.size() == hash.size() &&
         sodium_memcmp(stored.data(), hash.data(), hash.size()) == 0;
}

std::string RandomToken(std::size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                    raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::strlen(out.c_str()));
  return out;
}

}  // namespace

Hub::Hub(std::unique_ptr<HubStorage> storage, sync::WallClock& wall)
    : storage_(std::move(storage)), wall_(wall) {}

Result<std::unique_ptr<Hub>> Hub::Open(const std::string& data_dir, SqliteHubOptions options) {
  TB_ASSIGN_OR_RETURN(auto storage, OpenSqliteHubStorage(data_dir, options));
  auto hub = std::make_unique<Hub>(std::move(storage), sync::SystemWallClock::Instance());
  TB_RETURN_IF_ERROR(hub->Upgrade().WithContext(kCtxOpen, {data_dir}));
  return hub;
}

Result<Hub::DataMark> Hub::Mark() {
  DataMark mark;
  TB_ASSIGN_OR_RETURN(mark.epoch, storage_->LoadSetting("epoch"));
  TB_ASSIGN_OR_RETURN(const std::string base, storage_->LoadSetting("epoch_base"));
  if (!base.empty()) mark.base_seq = std::stoll(base);
  return mark;
}

Status Hub::Upgrade() {
  // Child records written before records.case_row (hub migration 5) are named their
  // case once, so a reroute finds them by index.
  TB_ASSIGN_OR_RETURN(std::string done, storage_->LoadSetting(kCaseRowsBuilt));
  if (!done.empty()) return Status::Ok();
  TB_ASSIGN_OR_RETURN(auto tx, storage_->Begin());
  TB_RETURN_IF_ERROR(storage_->ForEachRecord(
      "", nullptr, [&](const std::string& table, const RowId& row, const HubRecord& r) {
        const node::TableSpec* spec = node::SpecByName(table);
        if (r.case_row || !spec) return Status::Ok();
        sync::Change probe;
        probe.row = row;
        const auto kase = HubEngine::ParentOf(*spec, probe, r);
        if (!kase) return Status::Ok();
        HubRecord named = r;
        named.case_row = kase;
        return storage_->SaveRecord(table, row, named);
      }));
  TB_RETURN_IF_ERROR(storage_->SaveSetting(kCaseRowsBuilt, "1"));
  return tx->Commit();
}

Result<HubTime> Hub::Time() {
  TB_ASSIGN_OR_RETURN(Hlc last, storage_->LoadClock());
  return HubTime{wall_.NowMillis(), last};
}

// ------------------------------------------------------------------ nodes

Result<std::string> Hub::AddNode(const NodeInfo& node) {
  const std::string code = RandomToken(6);
  TB_RETURN_IF_ERROR(storage_->InsertNode(node, Hash(code), wall_.NowMillis()));
  return code;
}

Result<std::string> Hub::ReenrollNode(const std::string& code) {
  TB_ASSIGN_OR_RETURN(auto tx, storage_->Begin());
  TB_ASSIGN_OR_RETURN(auto cred, storage_->LoadCredentials(code));
  if (!cred) return storage_->GetNode(code).status();  // names the unknown node
  const std::string enrollment = RandomToken(6);
  // A revoked node's machine is gone (lost, stolen, replaced): what it still holds is
  // told to erase itself when it calls with its old secret.
  TB_RETURN_IF_ERROR(storage_->ReopenEnrollment(code, Hash(enrollment),
                                                cred->revoked && !cred->secret_hash.empty()));
  TB_RETURN_IF_ERROR(tx->Commit());
  return enrollment;
}

Result<Enrolled> Hub::Enroll(const std::string& code, const std::string& enrollment,
                             const std::string& public_key,
                             const std::optional<EnrollResume>& resume) {
  if (!public_key.empty()) TB_RETURN_IF_ERROR(sync::Sm2PublicKey::FromDer(public_key).status());
  if (public_key.empty()) TB_RETURN_IF_ERROR(AllowKeyless(code));
  TB_ASSIGN_OR_RETURN(auto tx, storage_->Begin());
  TB_ASSIGN_OR_RETURN(auto cred, storage_->LoadCredentials(code));
  if (!cred || cred->revoked || !SameHash(cred->enroll_hash, Hash(enrollment)))
    return PermissionDenied(kEnrollRefused);
  Enrolled out;
  out.secret = RandomToken(32);
  const Millis now = wall_.NowMillis();
  TB_RETURN_IF_ERROR(storage_->SaveSecret(code, Hash(out.secret), now));
  TB_RETURN_IF_ERROR(storage_->SaveNodeKey(code, public_key));
  TB_ASSIGN_OR_RETURN(NodeInfo node, storage_->GetNode(code));
  TB_ASSIGN_OR_RETURN(PushProgress held, storage_->LoadProgress(code));
  out.known = held.acked_seq > 0 || node.pulled_cursor > 0;
  if (out.known && resume) {
    // The node's changes are numbered as its database has them now (restored, or new).
    // A restored backup's changes after its last acknowledged one were mostly taken before
    // the loss: when the hub logged its newest one as it is, they all were (a node sends in
    // order), and none goes again, so none meets a later edit as a conflict. Never past
    // what the hub holds (a hub restored from a backup gets the rest again). A held change
    // goes again. (The lookup reads the log without an index: enrollments are rare.)
    PushProgress from{resume->acked_seq, resume->acked_hlc, {}};
    if (resume->last_seq > resume->acked_seq && resume->last_seq <= held.acked_seq) {
      TB_ASSIGN_OR_RETURN(auto logged, storage_->LoggedChangeHlc(code, resume->last_seq));
      if (logged == resume->last_hlc) from = {resume->last_seq, resume->last_hlc, {}};
    }
    if (from.acked_seq > held.acked_seq) from = {held.acked_seq, held.acked_hlc, {}};
    TB_RETURN_IF_ERROR(storage_->SaveProgress(code, from, 0, 0, now));
    // A new machine makes its first account before it pulls the station's: it is told
    // which logins are taken.
    const ScopeFilter scope = HubEngine::ScopeOf(code);
    TB_RETURN_IF_ERROR(storage_->ForEachRecord(
        "staff", &scope, [&](const std::string&, const sync::RowId&, const HubRecord& r) {
          auto login = r.fields.find("login");
          if (!r.deleted && login != r.fields.end() && login->second.value.is_string())
            out.logins.push_back(login->second.value.get<std::string>());
          return Status::Ok();
        }));
  }
  TB_RETURN_IF_ERROR(tx->Commit());
  return out;
}

Status Hub::RegisterNodeKey(const std::string& code, const std::string& public_key) {
  TB_RETURN_IF_ERROR(sync::Sm2PublicKey::FromDer(public_key).status());
  TB_ASSIGN_OR_RETURN(auto tx, storage_->Begin());
  TB_ASSIGN_OR_RETURN(auto cred, storage_->LoadCredentials(code));
  if (!cred) return PermissionDenied(kNodeSecret, {code});
  if (cred->public_key == public_key) return Status::Ok();
  if (!cred->public_key.empty()) return FailedPrecondition(kNodeKeyOther, {code});
  // A first key comes with the secret alone as its proof: not where keys are required.
  TB_RETURN_IF_ERROR(AllowKeyless(code));
  TB_RETURN_IF_ERROR(storage_->SaveNodeKey(code, public_key));
  return tx->Commit();
}

Result<bool> Hub::NodeKeysRequired() {
  TB_ASSIGN_OR_RETURN(std::string v, storage_->LoadSetting(kNodeKeysRequired));
  return v == "1";
}

Status Hub::AllowKeyless(const std::string& code) {
  TB_ASSIGN_OR_RETURN(bool required, NodeKeysRequired());
  if (required) return PermissionDenied(kNodeKeyRequired, {code});
  return Status::Ok();
}

Status Hub::RequireNodeKeys(bool on) {
  if (on) {
    std::string keyless;
    TB_ASSIGN_OR_RETURN(auto nodes, ListNodes());
    for (const auto& n : nodes) {
      if (!n.enrolled || n.revoked) continue;
      TB_ASSIGN_OR_RETURN(auto cred, storage_->LoadCredentials(n.code));
      if (cred && cred->public_key.empty()) keyless += (keyless.empty() ? "" : ", ") + n.code;
    }
    if (!keyless.empty()) return FailedPrecondition(kKeylessNodesLeft, {keyless});
  }
  return storage_->SaveSetting(kNodeKeysRequired, on ? "1" : "0");
}

Result<std::optional<sync::Sm2PublicKey>> Hub::NodePublicKey(const std::string& code) {
  TB_ASSIGN_OR_RETURN(auto cred, storage_->LoadCredentials(code));
  if (!cred || cred->public_key.empty()) return std::optional<sync::Sm2PublicKey>();
  TB_ASSIGN_OR_RETURN(auto key, sync::Sm2PublicKey::FromDer(cred->public_key));
  return std::optional<sync::Sm2PublicKey>(std::move(key));
}

Status Hub::Authenticate(const std::string& code, const std::string& secret) {
  TB_ASSIGN_OR_RETURN(auto cred, storage_->LoadCredentials(code));
  if (!cred) return PermissionDenied(kNodeSecret, {code});
  if (!SameHash(cred->secret_hash, Hash(secret))) {
    // The lost machine of a node enrolled again erases what it holds.
    if (!cred->retired_secret_hash.empty() && SameHash(cred->retired_secret_hash, Hash(secret)))
      return FailedPrecondition(kWipeOrder, {code});
    if (cred->secret_hash.empty() && !cred->enroll_hash.empty())
      return PermissionDenied(kAwaitsEnrollment, {code, "tongban enroll --again", "tongban init --enroll"});
    return PermissionDenied(kNodeSecret, {code});
  }
  // Told once, told again: an order lost on the way, or a wipe that failed, is given anew.
  if (cred->revoked && (cred->wipe_told || cred->revoked_now)) return FailedPrecondition(kWipeOrder, {code});
  // Where keys are required, a node without one is refused before anything it sends is read;
  // a revoked one is told to erase its data at once (what it holds cannot be told from a
  // forgery made with the hub's data).
  if (cred->public_key.empty()) {
    const Status keyless = AllowKeyless(code);
    if (!keyless.ok() && cred->revoked) return FailedPrecondition(kWipeOrder, {code});
    return keyless;
  }
  return Status::Ok();
}

Status Hub::RequireActive(const std::string& code) {
  // Every pull asks: a read only, unless the node is revoked (a write lock is not free).
  TB_ASSIGN_OR_RETURN(const Standing standing, StandingOf(code));
  if (!standing.revoked) return Status::Ok();
  TB_ASSIGN_OR_RETURN(auto tx, storage_->Begin());
  TB_RETURN_IF_ERROR(storage_->MarkWipeTold(code, wall_.NowMillis()));
  TB_RETURN_IF_ERROR(tx->Commit());
  return FailedPrecondition(kWipeOrder, {code});
}

Result<std::string> Hub::BundleKey(const std::string& code) {
  TB_ASSIGN_OR_RETURN(auto cred, storage_->LoadCredentials(code));
  if (!cred || cred->secret_hash.size() != 32)
    return PermissionDenied(kBundleUnknownNode, {code});
  return cred->secret_hash;
}

Result<Hub::Standing> Hub::StandingOf(const std::string& code) {
  TB_ASSIGN_OR_RETURN(auto cred, storage_->LoadCredentials(code));
  if (!cred || !cred->revoked) return Standing{};
  return Standing{true, !cred->revoked_now && !cred->wipe_told};
}

Result<std::optional<sync::Sm2PublicKey>> Hub::EscrowKey() {
  TB_ASSIGN_OR_RETURN(std::string b64, storage_->LoadSetting(kEscrowKeySetting));
  if (b64.empty()) return std::optional<sync::Sm2PublicKey>();
  TB_ASSIGN_OR_RETURN(std::string der, sync::FromBase64(b64));
  TB_ASSIGN_OR_RETURN(auto key, sync::Sm2PublicKey::FromDer(der));
  return std::optional<sync::Sm2PublicKey>(std::move(key));
}

Result<std::vector<sync::EscrowLink>> Hub::EscrowChain() {
  TB_ASSIGN_OR_RETURN(std::string text, storage_->LoadSetting(kEscrowChainSetting));
  std::vector<sync::EscrowLink> chain;
  if (!text.empty()) {
    TB_ASSIGN_OR_RETURN(chain, sync::DecodeEscrowChain(text));
  }
  // A key set where the chain was not kept (a hub from before it) ends the chain unendorsed.
  TB_ASSIGN_OR_RETURN(auto key, EscrowKey());
  if (key && (chain.empty() || chain.back().public_der != key->der())) chain.push_back({key->der(), ""});
  return chain;
}

Status Hub::SetEscrowKey(const sync::Sm2PublicKey& key, const std::string& endorsement) {
  TB_ASSIGN_OR_RETURN(auto tx, storage_->Begin());
  TB_ASSIGN_OR_RETURN(std::vector<sync::EscrowLink> chain, EscrowChain());
  if (!chain.empty() && chain.back().public_der == key.der()) return Status::Ok();
  chain.push_back({key.der(), endorsement});
  TB_RETURN_IF_ERROR(storage_->SaveSetting(kEscrowChainSetting, sync::EncodeEscrowChain(chain)));
  TB_RETURN_IF_ERROR(storage_->SaveSetting(kEscrowKeySetting, sync::ToBase64(key.der())));
  return tx->Commit();
}

Status Hub::SaveEscrow(const std::string& code, const NodeEscrow& escrow) {
  if (escrow.sealed.empty() || escrow.sealed.size() > 1024) return InvalidArgument(kEscrowBad);
  TB_ASSIGN_OR_RETURN(auto tx, storage_->Begin());
  TB_ASSIGN_OR_RETURN(auto key, EscrowKey());
  if (!key) return NotFound(kNoEscrowKey, {"tongban-central escrow init"});
  if (key->Id() != escrow.key_id) return FailedPrecondition(kEscrowOtherKey);
  TB_RETURN_IF_ERROR(storage_->SaveEscrow(code, escrow));
  return tx->Commit();
}

Result<NodeEscrow> Hub::LoadEscrow(const std::string& code) {
  TB_ASSIGN_OR_RETURN(auto escrow, storage_->LoadEscrow(code));
  if (!escrow) return NotFound(kNotEscrowed, {code});
  return *escrow;
}

Status Hub::RevokeNode(const std::string& code, bool now) { return storage_->RevokeNode(code, now); }
Result<std::vector<NodeInfo>> Hub::ListNodes() { return storage_->ListNodes(); }
Result<NodeInfo> Hub::GetNode(const std::string& code) { return storage_->GetNode(code); }

// ------------------------------------------------------------------ push

Status Hub::Write(const WritePlan& plan, const sync::Change& c, HubTime& time) {
  HubRepository& repo = *storage_;
  if (plan.save) TB_RETURN_IF_ERROR(repo.SaveRecord(c.table, c.row, plan.record));
  for (const auto& conflict : plan.conflicts)
    TB_RETURN_IF_ERROR(repo.AddConflict(c.table, c.row, plan.record, conflict, time.now));
  if (plan.names_scan) TB_RETURN_IF_ERROR(repo.IndexScan(c.row, plan.record));
  for (const auto& entry : plan.log) TB_RETURN_IF_ERROR(repo.AppendLog(entry));
  if (plan.rerouted_from) {
    TB_ASSIGN_OR_RETURN(auto children, repo.LoadCaseChildren(c.row));
    const auto entries =
        HubEngine::PlanReroute(c.row, plan.record, *plan.rerouted_from, children, time);
    for (const auto& child : children)
      TB_RETURN_IF_ERROR(repo.SaveRecord(child.table, child.row, child.record));
    for (const auto& entry : entries) TB_RETURN_IF_ERROR(repo.AppendLog(entry));
  }
  return Status::Ok();
}

Result<sync::PushReply> Hub::ApplyPushInTransaction(const std::string& node,
                                                    const sync::PushRequest& req,
                                                    const HubEngine& engine, HubTime& time) {
  HubRepository& repo = *storage_;
  sync::PushReply reply;
  TB_ASSIGN_OR_RETURN(PushProgress progress, repo.LoadProgress(node));
  int refused = 0;
  Hlc held_hlc = 0;  // of the change held, if one is
  for (const sync::Change& c : req.changes) {
    if (c.seq <= progress.acked_seq) {
      ++reply.duplicates;  // a replay: already applied, changes nothing
      continue;
    }
    if (c.seq != progress.acked_seq + 1) break;  // a gap: the node resends from acked_seq
    TB_ASSIGN_OR_RETURN(HubRecord record, repo.LoadRecord(c.table, c.row));
    ParentCase parent;
    if (const node::TableSpec* spec = node::SpecByName(c.table))
      if (auto id = HubEngine::ParentOf(*spec, c, record)) {
        // Read from storage, where a case written earlier in this batch already is: the
        // scope is the same whichever batch its records come in.
        TB_ASSIGN_OR_RETURN(parent.scope, repo.LoadCaseScope(*id));
        if (!parent.scope) {
          TB_ASSIGN_OR_RETURN(parent.refused, repo.WasRefused("cases", *id));
        }
      }
    WritePlan plan = engine.Plan(node, c, std::move(record), parent, time, req.schema);
    if (plan.verdict == Verdict::kHold) {
      reply.held = sync::Held{c.seq, plan.code, plan.args, plan.reason};
      held_hlc = c.hlc;
      break;
    }
    if (plan.verdict == Verdict::kRefuse) {
      // Written at once: a child later in this same batch reads it back.
      if (plan.remember_refusal)
        TB_RETURN_IF_ERROR(repo.RememberRefusal(c.table, c.row, node, plan.code, time.now));
      reply.rejected.push_back(sync::Rejection{c.seq, plan.reason, plan.code, plan.args});
      ++refused;
    } else {
      TB_RETURN_IF_ERROR(Write(plan, c, time).WithContext(kCtxChange, {std::to_string(c.seq)}));
      reply.conflicts += static_cast<int>(plan.conflicts.size());
      ++reply.applied;
    }
    progress.acked_seq = c.seq;
    progress.acked_hlc = c.hlc;
  }
  progress.hold =
      HubEngine::NextHold(progress.hold, progress.acked_seq, reply.held, time.now, held_hlc);
  TB_RETURN_IF_ERROR(repo.SaveProgress(node, progress, reply.applied, refused, time.now));
  reply.acked_seq = progress.acked_seq;
  reply.acked_hlc = progress.acked_hlc;
  reply.hub_ms = time.now;
  return reply;
}

Result<sync::PushReply> Hub::ApplyPush(const std::string& node, const sync::PushRequest& req,
                                       const sync::FieldOrder* order) {
  return std::move(ApplyPushes({PushFrom{node, &req}}, order).front());
}

std::vector<Result<sync::PushReply>> Hub::ApplyPushes(const std::vector<PushFrom>& pushes,
                                                      const sync::FieldOrder* order) {
  const HubEngine engine(order);
  // All of them in one transaction: a storage error anywhere rolls the whole group back.
  const auto together = [&](const std::vector<PushFrom>& group)
      -> Result<std::vector<sync::PushReply>> {
    TB_ASSIGN_OR_RETURN(auto tx, storage_->Begin());
    TB_ASSIGN_OR_RETURN(HubTime time, Time());
    std::vector<sync::PushReply> replies;
    for (const auto& p : group) {
      TB_ASSIGN_OR_RETURN(auto reply, ApplyPushInTransaction(p.node, *p.request, engine, time));
      replies.push_back(std::move(reply));
    }
    TB_RETURN_IF_ERROR(storage_->SaveClock(time.last));
    TB_RETURN_IF_ERROR(tx->Commit());
    return replies;
  };
  std::vector<Result<sync::PushReply>> out;
  auto group = together(pushes);
  if (group.ok()) {
    for (auto& reply : *group) out.emplace_back(std::move(reply));
  } else if (pushes.size() == 1) {
    out.emplace_back(group.status());
  } else {
    for (const auto& p : pushes) {
      auto alone = together({p});
      out.push_back(alone.ok() ? Result<sync::PushReply>(std::move(alone->front()))
                               : Result<sync::PushReply>(alone.status()));
    }
  }
  // Counted after the commit, outside the transaction, as the node's scope sees them.
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (!out[i].ok()) continue;
    auto open = storage_->CountOpenConflicts(HubEngine::ScopeOf(pushes[i].node));
    if (!open.ok()) out[i] = open.status();
    else out[i]->open_conflicts = *open;
  }
  return out;
}

// ------------------------------------------------------------------ pull

Result<sync::PullReply> Hub::Pull(const std::string& node, const sync::PullRequest& req,
                                  const Said* said) {
  HubRepository& repo = *storage_;
  const PullQuery query = HubEngine::PlanPullQuery(node, req);
  TB_ASSIGN_OR_RETURN(auto tx, repo.Begin());
  TB_ASSIGN_OR_RETURN(auto entries, repo.ReadLog(query));
  TB_ASSIGN_OR_RETURN(std::int64_t newest, repo.NewestLogSeq());
  sync::PullReply reply =
      HubEngine::PlanPullReply(query, std::move(entries), newest, wall_.NowMillis());
  TB_RETURN_IF_ERROR(repo.SavePulledCursor(node, reply.cursor, reply.hub_ms));
  if (said) {
    NodeReport report{said->software, std::nullopt, req.schema};
    if (said->clock_ms) report.clock_offset_ms = *said->clock_ms - reply.hub_ms;
    TB_RETURN_IF_ERROR(storage_->SaveNodeReport(node, report));
  }
  TB_RETURN_IF_ERROR(tx->Commit());
  TB_ASSIGN_OR_RETURN(reply.open_conflicts, repo.CountOpenConflicts(query.filter));
  if (!reply.more) {  // the pull is done: which fields still wait for an admin
    TB_ASSIGN_OR_RETURN(reply.conflict_marks,
                        repo.ListOpenConflictMarks(query.filter, sync::kMaxConflictMarks));
    // Marks on fields the node does not know would mark nothing it shows.
    std::erase_if(*reply.conflict_marks, [&](const sync::ConflictMark& m) {
      const node::TableSpec* spec = node::SpecByName(m.table);
      return spec && m.column != "*" && !node::InSchema(spec->id, m.column, query.schema);
    });
  }
  return reply;
}

Result<std::string> Hub::Digest(const std::string& node, int schema) {
  const ScopeFilter scope = HubEngine::ScopeOf(node);
  sync::ScopeDigest digest;
  TB_RETURN_IF_ERROR(storage_->ForEachRecord(
      "", &scope, [&](const std::string& table, const RowId& row, const HubRecord& r) {
        if (r.deleted) return Status::Ok();
        const node::TableSpec* spec = node::SpecByName(table);
        digest.Add(table, row, spec ? r.MaxVersion(spec->id, schema) : r.MaxVersion());
        return Status::Ok();
      }));
  return digest.Finish();
}

// ------------------------------------------------------------------ publish

Status Hub::Publish(const std::string& table, const RowId& row,
                    const std::vector<PublishedField>& fields, const std::string& user) {
  HubRepository& repo = *storage_;
  TB_ASSIGN_OR_RETURN(auto tx, repo.Begin());
  TB_ASSIGN_OR_RETURN(HubRecord r, repo.LoadRecord(table, row));
  TB_ASSIGN_OR_RETURN(HubTime time, Time());
  const WritePlan plan = HubEngine::PlanPublish(table, row, std::move(r), fields, user, time);
  if (plan.save) TB_RETURN_IF_ERROR(repo.SaveRecord(table, row, plan.record));
  for (const auto& entry : plan.log) TB_RETURN_IF_ERROR(repo.AppendLog(entry));
  TB_RETURN_IF_ERROR(repo.SaveClock(time.last));
  return tx->Commit();
}

Result<std::optional<json>> Hub::RecordField(const std::string& table, const RowId& row,
                                             const std::string& column) {
  TB_ASSIGN_OR_RETURN(HubRecord r, storage_->LoadRecord(table, row));
  if (!r.exists || !r.Field(column)) return std::optional<json>();
  return std::optional<json>(r.Value(column));
}

Status Hub::ForEachRecord(const std::string& table,
                          const std::function<Status(const RowId&, const json& values)>& fn) {
  return storage_->ForEachRecord(
      table, nullptr, [&](const std::string&, const RowId& row, const HubRecord& r) {
        if (r.deleted) return Status::Ok();
        json values = json::object();
        for (const auto& [col, f] : r.fields) values[col] = f.value;
        return fn(row, values);
      });
}

// ------------------------------------------------------------------ conflicts

Result<std::vector<ConflictRecord>> Hub::ListConflicts(bool open_only) {
  return storage_->ListConflicts(open_only);
}

Result<ConflictRecord> Hub::GetConflict(std::int64_t id) { return storage_->GetConflict(id); }

Result<ConflictRecord> Hub::ResolveConflict(std::int64_t id, Take take, const json& value,
                                            const std::string& note, const std::string& admin) {
  HubRepository& repo = *storage_;
  TB_ASSIGN_OR_RETURN(auto tx, repo.Begin());
  // Read inside the transaction: two admins cannot both resolve it.
  TB_ASSIGN_OR_RETURN(ConflictRecord c, repo.GetConflict(id));
  TB_ASSIGN_OR_RETURN(HubRecord r, repo.LoadRecord(c.table, c.row));
  std::vector<HubEngine::Child> children;
  if (HubEngine::ResolutionMovesChildren(c)) {
    TB_ASSIGN_OR_RETURN(children, repo.LoadCaseChildren(c.row));
  }
  TB_ASSIGN_OR_RETURN(HubTime time, Time());
  TB_ASSIGN_OR_RETURN(HubEngine::Resolution plan,
                      HubEngine::PlanResolution(c, std::move(r), std::move(children), take, value,
                                                note, admin, time));
  if (plan.save) TB_RETURN_IF_ERROR(repo.SaveRecord(c.table, c.row, plan.record));
  for (const auto& child : plan.children)
    TB_RETURN_IF_ERROR(repo.SaveRecord(child.table, child.row, child.record));
  for (const auto& entry : plan.log) TB_RETURN_IF_ERROR(repo.AppendLog(entry));
  TB_RETURN_IF_ERROR(repo.SaveResolution(plan.conflict));
  TB_RETURN_IF_ERROR(repo.SaveClock(time.last));
  TB_RETURN_IF_ERROR(tx->Commit());
  return repo.GetConflict(id);
}

// ------------------------------------------------------------------ scans

Result<bool> Hub::ScanInScope(const std::string& node, const std::string& sha256,
                              bool office_only) {
  TB_ASSIGN_OR_RETURN(auto named_by, storage_->ScanNamedBy(sha256));
  return HubEngine::MayTransferScan(node, named_by, office_only);
}

Result<ScanContent> Hub::GetScan(const std::string& sha256) { return storage_->LoadScan(sha256); }

Result<std::int64_t> Hub::AppendAudit(const std::string& node,
                                      const std::vector<sync::AuditEntry>& entries) {
  AuditRepository& audit = *storage_;
  TB_ASSIGN_OR_RETURN(auto tx, storage_->Begin());
  TB_ASSIGN_OR_RETURN(std::optional<sync::AuditEntry> last, audit.LastAudit(node));
  std::vector<sync::AuditEntry> fresh;
  for (const auto& e : entries) {
    if (e.node != node) return PermissionDenied(kAuditOtherNode, {node, e.node});
    if (!last || e.seq > last->seq) {
      fresh.push_back(e);
      continue;
    }
    // A replay of what the hub holds is skipped, but only if it is the same entry: a
    // node restored from a backup may number new entries like old ones.
    TB_ASSIGN_OR_RETURN(auto held, audit.AuditEntries(node, e.seq - 1, 1));
    if (held.empty() || held.front().hash != e.hash)
      return FailedPrecondition(kAuditBroken, {node, std::to_string(e.seq)});
  }
  // Entries after a gap: the hub lost some (its data restored); the node resends from
  // where the hub stands.
  if (!fresh.empty() && fresh.front().seq > (last ? last->seq : 0) + 1)
    return FailedPrecondition(kAuditGap, {node, std::to_string(last ? last->seq : 0)});
  if (auto broken = sync::FirstBrokenLink(last, fresh))
    return FailedPrecondition(kAuditBroken, {node, std::to_string(*broken)});
  TB_RETURN_IF_ERROR(audit.AppendAudit(fresh));
  TB_RETURN_IF_ERROR(tx->Commit());
  return fresh.empty() ? (last ? last->seq : 0) : fresh.back().seq;
}

Result<std::vector<sync::AuditEntry>> Hub::AuditTrail(const std::string& node,
                                                      std::int64_t after_seq, int limit) {
  AuditRepository& audit = *storage_;
  return audit.AuditEntries(node, after_seq, limit);
}

Result<std::vector<Hub::NodeAuditCheck>> Hub::VerifyAudit(const std::string& node) {
  AuditRepository& audit = *storage_;
  std::vector<std::string> nodes{node};
  if (node.empty()) {
    TB_ASSIGN_OR_RETURN(nodes, audit.AuditedNodes());
  }
  std::vector<NodeAuditCheck> out;
  for (const auto& n : nodes) {
    TB_ASSIGN_OR_RETURN(sync::AuditCheck check, sync::CheckAuditChain([&](std::int64_t after) {
      return audit.AuditEntries(n, after, 1000);
    }));
    out.push_back({n, check});
  }
  return out;
}

Result<ScanContent> Hub::AppendScan(const std::string& node, const std::string& sha256,
                                    std::uint64_t size, const std::string& mime,
                                    std::uint64_t offset, std::string_view data) {
  if (size == 0 || data.empty() || offset + data.size() > size)
    return InvalidArgument(kChunkMisfit, {std::to_string(offset), std::to_string(size)});
  ScanRepository& scans = *storage_;
  const Millis now = wall_.NowMillis();
  TB_ASSIGN_OR_RETURN(auto tx, storage_->Begin());
  TB_ASSIGN_OR_RETURN(ScanContent c, scans.LoadScan(sha256));
  if (c.complete) {
    if (c.size != size)
      return FailedPrecondition(kOtherSize, {std::to_string(c.size), std::to_string(size)});
    return c;  // a replay: nothing to store
  }
  if (c.size != size) {
    // Nothing held, or a partial copy under another declared size: start from this one.
    TB_RETURN_IF_ERROR(scans.StartScan(sha256, size, mime, node, now));
    c = ScanContent{sha256, size, mime, 0, false, false};
  }
  if (offset != c.held) {
    TB_RETURN_IF_ERROR(tx->Commit());
    return c;  // a replay or a chunk out of order: the sender resumes from c.held
  }
  TB_RETURN_IF_ERROR(scans.AppendChunk(sha256, offset, data));
  c.held += data.size();
  c.stored = true;
  if (c.held == size) {
    TB_ASSIGN_OR_RETURN(std::string digest, scans.DigestOfHeld(sha256));
    if (digest != sha256) {
      TB_RETURN_IF_ERROR(scans.DropScan(sha256));
      TB_RETURN_IF_ERROR(tx->Commit());
      return Corruption(kContentMismatch, {sha256.substr(0, 12)});
    }
    c.complete = true;
  }
  TB_RETURN_IF_ERROR(scans.SaveScanState(sha256, c.held, c.complete, now));
  TB_RETURN_IF_ERROR(tx->Commit());
  return c;
}

Result<ScanContent> Hub::PutScan(const std::string& node, const std::string& sha256,
                                 const std::string& mime, std::string_view data) {
  ScanRepository& scans = *storage_;
  const Millis now = wall_.NowMillis();
  TB_ASSIGN_OR_RETURN(auto tx, storage_->Begin());
  TB_ASSIGN_OR_RETURN(ScanContent c, scans.LoadScan(sha256));
  if (c.complete) return c;
  TB_RETURN_IF_ERROR(scans.StartScan(sha256, data.size(), mime, node, now));
  for (std::size_t at = 0; at < data.size(); at += sync::kScanChunkBytes)
    TB_RETURN_IF_ERROR(scans.AppendChunk(sha256, at, data.substr(at, sync::kScanChunkBytes)));
  TB_RETURN_IF_ERROR(scans.SaveScanState(sha256, data.size(), true, now));
  TB_RETURN_IF_ERROR(tx->Commit());
  return ScanContent{sha256, data.size(), mime, data.size(), true, true};
}

Result<std::string> Hub::ReadScan(const std::string& sha256, std::uint64_t offset,
                                  std::size_t max) {
  return storage_->ReadScan(sha256, offset, max);
}

// ------------------------------------------------------------------ admin

Result<std::string> Hub::NewAdminToken() {
  const std::string token = RandomToken(24);
  TB_RETURN_IF_ERROR(storage_->SaveSetting(kAdminTokenKey, HexHash(token)));
  return token;
}

Result<bool> Hub::CheckAdminToken(const std::string& token) {
  TB_ASSIGN_OR_RETURN(std::string stored, storage_->LoadSetting(kAdminTokenKey));
  if (stored.empty() || token.empty()) return false;
  return SameHash(stored, HexHash(token));
}

Result<HubStats> Hub::Stats() { return storage_->Stats(); }

}  // namespace tongban::central
