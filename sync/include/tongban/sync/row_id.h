// Globally unique row identifiers for every synchronised record.
//
// A RowId is 16 bytes laid out like a UUIDv7: 48 bits of Unix milliseconds,
// then random bits. Time order keeps B-tree inserts at the right edge, and the
// 74 random bits make collisions between offline nodes negligible.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tongban::sync {

struct RowId {
  std::array<std::uint8_t, 16> bytes{};

  static RowId Generate(std::int64_t unix_millis);
  // Parses 32 hex digits (dashes allowed); nullopt on anything else.
  static std::optional<RowId> FromHex(std::string_view hex);
  static RowId FromBytes(const void* data);  // reads exactly 16 bytes

  std::string Hex() const;  // 32 lowercase hex digits
  // The Unix milliseconds the id was generated for (its first 48 bits).
  std::int64_t Millis() const {
    std::int64_t ms = 0;
    for (int i = 0; i < 6; ++i) ms = (ms << 8) | bytes[static_cast<std::size_t>(i)];
    return ms;
  }
  std::string_view View() const {
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
  }
  auto operator<=>(const RowId&) const = default;
};

}  // namespace tongban::sync
