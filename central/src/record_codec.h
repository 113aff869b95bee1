// How the hub stores a record's fields and a log entry's fields, for every backend.
//
// Record fields: a MessagePack map column -> [value, version, node, user].
// Log fields:    a MessagePack array [column, value, version, ...].
// Both are written straight from the typed values and read through nlohmann's
// SAX parser, so no json document is built per record on the apply path.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "tongban/central/hub_engine.h"

namespace tongban::central {

using FieldMap = std::map<std::string, FieldState, std::less<>>;

std::string EncodeRecordFields(const FieldMap& fields);
// Fields that do not have the layout above are skipped; a blob that is not
// MessagePack at all gives no fields.
FieldMap DecodeRecordFields(std::string_view blob);

std::string EncodeLogFields(const std::vector<LogField>& fields);

}  // namespace tongban::central
