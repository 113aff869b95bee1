// A timeline event's detail (tongban/node/domain/event_detail.h) in words, in the
// reader's language. A detail that is not a JSON object is a person's own text (a
// reason, a note) or prose from an older version, and is shown as it is.
#pragma once

#include <string>
#include <string_view>

#include "tongban/node/messages/language.h"

namespace tongban::node {

std::string RenderEventDetail(std::string_view action, std::string_view detail, Language lang);

}  // namespace tongban::node
