// The help screens of both command lines (tongban, tongban-central) in the reader's
// language: CLI11's own words ("Usage", "REQUIRED", "TEXT") said in Chinese by
// default, full-width colons after headings, and columns lined up by display width
// (a Chinese character takes two columns). Header-only, so tongban_messages does not
// link CLI11: only the two CLIs include it, and they link CLI11 themselves.
#pragma once

#include <CLI/CLI.hpp>
#include <cstddef>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "tongban/node/messages/text_width.h"
#include "tongban/node/messages/command_text.h"

namespace tongban::cli {

class HelpFormatter : public CLI::Formatter {
 public:
  HelpFormatter() {
    if (!chinese_) return;
    label("Usage", "用法");
    label("OPTIONS", "选项");
    label("SUBCOMMAND", "子命令");
    label("SUBCOMMANDS", "子命令");
    label("Positionals", "参数");
    label("REQUIRED", "必填");
    label("TEXT", "文本");
    label("INT", "整数");
    label("UINT", "整数");
    label("FLOAT", "数值");
    label("Env", "环境变量");
    label("Needs", "需要");
    label("Excludes", "不能同用");
  }

  std::string make_help(const CLI::App* app, std::string name,
                        CLI::AppFormatMode mode) const override {
    std::string out = CLI::Formatter::make_help(app, std::move(name), mode);
    if (!chinese_) return out;
    // Headings end in a full-width colon: "用法：", "选项：", "子命令：".
    for (const char* heading :
         {"用法:", "选项:", "子命令:", "参数:", "不能同用:", "需要:", "环境变量:"}) {
      const std::string from = heading;
      const std::string to = from.substr(0, from.size() - 1) + "：";
      for (auto at = out.find(from); at != std::string::npos; at = out.find(from, at + to.size())) {
        out.replace(at, from.size(), to);
        if (at + to.size() < out.size() && out[at + to.size()] == ' ') out.erase(at + to.size(), 1);
      }
    }
    return out;
  }

  std::string make_option(const CLI::Option* opt, bool is_positional) const override {
    return Line(make_option_name(opt, is_positional) + make_option_opts(opt),
                make_option_desc(opt));
  }

  std::string make_subcommand(const CLI::App* sub) const override {
    return Line(sub->get_display_name(true), sub->get_description());
  }

 private:
  // "  NAME   description", the description starting at the same column on every line.
  std::string Line(const std::string& name, const std::string& description) const {
    std::string out = "  " + name;
    const std::size_t column = get_column_width();
    std::size_t used = 2 + DisplayWidth(name);
    if (!description.empty()) {
      if (used >= column) {
        out += "\n";
        used = 0;
      }
      out += std::string(column - used, ' ');
      for (const char c : description) {
        out += c;
        if (c == '\n') out += std::string(column, ' ');
      }
    }
    return out + "\n";
  }

  bool chinese_ = node::CommandLanguage() == node::Language::kChinese;
};

// Sets up `app` before any subcommand is added (they inherit all of it): the formatter,
// the help flags and the group headings in the reader's language.
inline void SetUpHelp(CLI::App& app) {
  using node::Say;
  app.formatter(std::make_shared<HelpFormatter>());
  app.option_defaults()->group(Say("选项", "Options"));
  app.group(Say("子命令", "Subcommands"));
  app.set_help_flag("-h,--help", Say("显示帮助后退出", "Print this help message and exit"));
  app.set_help_all_flag("--help-all", Say("显示所有命令的帮助", "Show help for every command"));
}

// After every subcommand is added: their help flags, made before they took the group
// heading from `app`, go under it too.
inline void FinishHelp(CLI::App& app) {
  const std::string group = app.option_defaults()->get_group();
  for (CLI::App* sub : app.get_subcommands({})) {
    if (auto* help = sub->get_help_ptr()) help->group(group);
    // CLI11 2.1 offers no non-const accessor for it; the option is the app's own.
    if (const auto* help_all = sub->get_help_all_ptr())
      const_cast<CLI::Option*>(help_all)->group(group);
    FinishHelp(*sub);
  }
}

// The subcommand the parse reached last, and a word given where its subcommand belongs
// ("case foo": "foo"); empty when there is none.
inline std::string UnknownSubcommand(const CLI::App& app) {
  const CLI::App* at = &app;
  while (!at->get_subcommands().empty()) at = at->get_subcommands().back();
  if (at->get_require_subcommand_min() == 0) return {};
  for (const std::string& word : at->remaining())
    if (!word.empty() && word[0] != '-') return word;
  return {};
}

// Parses the command line and runs the command `run` is set to: help on request, and
// one line with exit code 2 for every command-line mistake (see the README), or the
// command's error line with its exit code.
inline int RunCommandLine(CLI::App& app, int argc, char** argv,
                          const std::function<Status()>& run) {
  const node::Language lang = node::CommandLanguage();
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    const std::string unknown = UnknownSubcommand(app);
    const std::string line = unknown.empty()
                                 ? node::RenderUsageError(e.get_name(), e.what(), lang)
                                 : node::RenderUnknownSubcommand(unknown, lang);
    std::fprintf(stderr, "%s\n", line.c_str());
    return 2;
  }
  const Status st = run();
  if (st.ok()) return 0;
  std::fprintf(stderr, "%s\n", node::RenderErrorLine(st, lang).c_str());
  return ExitCodeFor(st);
}

}  // namespace tongban::cli
