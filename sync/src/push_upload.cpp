#include "push_upload.h"

#include <algorithm>
#include <cstring>

#include "tongban/sync/push_stream.h"

namespace tongban::sync {

PushUpload::PushUpload(Replica& replica, std::unique_ptr<CompressStream> deflate,
                       PushUploadOptions options, OnAck on_ack)
    : replica_(replica),
      deflate_(std::move(deflate)),
      options_(std::move(options)),
      on_ack_(std::move(on_ack)),
      next_from_(options_.from_seq) {
  if (options_.signer) chain_.emplace(options_.chain_seed);
}

namespace {
// Until a frame measured it: about what a change takes in a push, compressed.
constexpr double kFirstGuessBytesPerChange = 35;
constexpr int kMinFrameChanges = 8;
constexpr int kMaxFrameChanges = 4000;
}  // namespace

double PushUpload::PerChange() const {
  return sent_changes_ > 0 ? static_cast<double>(sent_bytes_) / static_cast<double>(sent_changes_)
                           : kFirstGuessBytesPerChange;
}

std::size_t PushUpload::Window() const {
  const double share = options_.resend_share * PerChange() * static_cast<double>(options_.unsent);
  return std::clamp(static_cast<std::size_t>(share), options_.min_window, options_.max_window);
}

int PushUpload::FrameChanges() const {
  const double fit = static_cast<double>(Window()) / 2 / PerChange();
  return std::min(std::clamp(static_cast<int>(fit), kMinFrameChanges, kMaxFrameChanges),
                  std::max(1, options_.max_frame_changes));
}

void PushUpload::NextFrame() {
  if (std::chrono::steady_clock::now() >= options_.stop_at) {
    timed_out_ = true;
    return;
  }
  std::string payload;
  PushRequest frame{options_.schema, options_.node, next_from_, {}};
  // Changes that compress far past their size still make a frame the hub takes whole.
  for (int count = FrameChanges();; count = std::max(1, count / 2)) {
    auto changes = replica_.LocalChanges(next_from_, count);
    if (!changes.ok()) {
      error_ = changes.status();
      return;
    }
    if (changes->empty()) {
      log_ended_ = true;
      return;
    }
    frame.changes = std::move(*changes);
    payload = EncodePushRequest(frame);
    if (payload.size() <= kMaxStreamFrameBytes || count == 1) break;
  }
  next_from_ = frame.changes.back().seq;
  std::string plain;
  if (chain_) {  // the signature first: the hub then holds no frame waiting for one
    auto signature = options_.signer->Sign(chain_->Next(payload));
    if (!signature.ok()) {
      error_ = signature.status();
      return;
    }
    AppendFrame(plain, *signature);
  }
  AppendFrame(plain, payload);
  pending_ = deflate_->Flush(plain);
  pending_at_ = 0;
  if (pending_.empty()) {
    error_ = Internal("zstd could not compress a push frame");
    return;
  }
  unacked_.push_back({next_from_, pending_.size()});
  unacked_bytes_ += pending_.size();
  sent_bytes_ += pending_.size();
  sent_changes_ += static_cast<std::int64_t>(frame.changes.size());
}

std::size_t PushUpload::Produce(char* out, std::size_t max, bool& ended) {
  if (pending_at_ == pending_.size()) {
    // A new frame only when it fits the window whole (the first always goes).
    if (!Stopped() && (unacked_.empty() ||
                       unacked_bytes_ + static_cast<std::size_t>(FrameChanges() * PerChange()) <= Window()))
      NextFrame();
    if (acks_ == 0 && !unacked_.empty() &&
        std::chrono::steady_clock::now() - started_ >= options_.first_ack_wait)
      unanswered_ = true;
    if (pending_at_ == pending_.size()) {
      // Stopped: the body ends, and the acknowledgements of what was sent still come.
      ended = Stopped();
      return 0;
    }
  }
  const std::size_t n = std::min(max, pending_.size() - pending_at_);
  std::memcpy(out, pending_.data() + pending_at_, n);
  pending_at_ += n;
  return n;
}

void PushUpload::Received(std::string_view bytes) {
  if (!error_.ok() || refusal_status_ != 0) return;
  answer_.append(bytes);
  auto frames = TakeFrames(answer_);
  if (!frames.ok()) {
    error_ = frames.status();
    return;
  }
  for (const std::string& frame : *frames) {
    auto answer = DecodePushStreamAnswer(frame);
    if (!answer.ok()) {
      error_ = answer.status();
      return;
    }
    if (!answer->ack) {
      refusal_status_ = answer->refusal_status;
      refusal_body_ = std::move(answer->refusal_body);
      return;
    }
    const PushReply& ack = *answer->ack;
    ++acks_;
    if (Status s = on_ack_(ack, next_from_); !s.ok()) {
      error_ = s;
      return;
    }
    while (!unacked_.empty() && unacked_.front().last_seq <= ack.acked_seq) {
      unacked_bytes_ -= unacked_.front().bytes;
      unacked_.pop_front();
    }
    if (ack.held) held_ = ack;
  }
}

}  // namespace tongban::sync
