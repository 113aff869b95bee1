#include "tongban/node/domain/catalog.h"

#include <nlohmann/json.hpp>

#include <set>

#include "embedded_data.h"

namespace tongban::node {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxTextBytes = 1024;
constexpr std::size_t kMaxMaterials = 100;
constexpr std::size_t kMaxItems = 20000;

std::string_view FormName(MaterialForm f) {
  switch (f) {
    case MaterialForm::kPaper: return "paper";
    case MaterialForm::kElectronic: return "electronic";
    case MaterialForm::kEither: return "either";
  }
  return "paper";
}

json LimitToJson(const TimeLimit& l) {
  return json{{"value", l.value}, {"unit", TimeUnitName(l.unit)}};
}

TimeLimit LimitFromJson(const json& j) {
  auto unit = ParseTimeUnit(j.at("unit").get<std::string>());
  if (!unit.ok()) throw std::invalid_argument(unit.status().message());
  return TimeLimit{j.at("value").get<int>(), *unit};
}

template <typename E>
E EnumFromJson(const json& j, std::initializer_list<std::pair<std::string_view, E>> table,
               std::string_view field) {
  const auto s = j.get<std::string>();
  for (const auto& [name, value] : table)
    if (name == s) return value;
  throw std::invalid_argument(std::string(field) + " '" + s + "' is not allowed");
}

json ItemToJson(const ServiceItem& it) {
  json materials = json::array();
  for (const auto& m : it.materials) {
    json jm{{"code", m.code},           {"name", m.name},
            {"required", m.required},   {"originals", m.originals},
            {"copies", m.copies},       {"form", FormName(m.form)},
            {"tolerable", m.tolerable}, {"commitment_ok", m.commitment_ok}};
    if (m.for_proxy) jm["for_proxy"] = true;  // only when set: other items keep their content
    if (!m.note.empty()) jm["note"] = m.note;
    materials.push_back(std::move(jm));
  }
  json j{{"basic_code", it.basic_code},
         {"impl_code", it.impl_code},
         {"version", it.version},
         {"name", it.name},
         {"department", it.department},
         {"department_tag", it.department_tag},
         {"handling_office", it.handling_office},
         {"item_type", it.item_type},
         {"mode", ServiceModeName(it.mode)},
         {"legal_limit", LimitToJson(it.legal_limit)},
         {"promised_limit", LimitToJson(it.promised_limit)},
         {"scope", ScopeName(it.scope)},
         {"allows",
          {{"appointment", it.allows.appointment},
           {"post", it.allows.post},
           {"door_visit", it.allows.door_visit},
           {"proxy", it.allows.proxy},
           {"tolerance", it.allows.tolerance},
           {"commitment", it.allows.commitment}}},
         {"in_person_only", it.in_person_only},
         {"supplement_pauses_clock", it.supplement_pauses_clock},
         {"visits_required", it.visits_required},
         {"result_type", it.result_type},
         {"fee_cents", it.fee_cents},
         {"materials", std::move(materials)}};
  if (it.allows.commitment) j["commitment_limit"] = LimitToJson(it.commitment_limit);
  return j;
}

ServiceItem ItemFromJson(const json& j) {
  ServiceItem it;
  it.basic_code = j.at("basic_code").get<std::string>();
  it.impl_code = j.at("impl_code").get<std::string>();
  it.version = j.value("version", 1);
  it.name = j.at("name").get<std::string>();
  it.department = j.at("department").get<std::string>();
  it.department_tag = j.value("department_tag", "");
  it.handling_office = j.at("handling_office").get<std::string>();
  it.item_type = j.value("item_type", "");
  it.mode = EnumFromJson<ServiceMode>(
      j.at("mode"), {{"instant", ServiceMode::kInstant}, {"promised", ServiceMode::kPromised}},
      "mode");
  it.legal_limit = LimitFromJson(j.at("legal_limit"));
  it.promised_limit = LimitFromJson(j.at("promised_limit"));
  it.scope = EnumFromJson<TongbanScope>(j.at("scope"),
                                        {{"station", TongbanScope::kStation},
                                         {"township", TongbanScope::kTownship},
                                         {"county", TongbanScope::kCounty}},
                                        "scope");
  const json& a = j.at("allows");
  it.allows = AllowedModes{a.value("appointment", false), a.value("post", false),
                           a.value("door_visit", false),  a.value("proxy", false),
                           a.value("tolerance", false),   a.value("commitment", false)};
  it.in_person_only = j.value("in_person_only", false);
  if (j.contains("commitment_limit")) it.commitment_limit = LimitFromJson(j.at("commitment_limit"));
  it.supplement_pauses_clock = j.value("supplement_pauses_clock", true);
  it.visits_required = j.value("visits_required", 1);
  it.result_type = j.value("result_type", "");
  it.fee_cents = j.value("fee_cents", 0L);
  for (const auto& jm : j.at("materials")) {
    MaterialSpec m;
    m.code = jm.at("code").get<std::string>();
    m.name = jm.at("name").get<std::string>();
    m.required = jm.value("required", true);
    m.for_proxy = jm.value("for_proxy", false);
    m.originals = jm.value("originals", 1);
    m.copies = jm.value("copies", 0);
    m.form = EnumFromJson<MaterialForm>(jm.value("form", json("paper")),
                                        {{"paper", MaterialForm::kPaper},
                                         {"electronic", MaterialForm::kElectronic},
                                         {"either", MaterialForm::kEither}},
                                        "material form");
    m.tolerable = jm.value("tolerable", false);
    m.commitment_ok = jm.value("commitment_ok", false);
    m.note = jm.value("note", "");
    it.materials.push_back(std::move(m));
  }
  return it;
}

Status CheckText(const ServiceItem& it, std::string_view field, const std::string& v,
                 bool required = true) {
  if (required && v.empty())
    return InvalidArgument("item " + it.impl_code + ": " + std::string(field) + " is empty");
  if (v.size() > kMaxTextBytes)
    return InvalidArgument("item " + it.impl_code + ": " + std::string(field) + " is too long");
  return Status::Ok();
}

}  // namespace

