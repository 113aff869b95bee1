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
#pragma once

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
