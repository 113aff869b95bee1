#include "tongban/sync/compression.h"

#include <zdict.h>
#include <zstd.h>

#include <algorithm>

#include "embedded_dictionary.h"

namespace tongban::sync {
namespace {

constexpr MessageDef kNotFrame{"sync.zstd_not_frame", "compressed body is not a zstd frame"};
constexpr MessageDef kNoSize{"sync.zstd_no_size", "compressed body does not state its size"};
constexpr MessageDef kTooLarge{"sync.zstd_too_large",
                               "body expands to {0} bytes, over the limit of {1}"};
constexpr MessageDef kNoDictionary{"sync.zstd_no_dictionary",
                                   "body was compressed with dictionary {0}, which this side "
                                   "does not have"};
constexpr MessageDef kDamaged{"sync.zstd_damaged", "compressed body is damaged or truncated ({0})"};
constexpr MessageDef kTruncated{"sync.zstd_truncated", "compressed body is truncated"};

}  // namespace

struct Compressor::Dict {
  std::string bytes;
  ZSTD_DDict* ddict = nullptr;
  std::map<int, ZSTD_CDict*> cdicts;  // by level, built on load for the levels we use
  ~Dict() {
    ZSTD_freeDDict(ddict);
    for (auto& [level, c] : cdicts) ZSTD_freeCDict(c);
  }
};

Compressor::Compressor() = default;
Compressor::~Compressor() = default;
Compressor::Compressor(Compressor&&) noexcept = default;

const Compressor& Compressor::Shipped() {
  static const Compressor c = [] {
    Compressor out;
    out.AddDictionary(embedded::sync_dictionary_v1());
    return out;
  }();
  return c;
}

std::uint32_t Compressor::AddDictionary(std::string_view bytes) {
  const unsigned id = ZDICT_getDictID(bytes.data(), bytes.size());
  if (id == 0) return 0;
  auto d = std::make_unique<Dict>();
  d->bytes.assign(bytes);
  d->ddict = ZSTD_createDDict(d->bytes.data(), d->bytes.size());
  for (int level : {3, 6, 9}) d->cdicts[level] = ZSTD_createCDict(d->bytes.data(), d->bytes.size(), level);
  dicts_[id] = std::move(d);
  return id;
}

std::vector<std::uint32_t> Compressor::dictionary_ids() const {
  std::vector<std::uint32_t> ids;
  for (const auto& [id, d] : dicts_) ids.push_back(id);
  return ids;
}

std::string Compressor::Compress(std::string_view data, std::uint32_t dict_id, int level) const {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  // A content checksum makes a flipped bit on the wire a clear error, not bad data.
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, level);
  if (auto it = dicts_.find(dict_id); it != dicts_.end()) {
    auto c = it->second->cdicts.lower_bound(level);
    if (c == it->second->cdicts.end()) c = std::prev(it->second->cdicts.end());
    ZSTD_CCtx_refCDict(cctx, c->second);
  }
  const std::size_t n = ZSTD_compress2(cctx, out.data(), out.size(), data.data(), data.size());
  ZSTD_freeCCtx(cctx);
  out.resize(ZSTD_isError(n) ? 0 : n);
  return out;
}

Result<std::string> Compressor::Decompress(std::string_view frame, std::size_t max_size) const {
  const unsigned long long size = ZSTD_getFrameContentSize(frame.data(), frame.size());
  if (size == ZSTD_CONTENTSIZE_ERROR)
    return Corruption(kNotFrame);
  if (size == ZSTD_CONTENTSIZE_UNKNOWN)
    return InvalidArgument(kNoSize);
  if (size > max_size)
    return InvalidArgument(kTooLarge, {std::to_string(size), std::to_string(max_size)});
  const unsigned id = ZSTD_getDictID_fromFrame(frame.data(), frame.size());
  const ZSTD_DDict* ddict = nullptr;
  if (id != 0) {
    auto it = dicts_.find(id);
    if (it == dicts_.end())
      return InvalidArgument(kNoDictionary, {std::to_string(id)});
    ddict = it->second->ddict;
  }
  std::string out(static_cast<std::size_t>(size), '\0');
  ZSTD_DCtx* dctx = ZSTD_createDCtx();
  const std::size_t n = ddict ? ZSTD_decompress_usingDDict(dctx, out.data(), out.size(),
                                                           frame.data(), frame.size(), ddict)
                              : ZSTD_decompressDCtx(dctx, out.data(), out.size(), frame.data(),
                                                    frame.size());
  ZSTD_freeDCtx(dctx);
  if (ZSTD_isError(n))
    return Corruption(kDamaged, {ZSTD_getErrorName(n)});
  if (n != out.size()) return Corruption(kTruncated);
  return out;
}

