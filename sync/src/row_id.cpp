#include "tongban/sync/row_id.h"

#include <sodium.h>

#include <cstring>

namespace tongban::sync {

RowId RowId::Generate(std::int64_t unix_millis) {
  RowId id;
  randombytes_buf(id.bytes.data(), id.bytes.size());
  const auto ms = static_cast<std::uint64_t>(unix_millis);
  for (int i = 0; i < 6; ++i) id.bytes[i] = static_cast<std::uint8_t>(ms >> (40 - 8 * i));
  id.bytes[6] = static_cast<std::uint8_t>(0x70 | (id.bytes[6] & 0x0f));  // version 7
  id.bytes[8] = static_cast<std::uint8_t>(0x80 | (id.bytes[8] & 0x3f));  // RFC 4122 variant
  return id;
}

std::optional<RowId> RowId::FromHex(std::string_view hex) {
  RowId id;
  std::size_t n = 0;
  int high = -1;
  for (char c : hex) {
    if (c == '-') continue;
    int v;
    if (c >= '0' && c <= '9') v = c - '0';
    else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
    else return std::nullopt;
    if (high < 0) {
      high = v;
    } else {
      if (n == id.bytes.size()) return std::nullopt;
      id.bytes[n++] = static_cast<std::uint8_t>(high << 4 | v);
      high = -1;
    }
  }
  if (n != id.bytes.size() || high >= 0) return std::nullopt;
  return id;
}

RowId RowId::FromBytes(const void* data) {
  RowId id;
  std::memcpy(id.bytes.data(), data, id.bytes.size());
  return id;
}

std::string RowId::Hex() const {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(32);
  for (auto b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0xf]);
  }
  return out;
}

}  // namespace tongban::sync
