#include "tongban/node/messages/command_text.h"

#include <regex>

#include "tongban/node/messages/status_text.h"

namespace tongban::node {
namespace {

// The option and argument names in CLI11's text: "--case", "-u", positional names
// before " is required", arguments after "not expected: ".
std::string NamesIn(std::string_view what) {
  static const std::regex option(R"((^|[\s\[,])(--?[A-Za-z][A-Za-z0-9_-]*))");
  const std::string text(what);
  std::string names;
  for (std::sregex_iterator m(text.begin(), text.end(), option), end; m != end; ++m)
    names += (names.empty() ? "" : " ") + (*m)[2].str();
  return names;
}

std::string After(std::string_view what, std::string_view marker) {
  const std::size_t at = what.find(marker);
  return at == std::string_view::npos ? std::string() : std::string(what.substr(at + marker.size()));
}

std::string Before(std::string_view what, std::string_view marker) {
  const std::size_t at = what.find(marker);
  return at == std::string_view::npos ? std::string() : std::string(what.substr(0, at));
}

}  // namespace

Language CommandLanguage() {
  static const Language lang = LanguageFromEnvironment();
  return lang;
}

std::string CodeText(std::string_view kind, std::string_view code) {
  return CommandInChinese() ? NameInChinese(kind, code) : std::string(code);
}

std::string RenderErrorLine(const Status& status, Language lang) {
  return (lang == Language::kChinese ? "错误：" : "error: ") + RenderStatus(status, lang);
}

std::string RenderUsageError(std::string_view name, std::string_view what, Language lang) {
  if (lang == Language::kEnglish) return "error: " + std::string(what) + " (see --help)";
  std::string names = NamesIn(what);
  std::string line;
  if (name == "RequiredError") {
    if (what.find("subcommand") != std::string_view::npos) {
      line = "缺少子命令";
    } else {
      const std::string positional = Before(what, " is required");
      if (names.empty()) names = positional;
      line = names.empty() ? "缺少必需的参数" : "缺少必需的参数 " + names;
    }
  } else if (name == "ExtrasError") {
    line = "多余的参数：" + After(what, "expected: ");
  } else if (name == "ArgumentMismatch") {
    line = names.empty() ? "参数个数不对" : "参数个数不对：" + names;
  } else if (name == "ConversionError" || name == "ValidationError") {
    line = names.empty() ? "参数值无效" : "参数值无效：" + names;
  } else if (name == "RequiresError") {
    line = "参数需要同时给出：" + names;
  } else if (name == "ExcludesError") {
    line = "参数不能同时使用：" + names;
  } else if (name == "FileError") {
    line = "读不到参数所指的文件";
  } else if (name == "ConfigError") {
    // "INI was not able to parse serve.listn": the setting is named as the file has it.
    const std::string key = After(what, "parse ");
    line = key.empty() ? "配置文件有误" : "配置文件里有不认识的设置：" + key;
    return "错误：" + line + "（用 --help 查看可用的选项）";
  } else {
    line = names.empty() ? "命令行有误" : "命令行有误：" + names;
  }
  return "错误：" + line + "（用 --help 查看用法）";
}

std::string RenderUnknownSubcommand(std::string_view word, Language lang) {
  if (lang == Language::kEnglish)
    return "error: there is no subcommand '" + std::string(word) + "' (see --help)";
  return "错误：没有子命令“" + std::string(word) + "”（用 --help 查看可用的子命令）";
}

}  // namespace tongban::node
