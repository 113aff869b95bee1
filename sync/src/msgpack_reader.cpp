#include "tongban/sync/msgpack_reader.h"

#include <bit>
#include <cstring>

namespace tongban::sync {

std::uint8_t MsgpackReader::Peek() const {
  if (i_ >= b_.size()) throw Error{"truncated"};
  return static_cast<std::uint8_t>(b_[i_]);
}

std::uint8_t MsgpackReader::Byte() {
  const std::uint8_t t = Peek();
  ++i_;
  return t;
}

std::uint64_t MsgpackReader::Be(int n) {
  if (b_.size() - i_ < static_cast<std::size_t>(n)) throw Error{"truncated"};
  std::uint64_t v = 0;
  for (int k = 0; k < n; ++k) v = v << 8 | static_cast<std::uint8_t>(b_[i_ + k]);
  i_ += n;
  return v;
}

std::string_view MsgpackReader::Take(std::uint64_t n) {
  if (n > b_.size() - i_) throw Error{"truncated"};
  const std::string_view out = b_.substr(i_, n);
  i_ += n;
  return out;
}

std::size_t MsgpackReader::Header(std::uint8_t fix, std::uint8_t tag16, const char* expected) {
  const std::uint8_t t = Byte();
  if (t >= fix && t <= fix + 0x0f) return t & 0x0f;
  if (t == tag16) return Be(2);
  if (t == tag16 + 1) return Be(4);
  throw Error{expected};
}

std::size_t MsgpackReader::MapHeader() { return Header(0x80, 0xde, "expected a map"); }
std::size_t MsgpackReader::ArrayHeader() { return Header(0x90, 0xdc, "expected a list"); }

bool MsgpackReader::NextIsList() const {
  const std::uint8_t t = Peek();
  return (t >= 0x90 && t <= 0x9f) || t == 0xdc || t == 0xdd;
}

bool MsgpackReader::Bool() {
  const std::uint8_t t = Byte();
  if (t == 0xc2 || t == 0xc3) return t == 0xc3;
  throw Error{"expected true or false"};
}

std::int64_t MsgpackReader::Int() {
  const std::uint8_t t = Peek();
  if (t <= 0x7f || (t >= 0xcc && t <= 0xcf)) {
    const std::uint64_t v = Uint();
    if (v > static_cast<std::uint64_t>(INT64_MAX)) throw Error{"integer out of range"};
    return static_cast<std::int64_t>(v);
  }
  ++i_;
  if (t >= 0xe0) return static_cast<std::int8_t>(t);
  switch (t) {
    case 0xd0: return static_cast<std::int8_t>(Be(1));
    case 0xd1: return static_cast<std::int16_t>(Be(2));
    case 0xd2: return static_cast<std::int32_t>(Be(4));
    case 0xd3: return static_cast<std::int64_t>(Be(8));
    default: throw Error{"expected an integer"};
  }
}

std::uint64_t MsgpackReader::Uint() {
  const std::uint8_t t = Byte();
  if (t <= 0x7f) return t;
  if (t >= 0xcc && t <= 0xcf) return Be(1 << (t - 0xcc));
  throw Error{"expected a non-negative integer"};
}

std::string_view MsgpackReader::Str() {
  const std::uint8_t t = Byte();
  if (t >= 0xa0 && t <= 0xbf) return Take(t & 0x1f);
  if (t >= 0xd9 && t <= 0xdb) return Take(Be(1 << (t - 0xd9)));
  throw Error{"expected text"};
}

std::string_view MsgpackReader::Bin() {
  const std::uint8_t t = Byte();
  if (t >= 0xc4 && t <= 0xc6) return Take(Be(1 << (t - 0xc4)));
  throw Error{"expected bytes"};
}

nlohmann::json MsgpackReader::Scalar() {
  const std::uint8_t t = Peek();
  if (t == 0xc0) { ++i_; return nullptr; }
  if (t == 0xc2 || t == 0xc3) return Bool();
  if (t <= 0x7f || (t >= 0xcc && t <= 0xcf)) return Uint();
  if (t >= 0xe0 || (t >= 0xd0 && t <= 0xd3)) return Int();
  if ((t >= 0xa0 && t <= 0xbf) || (t >= 0xd9 && t <= 0xdb)) return std::string(Str());
  if (t >= 0xc4 && t <= 0xc6) {
    const std::string_view b = Bin();
    return nlohmann::json::binary(std::vector<std::uint8_t>(b.begin(), b.end()));
  }
  if (t == 0xca) {
    ++i_;
    return static_cast<double>(std::bit_cast<float>(static_cast<std::uint32_t>(Be(4))));
  }
  if (t == 0xcb) {
    ++i_;
    return std::bit_cast<double>(Be(8));
  }
  throw Error{"expected a plain value"};
}

nlohmann::json MsgpackReader::Value(int depth) {
  if (depth <= 0) throw Error{"nested too deeply"};
  const std::uint8_t t = Peek();
  if (NextIsList()) {
    const std::size_t n = ArrayHeader();
    if (n > b_.size() - i_) throw Error{"truncated"};
    nlohmann::json out = nlohmann::json::array();
    for (std::size_t k = 0; k < n; ++k) out.push_back(Value(depth - 1));
    return out;
  }
  if ((t >= 0x80 && t <= 0x8f) || t == 0xde || t == 0xdf) {
    const std::size_t n = MapHeader();
    if (n > b_.size() - i_) throw Error{"truncated"};
    nlohmann::json out = nlohmann::json::object();
    for (std::size_t k = 0; k < n; ++k) {
      std::string key(Str());
      out[std::move(key)] = Value(depth - 1);
    }
    return out;
  }
  return Scalar();
}

void MsgpackReader::Skip(int depth) {
  if (depth <= 0) throw Error{"nested too deeply"};
  const std::uint8_t t = Peek();
  std::uint64_t items = 0;
  if ((t >= 0x80 && t <= 0x8f) || t == 0xde || t == 0xdf) {
    items = 2 * static_cast<std::uint64_t>(MapHeader());
  } else if (NextIsList()) {
    items = ArrayHeader();
  } else if (t >= 0xc7 && t <= 0xc9) {  // ext: length, type, data
    ++i_;
    const std::uint64_t n = Be(1 << (t - 0xc7));
    Take(n + 1);
    return;
  } else if (t >= 0xd4 && t <= 0xd8) {  // fixext
    ++i_;
    Take((1u << (t - 0xd4)) + 1);
    return;
  } else if (t == 0xc1) {
    throw Error{"not MessagePack"};
  } else if ((t >= 0xa0 && t <= 0xbf) || (t >= 0xd9 && t <= 0xdb)) {
    Str();
    return;
  } else if (t >= 0xc4 && t <= 0xc6) {
    Bin();
    return;
  } else {
    Scalar();
    return;
  }
  if (items > b_.size() - i_) throw Error{"truncated"};  // every item takes a byte at least
  for (std::uint64_t k = 0; k < items; ++k) Skip(depth - 1);
}

}  // namespace tongban::sync
