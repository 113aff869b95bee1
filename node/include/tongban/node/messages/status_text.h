// A Status in words for people: the message key and arguments a library raised,
// rendered from this catalog in the reader's language (Chinese by default).
//
// English is the text the raising code gave (Status::message()). Chinese comes
// from the catalog by key; a placeholder's kind ("{0:status}") says how to name
// the argument ("received" → 已收件). A message with no key (words from SQLite or
// the OS) is told in Chinese by what its code means; the English text stays in logs.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tongban/node/messages/language.h"
#include "tongban/status.h"

namespace tongban::node {

// The whole error, contexts first: "第 17 批上传：连接不上中心".
std::string RenderStatus(const Status& status, Language lang);

// One message; empty when Chinese has no words for it (no key, or a key the
// catalog does not know: a newer hub's).
std::string RenderMessage(const Message& message, Language lang);

// A value of a kind ("status", "material_state", "role", …) as Chinese names it;
// an unknown kind or value stays as it is.
std::string NameInChinese(std::string_view kind, std::string_view value);

// Every code of a kind with its Chinese name, in the order lists show them; empty
// for a kind without a fixed set of codes.
struct NamedCode {
  std::string code, zh;
};
std::vector<NamedCode> CodesOfKind(std::string_view kind);

// The code a reader's word stands for: the code itself or its Chinese name
// ("工作日" → "workday"); empty when the word names no code of the kind.
std::string CodeForWord(std::string_view kind, std::string_view word);

// What an error code means, for a message with no words of its own.
std::string RenderErrorCode(ErrorCode code, Language lang);

// Every key the Chinese catalog has, with its template (for the catalog check).
std::vector<std::pair<std::string_view, std::string_view>> ChineseCatalog();

}  // namespace tongban::node
