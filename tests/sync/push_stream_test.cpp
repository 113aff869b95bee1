// The streamed push's pieces on their own: frames, acknowledgements and the
// compressed stream they travel in (the exchange itself: tests/e2e).
#include <catch2/catch.hpp>

#include "tongban/sync/compression.h"
#include "tongban/sync/push_stream.h"

using namespace tongban;
using namespace tongban::sync;

TEST_CASE("frames come out whole, in order, only once complete") {
  std::string wire;
  AppendFrame(wire, "first");
  AppendFrame(wire, std::string(300, 'x'));
  AppendFrame(wire, "");
  // Handed over a byte at a time, nothing comes out before a frame is complete.
  std::string buffer;
  std::vector<std::string> got;
  for (char c : wire) {
    buffer.push_back(c);
    auto frames = TakeFrames(buffer);
    REQUIRE(frames.ok());
    for (auto& f : *frames) got.push_back(std::move(f));
  }
  REQUIRE(got.size() == 3);
  CHECK(got[0] == "first");
  CHECK(got[1] == std::string(300, 'x'));
  CHECK(got[2].empty());
  CHECK(buffer.empty());
}

TEST_CASE("a damaged or oversized frame is refused, never read") {
  std::string wire;
  AppendFrame(wire, "acknowledge me");
  SECTION("a flipped payload byte") {
    wire[10] = static_cast<char>(wire[10] ^ 0x01);
    auto frames = TakeFrames(wire);
    REQUIRE_FALSE(frames.ok());
    CHECK(frames.status().code() == ErrorCode::kCorruption);
  }
  SECTION("a length over the limit") {
    std::string huge = "\x7f\xff\xff\xff" + std::string(4, '\0');
    auto frames = TakeFrames(huge);
    REQUIRE_FALSE(frames.ok());
    CHECK(frames.status().code() == ErrorCode::kInvalidArgument);
  }
}

TEST_CASE("an acknowledgement keeps every field; a refusal is never one") {
  PushReply r;
  r.acked_seq = 4711;
  r.acked_hlc = (std::uint64_t{1} << 60) + 5;
  r.applied = 60;
  r.duplicates = 2;
  r.conflicts = 1;
  r.open_conflicts = 3;
  r.hub_ms = 1'780'000'000'000;
  r.rejected.push_back({4700, "not in scope", "out_of_scope", {"cases", "QS-JX09"}});
  r.held = Held{4712, "clock_ahead", {"1", "2", "3"}, "ahead"};
  auto back = DecodePushStreamAnswer(EncodePushAck(r));
  REQUIRE(back.ok());
  REQUIRE(back->ack);
  CHECK(back->refusal_status == 0);
  const PushReply& a = *back->ack;
  CHECK(a.acked_seq == 4711);
  CHECK(a.acked_hlc == r.acked_hlc);
  CHECK(a.applied == 60);
  CHECK(a.duplicates == 2);
  CHECK(a.conflicts == 1);
  CHECK(a.open_conflicts == 3);
  CHECK(a.hub_ms == r.hub_ms);
  REQUIRE(a.rejected.size() == 1);
  CHECK(a.rejected[0].code == "out_of_scope");
  CHECK(a.rejected[0].args == std::vector<std::string>{"cases", "QS-JX09"});
  REQUIRE(a.held);
  CHECK(a.held->seq == 4712);
  CHECK(a.held->args.size() == 3);

  PushReply plain;
  plain.acked_seq = 9;
  auto small = EncodePushAck(plain);
  CHECK(small.size() < 24);  // sent every few frames: it must stay small
  auto plain_back = DecodePushStreamAnswer(small);
  REQUIRE(plain_back.ok());
  CHECK_FALSE(plain_back->ack->held);

  auto refused = DecodePushStreamAnswer(EncodePushRefusal(409, R"({"key":"hub.node_wipe"})"));
  REQUIRE(refused.ok());
  CHECK_FALSE(refused->ack);
  CHECK(refused->refusal_status == 409);
  CHECK(refused->refusal_body == R"({"key":"hub.node_wipe"})");

  CHECK_FALSE(DecodePushStreamAnswer("").ok());
  CHECK_FALSE(DecodePushStreamAnswer("z").ok());
  CHECK_FALSE(DecodePushStreamAnswer(small.substr(0, small.size() - 1)).ok());
}

