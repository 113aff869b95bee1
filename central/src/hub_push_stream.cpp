// The hub's side of the streamed push (tongban/sync/push_stream.h): frames are
// decompressed, applied and committed as they arrive, each through the same group
// commit as a whole push, and acknowledged at once.

#include <cstdlib>

#include "hub_log.h"
#include "tongban/central/hub_service.h"
#include "tongban/sync/push_stream.h"
#include "tongban/sync/sm2.h"

namespace tongban::central {
namespace {

constexpr MessageDef kStreamTruncated{"hub.push_stream_truncated",
                                      "the streamed push ended in the middle of a frame"};
constexpr MessageDef kCtxStream{"hub.ctx_push_stream", "streamed push"};

// What the hub holds per open stream is about its zstd window (at most 2^20, a small
// push's far less) plus a frame; this many at once bound it (more stations pushing at
// once send whole batches).
constexpr int kMaxOpenStreams = 64;
// Decompressed bytes a stream holds at most: a whole frame and a slice after it (a
// signed stream's signature comes before its frame, so no frame waits for one).
constexpr std::size_t kMaxPlainHeld = sync::kMaxStreamFrameBytes + 8 + (64u << 10);
// An SM2 signature (DER) is at most 72 bytes; a longer "signature" is not one.
constexpr std::size_t kMaxSignatureBytes = 128;

}  // namespace

class HubService::PushStream final : public HttpStream {
 public:
  PushStream(HubService& service, sync::HttpRequest head) : service_(service), head_(std::move(head)) {}
  ~PushStream() override {
    if (counted_) service_.push_streams_.fetch_sub(1);
    service_.CountRequest(std::string(sync::kPushStreamTarget) + " " + std::to_string(status_));
  }

  std::string Feed(std::string_view bytes) override {
    const RequestScope scope(RequestIdOf(head_));
    if (!started_) {
      started_ = true;
      if (Status s = Start(); !s.ok()) return Refuse(ErrorResponse(s));
    }
    // Decoded a slice at a time: the hub holds at most a frame and a slice after it,
    // however far the bytes expand.
    std::optional<sync::PushReply> ack;
    std::string_view rest = bytes;
    for (;;) {
      bool full = false;
      auto took = inflate_->Feed(rest, plain_, kMaxPlainHeld, full);
      if (!took.ok()) return Refuse(ErrorResponse(took.status().WithContext(kCtxStream)), ack);
      rest.remove_prefix(*took);
      auto frames = sync::TakeFrames(plain_);
      if (!frames.ok()) return Refuse(ErrorResponse(frames.status().WithContext(kCtxStream)), ack);
      if (auto refused = ApplyFrames(*frames, ack)) return Refuse(*refused, ack);
      if (ended_ || (!full && rest.empty())) break;
    }
    std::string out;
    if (ack) sync::AppendFrame(out, sync::EncodePushAck(Lean(*ack)));
    return out;
  }

  // The hub's clock and the acknowledged change's HLC go in the first acknowledgement and
  // in any that refuses or holds; the others leave them out (zero): with an
  // acknowledgement every few kilobytes, they would be a tenth of what comes back.
  sync::PushReply Lean(sync::PushReply ack) {
    if (told_time_ && ack.rejected.empty() && !ack.held) {
      ack.hub_ms = 0;
      ack.acked_hlc = 0;
    }
    told_time_ = true;
    return ack;
  }

  std::string Finish() override {
    const RequestScope scope(RequestIdOf(head_));
    if (!ended_ && started_ && (!plain_.empty() || signature_))
      return Refuse(ErrorResponse(InvalidArgument(kStreamTruncated)));
    return {};
  }

  bool ended() const override { return ended_; }

 private:
  Status Start() {
    TB_ASSIGN_OR_RETURN(node_, service_.AuthenticateSigned(head_, &key_));
    if (auto it = head_.headers.find(std::string(sync::kStreamChainHeader)); it != head_.headers.end())
      chain_.emplace(it->second);
    if (key_ && !chain_) {
      // A station of the release before signed streams: its body would go unchecked. It
      // is told what a busy hub tells, so it sends whole batches, each signed whole.
      LogLine(spdlog::level::info, "push_stream_unsigned").With("node", node_);
      return Status(ErrorCode::kBusy, sync::kPushStreamsBusy, {std::to_string(kMaxOpenStreams)});
    }
    if (service_.push_streams_.fetch_add(1) >= kMaxOpenStreams) {
      service_.push_streams_.fetch_sub(1);
      return Status(ErrorCode::kBusy, sync::kPushStreamsBusy, {std::to_string(kMaxOpenStreams)});
    }
    counted_ = true;
    std::uint32_t dict = 0;
    if (auto it = head_.headers.find("x-tongban-dictionary"); it != head_.headers.end())
      dict = static_cast<std::uint32_t>(std::strtoul(it->second.c_str(), nullptr, 10));
    TB_ASSIGN_OR_RETURN(inflate_, service_.compressor_.OpenDecompressStream(dict));
    return Status::Ok();
  }

  // Applies the frames of one piece of the body; returns the refusal that ends the stream,
  // if one does. In a signed stream, those signed as they should be are applied even when
  // a later one is not.
  std::optional<sync::HttpResponse> ApplyFrames(std::vector<std::string>& frames,
                                                std::optional<sync::PushReply>& ack) {
    Status forged;
    if (chain_) frames = TakeSigned(frames, forged);
    if (auto refused = ApplySigned(frames, ack)) return refused;
    if (!forged.ok() && !ended_) return ErrorResponse(forged);
    return std::nullopt;
  }

