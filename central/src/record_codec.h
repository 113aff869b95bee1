// How the hub stores a record's fields and a log entry's fields, for every backend.
//
// Record fields: MessagePack [authors, fields], authors = [node, user, ...] and fields a
// map column -> [value, version, author#] (before hub migration 16: a map column ->
// [value, version, node, user], still read).
// Log fields:    a MessagePack array [column, value, version, ...].
// Both are written and read straight from and into the typed values
// (sync/msgpack_writer.h, sync/msgpack_reader.h): no json document per record.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "tongban/central/hub_engine.h"
#include "tongban/status.h"

namespace tongban::central {

using FieldMap = std::map<std::string, FieldState, std::less<>>;

std::string EncodeRecordFields(const FieldMap& fields);
// Every field of the blob, values of any JSON kind (lists and maps included). A blob
// that departs from the layout in any way is Corruption naming the record (`table`,
// `row`): a record read in part would be written back without what was lost.
Result<FieldMap> DecodeRecordFields(std::string_view blob, std::string_view table,
                                    const sync::RowId& row);

std::string EncodeLogFields(const std::vector<LogField>& fields);
// Corruption naming the record when the blob is not that layout.
Result<std::vector<LogField>> DecodeLogFields(std::string_view blob, std::string_view table,
                                              const sync::RowId& row);

}  // namespace tongban::central
