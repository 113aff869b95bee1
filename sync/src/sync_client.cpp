#include "tongban/sync/sync_client.h"

#include <algorithm>
#include <future>
#include <nlohmann/json.hpp>

#include "push_upload.h"
#include "tongban/sync/clock_skew.h"
#include "tongban/sync/push_stream.h"

namespace tongban::sync {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxReplyBytes = 256u << 20;

constexpr MessageDef kHubRefused{"sync.hub_refused", "hub refused {0}"};
constexpr MessageDef kHubHttpStatus{"sync.hub_http_status", "HTTP {0}"};
constexpr MessageDef kHelloNotJson{"sync.hello_not_json",
                                   "hub hello is not JSON: is this a Tongban hub?"};
constexpr MessageDef kSchemaMismatch{"sync.schema_mismatch",
                                     "schema mismatch: the hub speaks replication schema {0}, "
                                     "this node {1}; update the older side before syncing"};
// {0}-{1}: the versions the hub serves; {2}: the one this node speaks.
constexpr MessageDef kHubOlder{"sync.hub_older",
                               "the hub serves replication schemas {0} to {1}, older than this "
                               "station's {2}: county IT upgrades the hub first; work goes on "
                               "offline meanwhile"};
constexpr MessageDef kStationTooOld{"sync.station_too_old",
                                    "this station's software is too old for the hub (it serves "
                                    "replication schemas {0} to {1}, this station speaks {2}): "
                                    "install the update, then sync"};
constexpr MessageDef kDigestNotJson{"sync.digest_not_json", "hub digest is not JSON"};
// {1}, {2}: the commands that enroll it again, the same in every language.
constexpr MessageDef kBehindMissing{"sync.behind_hub_missing",
                                    "this node's database is behind the hub (restored from a "
                                    "backup?): the hub holds its change {0} but this database "
                                    "does not have it; nothing was sent. A central admin gives "
                                    "it a new enrollment code ({1}) and its admin runs {2}"};
constexpr MessageDef kBehindDifferent{"sync.behind_hub_different",
                                      "this node's database is behind the hub (restored from a "
                                      "backup?): the hub holds its change {0} but this database "
                                      "has a different one; nothing was sent. A central admin "
                                      "gives it a new enrollment code ({1}) and its admin runs {2}"};
constexpr MessageDef kAckedUnsent{"sync.acked_unsent",
                                  "the hub acknowledged changes this node never sent "
                                  "(database restored from a backup?); nothing more was sent"};
constexpr MessageDef kCtxReplyTo{"sync.ctx_reply_to", "reply to {0}"};
constexpr MessageDef kCtxPush{"sync.ctx_push", "push"};
constexpr MessageDef kCtxPushBatch{"sync.ctx_push_batch", "push batch {0}"};
constexpr MessageDef kCtxPullBatch{"sync.ctx_pull_batch", "pull batch {0}"};
constexpr MessageDef kCtxRestamp{"sync.ctx_restamp",
                                 "push batch {0}: re-stamping after change {1} was held"};
constexpr MessageDef kCtxDefer{"sync.ctx_defer", "push batch {0}: moving held change {1} back"};
// How often a streamed push stores the hub's plain acknowledgements.
constexpr std::chrono::milliseconds kAckSaveEvery{50};

}  // namespace

Status HubReplyStatus(ErrorCode code, const std::string& body, const Status& fallback) {
  auto j = json::parse(body, nullptr, false);
  if (!j.is_object()) return fallback;
  Message m;
  if (j.contains("message") && j["message"].is_string()) m.text = j["message"].get<std::string>();
  if (j.contains("key") && j["key"].is_string()) m.key = j["key"].get<std::string>();
  if (!m.key.empty() && j.contains("args") && j["args"].is_array())
    for (const auto& a : j["args"]) m.args.push_back(a.is_string() ? a.get<std::string>() : a.dump());
  // A hub from before message keys sends its English only: text, rendered by its code.
  if (m.key.empty()) return m.text.empty() ? fallback : Status(code, m.text);
  return Status::Raised(code, std::move(m));
}

Status HubRefusal(int http_status, const std::string& body) {
  ErrorCode code = ErrorCode::kUnavailable;
  if (http_status == 401 || http_status == 403) code = ErrorCode::kPermissionDenied;
  else if (http_status == 409) code = ErrorCode::kFailedPrecondition;
  else if (http_status >= 400 && http_status < 500) code = ErrorCode::kInvalidArgument;
  return HubReplyStatus(code, body, Status(code, kHubHttpStatus, {std::to_string(http_status)}));
}

