// Pinyin initials of Chinese text, so a clerk finds 最低生活保障审核确认 by
// typing "zdsh". Cheap and table-free: the 3,755 level-1 characters of
// GB 2312 are ordered by pinyin, so a character's GB 2312 code (from the C
// library's iconv) falls between the first codes of two initials. Level-2
// characters (ordered by radical) and characters outside GB 2312 give no
// initial; polyphones get the reading GB 2312 filed them under. Enough for
// item names, which use common characters.
#pragma once

#include <string>
#include <string_view>

namespace tongban::desk {

// "城乡居民 A1" -> "cxjma1": ASCII letters and digits kept (lower case), other symbols dropped.
std::string PinyinInitials(std::string_view utf8);

}  // namespace tongban::desk