  // The frames that arrived together are applied as one push, one commit: while the hub
  // commits, the node's next frames gather, so the slower the hub, the fewer commits.
  std::optional<sync::HttpResponse> ApplySigned(std::vector<std::string>& frames,
                                                std::optional<sync::PushReply>& ack) {
    std::optional<sync::PushRequest> together;
    for (const std::string& frame : frames) {
      auto push = sync::DecodePushRequest(frame);
      if (!push.ok()) return ErrorResponse(push.status());
      if (Status s = service_.CheckPush(node_, *push); !s.ok()) return ErrorResponse(s);
      const bool follows = together && !together->changes.empty() &&
                           push->from_seq == together->changes.back().seq &&
                           together->changes.size() + push->changes.size() <= sync::kMaxChangesPerBatch;
      if (follows) {
        for (auto& c : push->changes) together->changes.push_back(std::move(c));
        continue;
      }
      if (together && !Apply(*together, ack)) return refusal_;
      if (ended_) return std::nullopt;
      together = std::move(*push);
    }
    if (together && !ended_ && !Apply(*together, ack)) return refusal_;
    return std::nullopt;
  }

  // In a signed stream each push frame comes after its signature on the chain: the push
  // frames whose signatures hold, in order, up to the first that does not (`forged`).
  std::vector<std::string> TakeSigned(std::vector<std::string>& frames, Status& forged) {
    std::vector<std::string> pushes;
    for (std::string& frame : frames) {
      if (!signature_) {
        if (frame.size() > kMaxSignatureBytes) {
          forged = PermissionDenied(sync::kStreamBadSignature, {std::to_string(chain_->frames() + 1), node_});
          break;
        }
        signature_ = std::move(frame);
        continue;
      }
      const std::string text = chain_->Next(frame);
      if (key_ && !key_->Verify(text, *signature_)) {
        forged = PermissionDenied(sync::kStreamBadSignature, {std::to_string(chain_->frames()), node_});
        break;
      }
      signature_.reset();
      pushes.push_back(std::move(frame));
    }
    return pushes;
  }

  // Applies one push through the group commit and adds its reply to `ack`; false with
  // refusal_ set when the store failed. A held change ends the stream: the rest came
  // after it, and the node sends it again once it re-stamped or moved the change back.
  bool Apply(const sync::PushRequest& push, std::optional<sync::PushReply>& ack) {
    Result<sync::PushReply> reply = service_.ApplyGrouped(node_, push);
    if (!reply.ok()) {
      LogLine(spdlog::level::err, "push").With("node", node_).With("error", reply.status().message());
      refusal_ = StoreErrorResponse(reply.status());
      return false;
    }
    service_.NoteApplied(node_, push, *reply);
    Merge(ack, std::move(*reply));
    if (ack->held) ended_ = true;
    return true;
  }

  // Later replies carry the hub's latest word; counts and refusals add up.
  static void Merge(std::optional<sync::PushReply>& into, sync::PushReply reply) {
    if (!into) {
      into = std::move(reply);
      return;
    }
    into->acked_seq = reply.acked_seq;
    into->acked_hlc = reply.acked_hlc;
    into->applied += reply.applied;
    into->duplicates += reply.duplicates;
    into->conflicts += reply.conflicts;
    for (auto& r : reply.rejected) into->rejected.push_back(std::move(r));
    into->open_conflicts = reply.open_conflicts;
    into->held = std::move(reply.held);
    into->hub_ms = reply.hub_ms;
  }

  // Ends the stream with what a whole request would have been answered, after the
  // acknowledgement of what was committed before it.
  std::string Refuse(const sync::HttpResponse& r, const std::optional<sync::PushReply>& ack = {}) {
    ended_ = true;
    status_ = r.status;
    LogLine(spdlog::level::warn, "push_stream_refused")
        .With("node", node_)
        .With("peer", head_.peer)
        .With("status", r.status);
    std::string out;
    if (ack) sync::AppendFrame(out, sync::EncodePushAck(*ack));
    sync::AppendFrame(out, sync::EncodePushRefusal(r.status, r.body));
    inflate_.reset();
    plain_.clear();
    signature_.reset();
    if (counted_) {  // the rest of the body is only drained: its place goes to another
      service_.push_streams_.fetch_sub(1);
      counted_ = false;
    }
    return out;
  }

  HubService& service_;
  sync::HttpRequest head_;
  std::string node_;
  std::unique_ptr<sync::DecompressStream> inflate_;
  std::string plain_;  // decompressed bytes not yet a whole frame
  std::optional<sync::Sm2PublicKey> key_;  // the node's, when it has a key pair
  std::optional<sync::StreamChain> chain_;  // a signed stream's (the head names its seed)
  std::optional<std::string> signature_;    // the next push frame's, when it came first
  std::optional<sync::HttpResponse> refusal_;
  bool started_ = false;
  bool ended_ = false;
  bool counted_ = false;
  bool told_time_ = false;
  int status_ = 200;  // as /metrics counts the stream: its refusal's status, if any
};

std::unique_ptr<HttpStream> HubService::OpenStream(const sync::HttpRequest& head) {
  const std::string path = head.target.substr(0, head.target.find('?'));
  if (path != sync::kPushStreamTarget || head.method != "POST") return nullptr;
  return std::make_unique<PushStream>(*this, head);
}

}  // namespace tongban::central
