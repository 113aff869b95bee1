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

// Messages the store's source files share (Chinese in node/src/messages/catalog_store.cpp).
inline constexpr MessageDef kBadPhone{"store.bad_phone", "phone number '{0}' is not valid"};
inline constexpr MessageDef kRowDamaged{"store.row_damaged", "{0} is damaged"};
inline constexpr MessageDef kValueNotText{"store.value_not_text", "a value is not text"};
inline constexpr MessageDef kBadRef{"store.bad_ref", "'{0}' is not a valid {1} reference"};

inline Status ValidatePhone(const std::string& phone) {
  if (phone.size() < 7 || phone.size() > 20 ||
      !std::all_of(phone.begin(), phone.end(),
                   [](char ch) { return (ch >= '0' && ch <= '9') || ch == '-'; }))
    return InvalidArgument(kBadPhone, {phone});
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

// Stored bytes shown in a message only as far as they are printable.
inline std::string PrintableText(std::string_view text) {
  std::string out;
  for (unsigned char ch : text) out.push_back(ch < 0x20 || ch == 0x7f ? '?' : static_cast<char>(ch));
  return out;
}

// A stored value that does not parse means a damaged row, not bad input: Corruption
// naming the row by `damaged` ("case {0} is damaged", a context phrase), then why the
// value did not parse, its bytes shown only as far as they are printable text.
template <typename T>
Result<T> Stored(Result<T> parsed, const MessageDef& damaged, std::vector<std::string> args) {
  if (parsed.ok()) return parsed;
  const Status& why = parsed.status();
  Message inner{why.key(), {}, PrintableText(why.message())};
  bool text = IsUtf8Text(inner.text);
  for (const auto& a : why.args()) {
    inner.args.push_back(PrintableText(a));
    text = text && IsUtf8Text(inner.args.back());
  }
  const Status bad = text ? Status::Raised(ErrorCode::kCorruption, std::move(inner))
                          : Status(ErrorCode::kCorruption, kValueNotText);
  return bad.WithContext(damaged, std::move(args));
}

// The same, the row named in words (`row`, e.g. "case QS-JX-20260212-0001"); prefer the
// MessageDef form, which a reader of another language can read.
template <typename T>
Result<T> Stored(Result<T> parsed, std::string_view row) {
  return Stored(std::move(parsed), kRowDamaged, {std::string(row)});
}

// A stored code that decisions name in messages (an item, a node) must be printable text:
// else Corruption naming the row (`damaged`, as for Stored) and the field (`not_text`,
// e.g. "its item code is not text").
inline Result<std::string> StoredCode(std::string text, const MessageDef& damaged,
                                      std::vector<std::string> args, const MessageDef& not_text) {
  const bool printable = IsUtf8Text(text) && std::none_of(text.begin(), text.end(), [](char ch) {
    return static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f;
  });
  if (printable) return text;
  return Corruption(not_text).WithContext(damaged, std::move(args));
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

// A row id given as 32 hex digits (what screens and the CLI show); `bad` names what the
// reference is for ("'{0}' is not a valid visit reference"), {0} being the text given.
inline Result<sync::RowId> ParseRef(const std::string& ref, const MessageDef& bad) {
  auto id = sync::RowId::FromHex(ref);
  if (!id) return InvalidArgument(bad, {ref});
  return *id;
}

// The same with the kind of record in words ("appointment"); prefer the MessageDef form.
inline Result<sync::RowId> ParseRef(const std::string& ref, std::string_view what) {
  auto id = sync::RowId::FromHex(ref);
  if (!id) return InvalidArgument(kBadRef, {ref, std::string(what)});
  return *id;
}

}  // namespace tongban::node
