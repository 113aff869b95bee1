#include "tongban/node/store/node_sync.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>
#include <utility>

#include <charconv>
#include <nlohmann/json.hpp>

#include "tongban/node/domain/replication_schema.h"
#include "tongban/node/store/station_keys.h"
#include "tongban/sync/sqlite.h"

namespace tongban::node {

using nlohmann::json;

namespace {

// Messages (Chinese in node/src/messages/catalog_services.cpp).
constexpr MessageDef kCannotOpenLock{"station_sync.cannot_open_lock", "cannot open {0}: {1}"};
constexpr MessageDef kCannotLock{"station_sync.cannot_lock", "cannot lock {0}: {1}"};
constexpr MessageDef kBadPinnedSchema{"station_sync.bad_pinned_schema",
                                     "{0} is {1}: a version from 1 to {2}"};
constexpr MessageDef kBusy{"station_sync.busy",
                           "another sync of this station is running (the desk or another "
                           "terminal); nothing was sent, try again when it ends"};
constexpr MessageDef kEnrollAnswer{"station_sync.enroll_answer",
                                   "the hub's enrollment answer is not understood"};
// {0} is the command that enrolls a station, the same in every language.
constexpr MessageDef kNotEnrolled{"station_sync.not_enrolled",
                                  "this node is not enrolled with a hub; enroll it with '{0}'"};
// {1}: the command that enrolls it again, the same in every language.
constexpr MessageDef kEnrolledAlready{"station_sync.enrolled_already",
                                      "this node is enrolled with the hub at {0} already; with a "
                                      "new code from the central admin (a station restored from "
                                      "a backup) run '{1}'"};
constexpr MessageDef kEnrollAdminOnly{"station_sync.enroll_admin_only",
                                      "only the station's admin enrolls it with a hub"};
constexpr MessageDef kCancelled{"station_sync.cancelled", "the sync round was cancelled"};
constexpr MessageDef kCtxScans{"station_sync.ctx_scans", "scans"};
constexpr MessageDef kCtxAudit{"station_sync.ctx_audit", "audit trail"};
constexpr MessageDef kCtxNodeKey{"station_sync.ctx_node_key", "hand in this node's public key"};
constexpr MessageDef kCannotWipe{"station_sync.cannot_wipe", "cannot erase {0}: {1}"};
constexpr MessageDef kCtxEscrow{"station_sync.ctx_escrow", "escrow the station's key"};
constexpr MessageDef kEscrowAnswer{"station_sync.escrow_answer",
                                   "the hub's escrow key is not understood"};
constexpr MessageDef kEscrowUnendorsed{
    "station_sync.escrow_unendorsed",
    "the hub names the escrow key {0}, which the escrow key this station trusts ({1}) has not "
    "endorsed; the station's key stays escrowed as it was. If the county replaced a lost "
    "escrow key, an admin here runs '{2}' with the new key's id as the county's key holder "
    "gives it, never as read from the hub"};
constexpr MessageDef kEscrowNotNamed{"station_sync.escrow_not_named",
                                     "the hub names the escrow key {0}, not the one this "
                                     "station's admin named ({1})"};
constexpr MessageDef kAuditOwnAnswer{"station_sync.audit_own_answer",
                                     "the hub's answer with this station's audit trail is not "
                                     "understood"};
constexpr MessageDef kAuditAhead{"station_sync.audit_ahead",
                                  "the hub holds this station's audit trail up to entry {0}, "
                                  "more than this database has, and it could not be taken back"};
constexpr MessageDef kAuditNoProgress{"station_sync.audit_no_progress",
                                      "the hub took none of the audit entries sent; they go again "
                                      "next round"};

// Where the node keeps its SM2 private key (PEM) and whether the hub holds its public half.
constexpr const char* kSigningKeyMeta = "node_signing_key";
constexpr const char* kKeyAtHubMeta = "node_key_at_hub";
// The escrow key this station's escrow code is at the hub for, and a sealed code on its way.
constexpr const char* kEscrowedMeta = "escrowed_to";
constexpr const char* kEscrowPendingMeta = "escrow_pending";
constexpr const char* kEscrowTrustedMeta = "escrow_trusted";  // base64 DER of the key trusted
constexpr const char* kEscrowNamedMeta = "escrow_named";      // an id prefix an admin named

// One sync round at a time per station file, across processes (the desk and the CLI):
// an advisory lock on a file beside the database, let go when the round ends or the
// process dies. Two rounds at once would push the same changes from two snapshots.
class SyncLock {
 public:
  static constexpr std::chrono::milliseconds kBusyWait{1000};

