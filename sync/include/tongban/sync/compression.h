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

 private:
  struct Dict;
  std::map<std::uint32_t, std::unique_ptr<Dict>> dicts_;
};

}  // namespace tongban::sync
