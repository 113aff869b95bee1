// MsgpackReader: reads MessagePack straight into typed values.
//
// The hot paths (a push at the hub, a pull at the node) decode tens of thousands of
// changes per request; building a json document first and copying out of it cost
// more than the rest of the decoding. This reader walks the bytes once and hands
// out numbers, strings (as views into the input) and scalar json values.
// Every read checks its bounds and its type and throws MsgpackReader::Error on a
// departure; callers catch it at the edge of their decoder.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace tongban::sync {

class MsgpackReader {
 public:
  struct Error {
    const char* why;
  };

  explicit MsgpackReader(std::string_view bytes) : b_(bytes) {}

  bool AtEnd() const { return i_ == b_.size(); }
  std::size_t offset() const { return i_; }

  std::size_t MapHeader();
  std::size_t ArrayHeader();
  // Whether the next value is a list (without reading it).
  bool NextIsList() const;
  bool Bool();
  std::int64_t Int();    // any integer that fits
  std::uint64_t Uint();  // a non-negative integer
  std::string_view Str();
  std::string_view Bin();
  // null, boolean, number, string or binary, as nlohmann::from_msgpack would build it.
  nlohmann::json Scalar();
  // Any value, lists and maps (text keys) included, at most `depth` deep.
  nlohmann::json Value(int depth = 32);
  // Steps over one value of any kind, containers included (at most `depth` deep).
  void Skip(int depth = 32);

 private:
  std::uint8_t Byte();
  std::uint64_t Be(int n);
  std::string_view Take(std::uint64_t n);
  std::uint8_t Peek() const;
  // A container's length: fix (tag in [fix, fix + 15]), 16-bit (tag16) or 32-bit (tag16 + 1).
  std::size_t Header(std::uint8_t fix, std::uint8_t tag16, const char* expected);

  std::string_view b_;
  std::size_t i_ = 0;
};

}  // namespace tongban::sync
