#include "tongban/node/domain/case.h"

#include <array>
#include <cstdio>

namespace tongban::node {
namespace {

constexpr MessageDef kBadChannel{"case.bad_channel", "channel '{0}' must be one of: {1}"};
constexpr MessageDef kBadMaterialState{"case.bad_material_state",
                                       "material state '{0}' must be one of: {1}"};

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

std::string FormatCaseNumber(std::string_view station, Date day, long sequence) {
  std::string d = FormatDate(day);
  d.erase(7, 1);
  d.erase(4, 1);
  char seq[16];
  std::snprintf(seq, sizeof seq, "%04ld", sequence);
  return std::string(station) + "-" + d + "-" + seq;
}

}  // namespace tongban::node