Status HubError(int http_status, const std::string& body, const std::string& target) {
  return HubRefusal(http_status, body).WithContext(kHubRefused, {target});
}

SyncClient::SyncClient(Transport& transport, Replica& replica, const Compressor& compressor,
                       SyncOptions options)
    : transport_(transport), replica_(replica), compressor_(compressor),
      options_(std::move(options)), schema_(options_.schema) {}

std::chrono::milliseconds SyncClient::Backoff(int attempt, std::mt19937& rng) {
  const double cap_ms = 300'000.0;
  const double base_ms = 1000.0 * (1 << std::clamp(attempt - 1, 0, 12));
  std::uniform_real_distribution<double> jitter(0.0, std::min(cap_ms, base_ms));
  return std::chrono::milliseconds(static_cast<long>(jitter(rng)));
}

WallClock& SyncClient::wall() const {
  return options_.clock ? *options_.clock : SystemWallClock::Instance();
}

Status SyncClient::NoteHubTime(std::int64_t hub_ms) {
  if (hub_ms <= 0) return Status::Ok();  // an older hub does not say
  clock_offset_ms_ = wall().NowMillis() - hub_ms;
  return replica_.HeardHubTime(hub_ms);
}

Status SyncClient::Hello() {
  if (hello_done_) return Status::Ok();
  HttpRequest req{"GET", "/v1/hello", {}, "", ""};
  const int oldest = options_.oldest_schema > 0 ? options_.oldest_schema : options_.schema;
  // The versions this node speaks; the hub answers the one they share (docs/protocol.md).
  req.headers[std::string(kSchemasHeader)] = std::to_string(oldest) + "-" + std::to_string(options_.schema);
  TB_ASSIGN_OR_RETURN(HttpResponse resp, transport_.Send(req));
  if (resp.status != 200) return HubError(resp.status, resp.body, "hello");
  auto j = json::parse(resp.body, nullptr, false);
  if (!j.is_object()) return InvalidArgument(kHelloNotJson);
  const auto number = [&](const char* key) {
    return j.contains(key) && j[key].is_number_integer() ? j[key].get<int>() : 0;
  };
  const int hub_schema = number("schema");
  const int hub_min = number("schema_min"), hub_max = number("schema_max");
  if (hub_max == 0) {  // a hub from before ranges speaks exactly one version
    if (hub_schema < oldest || hub_schema > options_.schema)
      return FailedPrecondition(kSchemaMismatch,
                                {std::to_string(hub_schema), std::to_string(options_.schema)});
    hub_newest_schema_ = hub_schema;
  } else {
    const std::vector<std::string> range{std::to_string(hub_min), std::to_string(hub_max),
                                         std::to_string(options_.schema)};
    if (hub_max < oldest) return FailedPrecondition(kHubOlder, range);
    if (hub_min > options_.schema) return FailedPrecondition(kStationTooOld, range);
    if (hub_schema < oldest || hub_schema > options_.schema || hub_schema < hub_min || hub_schema > hub_max)
      return FailedPrecondition(kSchemaMismatch,
                                {std::to_string(hub_schema), std::to_string(options_.schema)});
    hub_newest_schema_ = hub_max;
  }
  schema_ = hub_schema;
  if (j.contains("time_ms") && j["time_ms"].is_number_integer())
    TB_RETURN_IF_ERROR(NoteHubTime(j["time_ms"].get<std::int64_t>()));
  // A new epoch: the hub's data came back from a backup and lacks what came after it.
  // This node goes back to where the hub stands (a hub from before epochs names none).
  if (j.contains("epoch") && j["epoch"].is_string() && !j["epoch"].get<std::string>().empty()) {
    const std::string epoch = j["epoch"].get<std::string>();
    TB_ASSIGN_OR_RETURN(const std::string known, replica_.HubEpoch());
    const std::int64_t base = j.contains("epoch_base") && j["epoch_base"].is_number_integer()
                                  ? j["epoch_base"].get<std::int64_t>()
                                  : 0;
    if (known != epoch) TB_RETURN_IF_ERROR(replica_.NoteHubEpoch(epoch, !known.empty(), base));
  }
  const auto said = [&](const char* key) {
    return j.contains(key) && j[key].is_boolean() && j[key].get<bool>();
  };
  // A node with a key pair streams only to a hub that checks each frame's signature.
  hub_streams_ = said("push_stream") && (!transport_.signer() || said("push_stream_signed"));
  dict_ = 0;
  if (j.contains("dictionaries") && j["dictionaries"].is_array())
    for (const auto& id : j["dictionaries"])
      if (id.is_number_unsigned() && compressor_.Has(id.get<std::uint32_t>()))
        dict_ = std::max(dict_, id.get<std::uint32_t>());
  hello_done_ = true;
  return Status::Ok();
}