TEST_CASE("a compressed stream decodes each flush at once, with the shipped dictionary") {
  const Compressor& zstd = Compressor::Shipped();
  const auto ids = zstd.dictionary_ids();
  REQUIRE_FALSE(ids.empty());
  for (const std::uint32_t dict : {std::uint32_t{0}, ids.back()}) {
    INFO("dictionary " << dict);
    auto deflate = zstd.OpenCompressStream(dict, 9);
    auto inflate = zstd.OpenDecompressStream(dict);
    REQUIRE(inflate.ok());
    std::size_t compressed = 0, plain = 0;
    for (int i = 0; i < 50; ++i) {
      const std::string message = R"({"table":"cases","applicant":"村民)" + std::to_string(i) +
                                  R"(","item":"高龄津贴申领","status":"received"})";
      const std::string bytes = deflate->Flush(message);
      REQUIRE_FALSE(bytes.empty());
      compressed += bytes.size();
      plain += message.size();
      std::string out;
      bool full = false;
      auto took = (*inflate)->Feed(bytes, out, 1 << 20, full);
      REQUIRE(took.ok());
      CHECK(*took == bytes.size());
      CHECK_FALSE(full);
      CHECK(out == message);  // whole, before anything later was sent
    }
    CHECK(compressed < plain / 2);  // later messages lean on earlier ones
  }
  SECTION("damage and a window too large are refused") {
    auto inflate = zstd.OpenDecompressStream(0);
    REQUIRE(inflate.ok());
    std::string out;
    bool full = false;
    CHECK_FALSE((*inflate)->Feed(std::string(64, '\x5a'), out, 1 << 20, full).ok());
    // A sender asking for a 2^22 window would make the hub hold 4 MiB for it.
    const std::string big = zstd.Compress(std::string(4 << 20, 'a'), 0, 19);
    auto strict = zstd.OpenDecompressStream(0);
    REQUIRE(strict.ok());
    std::string sink;
    CHECK_FALSE((*strict)->Feed(big, sink, 64u << 20, full).ok());
  }
  SECTION("bytes that expand far come out a slice at a time") {
    auto deflate = zstd.OpenCompressStream(0, 3, 20);
    const std::string bomb = deflate->Flush(std::string(8u << 20, '\0'));
    CHECK(bomb.size() < 4096);
    auto inflate = zstd.OpenDecompressStream(0);
    REQUIRE(inflate.ok());
    std::string_view rest = bomb;
    std::size_t total = 0, most = 0;
    for (int guard = 0; guard < 10000; ++guard) {
      std::string out;
      bool full = false;
      auto took = (*inflate)->Feed(rest, out, 64u << 10, full);
      REQUIRE(took.ok());
      rest.remove_prefix(*took);
      total += out.size();
      most = std::max(most, out.size());
      if (!full && rest.empty()) break;
    }
    CHECK(total == (8u << 20));
    CHECK(most <= (64u << 10));
  }
  SECTION("an unknown dictionary is named") {
    auto none = zstd.OpenDecompressStream(12345);
    REQUIRE_FALSE(none.ok());
    CHECK(none.status().message().find("12345") != std::string::npos);
  }
}

TEST_CASE("a signed stream's chain covers each frame and every one before it") {
  const auto texts = [](std::string_view seed, const std::vector<std::string>& payloads) {
    StreamChain chain(seed);
    std::vector<std::string> out;
    for (const auto& p : payloads) out.push_back(chain.Next(p));
    CHECK(chain.frames() == static_cast<std::int64_t>(payloads.size()));
    return out;
  };
  const std::string seed = NewStreamChainSeed();
  CHECK(seed.size() == 32);
  CHECK(seed != NewStreamChainSeed());
  const std::vector<std::string> sent{"first", "second", "third"};
  const auto signed_texts = texts(seed, sent);
  // Another stream's seed: no signature of this one fits it.
  const auto other = texts(NewStreamChainSeed(), sent);
  for (std::size_t i = 0; i < sent.size(); ++i) CHECK(other[i] != signed_texts[i]);
  // A frame changed, dropped or moved: its text and every one after it differ.
  const auto changed = texts(seed, {"first", "secone", "third"});
  CHECK(changed[0] == signed_texts[0]);
  CHECK(changed[1] != signed_texts[1]);
  CHECK(changed[2] != signed_texts[2]);
  const auto dropped = texts(seed, {"first", "third"});
  CHECK(dropped[1] != signed_texts[2]);
  const auto moved = texts(seed, {"second", "first", "third"});
  CHECK(moved[2] != signed_texts[2]);
}
