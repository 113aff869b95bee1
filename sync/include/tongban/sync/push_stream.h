// The streamed push (docs/protocol.md, "Streamed push").
//
// A node POSTs to kPushStreamTarget one body that it writes as it goes: a compressed
// stream (CompressStream) of frames, each a push request of a few changes. The hub
// applies and commits each frame as it arrives and answers, in the same exchange, with
// a chunked stream of frames, each acknowledging what it committed since the last. A
// node keeps only a small window unacknowledged, so a link or hub lost mid-push costs
// at most that window again, not a whole batch.
//
// A frame on either side: 4-byte big-endian length, 4-byte check (BLAKE2b of the
// payload, first four bytes), payload. A check that does not match is damage.
//
// A node with a key pair signs its stream's body as it goes: its head (signed like any
// request) names a fresh seed in kStreamChainHeader, and each push frame is followed by
// a frame holding the node's signature over StreamChain's text for it, which covers that
// frame and every one before it. The hub applies a frame only once its signature holds,
// so a proxy that ends TLS can neither change, drop nor reorder what the hub commits.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tongban/status.h"
#include "tongban/sync/wire.h"

namespace tongban::sync {

inline constexpr std::string_view kPushStreamTarget = "/v1/push-stream";
// A frame's payload is at most this long (a push frame holds a few hundred changes at most).
inline constexpr std::size_t kMaxStreamFrameBytes = 4u << 20;

// The hub's refusal of a stream when it has too many open; the node then sends whole
// batches. {0}: how many it takes at once.
inline constexpr MessageDef kPushStreamsBusy{"hub.push_streams_busy",
                                             "the hub takes {0} streamed pushes at once; this one "
                                             "goes as whole batches"};

// The head's header that names the seed of a signed stream's chain (32 hex digits).
inline constexpr std::string_view kStreamChainHeader = "x-tongban-stream-chain";

inline constexpr MessageDef kStreamBadSignature{
    "sync.stream_bad_signature",
    "frame {0} of a streamed push from {1} is not signed by the station's key; the hub took "
    "nothing from there on"};

// The chain a signed stream's signatures cover: each push payload is hashed (BLAKE2b-256)
// onto the link before it, starting from the seed.
class StreamChain {
 public:
  explicit StreamChain(std::string_view seed);
  // Takes the next push payload and returns the text its signature covers.
  std::string Next(std::string_view payload);
  // Push payloads taken so far.
  std::int64_t frames() const { return frames_; }

 private:
  std::array<unsigned char, 32> link_{};
  std::int64_t frames_ = 0;
};

// A fresh seed for kStreamChainHeader.
std::string NewStreamChainSeed();

void AppendFrame(std::string& out, std::string_view payload);

// Takes the complete frames at the front of `buffer` and removes them; a partial frame
// stays for the next bytes. Fails on a frame over kMaxStreamFrameBytes or a bad check.
Result<std::vector<std::string>> TakeFrames(std::string& buffer);

// What one reply frame says: an acknowledgement, or a refusal that ends the stream
// (the HTTP status and body a plain request would have been answered with).
struct PushStreamAnswer {
  std::optional<PushReply> ack;
  int refusal_status = 0;
  std::string refusal_body;
};

std::string EncodePushAck(const PushReply& reply);
std::string EncodePushRefusal(int status, std::string_view body);
Result<PushStreamAnswer> DecodePushStreamAnswer(std::string_view payload);

}  // namespace tongban::sync
