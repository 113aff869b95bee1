#include "tongban/sync/msgpack_writer.h"

#include <cstring>
#include <limits>

namespace tongban::sync {

void MsgpackWriter::Be(std::uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out_.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

void MsgpackWriter::Header(std::size_t n, unsigned fix, unsigned big16, std::size_t fix_max) {
  if (n <= fix_max) {
    out_.push_back(static_cast<char>(fix | n));
  } else if (n <= 0xffff) {
    out_.push_back(static_cast<char>(big16));
    Be(n, 2);
  } else {
    out_.push_back(static_cast<char>(big16 + 1));
    Be(n, 4);
  }
}

// The smallest encoding, as nlohmann writes it (positive values as unsigned).
void MsgpackWriter::Uint(std::uint64_t v) {
  if (v < 128) {
    out_.push_back(static_cast<char>(v));
  } else if (v <= 0xff) {
    out_.push_back(static_cast<char>(0xcc));
    Be(v, 1);
  } else if (v <= 0xffff) {
    out_.push_back(static_cast<char>(0xcd));
    Be(v, 2);
  } else if (v <= 0xffffffffu) {
    out_.push_back(static_cast<char>(0xce));
    Be(v, 4);
  } else {
    out_.push_back(static_cast<char>(0xcf));
    Be(v, 8);
  }
}

void MsgpackWriter::Int(std::int64_t v) {
  if (v >= 0) return Uint(static_cast<std::uint64_t>(v));
  if (v >= -32) {
    out_.push_back(static_cast<char>(static_cast<std::int8_t>(v)));
  } else if (v >= INT8_MIN) {
    out_.push_back(static_cast<char>(0xd0));
    Be(static_cast<std::uint8_t>(v), 1);
  } else if (v >= INT16_MIN) {
    out_.push_back(static_cast<char>(0xd1));
    Be(static_cast<std::uint16_t>(v), 2);
  } else if (v >= INT32_MIN) {
    out_.push_back(static_cast<char>(0xd2));
    Be(static_cast<std::uint32_t>(v), 4);
  } else {
    out_.push_back(static_cast<char>(0xd3));
    Be(static_cast<std::uint64_t>(v), 8);
  }
}

// A float32 when it holds the value exactly, as nlohmann writes it.
void MsgpackWriter::Double(double v) {
  if (v >= static_cast<double>(std::numeric_limits<float>::lowest()) &&
      v <= static_cast<double>(std::numeric_limits<float>::max()) &&
      static_cast<double>(static_cast<float>(v)) == v) {
    std::uint32_t bits;
    const float f = static_cast<float>(v);
    std::memcpy(&bits, &f, sizeof bits);
    out_.push_back(static_cast<char>(0xca));
    Be(bits, 4);
    return;
  }
  std::uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  out_.push_back(static_cast<char>(0xcb));
  Be(bits, 8);
}

void MsgpackWriter::Str(std::string_view s) {
  const std::size_t n = s.size();
  if (n <= 31) {
    out_.push_back(static_cast<char>(0xa0 | n));
  } else if (n <= 0xff) {
    out_.push_back(static_cast<char>(0xd9));
    Be(n, 1);
  } else if (n <= 0xffff) {
    out_.push_back(static_cast<char>(0xda));
    Be(n, 2);
  } else {
    out_.push_back(static_cast<char>(0xdb));
    Be(n, 4);
  }
  out_.append(s);
}

void MsgpackWriter::Bin(const std::uint8_t* data, std::size_t n) {
  if (n <= 0xff) {
    out_.push_back(static_cast<char>(0xc4));
    Be(n, 1);
  } else if (n <= 0xffff) {
    out_.push_back(static_cast<char>(0xc5));
    Be(n, 2);
  } else {
    out_.push_back(static_cast<char>(0xc6));
    Be(n, 4);
  }
  out_.append(reinterpret_cast<const char*>(data), n);
}

void MsgpackWriter::Value(const nlohmann::json& v) {
  using T = nlohmann::json::value_t;
  switch (v.type()) {
    case T::null: return Nil();
    case T::boolean: return Bool(v.get<bool>());
    case T::number_integer: return Int(v.get<std::int64_t>());
    case T::number_unsigned: return Uint(v.get<std::uint64_t>());
    case T::number_float: return Double(v.get<double>());
    case T::string: return Str(v.get_ref<const std::string&>());
    case T::binary: {
      const auto& b = v.get_binary();
      return Bin(b.data(), b.size());
    }
    case T::array:
      Array(v.size());
      for (const auto& item : v) Value(item);
      return;
    case T::object:
      Map(v.size());
      for (const auto& [key, item] : v.items()) {
        Str(key);
        Value(item);
      }
      return;
    case T::discarded: return Nil();
  }
}

}  // namespace tongban::sync
