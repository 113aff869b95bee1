#include "tongban/node/domain/identity.h"

#include <array>
#include <chrono>
#include <string>

namespace tongban::node {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

// Counts UTF-8 code points so masking never cuts a Chinese character in half.
std::size_t NextCodePoint(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : 4;
  return i + len > s.size() ? s.size() : i + len;
}

}  // namespace

std::string NormalizeIdNumber(std::string_view raw) {
  std::string s = Trim(raw);
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

namespace {
constexpr MessageDef kIdLength{"identity.id_length",
                               "resident ID must have 18 characters, this one has {0}"};
constexpr MessageDef kIdDigit{"identity.id_digit",
                              "resident ID may contain only digits before the last character "
                              "(position {0} is '{1}')"};
constexpr MessageDef kIdLast{"identity.id_last",
                             "the last character of a resident ID must be a digit or X"};
constexpr MessageDef kIdArea{"identity.id_area", "resident ID area code 000000 is not valid"};
constexpr MessageDef kIdBirthNotDate{"identity.id_birth_not_date",
                                     "resident ID birth date {0} is not a real date"};
constexpr MessageDef kIdCheck{"identity.id_check",
                              "resident ID check character is wrong (expected {0}, got {1}); "
                              "please re-read the number"};
constexpr MessageDef kIdBirthFuture{"identity.id_birth_future",
                                    "resident ID birth date {0} is after today ({1}); please "
                                    "re-read the number"};
constexpr MessageDef kIdBirthOld{"identity.id_birth_old",
                                 "resident ID birth date {0} is more than 150 years ago; please "
                                 "re-read the number"};
constexpr MessageDef kCreditLength{"identity.credit_length",
                                   "unified social credit code must have 18 characters, this one "
                                   "has {0}"};
constexpr MessageDef kCreditChar{"identity.credit_char",
                                 "unified social credit code has an invalid character '{0}' at "
                                 "position {1} (I, O, S, V and Z are never used)"};
constexpr MessageDef kCreditCheck{"identity.credit_check",
                                  "unified social credit code check character is wrong (expected "
                                  "{0}, got {1}); some early codes fail this check: a clerk may "
                                  "override with a reason"};
}  // namespace

Status ValidateResidentId(std::string_view id) {
  static constexpr std::array<int, 17> kWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3,
                                                   7, 9, 10, 5, 8, 4, 2};
  static constexpr char kCheck[] = "10X98765432";
  if (id.size() != 18)
    return InvalidArgument(kIdLength, {std::to_string(id.size())});
  for (std::size_t i = 0; i < 17; ++i)
    if (!IsDigit(id[i]))
      return InvalidArgument(kIdDigit, {std::to_string(i + 1), std::string(1, id[i])});
  if (!IsDigit(id[17]) && id[17] != 'X')
    return InvalidArgument(kIdLast);
  if (id.substr(0, 6) == "000000") return InvalidArgument(kIdArea);
  const int year = std::stoi(std::string(id.substr(6, 4)));
  const unsigned month = static_cast<unsigned>(std::stoi(std::string(id.substr(10, 2))));
  const unsigned day = static_cast<unsigned>(std::stoi(std::string(id.substr(12, 2))));
  const std::chrono::year_month_day birth{std::chrono::year{year}, std::chrono::month{month},
                                          std::chrono::day{day}};
  if (year < 1850 || !birth.ok())
    return InvalidArgument(kIdBirthNotDate, {std::string(id.substr(6, 8))});
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) sum += (id[i] - '0') * kWeights[i];
  const char expected = kCheck[sum % 11];
  if (id[17] != expected)
    return InvalidArgument(kIdCheck, {std::string(1, expected), std::string(1, id[17])});
  return Status::Ok();
}

Status ValidateBirthDate(std::string_view id, Date today) {
  TB_RETURN_IF_ERROR(ValidateResidentId(id));
  const auto digits = [&](std::size_t at, std::size_t n) { return std::stoi(std::string(id.substr(at, n))); };
  const Date birth = std::chrono::year{digits(6, 4)} / digits(10, 2) / digits(12, 2);
  if (birth > today)
    return InvalidArgument(kIdBirthFuture, {std::string(id.substr(6, 8)), FormatDate(today)});
  const std::chrono::year_month_day now{today};
  std::chrono::year_month_day limit{now.year() - std::chrono::years(150), now.month(), now.day()};
  if (!limit.ok()) limit = limit.year() / limit.month() / std::chrono::last;  // 29 February
  if (birth < Date(limit))
    return InvalidArgument(kIdBirthOld, {std::string(id.substr(6, 8))});
  return Status::Ok();
}

namespace {
constexpr std::string_view kCreditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
}  // namespace

Status ValidateCreditCodeShape(std::string_view code) {
  if (code.size() != 18)
    return InvalidArgument(kCreditLength, {std::to_string(code.size())});
  for (std::size_t i = 0; i < 18; ++i)
    if (kCreditAlphabet.find(code[i]) == std::string_view::npos)
      return InvalidArgument(kCreditChar, {std::string(1, code[i]), std::to_string(i + 1)});
  return Status::Ok();
}

Status ValidateCreditCode(std::string_view code) {
  static constexpr std::string_view kAlphabet = kCreditAlphabet;
  static constexpr std::array<int, 17> kWeights = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                                   29, 25, 13, 8,  24, 10, 30, 28};
  TB_RETURN_IF_ERROR(ValidateCreditCodeShape(code));
  std::array<int, 18> values{};
  for (std::size_t i = 0; i < 18; ++i) values[i] = static_cast<int>(kAlphabet.find(code[i]));
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) sum += values[i] * kWeights[i];
  const int expected = (31 - sum % 31) % 31;
  if (values[17] != expected)
    return InvalidArgument(kCreditCheck, {std::string(1, kAlphabet[static_cast<std::size_t>(expected)]),
                                          std::string(1, code[17])});
  return Status::Ok();
}

std::string MaskIdNumber(std::string_view id) {
  if (id.size() <= 8) return std::string(id.size(), '*');
  return std::string(id.substr(0, 4)) + std::string(id.size() - 8, '*') +
         std::string(id.substr(id.size() - 4));
}

std::string MaskPhone(std::string_view phone) {
  if (phone.size() < 7) return std::string(phone.size(), '*');
  return std::string(phone.substr(0, 3)) + std::string(phone.size() - 7, '*') +
         std::string(phone.substr(phone.size() - 4));
}

std::string MaskName(std::string_view name) {
  if (name.empty()) return {};
  const std::size_t first_end = NextCodePoint(name, 0);
  std::size_t last_start = first_end;
  std::size_t count = 1;
  for (std::size_t i = first_end; i < name.size(); i = NextCodePoint(name, i)) {
    last_start = i;
    ++count;
  }
  if (count == 1) return std::string(name);
  if (count == 2) return std::string(name.substr(0, first_end)) + "*";
  return std::string(name.substr(0, first_end)) + std::string(count - 2, '*') +
         std::string(name.substr(last_start));
}

}  // namespace tongban::node
