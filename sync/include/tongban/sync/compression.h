// zstd compression of sync messages, with trained dictionaries negotiated by id.
//
// A dictionary is identified by the id zstd stores in it (ZDICT). A frame
// records the id of the dictionary it was made with, so Decompress picks the
// right one by itself and refuses a frame whose dictionary it lacks. Id 0
// means plain zstd. Thread safe: dictionaries are immutable after loading.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tongban/status.h"

namespace tongban::sync {

class CompressStream;
class DecompressStream;

// The largest window a compressed stream may use (2^20 bytes): about what the hub holds
// per open stream. A sender picks the smallest that covers what it sends (a small push,
// a small window), since later frames compress against all that went before.
inline constexpr int kStreamWindowLog = 20;

class Compressor {
 public:
  Compressor();
  ~Compressor();
  Compressor(Compressor&&) noexcept;
  // The dictionaries shipped with this build.
  static const Compressor& Shipped();

  // Adds a dictionary; returns its id (0 if the bytes are not a zstd dictionary).
  std::uint32_t AddDictionary(std::string_view bytes);
  std::vector<std::uint32_t> dictionary_ids() const;
  bool Has(std::uint32_t id) const { return id == 0 || dicts_.contains(id); }

  std::string Compress(std::string_view data, std::uint32_t dict_id, int level = 6) const;
  // Fails on a corrupt or truncated frame, an unknown dictionary, or more than max_size bytes.
  Result<std::string> Decompress(std::string_view frame, std::size_t max_size) const;

  // A stream of messages compressed as one (the streamed push); fails on an unknown dictionary.
  std::unique_ptr<CompressStream> OpenCompressStream(std::uint32_t dict_id, int level = 6,
                                                     int window_log = kStreamWindowLog) const;
  Result<std::unique_ptr<DecompressStream>> OpenDecompressStream(std::uint32_t dict_id) const;

 private:
  friend class CompressStream;
  friend class DecompressStream;
  struct Dict;
  std::map<std::uint32_t, std::unique_ptr<Dict>> dicts_;
};

// Compresses messages one after another into one zstd frame with a shared window, so
// small messages compress as well as one large body. Each Flush returns bytes the other
// side decodes at once (a flushed block), without waiting for the frame's end.
class CompressStream {
 public:
  CompressStream(const Compressor& compressor, std::uint32_t dict_id, int level, int window_log);
  ~CompressStream();
  CompressStream(const CompressStream&) = delete;
  CompressStream& operator=(const CompressStream&) = delete;
  std::string Flush(std::string_view data);

 private:
  void* cctx_;
};

// The other end of a CompressStream: bytes in as they arrive, plain bytes out.
class DecompressStream {
 public:
  ~DecompressStream();
  DecompressStream(const DecompressStream&) = delete;
  DecompressStream& operator=(const DecompressStream&) = delete;
  // Appends what `in` decodes to, until `out` holds max_out bytes (then `full`, and what
  // is left, of `in` and inside zstd, comes out at the next call); returns how much of
  // `in` it took. Fails on damage or a window over kStreamWindowLog.
  Result<std::size_t> Feed(std::string_view in, std::string& out, std::size_t max_out, bool& full);

 private:
  friend class Compressor;
  DecompressStream() = default;
  void* dctx_ = nullptr;
};

}  // namespace tongban::sync