std::string_view ServiceModeName(ServiceMode mode) {
  return mode == ServiceMode::kInstant ? "instant" : "promised";
}

std::string_view ScopeName(TongbanScope scope) {
  switch (scope) {
    case TongbanScope::kStation: return "station";
    case TongbanScope::kTownship: return "township";
    case TongbanScope::kCounty: return "county";
  }
  return "county";
}

const MaterialSpec* ServiceItem::FindMaterial(std::string_view code) const {
  for (const auto& m : materials)
    if (m.code == code) return &m;
  return nullptr;
}

Status ServiceItem::Validate() const {
  if (impl_code.empty()) return InvalidArgument("a catalog item has no impl_code");
  TB_RETURN_IF_ERROR(CheckText(*this, "name", name));
  TB_RETURN_IF_ERROR(CheckText(*this, "department", department));
  TB_RETURN_IF_ERROR(CheckText(*this, "handling_office", handling_office));
  TB_RETURN_IF_ERROR(CheckText(*this, "basic_code", basic_code));
  if (version < 1) return InvalidArgument("item " + impl_code + ": version must be 1 or more");
  if (legal_limit.value < 0 || promised_limit.value < 0)
    return InvalidArgument("item " + impl_code + ": time limits cannot be negative");
  if (mode == ServiceMode::kPromised && promised_limit.value == 0)
    return InvalidArgument("item " + impl_code + ": a promised item needs a promised limit");
  if (in_person_only && allows.proxy)
    return InvalidArgument("item " + impl_code + ": an in-person-only item cannot allow proxy");
  if (allows.commitment && commitment_limit.value <= 0)
    return InvalidArgument("item " + impl_code + ": commitment_limit must be positive");
  if (materials.size() > kMaxMaterials)
    return InvalidArgument("item " + impl_code + ": too many materials");
  std::set<std::string> codes;
  for (const auto& m : materials) {
    if (m.code.empty() || !codes.insert(m.code).second)
      return InvalidArgument("item " + impl_code + ": material code '" + m.code +
                             "' is empty or repeated");
    TB_RETURN_IF_ERROR(CheckText(*this, "material name", m.name));
    TB_RETURN_IF_ERROR(CheckText(*this, "material note", m.note, false));
  }
  return Status::Ok();
}

Result<ServiceItem> ParseItem(std::string_view text) {
  auto j = json::parse(text, nullptr, false);
  if (j.is_discarded()) return InvalidArgument("catalog item is not valid JSON");
  try {
    ServiceItem it = ItemFromJson(j);
    TB_RETURN_IF_ERROR(it.Validate());
    return it;
  } catch (const std::exception& e) {
    // nlohmann's messages start with an "[json.exception…]" tag nobody needs to read.
    std::string why = e.what();
    if (const auto tag = why.find("] "); why.starts_with("[") && tag != std::string::npos) why.erase(0, tag + 2);
    return InvalidArgument("catalog item: " + why);
  }
}

std::string SerializeItem(const ServiceItem& item) { return ItemToJson(item).dump(); }

Result<Catalog> ParseCatalog(std::string_view text) {
  auto j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return InvalidArgument("catalog file is not valid JSON");
  // value() throws when a field has the wrong type: a file of the wrong shape is refused, not fatal.
  auto text_field = [&](const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  if (text_field("format") != "tongban-catalog/1")
    return InvalidArgument("catalog file format must be \"tongban-catalog/1\"");
  Catalog c;
  c.name = text_field("name");
  c.published = text_field("published");
  if (!j.contains("items") || !j["items"].is_array())
    return InvalidArgument("catalog file has no \"items\" list");
  if (j["items"].size() > kMaxItems) return InvalidArgument("catalog file has too many items");
  std::set<std::string> seen;
  std::size_t index = 0;
  for (const auto& ji : j["items"]) {
    ++index;
    try {
      ServiceItem it = ItemFromJson(ji);
      TB_RETURN_IF_ERROR(it.Validate());
      if (!seen.insert(it.impl_code).second)
        return InvalidArgument("catalog item " + it.impl_code + " appears twice");
      c.items.push_back(std::move(it));
    } catch (const std::exception& e) {
      return InvalidArgument("catalog item #" + std::to_string(index) + ": " + e.what());
    }
  }
  return c;
}

std::string SerializeCatalog(const Catalog& catalog) {
  json items = json::array();
  for (const auto& it : catalog.items) items.push_back(ItemToJson(it));
  return json{{"format", "tongban-catalog/1"},
              {"name", catalog.name},
              {"published", catalog.published},
              {"items", std::move(items)}}
      .dump(2);
}

std::string_view SampleCatalogJson() { return embedded::sample_catalog(); }

}  // namespace tongban::node
