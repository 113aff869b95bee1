// PushUpload: the node's side of one streamed push (tongban/sync/push_stream.h).
//
// Produces the body as the transport asks: the next few changes from the replica's
// log, framed, compressed into the stream and flushed, but only while less than a
// window of what was sent waits for an acknowledgement, so a link or hub lost mid-push
// costs at most that window again. The window is a share of the whole push (0.6 %: with
// the new request and its compression starting afresh, an outage costs under 1 % again),
// within bounds; a frame is half a window, so two
// are on the way while the hub commits. Both follow the bytes per change measured so
// far. Acknowledgements go to `on_ack` as they arrive. Runs on the sending thread (the
// replica is read there only).
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "tongban/sync/compression.h"
#include "tongban/sync/http.h"
#include "tongban/sync/push_stream.h"
#include "tongban/sync/sync_client.h"
#include "tongban/sync/wire.h"

namespace tongban::sync {

struct PushUploadOptions {
  int schema = 0;
  std::string node;
  std::int64_t from_seq = 0;  // where the hub stands
  std::int64_t unsent = 0;    // changes to push in all (sizes the window)
  // The window and its bounds, and when to stop: SyncOptions' stream_* settings.
  double resend_share = 0;
  std::size_t min_window = 0;
  std::size_t max_window = 0;
  std::chrono::steady_clock::time_point stop_at;  // no new frame after this
  int max_frame_changes = 0;  // the node's batch size caps a frame too
  // With nothing acknowledged this long, the body ends: a proxy that holds the body back
  // until it is whole (nginx buffers request bodies) gets it, and the hub answers.
  std::chrono::milliseconds first_ack_wait{10000};
  // A node with a key pair signs each frame on the chain seeded with `chain_seed`, which
  // the head names (push_stream.h).
  const StreamSigner* signer = nullptr;
  std::string chain_seed;
};

class PushUpload final : public BodyStream {
 public:
  // Told each acknowledgement and the last seq sent so far; an error ends the upload.
  using OnAck = std::function<Status(const PushReply& ack, std::int64_t last_sent)>;

  PushUpload(Replica& replica, std::unique_ptr<CompressStream> deflate, PushUploadOptions options,
             OnAck on_ack);

  std::size_t Produce(char* out, std::size_t max, bool& ended) override;
  void Received(std::string_view bytes) override;

  // After the transfer: what ended it.
  const Status& error() const { return error_; }  // reading the log, or an acknowledgement
  int refusal_status() const { return refusal_status_; }  // the hub refused mid-stream (0: no)
  const std::string& refusal_body() const { return refusal_body_; }
  const std::optional<PushReply>& held() const { return held_; }  // the hub held a change
  bool sent_all() const { return log_ended_; }  // the log had nothing more to send
  // The body ended because no acknowledgement came while it was open: something on the
  // way holds streamed bodies back, and whole batches do better.
  bool unanswered() const { return unanswered_; }
  int acks() const { return acks_; }
  std::int64_t last_sent() const { return next_from_; }

 private:
  bool Stopped() const {
    return !error_.ok() || refusal_status_ != 0 || held_ || log_ended_ || timed_out_ || unanswered_;
  }
  double PerChange() const;  // compressed bytes a change took so far
  std::size_t Window() const;
  int FrameChanges() const;
  void NextFrame();

  Replica& replica_;
  std::unique_ptr<CompressStream> deflate_;
  PushUploadOptions options_;
  std::optional<StreamChain> chain_;  // with a signer
  OnAck on_ack_;
  std::int64_t next_from_;
  std::string pending_;  // compressed bytes not yet handed to the transport
  std::size_t pending_at_ = 0;
  struct Sent {
    std::int64_t last_seq;
    std::size_t bytes;
  };
  std::deque<Sent> unacked_;
  std::size_t unacked_bytes_ = 0;
  std::size_t sent_bytes_ = 0;       // compressed, all frames so far
  std::int64_t sent_changes_ = 0;
  std::string answer_;  // answer bytes not yet a whole frame
  Status error_;
  int refusal_status_ = 0;
  std::string refusal_body_;
  std::optional<PushReply> held_;
  bool log_ended_ = false;
  bool timed_out_ = false;
  bool unanswered_ = false;
  int acks_ = 0;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

}  // namespace tongban::sync