std::string SyncClient::Compressed(const std::string& body) const {
  return compressor_.Compress(body, dict_, options_.compression_level);
}

Result<std::string> SyncClient::Call(const std::string& target, const std::string& body,
                                     std::optional<std::size_t> changes) {
  return CallCompressed(target, Compressed(body), changes);
}

Result<std::string> SyncClient::CallCompressed(const std::string& target, std::string body,
                                               std::optional<std::size_t> changes) {
  HttpRequest req = NodeRequest("POST", target, options_.node, options_.secret);
  req.headers["content-type"] = "application/x-tongban-msgpack";
  req.headers["content-encoding"] = "zstd";
  req.headers["x-tongban-dictionary"] = std::to_string(dict_);
  if (changes) req.headers[std::string(kChangesHeader)] = std::to_string(*changes);
  req.body = std::move(body);
  TB_ASSIGN_OR_RETURN(HttpResponse resp, transport_.Send(req));
  if (resp.status != 200) return HubError(resp.status, resp.body, target);
  auto plain = compressor_.Decompress(resp.body, kMaxReplyBytes);
  if (!plain.ok()) return plain.status().WithContext(kCtxReplyTo, {target});
  return plain;
}

Result<std::string> SyncClient::HubDigest() {
  // The digest covers the fields of the version this node speaks, agreed at hello.
  TB_RETURN_IF_ERROR(Hello());
  HttpRequest req = NodeRequest("GET", "/v1/digest", options_.node, options_.secret);
  req.headers[std::string(kSchemaHeader)] = std::to_string(schema_);
  TB_ASSIGN_OR_RETURN(HttpResponse resp, transport_.Send(req));
  if (resp.status != 200) return HubError(resp.status, resp.body, "digest");
  auto j = json::parse(resp.body, nullptr, false);
  if (!j.is_object() || !j.contains("digest")) return InvalidArgument(kDigestNotJson);
  return j["digest"].get<std::string>();
}

struct SyncClient::PushRound {
  std::int64_t start = 0;  // acknowledged when the round began
  std::int64_t total = 0;  // changes unsent then
  std::int64_t acked = 0;  // acknowledged now
  std::int64_t deferred_at = -1;  // where the hub stood when a held change was last moved back
  bool restamped = false;         // unsent changes took fresh stamps this round
};

Status SyncClient::Push(SyncSummary& summary,
                        const std::function<void(const SyncProgress&)>& progress) {
  TB_RETURN_IF_ERROR(Hello());
  TB_ASSIGN_OR_RETURN(ReplicaState state, replica_.State());
  if (state.last_seq > state.acked_seq || state.ask_hub) {
    // Ask where the hub stands first (an empty batch): after an interrupted push it may
    // hold more than this node knows, and those changes need not travel again; after a
    // restore from a backup it holds less, and those go again.
    auto probe = Call("/v1/push", EncodePushRequest({schema_, options_.node,
                                                    state.acked_seq, {}}), 0);
    if (!probe.ok()) return probe.status().WithContext(kCtxPush);
    TB_ASSIGN_OR_RETURN(PushReply where, DecodePushReply(*probe));
    TB_RETURN_IF_ERROR(NoteHubTime(where.hub_ms));
    // The hub's last change from us must be our change of that number. Ahead of what we
    // know, we must have it (else this database is older than the hub: stop, lose
    // nothing); after a restore of the hub, one of ours with another time is another
    // machine's work under this code (enrolled again since the backup).
    const bool ahead = where.acked_seq > state.acked_seq;
    if (ahead || state.ask_hub) {
      if (where.acked_seq > 0) {
        TB_ASSIGN_OR_RETURN(auto mine, replica_.LocalChanges(where.acked_seq - 1, 1));
        const bool have = !mine.empty() && mine[0].seq == where.acked_seq;
        const bool other = have && mine[0].hlc != where.acked_hlc && (ahead || where.acked_hlc != 0);
        if ((ahead && !have) || other)
          return FailedPrecondition(have ? kBehindDifferent : kBehindMissing,
                                    {std::to_string(where.acked_seq),
                                     "tongban-central station reenroll --code " + options_.node,
                                     "tongban enroll --again"});
      }
      TB_RETURN_IF_ERROR(replica_.Acknowledge(where));
      TB_ASSIGN_OR_RETURN(state, replica_.State());
    }
  }
  bool restamped = false;
  if (state.last_seq > state.acked_seq && clock_offset_ms_) {
    // Changes stamped while this node's clock ran ahead, before it heard the hub, take
    // fresh stamps before they go: a wrong clock never decides a merge.
    TB_ASSIGN_OR_RETURN(auto newest, replica_.LocalChanges(state.last_seq - 1, 1));
    if (!newest.empty() &&
        NeedsRestamp(HybridClock::Millis(newest[0].hlc), wall().NowMillis() - *clock_offset_ms_)) {
      TB_ASSIGN_OR_RETURN(std::int64_t count, replica_.RestampUnsent(state.acked_seq));
      summary.restamped += count;
      restamped = true;
    }
  }
  PushRound round{state.acked_seq, state.last_seq - state.acked_seq, state.acked_seq, -1, restamped};
  if (round.total <= 0) return Status::Ok();
  if (hub_streams_ && options_.stream_push && transport_.streams() &&
      round.total >= options_.stream_min_changes) {
    TB_ASSIGN_OR_RETURN(bool done, PushStreamed(round, summary, progress));
    if (done) return Status::Ok();
  }
  return PushBatches(round, summary, progress);
}

