#include "tongban/node/domain/catalog.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>

using namespace tongban;
using namespace tongban::node;

TEST_CASE("the sample catalog is realistic: 25+ items from 8+ departments") {
  auto c = ParseCatalog(SampleCatalogJson());
  REQUIRE(c.ok());
  CHECK(c->items.size() >= 25);
  std::set<std::string> departments;
  int instant = 0, tolerance = 0, commitment = 0, in_person = 0;
  for (const auto& it : c->items) {
    departments.insert(it.department_tag);
    instant += it.mode == ServiceMode::kInstant;
    tolerance += it.allows.tolerance;
    commitment += it.allows.commitment;
    in_person += it.in_person_only;
    CHECK_FALSE(it.materials.empty());
  }
  CHECK(departments.size() >= 8);
  CHECK(instant > 0);
  CHECK(tolerance > 0);
  CHECK(commitment > 0);
  CHECK(in_person > 0);
}

TEST_CASE("a catalog survives export and import unchanged") {
  auto c = ParseCatalog(SampleCatalogJson());
  REQUIRE(c.ok());
  auto again = ParseCatalog(SerializeCatalog(*c));
  REQUIRE(again.ok());
  REQUIRE(again->items.size() == c->items.size());
  for (std::size_t i = 0; i < c->items.size(); ++i)
    CHECK(SerializeItem(again->items[i]) == SerializeItem(c->items[i]));
}

TEST_CASE("bad catalogs are refused with the item and field named") {
  using nlohmann::json;
  auto base = json::parse(SampleCatalogJson());
  auto broken = [&](auto edit) {
    json j = base;
    edit(j);
    return ParseCatalog(j.dump()).status().message();
  };
  CHECK_THAT(broken([](json& j) { j["format"] = "v0"; }), Catch::Contains("tongban-catalog/1"));
  CHECK_THAT(broken([](json& j) { j["items"][0].erase("name"); }), Catch::Contains("item #1"));
  CHECK_THAT(broken([](json& j) { j["items"][1]["promised_limit"]["unit"] = "week"; }),
             Catch::Contains("workday, day or hour"));
  CHECK_THAT(broken([](json& j) { j["items"][2] = j["items"][1]; }), Catch::Contains("twice"));
  CHECK_THAT(broken([](json& j) {
               j["items"][0]["in_person_only"] = true;
               j["items"][0]["allows"]["proxy"] = true;
             }),
             Catch::Contains("cannot allow proxy"));
  CHECK_THAT(broken([](json& j) { j["items"][0]["materials"][1]["code"] = "M01"; }),
             Catch::Contains("repeated"));
  CHECK_FALSE(ParseCatalog("not json").ok());
}
