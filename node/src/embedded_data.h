// Data files compiled into the node library (see cmake/EmbedFile.cmake).
#pragma once

#include <string_view>

namespace tongban::embedded {
std::string_view calendar_cn();     // node/data/calendar_cn.json
std::string_view sample_catalog();  // node/data/sample_catalog.json
}  // namespace tongban::embedded
