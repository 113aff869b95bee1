// Options whose values are codes (a status, a time unit, a material state, …): their
// help lists each code with its Chinese name, and they take either word. Header-only
// for the same reason as help_format.h: only the two CLIs link CLI11.
#pragma once

#include <CLI/CLI.hpp>
#include <initializer_list>
#include <string>
#include <string_view>

#include "tongban/node/messages/command_text.h"
#include "tongban/node/messages/status_text.h"

namespace tongban::cli {

// "workday 工作日 | day 自然日 | hour 小时" in Chinese, "workday | day | hour" in
// English. `only` picks and orders some of the kind's codes.
inline std::string Choices(std::string_view kind, std::initializer_list<std::string_view> only = {},
                           std::string_view separator = " | ") {
  std::string out;
  auto add = [&](const node::NamedCode& c) {
    if (!out.empty()) out += separator;
    out += c.code;
    if (node::CommandInChinese()) out += " " + c.zh;
  };
  const auto codes = node::CodesOfKind(kind);
  if (only.size() == 0)
    for (const auto& c : codes) add(c);
  for (std::string_view want : only)
    for (const auto& c : codes)
      if (c.code == want) add(c);
  return out;
}

// The transform for such an option: a Chinese name becomes its code, and so does the
// part after "=" in "M05=容缺后补". Anything else passes as typed, for the command to
// refuse with a message that names the choices.
inline CLI::Validator TakesNames(std::string kind) {
  return CLI::Validator(
      [kind](std::string& value) {
        if (std::string code = node::CodeForWord(kind, value); !code.empty()) {
          value = code;
        } else if (const auto eq = value.find('='); eq != std::string::npos) {
          if (code = node::CodeForWord(kind, value.substr(eq + 1)); !code.empty())
            value = value.substr(0, eq + 1) + code;
        }
        return std::string();
      },
      "", "takes_names_" + kind);
}

}  // namespace tongban::cli
