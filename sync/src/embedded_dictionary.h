// The zstd dictionary compiled into tongban_sync (sync/data/, trained by tools/train_dictionary).
#pragma once

#include <string_view>

namespace tongban::embedded {
std::string_view sync_dictionary_v1();
}