Status SyncClient::TakeAck(const PushReply& reply, std::int64_t last_sent, PushRound& round,
                           SyncSummary& summary,
                           const std::function<void(const SyncProgress&)>& progress, bool save) {
  TB_RETURN_IF_ERROR(NoteHubTime(reply.hub_ms));
  if (reply.acked_seq > last_sent) return FailedPrecondition(kAckedUnsent);
  // The hub may know less (it lost a batch) or more (a reply lost on the way):
  // either way its acknowledgement is the truth to continue from.
  if (save) TB_RETURN_IF_ERROR(replica_.Acknowledge(reply));
  summary.pushed += reply.applied;
  summary.duplicates += reply.duplicates;
  summary.conflicts += reply.conflicts;
  summary.rejected += static_cast<std::int64_t>(reply.rejected.size());
  summary.refused.insert(summary.refused.end(), reply.rejected.begin(), reply.rejected.end());
  summary.open_conflicts = reply.open_conflicts;
  if (!reply.held && reply.acked_seq > round.acked && progress)
    progress({"push", reply.acked_seq - round.start, round.total});
  return Status::Ok();
}

Result<bool> SyncClient::AfterHeld(const PushReply& reply, PushRound& round, SyncSummary& summary,
                                   const std::string& batch) {
  // Recoverable at the hub: the change stays here, unacknowledged, and goes again
  // once the cause is gone. A clock that ran ahead is a cause this node removes
  // itself: its unsent changes take fresh stamps from corrected time, once a round.
  if (DecideHeld(reply.held->code, reply.hub_ms) == HeldAction::kRestamp && !round.restamped) {
    auto count = replica_.RestampUnsent(reply.acked_seq);
    if (!count.ok())
      return count.status().WithContext(kCtxRestamp, {batch, std::to_string(reply.held->seq)});
    summary.restamped += *count;
    round.restamped = true;
    round.acked = reply.acked_seq;
    return true;
  }
  // Another cause: the change and those that depend on it go behind the rest, which
  // the hub may take; again after each step forward, so this ends.
  if (reply.acked_seq > round.deferred_at) {
    auto moved = replica_.DeferHeld(reply.acked_seq, reply.held->seq);
    if (!moved.ok())
      return moved.status().WithContext(kCtxDefer, {batch, std::to_string(reply.held->seq)});
    round.deferred_at = reply.acked_seq;
    round.acked = reply.acked_seq;
    if (*moved != reply.held->seq) return true;  // others went ahead of it
  }
  // What is left waits behind it; the round goes on to pull and scans.
  summary.held = reply.held;
  return false;
}