std::unique_ptr<CompressStream> Compressor::OpenCompressStream(std::uint32_t dict_id, int level,
                                                               int window_log) const {
  return std::make_unique<CompressStream>(*this, dict_id, level, window_log);
}

Result<std::unique_ptr<DecompressStream>> Compressor::OpenDecompressStream(
    std::uint32_t dict_id) const {
  const ZSTD_DDict* ddict = nullptr;
  if (dict_id != 0) {
    auto it = dicts_.find(dict_id);
    if (it == dicts_.end()) return InvalidArgument(kNoDictionary, {std::to_string(dict_id)});
    ddict = it->second->ddict;
  }
  std::unique_ptr<DecompressStream> s(new DecompressStream());
  ZSTD_DCtx* dctx = ZSTD_createDCtx();
  if (!dctx) return Internal("zstd could not start a stream");
  s->dctx_ = dctx;
  // A sender asking for a larger window is refused: it bounds the hub's memory per stream.
  ZSTD_DCtx_setParameter(dctx, ZSTD_d_windowLogMax, kStreamWindowLog);
  if (ddict) ZSTD_DCtx_refDDict(dctx, ddict);
  return s;
}

CompressStream::CompressStream(const Compressor& compressor, std::uint32_t dict_id, int level,
                               int window_log) {
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, level);
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_windowLog, std::clamp(window_log, 10, kStreamWindowLog));
  if (auto it = compressor.dicts_.find(dict_id); it != compressor.dicts_.end()) {
    auto c = it->second->cdicts.lower_bound(level);
    if (c == it->second->cdicts.end()) c = std::prev(it->second->cdicts.end());
    ZSTD_CCtx_refCDict(cctx, c->second);
  }
  cctx_ = cctx;
}

CompressStream::~CompressStream() { ZSTD_freeCCtx(static_cast<ZSTD_CCtx*>(cctx_)); }

std::string CompressStream::Flush(std::string_view data) {
  auto* cctx = static_cast<ZSTD_CCtx*>(cctx_);
  std::string out;
  ZSTD_inBuffer in{data.data(), data.size(), 0};
  std::size_t left = 0;
  do {
    const std::size_t at = out.size();
    out.resize(at + ZSTD_compressBound(data.size()) + 64);
    ZSTD_outBuffer o{out.data() + at, out.size() - at, 0};
    left = ZSTD_compressStream2(cctx, &o, &in, ZSTD_e_flush);
    out.resize(at + o.pos);
    if (ZSTD_isError(left)) return {};
  } while (left != 0 || in.pos < in.size);
  return out;
}

DecompressStream::~DecompressStream() { ZSTD_freeDCtx(static_cast<ZSTD_DCtx*>(dctx_)); }

Result<std::size_t> DecompressStream::Feed(std::string_view bytes, std::string& out,
                                           std::size_t max_out, bool& full) {
  auto* dctx = static_cast<ZSTD_DCtx*>(dctx_);
  ZSTD_inBuffer in{bytes.data(), bytes.size(), 0};
  char chunk[16384];
  full = false;
  // Until all input is taken and zstd holds nothing back (a chunk not filled), or `out`
  // is full.
  for (;;) {
    if (out.size() >= max_out) {
      full = true;
      return in.pos;
    }
    const std::size_t room = std::min(sizeof chunk, max_out - out.size());
    ZSTD_outBuffer o{chunk, room, 0};
    const std::size_t rc = ZSTD_decompressStream(dctx, &o, &in);
    if (ZSTD_isError(rc)) return Corruption(kDamaged, {ZSTD_getErrorName(rc)});
    out.append(chunk, o.pos);
    if (in.pos == in.size && o.pos < room) return in.pos;
  }
}

}  // namespace tongban::sync
