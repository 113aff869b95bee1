#include "tongban/sync/row_id.h"

#include <catch2/catch.hpp>
#include <set>

using tongban::sync::RowId;

TEST_CASE("row ids are unique, time ordered and version 7") {
  std::set<RowId> seen;
  RowId prev = RowId::Generate(1000);
  for (int i = 0; i < 10000; ++i) {
    const RowId id = RowId::Generate(1001 + i);
    CHECK(seen.insert(id).second);
    CHECK((id.bytes[6] >> 4) == 7);
    CHECK((id.bytes[8] & 0xc0) == 0x80);
    CHECK(prev < id);  // a later millisecond sorts after
    prev = id;
  }
}

TEST_CASE("row ids round-trip through hex and reject bad text") {
  const RowId id = RowId::Generate(123456789);
  const auto back = RowId::FromHex(id.Hex());
  REQUIRE(back);
  CHECK(*back == id);
  CHECK_FALSE(RowId::FromHex("xyz"));
  CHECK_FALSE(RowId::FromHex(id.Hex().substr(1)));
  CHECK_FALSE(RowId::FromHex(id.Hex() + "00"));
}