Status SyncClient::PushBatches(PushRound& round, SyncSummary& summary,
                               const std::function<void(const SyncProgress&)>& progress) {
  // A batch ready to send: its changes read from the log, encoded and compressed.
  struct Batch {
    std::size_t count = 0;
    std::int64_t last_seq = 0;
    std::string body;
  };
  const auto read = [&](std::int64_t from) -> Result<PushRequest> {
    TB_ASSIGN_OR_RETURN(auto changes, replica_.LocalChanges(from, options_.push_batch));
    return PushRequest{schema_, options_.node, from, std::move(changes)};
  };
  const auto pack = [this](PushRequest req) {
    Batch b{req.changes.size(), req.changes.empty() ? 0 : req.changes.back().seq, ""};
    if (b.count > 0) b.body = Compressed(EncodePushRequest(req));
    return b;
  };
  // The next batch is read here, then encoded and compressed on another thread while this
  // one is on the way and the hub applies it: node and hub work at once. It is used only
  // when the hub took this batch whole; otherwise it is read again from where the hub stands.
  std::future<Batch> next;
  std::int64_t next_from = -1;
  const auto prepare_next = [&](std::int64_t from) -> Status {
    TB_ASSIGN_OR_RETURN(PushRequest req, read(from));
    next = std::async(std::launch::async, pack, std::move(req));
    next_from = from;
    return Status::Ok();
  };
  for (;;) {
    Batch current;
    if (next.valid() && next_from == round.acked) {
      current = next.get();
    } else {
      if (next.valid()) next.get();  // read from elsewhere: not the batch to send
      TB_ASSIGN_OR_RETURN(PushRequest req, read(round.acked));
      current = pack(std::move(req));
    }
    if (current.count == 0) return Status::Ok();
    // A full batch says more may follow; a short one was the last (no thread for it).
    if (current.count >= static_cast<std::size_t>(options_.push_batch))
      TB_RETURN_IF_ERROR(prepare_next(current.last_seq));
    const std::string batch = std::to_string(summary.push_batches + 1);
    auto reply_bytes = CallCompressed("/v1/push", std::move(current.body), current.count);
    if (!reply_bytes.ok()) return reply_bytes.status().WithContext(kCtxPushBatch, {batch});
    TB_ASSIGN_OR_RETURN(PushReply reply, DecodePushReply(*reply_bytes));
    TB_RETURN_IF_ERROR(TakeAck(reply, current.last_seq, round, summary, progress)
                           .WithContext(kCtxPushBatch, {batch}));
    ++summary.push_batches;
    if (reply.held) {
      TB_ASSIGN_OR_RETURN(bool go_on, AfterHeld(reply, round, summary, batch));
      if (go_on) continue;
      return Status::Ok();
    }
    if (reply.acked_seq == round.acked)
      return Internal("push batch " + batch + ": the hub acknowledged nothing of it");
    round.acked = reply.acked_seq;
  }
}

