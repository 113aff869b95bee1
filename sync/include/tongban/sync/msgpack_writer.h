// MsgpackWriter: writes MessagePack bytes straight into a string.
//
// nlohmann::json can only write a document it holds, so a hot path that would
// build a json tree just to serialise it writes through this instead. Reading
// stays with nlohmann (its SAX interface), which checks every byte.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace tongban::sync {

class MsgpackWriter {
 public:
  void Nil() { out_.push_back(static_cast<char>(0xc0)); }
  void Bool(bool b) { out_.push_back(static_cast<char>(b ? 0xc3 : 0xc2)); }
  void Int(std::int64_t v);
  void Uint(std::uint64_t v);
  void Double(double v);
  void Str(std::string_view s);
  void Bin(const std::uint8_t* data, std::size_t size);
  void Array(std::size_t n) { Header(n, 0x90, 0xdc, 15); }
  void Map(std::size_t n) { Header(n, 0x80, 0xde, 15); }
  // Any json value, containers recursively.
  void Value(const nlohmann::json& v);

  std::string& bytes() { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  void Header(std::size_t n, unsigned fix, unsigned big16, std::size_t fix_max);
  void Be(std::uint64_t v, int bytes);
  std::string out_;
};

}  // namespace tongban::sync
