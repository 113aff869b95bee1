#include "tongban/node/domain/case.h"

#include <array>
#include <cstdio>

namespace tongban::node {
namespace {

constexpr MessageDef kBadChannel{"case.bad_channel", "channel '{0}' must be one of: {1}"};
constexpr MessageDef kBadMaterialState{"case.bad_material_state",
                                       "material state '{0}' must be one of: {1}"};
constexpr MessageDef kNotScanCode{"case.not_scan_code",
                                  "'{0}' is not the code of a Tongban receipt or notice"};
constexpr MessageDef kScanCheck{"case.scan_check",
                                "the code of case {0} does not check (read {1}, expected {2}); "
                                "scan it again"};

constexpr std::string_view kScanPrefix = "TB:";
constexpr std::string_view kBase36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

// ISO 7064 MOD 1271-36, pure system: two check characters over 0-9 and A-Z; hyphens,
// fixed by the number's format, are skipped. Catches every single misread character
// and every swap of two neighbours.
std::string ScanCheck(std::string_view case_no) {
  int p = 0;
  for (char ch : case_no) {
    const std::size_t v = kBase36.find(ch);
    if (v == std::string_view::npos) continue;
    p = (p + static_cast<int>(v)) * 36 % 1271;
  }
  p = p * 36 % 1271;
  const int check = (1271 + 1 - p) % 1271;
  return {kBase36[static_cast<std::size_t>(check / 36)], kBase36[static_cast<std::size_t>(check % 36)]};
}

// `bad` says what the name is for: "channel '{0}' must be one of: {1}".
template <typename E, std::size_t N>
Result<E> ParseName(const std::array<std::string_view, N>& names, std::string_view s,
                    const MessageDef& bad) {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == s) return static_cast<E>(i);
  std::string allowed;
  for (auto n : names) allowed += (allowed.empty() ? "" : ", ") + std::string(n);
  return InvalidArgument(bad, {std::string(s), allowed});
}

constexpr std::array<std::string_view, 4> kChannels = {"window", "online", "door", "post"};
constexpr std::array<std::string_view, 6> kMaterialStates = {
    "received", "tolerated", "committed", "supplied", "verified", "absent"};

}  // namespace

std::string_view ChannelName(Channel c) { return kChannels[static_cast<int>(c)]; }
Result<Channel> ParseChannel(std::string_view name) {
  return ParseName<Channel>(kChannels, name, kBadChannel);
}

std::string_view MaterialStateName(MaterialState s) {
  return kMaterialStates[static_cast<int>(s)];
}
Result<MaterialState> ParseMaterialState(std::string_view name) {
  return ParseName<MaterialState>(kMaterialStates, name, kBadMaterialState);
}

std::string_view CommitmentKindName(CommitmentKind k) {
  switch (k) {
    case CommitmentKind::kTolerance: return "tolerance";
    case CommitmentKind::kWritten: return "written";
    case CommitmentKind::kRectification: return "rectification";
  }
  return "tolerance";
}
CommitmentKind ParseCommitmentKind(std::string_view name) {
  if (name == "written") return CommitmentKind::kWritten;
  if (name == "rectification") return CommitmentKind::kRectification;
  return CommitmentKind::kTolerance;
}
CommitmentState ParseCommitmentState(std::string_view name) {
  if (name == "fulfilled") return CommitmentState::kFulfilled;
  if (name == "breached") return CommitmentState::kBreached;
  return CommitmentState::kOpen;
}
std::string_view CommitmentStateName(CommitmentState s) {
  switch (s) {
    case CommitmentState::kOpen: return "open";
    case CommitmentState::kFulfilled: return "fulfilled";
    case CommitmentState::kBreached: return "breached";
  }
  return "open";
}

std::string CaseScanCode(std::string_view case_no) {
  return std::string(kScanPrefix) + std::string(case_no) + ":" + ScanCheck(case_no);
}

bool LooksLikeCaseScanCode(std::string_view text) {
  // Letters in either case, as ParseCaseScanCode folds them.
  return text.size() > kScanPrefix.size() && (text[0] == 'T' || text[0] == 't') &&
         (text[1] == 'B' || text[1] == 'b') && text[2] == ':';
}

Result<std::string> ParseCaseScanCode(std::string_view text) {
  // Some scanners type letters in lower case (Caps Lock, a keyboard layout): the code has
  // upper case only, so folding loses nothing.
  std::string code(text);
  while (!code.empty() && (code.back() == '\r' || code.back() == '\n' || code.back() == ' '))
    code.pop_back();
  for (char& ch : code)
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
  const std::size_t last = code.rfind(':');
  if (code.substr(0, 3) != kScanPrefix || last == std::string::npos || last <= 3 ||
      code.size() - last != 3)
    return InvalidArgument(kNotScanCode, {std::string(text)});
  const std::string case_no = code.substr(3, last - 3);
  for (char ch : case_no)
    if (ch != '-' && kBase36.find(ch) == std::string_view::npos)
      return InvalidArgument(kNotScanCode, {std::string(text)});
  const std::string read = code.substr(last + 1);
  const std::string expected = ScanCheck(case_no);
  if (read != expected) return InvalidArgument(kScanCheck, {case_no, read, expected});
  return case_no;
}

std::string FormatCaseNumber(std::string_view station, Date day, long sequence) {
  std::string d = FormatDate(day);
  d.erase(7, 1);
  d.erase(4, 1);
  char seq[16];
  std::snprintf(seq, sizeof seq, "%04ld", sequence);
  return std::string(station) + "-" + d + "-" + seq;
}

std::optional<CaseNumberParts> ParseCaseNumber(std::string_view case_no) {
  // CODE-YYYYMMDD-NNNN; the station code may hold dashes itself, so read from the end.
  const std::size_t dash = case_no.rfind('-');
  if (dash == std::string_view::npos || dash < 10 || case_no[dash - 9] != '-') return std::nullopt;
  const std::string_view seq = case_no.substr(dash + 1), day = case_no.substr(dash - 8, 8);
  CaseNumberParts out;
  if (seq.empty() || seq.size() > 9) return std::nullopt;
  for (char ch : seq) {
    if (ch < '0' || ch > '9') return std::nullopt;
    out.sequence = out.sequence * 10 + (ch - '0');
  }
  const std::string iso = std::string(day.substr(0, 4)) + "-" + std::string(day.substr(4, 2)) + "-" +
                          std::string(day.substr(6, 2));
  auto date = ParseDate(iso);
  if (!date.ok() || FormatDate(*date) != iso) return std::nullopt;
  out.day = *date;
  out.station = std::string(case_no.substr(0, dash - 9));
  if (out.station.empty()) return std::nullopt;
  return out;
}

}  // namespace tongban::node
