#include "tongban/sync/push_stream.h"

#include <sodium.h>

#include <cstring>

#include "tongban/sync/http.h"
#include "tongban/sync/msgpack_reader.h"
#include "tongban/sync/msgpack_writer.h"

namespace tongban::sync {
namespace {

constexpr MessageDef kFrameTooLarge{"sync.stream_frame_too_large",
                                    "a streamed push frame says it holds {0} bytes, over the "
                                    "limit of {1}"};
constexpr MessageDef kFrameDamaged{"sync.stream_frame_damaged",
                                   "a streamed push frame is damaged (its check does not match)"};
constexpr MessageDef kAnswerBad{"sync.stream_answer_bad",
                                "the hub's answer in a streamed push cannot be read ({0})"};

// Frame payloads are tagged so a refusal is never read as an acknowledgement.
constexpr char kAckTag = 'a';
constexpr char kRefusalTag = 'e';

std::uint32_t Check(std::string_view payload) {
  unsigned char hash[crypto_generichash_BYTES_MIN];
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(payload.data()),
                     payload.size(), nullptr, 0);
  return std::uint32_t{hash[0]} << 24 | std::uint32_t{hash[1]} << 16 |
         std::uint32_t{hash[2]} << 8 | hash[3];
}

void PutBe32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>(v >> shift & 0xff));
}

std::uint32_t GetBe32(const char* p) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = v << 8 | static_cast<unsigned char>(p[i]);
  return v;
}

void WriteArgs(MsgpackWriter& w, const std::vector<std::string>& args) {
  w.Array(args.size());
  for (const auto& a : args) w.Str(a);
}

std::vector<std::string> ReadArgs(MsgpackReader& r) {
  const std::size_t n = r.ArrayHeader();
  if (n > 16) throw MsgpackReader::Error{"too many arguments"};
  std::vector<std::string> args;
  for (std::size_t i = 0; i < n; ++i) args.emplace_back(r.Str());
  return args;
}

}  // namespace

StreamChain::StreamChain(std::string_view seed) {
  crypto_generichash(link_.data(), link_.size(), reinterpret_cast<const unsigned char*>(seed.data()),
                     seed.size(), nullptr, 0);
}

std::string StreamChain::Next(std::string_view payload) {
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, link_.size());
  crypto_generichash_update(&state, link_.data(), link_.size());
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(payload.data()),
                            payload.size());
  crypto_generichash_final(&state, link_.data(), link_.size());
  ++frames_;
  std::string text = "tongban-push-stream-v1\n";
  text.append(reinterpret_cast<const char*>(link_.data()), link_.size());
  return text;
}

std::string NewStreamChainSeed() {
  unsigned char seed[16];
  randombytes_buf(seed, sizeof seed);
  char hex[sizeof seed * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, seed, sizeof seed);
  return hex;
}

Result<HttpResponse> Transport::SendStreamed(const HttpRequest& head, BodyStream&) {
  return Internal("this transport cannot stream " + head.target);
}

void AppendFrame(std::string& out, std::string_view payload) {
  PutBe32(out, static_cast<std::uint32_t>(payload.size()));
  PutBe32(out, Check(payload));
  out.append(payload);
}

Result<std::vector<std::string>> TakeFrames(std::string& buffer) {
  std::vector<std::string> frames;
  std::size_t at = 0;
  while (buffer.size() - at >= 8) {
    const std::uint32_t size = GetBe32(buffer.data() + at);
    if (size > kMaxStreamFrameBytes)
      return InvalidArgument(kFrameTooLarge, {std::to_string(size), std::to_string(kMaxStreamFrameBytes)});
    if (buffer.size() - at - 8 < size) break;
    std::string_view payload(buffer.data() + at + 8, size);
    if (Check(payload) != GetBe32(buffer.data() + at + 4)) return Corruption(kFrameDamaged);
    frames.emplace_back(payload);
    at += 8 + size;
  }
  buffer.erase(0, at);
  return frames;
}

// [acked, acked_hlc, applied, duplicates, conflicts, open_conflicts, hub_ms,
//  [[seq, reason, code, args]...], held: nil | [seq, code, args, reason]]
std::string EncodePushAck(const PushReply& m) {
  MsgpackWriter w;
  w.bytes().push_back(kAckTag);
  w.Array(9);
  w.Int(m.acked_seq);
  w.Uint(m.acked_hlc);
  w.Int(m.applied);
  w.Int(m.duplicates);
  w.Int(m.conflicts);
  w.Int(m.open_conflicts);
  w.Int(m.hub_ms);
  w.Array(m.rejected.size());
  for (const auto& r : m.rejected) {
    w.Array(4);
    w.Int(r.seq);
    w.Str(r.reason);
    w.Str(r.code);
    WriteArgs(w, r.args);
  }
  if (m.held) {
    w.Array(4);
    w.Int(m.held->seq);
    w.Str(m.held->code);
    WriteArgs(w, m.held->args);
    w.Str(m.held->reason);
  } else {
    w.Nil();
  }
  return w.Take();
}

std::string EncodePushRefusal(int status, std::string_view body) {
  MsgpackWriter w;
  w.bytes().push_back(kRefusalTag);
  w.Array(2);
  w.Int(status);
  w.Str(body);
  return w.Take();
}

Result<PushStreamAnswer> DecodePushStreamAnswer(std::string_view payload) {
  if (payload.empty()) return InvalidArgument(kAnswerBad, {"empty"});
  PushStreamAnswer out;
  try {
    MsgpackReader r(payload.substr(1));
    if (payload[0] == kRefusalTag) {
      if (r.ArrayHeader() != 2) throw MsgpackReader::Error{"bad refusal"};
      out.refusal_status = static_cast<int>(r.Int());
      out.refusal_body = std::string(r.Str());
      if (out.refusal_status < 400 || out.refusal_status > 599)
        throw MsgpackReader::Error{"bad refusal status"};
      return out;
    }
    if (payload[0] != kAckTag) throw MsgpackReader::Error{"unknown answer"};
    if (r.ArrayHeader() != 9) throw MsgpackReader::Error{"bad acknowledgement"};
    PushReply m;
    m.acked_seq = r.Int();
    m.acked_hlc = r.Uint();
    m.applied = static_cast<int>(r.Int());
    m.duplicates = static_cast<int>(r.Int());
    m.conflicts = static_cast<int>(r.Int());
    m.open_conflicts = r.Int();
    m.hub_ms = r.Int();
    const std::size_t rejected = r.ArrayHeader();
    if (rejected > kMaxChangesPerBatch) throw MsgpackReader::Error{"too many rejections"};
    for (std::size_t i = 0; i < rejected; ++i) {
      if (r.ArrayHeader() != 4) throw MsgpackReader::Error{"bad rejection"};
      Rejection rej;
      rej.seq = r.Int();
      rej.reason = std::string(r.Str());
      rej.code = std::string(r.Str());
      rej.args = ReadArgs(r);
      m.rejected.push_back(std::move(rej));
    }
    if (r.NextIsList()) {
      if (r.ArrayHeader() != 4) throw MsgpackReader::Error{"bad held change"};
      Held h;
      h.seq = r.Int();
      h.code = std::string(r.Str());
      h.args = ReadArgs(r);
      h.reason = std::string(r.Str());
      m.held = std::move(h);
    } else {
      r.Skip();
    }
    if (!r.AtEnd()) throw MsgpackReader::Error{"bytes after the acknowledgement"};
    out.ack = std::move(m);
  } catch (const MsgpackReader::Error& e) {
    return InvalidArgument(kAnswerBad, {e.why});
  }
  return out;
}

}  // namespace tongban::sync
