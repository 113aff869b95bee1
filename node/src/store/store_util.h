// Small helpers shared by the store's source files (private to the node library).
#pragma once

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "tongban/node/domain/replication_schema.h"
#include "tongban/status.h"
#include "tongban/sync/row_id.h"

namespace tongban::node {

inline bool ValidCode(std::string_view code) {
  if (code.size() < 2 || code.size() > 32) return false;
  return std::all_of(code.begin(), code.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

inline Status ValidatePhone(const std::string& phone) {
  if (phone.size() < 7 || phone.size() > 20 ||
      !std::all_of(phone.begin(), phone.end(),
                   [](char ch) { return (ch >= '0' && ch <= '9') || ch == '-'; }))
    return InvalidArgument("phone number '" + phone + "' is not valid");
  return Status::Ok();
}

// A number stored as text in node_meta (a timestamp, a sequence); nullopt when the text
// is not one, as in a damaged row.
template <typename T>
std::optional<T> ParseStoredNumber(std::string_view text) {
  T v{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return v;
}

// A stored value that does not parse means a damaged row, not bad input: Corruption
// naming the row (`row`, e.g. "case QS-JX-20260212-0001"), its bytes shown only as far
// as they are printable text.
template <typename T>
Result<T> Stored(Result<T> parsed, std::string_view row) {
  if (parsed.ok()) return parsed;
  std::string why;
  for (unsigned char ch : parsed.status().message()) why.push_back(ch < 0x20 || ch == 0x7f ? '?' : static_cast<char>(ch));
  if (!IsUtf8Text(why)) why = "a value is not text";
  return Corruption(std::string(row) + " is damaged: " + why);
}

// A stored code that decisions name in messages (an item, a node) must be printable text.
inline Result<std::string> StoredCode(std::string text, std::string_view row, std::string_view what) {
  const bool printable = IsUtf8Text(text) && std::none_of(text.begin(), text.end(), [](char ch) {
    return static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f;
  });
  if (printable) return text;
  return Corruption(std::string(row) + " is damaged: its " + std::string(what) + " is not text");
}

inline nlohmann::json Opt(const std::string& s) { return s.empty() ? nlohmann::json() : nlohmann::json(s); }
// Columns holding 16-byte row ids travel as MessagePack binary.
inline nlohmann::json UidJson(const sync::RowId& id) {
  return nlohmann::json::binary(std::vector<std::uint8_t>(id.bytes.begin(), id.bytes.end()));
}

inline std::string JoinCodes(const std::vector<std::string>& codes) {
  std::string out;
  for (const auto& c : codes) out += (out.empty() ? "" : ",") + c;
  return out;
}

inline std::vector<std::string> SplitCodes(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < s.size()) {
    const auto end = s.find(',', start);
    out.push_back(s.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

// A row id given as 32 hex digits (what screens and the CLI show).
inline Result<sync::RowId> ParseRef(const std::string& ref, std::string_view what) {
  auto id = sync::RowId::FromHex(ref);
  if (!id) return InvalidArgument("'" + ref + "' is not a valid " + std::string(what) + " reference");
  return *id;
}

}  // namespace tongban::node