Result<bool> SyncClient::PushStreamed(PushRound& round, SyncSummary& summary,
                                      const std::function<void(const SyncProgress&)>& progress) {
  const std::string target(kPushStreamTarget);
  // A window that covers the whole push (a change takes about 200 bytes before zstd), at
  // least 16 KiB: the hub holds about that much while the stream is open.
  int window_log = 14;
  while (window_log < kStreamWindowLog && (std::int64_t{1} << window_log) < round.total * 200) ++window_log;
  for (;;) {
    const std::int64_t from = round.acked;
    const StreamSigner* signer = transport_.signer();
    const std::string chain_seed = signer ? NewStreamChainSeed() : std::string();
    std::optional<PushReply> unsaved;  // the newest acknowledgement, when not stored yet
    auto saved_at = std::chrono::steady_clock::now();
    PushUploadOptions how{schema_, options_.node, from, std::max(round.total, resumed_push_),
                          options_.stream_resend_share, options_.stream_min_window,
                          options_.stream_max_window,
                          std::chrono::steady_clock::now() + options_.stream_seconds,
                          options_.push_batch};
    how.signer = signer;
    how.chain_seed = chain_seed;
    PushUpload upload(
        replica_, compressor_.OpenCompressStream(dict_, options_.stream_compression_level, window_log),
        std::move(how),
        [&](const PushReply& ack, std::int64_t last_sent) -> Status {
          // A plain acknowledgement is stored every 50 ms at most, not each time (each
          // is a commit); one lost with this process is asked of the hub next round.
          // Refusals and holds are stored at once: they are news for the desk.
          const auto now = std::chrono::steady_clock::now();
          const bool save = !ack.rejected.empty() || ack.held || now - saved_at >= kAckSaveEvery;
          TB_RETURN_IF_ERROR(TakeAck(ack, last_sent, round, summary, progress, save));
          unsaved = save ? std::nullopt : std::optional<PushReply>(ack);
          if (save) saved_at = now;
          if (!ack.held) round.acked = std::max(round.acked, ack.acked_seq);
          return Status::Ok();
        });
    HttpRequest req = NodeRequest("POST", target, options_.node, options_.secret);
    req.headers["content-type"] = "application/x-tongban-stream";
    req.headers["content-encoding"] = "zstd";
    req.headers["x-tongban-dictionary"] = std::to_string(dict_);
    if (signer) req.headers[std::string(kStreamChainHeader)] = chain_seed;
    const std::string batch = std::to_string(summary.push_batches + 1);
    auto resp = transport_.SendStreamed(req, upload);
    summary.push_batches += std::max(1, upload.acks());
    if (unsaved) TB_RETURN_IF_ERROR(replica_.Acknowledge(*unsaved).WithContext(kCtxPushBatch, {batch}));
    // What the node itself failed at comes first: the transfer's failure may be its echo.
    if (!upload.error().ok()) return upload.error().WithContext(kCtxPushBatch, {batch});
    if (!resp.ok()) {
      // The push that resumes after this keeps its window: a share of the whole push.
      resumed_push_ = std::max(round.total, resumed_push_);
      return resp.status().WithContext(kCtxPushBatch, {batch});
    }
    resumed_push_ = 0;
    // No streamed push on the way there (a proxy speaking HTTP/1.0, a hub that cannot take
    // one after all): whole batches from here on.
    if (resp->status == 404 || resp->status == 405 || resp->status == 411 ||
        resp->status == 501 || resp->status == 505) {
      hub_streams_ = false;
      return false;
    }
    if (resp->status != 200)
      return HubError(resp->status, resp->body, target).WithContext(kCtxPushBatch, {batch});
    if (upload.refusal_status() != 0) {
      Status refused = HubError(upload.refusal_status(), upload.refusal_body(), target);
      if (refused.key() == kPushStreamsBusy.key) return false;
      return refused.WithContext(kCtxPushBatch, {batch});
    }
    // Nothing came back while the body was open: whole batches from here on.
    if (upload.unanswered()) hub_streams_ = false;
    if (upload.held()) {
      TB_ASSIGN_OR_RETURN(bool go_on, AfterHeld(*upload.held(), round, summary, batch));
      if (go_on) continue;
      return true;
    }
    if (upload.sent_all() && round.acked == upload.last_sent()) return true;
    if (!hub_streams_) return false;
    if (round.acked == from)
      return Internal("push stream " + batch + ": the hub acknowledged nothing of it");
  }
}

Status SyncClient::Pull(SyncSummary& summary,
                        const std::function<void(const SyncProgress&)>& progress,
                        bool include_own) {
  TB_RETURN_IF_ERROR(Hello());
  TB_ASSIGN_OR_RETURN(ReplicaState state, replica_.State());
  std::int64_t cursor = state.pull_cursor;
  for (;;) {
    PullRequest req{schema_, options_.node, cursor, options_.pull_batch, include_own};
    const std::string batch = std::to_string(summary.pull_batches + 1);
    auto reply_bytes = Call("/v1/pull", EncodePullRequest(req));
    if (!reply_bytes.ok()) return reply_bytes.status().WithContext(kCtxPullBatch, {batch});
    auto reply = DecodePullReply(*reply_bytes);
    if (!reply.ok()) return reply.status().WithContext(kCtxPullBatch, {batch});
    TB_RETURN_IF_ERROR(NoteHubTime(reply->hub_ms));
    TB_RETURN_IF_ERROR(replica_.ApplyPull(*reply).WithContext(kCtxPullBatch, {batch}));
    summary.pulled += static_cast<std::int64_t>(reply->changes.size());
    summary.purged += static_cast<std::int64_t>(reply->purges.size());
    summary.open_conflicts = reply->open_conflicts;
    ++summary.pull_batches;
    cursor = reply->cursor;
    if (progress) progress({"pull", summary.pulled, 0});
    if (!reply->more) return Status::Ok();
  }
}

Result<SyncSummary> SyncClient::RunOnce(const std::function<void(const SyncProgress&)>& progress) {
  SyncSummary summary;
  StartRound();
  TB_RETURN_IF_ERROR(Push(summary, progress));
  TB_RETURN_IF_ERROR(Pull(summary, progress));
  summary.dictionary = dict_;
  return summary;
}

}  // namespace tongban::sync
