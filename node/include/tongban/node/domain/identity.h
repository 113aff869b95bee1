// Identity numbers of applicants, validated at intake, and masking for display.
//
// Resident ID (GB 11643-1999): 18 characters = 6-digit area code, birth date
// YYYYMMDD, 3-digit sequence (odd = male), check character over positions 1..17.
// Unified social credit code (GB 32100-2015): 18 characters from the 31-symbol
// alphabet "0123456789ABCDEFGHJKLMNPQRTUWXY" with a mod-31 check character.
// Pure functions, no I/O. Messages are written for the clerk at the window.
#pragma once

#include <string>
#include <string_view>

#include "tongban/node/domain/work_calendar.h"
#include "tongban/status.h"

namespace tongban::node {

enum class PartyKind { kPerson, kEnterprise };

// OK, or InvalidArgument saying exactly what is wrong with the number.
Status ValidateResidentId(std::string_view id);
Status ValidateCreditCode(std::string_view code);
// The birth date of a valid resident ID is possible on `today` (the node's corrected
// date): not in the future, not more than 150 years before.
Status ValidateBirthDate(std::string_view id, Date today);
// Length and alphabet only: what a clerk's override of the check character still requires.
Status ValidateCreditCodeShape(std::string_view code);

// Upper-cases a trailing 'x' and strips surrounding spaces, the usual typing slips.
std::string NormalizeIdNumber(std::string_view raw);

// "11010519491231002X" -> "1101**********002X": first 4 and last 4 kept.
std::string MaskIdNumber(std::string_view id);
// "13812345678" -> "138****5678".
std::string MaskPhone(std::string_view phone);
// "张三丰" -> "张*丰", "张三" -> "张*".
std::string MaskName(std::string_view name);

}  // namespace tongban::node
