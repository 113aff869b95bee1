// The language people read Tongban in: Chinese by default, English available.
#pragma once

namespace tongban::node {

enum class Language { kChinese, kEnglish };

// The language a command line speaks, from LC_ALL, LC_MESSAGES and LANG in that order
// (null or empty: unset): English only when the first set one starts with "en".
Language LanguageFromLocale(const char* lc_all, const char* lc_messages, const char* lang);

// The same, read from this process's environment.
Language LanguageFromEnvironment();

}  // namespace tongban::node