  static Result<SyncLock> Take(const std::string& db_path) {
    const std::string path = db_path + ".sync-lock";
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
      return Status(ErrorCode::kIoError, kCannotOpenLock, {path, std::strerror(errno)});
    // A lock held for a moment is waited for: a process forked by this one (a PDF viewer,
    // an admin command) holds a copy of the descriptor until it execs, and a round that
    // just ended would otherwise look like one still running.
    const auto deadline = std::chrono::steady_clock::now() + kBusyWait;
    int rc = 0;
    while ((rc = ::flock(fd, LOCK_EX | LOCK_NB)) != 0 && errno == EWOULDBLOCK &&
           std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (rc != 0) {
      const int err = errno;
      ::close(fd);
      if (err == EWOULDBLOCK)
        return Status(ErrorCode::kBusy, kBusy);
      return Status(ErrorCode::kIoError, kCannotLock, {path, std::strerror(err)});
    }
    return SyncLock(fd);
  }
  SyncLock(SyncLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  SyncLock& operator=(SyncLock&&) = delete;
  ~SyncLock() {
    if (fd_ >= 0) ::close(fd_);  // closing lets the lock go
  }

 private:
  explicit SyncLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace

Result<Enrollment> EnrollWithHub(const HubLink& link, const std::string& node_code,
                                 const std::string& enrollment_code, std::string signing_key,
                                 const EnrollResume& resume) {
  if (signing_key.empty()) {
    TB_ASSIGN_OR_RETURN(sync::Sm2Key made, sync::Sm2Key::Generate());
    signing_key = made.PrivatePem();
  }
  TB_ASSIGN_OR_RETURN(sync::Sm2Key key, sync::Sm2Key::FromPem(signing_key));
  TB_ASSIGN_OR_RETURN(auto transport,
                      sync::CurlTransport::Create({link.url, link.pin, link.ca_file}));
  sync::HttpRequest req;
  req.target = "/v1/enroll";
  req.headers["content-type"] = "application/json";
  req.body = json{{"node", node_code},
                  {"code", enrollment_code},
                  {"public_key", sync::ToBase64(key.PublicDer())},
                  {"acked", resume.acked_seq},
                  {"acked_hlc", resume.acked_hlc},
                  {"last", resume.last_seq},
                  {"last_hlc", resume.last_hlc}}
                 .dump();
  TB_ASSIGN_OR_RETURN(auto resp, transport->Send(req));
  if (resp.status != 200) return sync::HubError(resp.status, resp.body, "enrollment");
  const json j = json::parse(resp.body, nullptr, false);
  if (!j.is_object() || !j.contains("secret") || !j["secret"].is_string())
    return InvalidArgument(kEnrollAnswer);
  Enrollment e{j["secret"].get<std::string>(), j.value("name", ""), j.value("kind", ""),
               j.value("township", ""), std::move(signing_key), j.value("public_key", false),
               j.value("known", false)};
  if (j.contains("logins") && j["logins"].is_array())
    for (const auto& login : j["logins"])
      if (login.is_string()) e.logins.push_back(login.get<std::string>());
  return e;
}

namespace {

Status WriteHubLink(NodeStore& store, const HubLink& link, const std::string& secret) {
  TB_RETURN_IF_ERROR(store.SetMeta("hub_url", link.url));
  TB_RETURN_IF_ERROR(store.SetMeta("hub_pin", link.pin));
  TB_RETURN_IF_ERROR(store.SetMeta("hub_ca_file", link.ca_file));
  return store.SetMeta("node_secret", secret);
}

// Where an enrolled station's next key pair waits while the hub is asked: the station keeps
// its link and key until the hub says yes, so a wrong code changes nothing.
constexpr const char* kPendingKeyMeta = "node_signing_key_pending";

}  // namespace

Status SaveHubLink(NodeStore& store, const HubLink& link, const std::string& secret) {
  TB_ASSIGN_OR_RETURN(auto tx, sync::Transaction::Begin(store.database()));
  TB_RETURN_IF_ERROR(WriteHubLink(store, link, secret));
  return tx->Commit();
}

Status SaveHubLink(NodeStore& store, const HubLink& link, const Enrollment& e) {
  // One commit: a station never holds the new secret without the key the hub has, nor
  // takes back its work without the secret that fetches it.
  TB_ASSIGN_OR_RETURN(auto tx, sync::Transaction::Begin(store.database()));
  TB_RETURN_IF_ERROR(store.SetMeta(kSigningKeyMeta, e.signing_key));
  TB_RETURN_IF_ERROR(store.SetMeta(kPendingKeyMeta, ""));
  TB_RETURN_IF_ERROR(store.SetMeta(kKeyAtHubMeta, e.key_at_hub ? "1" : ""));
  if (e.known) {
    TB_RETURN_IF_ERROR(store.SetMeta(kRejoinMeta, "1"));
    TB_RETURN_IF_ERROR(store.SetMeta(kAuditRejoinMeta, "1"));
  }
  TB_RETURN_IF_ERROR(WriteHubLink(store, link, e.secret));
  return tx->Commit();
}

Result<Enrollment> EnrollExisting(NodeStore& store, const Session& by, const HubLink& link,
                                  const std::string& enrollment_code, bool again) {
  if (by.role != Role::kAdmin) return PermissionDenied(kEnrollAdminOnly);
  TB_ASSIGN_OR_RETURN(const std::string secret, store.Meta("node_secret"));
  TB_ASSIGN_OR_RETURN(const std::string url, store.Meta("hub_url"));
  if (!secret.empty() && !again)
    return FailedPrecondition(kEnrolledAlready, {url, "tongban enroll --again"});
  // The code works once: the database must take the answer before the hub is asked, and
  // hold the key whose public half the hub keeps. Enrolled again, a station takes a new
  // key pair (the old one may be on a lost machine, or in any copy of a backup), kept
  // apart until the hub has said yes.
  std::string signing_key;
  if (secret.empty()) {
    TB_RETURN_IF_ERROR(store.SetMeta("hub_url", link.url));
    TB_ASSIGN_OR_RETURN(sync::Sm2Key key, NodeSigningKey(store));
    signing_key = key.PrivatePem();
  } else {
    TB_ASSIGN_OR_RETURN(sync::Sm2Key key, sync::Sm2Key::Generate());
    signing_key = key.PrivatePem();
    TB_RETURN_IF_ERROR(store.SetMeta(kPendingKeyMeta, signing_key));
  }
  // The hub goes on from the last change it acknowledged to this database, or from its
  // newest when the hub holds that very change.
  EnrollResume resume;
  NodeReplica replica(store);
  TB_ASSIGN_OR_RETURN(const sync::ReplicaState state, replica.State());
  const auto change_at = [&](std::int64_t seq) -> Result<std::optional<sync::Change>> {
    if (seq <= 0) return std::optional<sync::Change>();
    TB_ASSIGN_OR_RETURN(auto one, replica.LocalChanges(seq - 1, 1));
    if (one.empty() || one[0].seq != seq) return std::optional<sync::Change>();
    return std::optional<sync::Change>(std::move(one[0]));
  };
  TB_ASSIGN_OR_RETURN(auto acked, change_at(state.acked_seq));
  if (acked) {
    resume.acked_seq = acked->seq;
    resume.acked_hlc = acked->hlc;
  }
  TB_ASSIGN_OR_RETURN(auto newest, change_at(state.last_seq));
  if (newest) {
    resume.last_seq = newest->seq;
    resume.last_hlc = newest->hlc;
  }
  TB_ASSIGN_OR_RETURN(Enrollment e, EnrollWithHub(link, store.identity().code, enrollment_code,
                                                  signing_key, resume));
  TB_RETURN_IF_ERROR(SaveHubLink(store, link, e));
  // The hub's register names the node, as for a station created enrolled.
  for (const auto& [key, value] : {std::pair{"name", e.name}, std::pair{"kind", e.kind},
                                   std::pair{"township", e.township}})
    if (!value.empty()) TB_RETURN_IF_ERROR(store.SetMeta(key, value));
  return e;
}

bool IsWipeOrder(const Status& status) { return status.key() == "hub.node_wipe"; }

Status WipeStation(const std::string& db_path) {
  const std::string key_file = KeyFilePath(db_path);
  const std::string files[] = {key_file, key_file + ".lock", db_path, db_path + "-wal",
                               db_path + "-shm", db_path + "-journal", db_path + ".sync-lock",
                               // what a repair kept or left behind (sync/salvage.h)
                               db_path + ".damaged", db_path + ".damaged-wal",
                               db_path + ".salvage", db_path + ".salvage-journal",
                               SyncLogPath(db_path), db_path + ".sync.1.log"};
  for (const std::string& path : files) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
      if (errno == ENOENT) continue;
      return Status(ErrorCode::kIoError, kCannotWipe, {path, std::strerror(errno)});
    }
    struct stat st {};
    bool ok = ::fstat(fd, &st) == 0;
    const std::string zeros(1 << 16, '\0');
    for (off_t at = 0; ok && at < st.st_size; at += static_cast<off_t>(zeros.size())) {
      const auto n = static_cast<std::size_t>(std::min<off_t>(st.st_size - at, static_cast<off_t>(zeros.size())));
      ok = ::pwrite(fd, zeros.data(), n, at) == static_cast<ssize_t>(n);
    }
    ok = ok && ::fsync(fd) == 0;
    const int err = errno;
    ::close(fd);
    if (!ok || ::unlink(path.c_str()) != 0)
      return Status(ErrorCode::kIoError, kCannotWipe, {path, std::strerror(ok ? errno : err)});
  }
  return Status::Ok();
}

Result<sync::Sm2Key> NodeSigningKey(NodeStore& store) {
  TB_ASSIGN_OR_RETURN(std::string pem, store.Meta(kSigningKeyMeta));
  if (!pem.empty()) return sync::Sm2Key::FromPem(pem);
  TB_ASSIGN_OR_RETURN(sync::Sm2Key made, sync::Sm2Key::Generate());
  TB_RETURN_IF_ERROR(store.SetMeta(kKeyAtHubMeta, ""));
  TB_RETURN_IF_ERROR(store.SetMeta(kSigningKeyMeta, made.PrivatePem()));
  return made;
}

Result<std::unique_ptr<NodeSync>> NodeSync::Open(NodeStore& store, int batch, long stall_seconds,
                                                 const std::atomic<bool>* cancel) {
  HubLink link;
  TB_ASSIGN_OR_RETURN(link.url, store.Meta("hub_url"));
  TB_ASSIGN_OR_RETURN(std::string secret, store.Meta("node_secret"));
  if (link.url.empty() || secret.empty())
    return FailedPrecondition(kNotEnrolled, {"tongban enroll --central URL --enroll CODE"});
  TB_ASSIGN_OR_RETURN(link.pin, store.Meta("hub_pin"));
  TB_ASSIGN_OR_RETURN(link.ca_file, store.Meta("hub_ca_file"));
  std::unique_ptr<NodeSync> s(new NodeSync(store));
  s->cancel_ = cancel;
  sync::CurlOptions options{link.url, link.pin, link.ca_file};
  options.low_speed_seconds = stall_seconds;
  options.cancel = cancel;
  TB_ASSIGN_OR_RETURN(s->transport_, sync::CurlTransport::Create(options));
  TB_ASSIGN_OR_RETURN(s->key_, NodeSigningKey(store));
  s->signed_ = std::make_unique<sync::SigningTransport>(*s->transport_, *s->key_);
  // Tagged before signed: the hub checks the tags with the rest.
  s->tagged_ = std::make_unique<sync::TaggingTransport>(*s->signed_, store.raw_wall_clock());
  sync::SyncOptions sync_options{store.identity().code, secret, kReplicationSchemaVersion, batch,
                                 batch};
  TB_ASSIGN_OR_RETURN(sync_options.schema, SpokenSchema());
  s->replica_.SpeakSchema(sync_options.schema);
  sync_options.clock = &store.raw_wall_clock();  // the PC's clock, judged against the hub's
  s->client_ = std::make_unique<sync::SyncClient>(*s->tagged_, s->replica_,
                                                  sync::Compressor::Shipped(), sync_options);
  s->scan_transfer_ = std::make_unique<sync::ScanTransfer>(
      *s->tagged_, s->scans_, sync::ScanTransferOptions{store.identity().code, secret});
  s->node_secret_ = secret;
  // Beside the database; a station whose folder takes no log still syncs.
  if (auto log = sync::OpenJsonLog("sync", SyncLogPath(store.database().path()), false, kSyncLogBytes); log.ok())
    s->log_ = std::move(*log);
  return s;
}

std::string SyncLogPath(const std::string& db_path) { return db_path + ".sync.log"; }

Result<int> SpokenSchema() {
  const char* pinned = std::getenv("TONGBAN_REPLICATION_SCHEMA");
  if (!pinned || !*pinned) return kReplicationSchemaVersion;
  const auto schema = ParseSchema(pinned);
  if (!schema || *schema > kReplicationSchemaVersion)
    return InvalidArgument(kBadPinnedSchema, {"TONGBAN_REPLICATION_SCHEMA", pinned,
                                              std::to_string(kReplicationSchemaVersion)});
  return *schema;
}

Result<RoundSummary> NodeSync::RunRound(
    const std::function<void(const sync::SyncProgress&)>& progress) {
  const auto started = std::chrono::steady_clock::now();
  Result<RoundSummary> r = RunRoundUnlogged(progress);
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  // The sync log: one line a round, under the id the hub logs its requests by. Figures and
  // codes only, never a person's data.
  if (r.ok()) {
    const sync::SyncSummary& s = r->records;
    sync::JsonLine line(log_, spdlog::level::info, "round", r->round_id);
    line.With("node", store_.identity().code).With("pushed", s.pushed).With("pulled", s.pulled)
        .With("conflicts", s.conflicts).With("refused", s.refused.size())
        .With("open_conflicts", s.open_conflicts).With("scans_up", r->scans.uploaded)
        .With("scans_down", r->scans.downloaded).With("ms", ms);
    if (s.held) line.With("held", s.held->code).With("held_seq", s.held->seq);
    if (r->update_due_schema > 0) line.With("update_due_schema", r->update_due_schema);
  } else {
    sync::JsonLine(log_, spdlog::level::warn, "round_failed", tagged_->round())
        .With("node", store_.identity().code).With("error", r.status().key())
        .With("message", r.status().message()).With("ms", ms);
  }
  return r;
}

Result<RoundSummary> NodeSync::RunRoundUnlogged(
    const std::function<void(const sync::SyncProgress&)>& progress) {
  RoundSummary r;
  if (cancel_ && cancel_->load()) return Status(ErrorCode::kCancelled, kCancelled);
  r.round_id = tagged_->NewRound();
  client_->StartRound();
  TB_ASSIGN_OR_RETURN(SyncLock lock, SyncLock::Take(store_.database().path()));
  TB_RETURN_IF_ERROR(RegisterKey().WithContext(kCtxNodeKey));
  // A node taking back what it lost (kRejoinMeta) pulls its own records too, first: its
  // timers and its new case numbers then go on from them. Unsent changes here are kept
  // by the pull and go up after it.
  TB_ASSIGN_OR_RETURN(const std::string rejoin, store_.Meta(kRejoinMeta));
  if (rejoin == "1") {
    TB_RETURN_IF_ERROR(client_->Pull(r.records, progress, /*include_own=*/true));
    TB_RETURN_IF_ERROR(store_.SetMeta(kRejoinMeta, ""));
    r.rejoined = true;
  }
  // Overdue timers are escalated before the push, so the hub hears of them this round.
  const Session system{"system", "system", Role::kAdmin};
  TB_ASSIGN_OR_RETURN(r.timers, store_.RunTimers(system));
  // From here every request, and so every page, ends with kCancelled once the flag is set.
  TB_RETURN_IF_ERROR(client_->Push(r.records, progress));
  // The hello before the push said which versions the hub speaks.
  TB_ASSIGN_OR_RETURN(r.update_due_schema, replica_.NoteHubSchema(client_->hub_newest_schema(),
                                                                   client_->newest_spoken_schema()));
  TB_RETURN_IF_ERROR(scan_transfer_->UploadAll(r.scans, progress).WithContext(kCtxScans));
  // Before the pull: a revoked node hears at the pull that it must erase its data, and
  // everything it sends must be at the hub by then.
  TB_RETURN_IF_ERROR(RejoinAudit(r).WithContext(kCtxAudit));
  TB_RETURN_IF_ERROR(UploadAudit(r).WithContext(kCtxAudit));
  TB_RETURN_IF_ERROR(client_->Pull(r.records, progress));
  TB_RETURN_IF_ERROR(scan_transfer_->DownloadAll(r.scans, progress).WithContext(kCtxScans));
  // What the pull set off here (deadlines recomputed on a new calendar) goes out this round.
  // A held change would only be held again.
  TB_ASSIGN_OR_RETURN(auto state, replica_.State());
  if (state.last_seq > state.acked_seq && !r.records.held)
    TB_RETURN_IF_ERROR(client_->Push(r.records, progress));
  r.records.dictionary = client_->dictionary();
  TB_RETURN_IF_ERROR(UploadAudit(r).WithContext(kCtxAudit));
  TB_RETURN_IF_ERROR(Escrow().WithContext(kCtxEscrow));
  return r;
}

Status NodeSync::RegisterKey() {
  TB_ASSIGN_OR_RETURN(std::string at_hub, store_.Meta(kKeyAtHubMeta));
  if (at_hub == "1") return Status::Ok();
  sync::HttpRequest req =
      sync::NodeRequest("POST", "/v1/node-key", store_.identity().code, node_secret_);
  req.headers["content-type"] = "application/json";
  req.body = json{{"public_key", sync::ToBase64(key_->PublicDer())}}.dump();
  TB_ASSIGN_OR_RETURN(sync::HttpResponse resp, tagged_->Send(req));
  if (resp.status == 404) return Status::Ok();  // a hub from before key pairs: next round
  if (resp.status != 200) return sync::HubError(resp.status, resp.body, "/v1/node-key");
  return store_.SetMeta(kKeyAtHubMeta, "1");
}

Status NodeSync::Escrow() {
  if (!IsSealedStation(store_.database().path())) return Status::Ok();
  const std::string node = store_.identity().code;
  TB_ASSIGN_OR_RETURN(sync::HttpResponse answer,
                      tagged_->Send(sync::NodeRequest("GET", "/v1/escrow-key", node, node_secret_)));
  if (answer.status == 404) return Status::Ok();  // no escrow key yet, or an older hub
  if (answer.status != 200) return sync::HubError(answer.status, answer.body, "/v1/escrow-key");
  const json j = json::parse(answer.body, nullptr, false);
  if (!j.is_object() || !j.contains("public_key") || !j["public_key"].is_string())
    return InvalidArgument(kEscrowAnswer);
  TB_ASSIGN_OR_RETURN(std::string der, sync::FromBase64(j["public_key"].get<std::string>()));
  TB_ASSIGN_OR_RETURN(sync::Sm2PublicKey escrow_key, sync::Sm2PublicKey::FromDer(der));
  std::vector<sync::EscrowLink> chain{{der, ""}};  // a hub from before endorsements
  if (j.contains("chain")) {
    TB_ASSIGN_OR_RETURN(chain, sync::DecodeEscrowChain(j["chain"].dump()));
  }
  if (chain.empty() || chain.back().public_der != der) return InvalidArgument(kEscrowAnswer);
  TB_RETURN_IF_ERROR(TrustEscrowKey(escrow_key, chain));
  const std::string id = escrow_key.Id();
  TB_ASSIGN_OR_RETURN(std::string escrowed, store_.Meta(kEscrowedMeta));
  if (escrowed == id) return Status::Ok();
  // A sealed code already on its way to this key goes again: the key file holds its wrap.
  TB_ASSIGN_OR_RETURN(std::string pending_text, store_.Meta(kEscrowPendingMeta));
  json pending = json::parse(pending_text, nullptr, false);
  if (!pending.is_object() || pending.value("id", "") != id) {
    TB_ASSIGN_OR_RETURN(std::optional<std::string> code, store_.NewEscrowCode());
    if (!code) return Status::Ok();  // opened without its key: nothing to escrow
    TB_ASSIGN_OR_RETURN(std::string sealed, escrow_key.Seal(*code));
    sodium_memzero(code->data(), code->size());
    pending = json{{"id", id}, {"sealed", sync::ToBase64(sealed)}};
    TB_RETURN_IF_ERROR(store_.SetMeta(kEscrowPendingMeta, pending.dump()));
  }
  sync::HttpRequest req = sync::NodeRequest("POST", "/v1/escrow", node, node_secret_);
  req.headers["content-type"] = "application/json";
  req.body = pending.dump();
  TB_ASSIGN_OR_RETURN(sync::HttpResponse resp, tagged_->Send(req));
  if (resp.status != 200) return sync::HubError(resp.status, resp.body, "/v1/escrow");
  TB_RETURN_IF_ERROR(store_.SetMeta(kEscrowedMeta, id));
  return store_.SetMeta(kEscrowPendingMeta, "");
}

// The first escrow key a station escrows to is trusted as it comes, unless its admin named
// one (`tongban keys trust-escrow`); after that only keys it endorsed, link by link.
Status NodeSync::TrustEscrowKey(const sync::Sm2PublicKey& key, const std::vector<sync::EscrowLink>& chain) {
  TB_ASSIGN_OR_RETURN(std::string trusted_b64, store_.Meta(kEscrowTrustedMeta));
  std::string trusted, named;  // an admin's name for a key is kept only while none is trusted
  if (!trusted_b64.empty()) {
    TB_ASSIGN_OR_RETURN(trusted, sync::FromBase64(trusted_b64));
  } else {
    TB_ASSIGN_OR_RETURN(named, store_.Meta(kEscrowNamedMeta));
    TB_ASSIGN_OR_RETURN(std::string escrowed, store_.Meta(kEscrowedMeta));
    if (!named.empty()) {
      if (key.Id().rfind(named, 0) != 0)
        return FailedPrecondition(kEscrowNotNamed, {key.Id().substr(0, 12), named});
      trusted = key.der();
    } else if (escrowed.empty()) {
      trusted = key.der();  // the first escrow: trust on first use
    } else {
      // Escrowed before stations kept the key itself: the key it escrowed to.
      for (const sync::EscrowLink& l : chain) {
        auto k = sync::Sm2PublicKey::FromDer(l.public_der);
        if (k.ok() && k->Id() == escrowed) trusted = l.public_der;
      }
    }
  }
  if (trusted != key.der() && !sync::EscrowChainLeadsFrom(chain, trusted)) {
    std::string was = "?";
    if (auto k = sync::Sm2PublicKey::FromDer(trusted); k.ok()) was = k->Id().substr(0, 12);
    return FailedPrecondition(kEscrowUnendorsed,
                              {key.Id().substr(0, 12), was, "tongban keys trust-escrow --id"});
  }
  const std::string now_trusted = sync::ToBase64(key.der());
  if (trusted_b64 != now_trusted) TB_RETURN_IF_ERROR(store_.SetMeta(kEscrowTrustedMeta, now_trusted));
  return named.empty() ? Status::Ok() : store_.SetMeta(kEscrowNamedMeta, "");
}

Status NameEscrowKey(NodeStore& store, const std::string& id_prefix) {
  TB_RETURN_IF_ERROR(store.SetMeta(kEscrowNamedMeta, id_prefix));
  return store.SetMeta(kEscrowTrustedMeta, "");
}

Status NodeSync::RejoinAudit(RoundSummary& r) {
  TB_ASSIGN_OR_RETURN(const std::string pending, store_.Meta(kAuditRejoinMeta));
  if (pending != "1") return Status::Ok();
  TB_ASSIGN_OR_RETURN(const std::string mark, store_.Meta(std::string(kAuditSentKey)));
  auto taken = TakeTrailBack(mark.empty() ? 0 : std::stoll(mark));
  // Like any refusal of the trail, it never stops the records: the admin looks into it.
  if (!taken.ok() && taken.status().code() != ErrorCode::kUnavailable &&
      taken.status().code() != ErrorCode::kCancelled) {
    r.audit_refused = taken.status();
    return Status::Ok();
  }
  return taken.status();
}

Result<bool> NodeSync::TakeTrailBack(std::int64_t sent) {
  // From what this database holds: an older round may have marked more as sent.
  TB_ASSIGN_OR_RETURN(const std::int64_t last, store_.LastAuditSeq());
  sent = std::min(sent, last);
  // Everything the hub holds of this node's trail after what this database knows it sent.
  std::vector<sync::AuditEntry> held;
  for (bool more = true; more;) {
    sync::HttpRequest req =
        sync::NodeRequest("POST", "/v1/audit/own", store_.identity().code, node_secret_);
    req.headers["content-type"] = "application/json";
    req.body = json{{"after", held.empty() ? sent : held.back().seq}}.dump();
    TB_ASSIGN_OR_RETURN(sync::HttpResponse resp, tagged_->Send(req));
    if (resp.status == 404) return false;  // a hub from before: the trail stays as it is
    if (resp.status != 200) return sync::HubError(resp.status, resp.body, "/v1/audit/own");
    const json j = json::parse(resp.body, nullptr, false);
    if (!j.is_object() || !j.contains("entries") || !j["entries"].is_array())
      return InvalidArgument(kAuditOwnAnswer);
    for (const json& e : j["entries"]) {
      TB_ASSIGN_OR_RETURN(sync::AuditEntry entry, sync::AuditEntryFromJson(e));
      held.push_back(std::move(entry));
    }
    more = j.value("more", false) && !j["entries"].empty();
  }
  TB_RETURN_IF_ERROR(store_.RejoinAuditTrail(sent, held));
  return true;
}

Status NodeSync::UploadAudit(RoundSummary& r) {
  // Bodies stay under the hub's limit for small JSON (64 KiB).
  constexpr std::size_t kMaxBody = 48u << 10;
  TB_ASSIGN_OR_RETURN(std::string mark, store_.Meta(std::string(kAuditSentKey)));
  std::int64_t sent = mark.empty() ? 0 : std::stoll(mark);
  TB_ASSIGN_OR_RETURN(const std::string ask, store_.Meta(kAuditAskHubMeta));
  if (ask == "1") {
    // A restored hub: an empty batch answers where its copy of the trail ends.
    sync::HttpRequest req = sync::NodeRequest("POST", "/v1/audit", store_.identity().code, node_secret_);
    req.headers["content-type"] = "application/json";
    req.body = R"({"entries":[]})";
    TB_ASSIGN_OR_RETURN(sync::HttpResponse resp, tagged_->Send(req));
    if (resp.status == 404) return Status::Ok();  // a hub from before audit trails
    if (resp.status != 200) return sync::HubError(resp.status, resp.body, "/v1/audit");
    const auto reply = nlohmann::json::parse(resp.body, nullptr, false);
    if (!reply.is_object() || !reply.contains("acked") || !reply["acked"].is_number_integer())
      return Status(ErrorCode::kUnavailable, kAuditNoProgress);
    sent = std::min(sent, reply["acked"].get<std::int64_t>());
    TB_RETURN_IF_ERROR(store_.SetMeta(std::string(kAuditSentKey), std::to_string(sent)));
    TB_RETURN_IF_ERROR(store_.SetMeta(kAuditAskHubMeta, ""));
  }
  bool rewound = false;
  for (;;) {
    if (cancel_ && cancel_->load()) return Status(ErrorCode::kCancelled, kCancelled);
    TB_ASSIGN_OR_RETURN(auto entries, store_.AuditEntries(sent, 200));
    if (entries.empty()) return Status::Ok();
    // {"entries": [...]}, each entry encoded once, as many as fit.
    std::string body = R"({"entries":[)";
    std::size_t taken = 0;
    for (const auto& e : entries) {
      const std::string one = sync::AuditEntryJson(e).dump();
      if (taken > 0 && body.size() + one.size() + 3 > kMaxBody) break;
      if (taken++ > 0) body += ',';
      body += one;
    }
    body += "]}";
    sync::HttpRequest req =
        sync::NodeRequest("POST", "/v1/audit", store_.identity().code, node_secret_);
    req.headers["content-type"] = "application/json";
    req.body = std::move(body);
    TB_ASSIGN_OR_RETURN(sync::HttpResponse resp, tagged_->Send(req));
    if (resp.status == 404) return Status::Ok();  // a hub from before audit trails: later
    // A refusal (a broken chain, an entry the hub cannot take) is the admin's to look
    // into; it never stops the records, which went up already.
    if (resp.status == 409 || resp.status == 400 || resp.status == 413) {
      Status refusal = sync::HubRefusal(resp.status, resp.body);
      // The hub holds less than this node sent (its data restored from a backup): go
      // back to where it stands, once a round.
      std::int64_t held = -1;
      if (refusal.key() == "hub.audit_gap" && refusal.args().size() == 2 && !rewound) {
        const std::string& text = refusal.args()[1];
        std::from_chars(text.data(), text.data() + text.size(), held);
      }
      if (held >= 0 && held < sent) {
        sent = held;
        rewound = true;
        continue;
      }
      // The hub holds other entries of this node after what it sent (this database
      // restored from a backup): take them back and go on after them, once a round.
      if (refusal.key() == "hub.audit_broken" && !rewound) {
        rewound = true;
        auto taken = TakeTrailBack(sent);
        if (taken.ok() && *taken) {
          TB_ASSIGN_OR_RETURN(mark, store_.Meta(std::string(kAuditSentKey)));
          sent = mark.empty() ? 0 : std::stoll(mark);
          continue;
        }
      }
      r.audit_refused = std::move(refusal);
      return Status::Ok();
    }
    if (resp.status != 200) return sync::HubError(resp.status, resp.body, "/v1/audit");
    const auto reply = nlohmann::json::parse(resp.body, nullptr, false);
    const std::int64_t acked = reply.is_object() ? reply.value("acked", std::int64_t{0}) : 0;
    if (acked <= sent) return Status(ErrorCode::kUnavailable, kAuditNoProgress);
    if (acked > entries[taken - 1].seq && !rewound) {
      // The hub holds more of this node's trail than this database has: the same story.
      rewound = true;
      auto back = TakeTrailBack(sent);
      if (!back.ok() || !*back) {
        r.audit_refused = back.ok() ? Status(ErrorCode::kFailedPrecondition, kAuditAhead,
                                             {std::to_string(acked)})
                                    : back.status();
        return Status::Ok();
      }
      TB_ASSIGN_OR_RETURN(mark, store_.Meta(std::string(kAuditSentKey)));
      sent = mark.empty() ? 0 : std::stoll(mark);
      continue;
    }
    r.audit_sent += acked - sent;
    sent = acked;
    TB_RETURN_IF_ERROR(store_.SetMeta(std::string(kAuditSentKey), std::to_string(sent)));
  }
}

}  // namespace tongban::node
