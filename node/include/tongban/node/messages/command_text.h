// What the command lines (tongban, tongban-central) say around a Status: the
// error line, and command-line mistakes as CLI11 reports them, in the reader's language.
#pragma once

#include <string>
#include <string_view>

#include "tongban/node/messages/language.h"
#include "tongban/status.h"

namespace tongban::node {

// The language of this process's command line, read once from the environment
// (LC_ALL, LC_MESSAGES, LANG; Chinese unless one says English).
Language CommandLanguage();

// Command-line words in the process's language, both written where they are used:
// Say("已收件 %s，期限 %s\n", "received %s, due %s\n"). For text of the CLIs only;
// what the libraries raise comes as message keys (status_text.h).
inline bool CommandInChinese() { return CommandLanguage() == Language::kChinese; }
inline const char* Say(const char* zh, const char* en) { return CommandInChinese() ? zh : en; }

// A code printed for people: its Chinese name in Chinese (a kind of status_text.h:
// "status", "channel", "node_kind", …), the code itself in English.
std::string CodeText(std::string_view kind, std::string_view code);

// "错误：…" / "error: …": one line, without the newline.
std::string RenderErrorLine(const Status& status, Language lang);

// A command-line mistake: CLI11's error class name ("RequiredError") and its English
// text ("--case is required"). Option names stay as written; the rest is said in
// the reader's language, with a pointer to --help.
std::string RenderUsageError(std::string_view error_name, std::string_view what, Language lang);

// A word given where a subcommand belongs that names none ("tongban case foo").
std::string RenderUnknownSubcommand(std::string_view word, Language lang);

}  // namespace tongban::node
