#include "tongban/node/domain/catalog.h"

#include <nlohmann/json.hpp>

#include <set>
#include <stdexcept>

#include "embedded_data.h"

namespace tongban::node {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxTextBytes = 1024;
constexpr std::size_t kMaxMaterials = 100;
constexpr std::size_t kMaxItems = 20000;

constexpr MessageDef kBadMode{"catalog.bad_mode", "mode '{0}' is not allowed"};
constexpr MessageDef kBadScope{"catalog.bad_scope", "scope '{0}' is not allowed"};
constexpr MessageDef kBadForm{"catalog.bad_form", "material form '{0}' is not allowed"};
constexpr MessageDef kEmptyName{"catalog.empty_name", "item {0}: name is empty"};
constexpr MessageDef kLongName{"catalog.long_name", "item {0}: name is too long"};
constexpr MessageDef kEmptyDepartment{"catalog.empty_department", "item {0}: department is empty"};
constexpr MessageDef kLongDepartment{"catalog.long_department",
                                     "item {0}: department is too long"};
constexpr MessageDef kEmptyOffice{"catalog.empty_office", "item {0}: handling_office is empty"};
constexpr MessageDef kLongOffice{"catalog.long_office", "item {0}: handling_office is too long"};
constexpr MessageDef kEmptyBasicCode{"catalog.empty_basic_code", "item {0}: basic_code is empty"};
constexpr MessageDef kLongBasicCode{"catalog.long_basic_code",
                                    "item {0}: basic_code is too long"};
constexpr MessageDef kEmptyMaterialName{"catalog.empty_material_name",
                                        "item {0}: material name is empty"};
constexpr MessageDef kLongMaterialName{"catalog.long_material_name",
                                       "item {0}: material name is too long"};
constexpr MessageDef kLongMaterialNote{"catalog.long_material_note",
                                       "item {0}: material note is too long"};
constexpr MessageDef kNoImplCode{"catalog.no_impl_code", "a catalog item has no impl_code"};
constexpr MessageDef kBadVersion{"catalog.bad_version", "item {0}: version must be 1 or more"};
constexpr MessageDef kNegativeLimit{"catalog.negative_limit",
                                    "item {0}: time limits cannot be negative"};
constexpr MessageDef kNoPromisedLimit{"catalog.no_promised_limit",
                                      "item {0}: a promised item needs a promised limit"};
constexpr MessageDef kInPersonProxy{"catalog.in_person_proxy",
                                    "item {0}: an in-person-only item cannot allow proxy"};
constexpr MessageDef kCommitmentLimit{"catalog.commitment_limit",
                                      "item {0}: commitment_limit must be positive"};
constexpr MessageDef kTooManyMaterials{"catalog.too_many_materials",
                                       "item {0}: too many materials"};
constexpr MessageDef kMaterialCode{"catalog.material_code",
                                   "item {0}: material code '{1}' is empty or repeated"};
constexpr MessageDef kItemNotJson{"catalog.item_not_json", "catalog item is not valid JSON"};
constexpr MessageDef kCtxItem{"catalog.ctx_item", "catalog item"};
constexpr MessageDef kItemField{"catalog.item_field", "catalog item: {0}"};
constexpr MessageDef kFileNotJson{"catalog.file_not_json", "catalog file is not valid JSON"};
constexpr MessageDef kFileFormat{"catalog.file_format", "catalog file format must be \"{0}\""};
constexpr MessageDef kNoItems{"catalog.no_items", "catalog file has no \"items\" list"};
constexpr MessageDef kTooManyItems{"catalog.too_many_items", "catalog file has too many items"};
constexpr MessageDef kItemTwice{"catalog.item_twice", "catalog item {0} appears twice"};
constexpr MessageDef kCtxItemNo{"catalog.ctx_item_no", "catalog item #{0}"};
constexpr MessageDef kItemNoField{"catalog.item_no_field", "catalog item #{0}: {1}"};

// A value refused while an item is read from JSON: thrown out of the reading so the caller
// names the item, and carrying the Status to return.
struct ItemError : std::invalid_argument {
  explicit ItemError(Status s) : std::invalid_argument(s.message()), status(std::move(s)) {}
  Status status;
};

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
  if (!unit.ok()) throw ItemError(unit.status());
  return TimeLimit{j.at("value").get<int>(), *unit};
}

// `bad` names the field: "mode '{0}' is not allowed".
template <typename E>
E EnumFromJson(const json& j, std::initializer_list<std::pair<std::string_view, E>> table,
               const MessageDef& bad) {
  const auto s = j.get<std::string>();
  for (const auto& [name, value] : table)
    if (name == s) return value;
  throw ItemError(InvalidArgument(bad, {s}));
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
      kBadMode);
  it.legal_limit = LimitFromJson(j.at("legal_limit"));
  it.promised_limit = LimitFromJson(j.at("promised_limit"));
  it.scope = EnumFromJson<TongbanScope>(j.at("scope"),
                                        {{"station", TongbanScope::kStation},
                                         {"township", TongbanScope::kTownship},
                                         {"county", TongbanScope::kCounty}},
                                        kBadScope);
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
                                        kBadForm);
    m.tolerable = jm.value("tolerable", false);
    m.commitment_ok = jm.value("commitment_ok", false);
    m.note = jm.value("note", "");
    it.materials.push_back(std::move(m));
  }
  return it;
}

// A text field of an item: given unless `empty` is null, and not too long.
Status CheckText(const ServiceItem& it, const MessageDef* empty, const MessageDef& too_long,
                 const std::string& v) {
  if (empty && v.empty()) return InvalidArgument(*empty, {it.impl_code});
  if (v.size() > kMaxTextBytes) return InvalidArgument(too_long, {it.impl_code});
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
  if (impl_code.empty()) return InvalidArgument(kNoImplCode);
  TB_RETURN_IF_ERROR(CheckText(*this, &kEmptyName, kLongName, name));
  TB_RETURN_IF_ERROR(CheckText(*this, &kEmptyDepartment, kLongDepartment, department));
  TB_RETURN_IF_ERROR(CheckText(*this, &kEmptyOffice, kLongOffice, handling_office));
  TB_RETURN_IF_ERROR(CheckText(*this, &kEmptyBasicCode, kLongBasicCode, basic_code));
  if (version < 1) return InvalidArgument(kBadVersion, {impl_code});
  if (legal_limit.value < 0 || promised_limit.value < 0)
    return InvalidArgument(kNegativeLimit, {impl_code});
  if (mode == ServiceMode::kPromised && promised_limit.value == 0)
    return InvalidArgument(kNoPromisedLimit, {impl_code});
  if (in_person_only && allows.proxy) return InvalidArgument(kInPersonProxy, {impl_code});
  if (allows.commitment && commitment_limit.value <= 0)
    return InvalidArgument(kCommitmentLimit, {impl_code});
  if (materials.size() > kMaxMaterials) return InvalidArgument(kTooManyMaterials, {impl_code});
  std::set<std::string> codes;
  for (const auto& m : materials) {
    if (m.code.empty() || !codes.insert(m.code).second)
      return InvalidArgument(kMaterialCode, {impl_code, m.code});
    TB_RETURN_IF_ERROR(CheckText(*this, &kEmptyMaterialName, kLongMaterialName, m.name));
    TB_RETURN_IF_ERROR(CheckText(*this, nullptr, kLongMaterialNote, m.note));
  }
  return Status::Ok();
}

Result<ServiceItem> ParseItem(std::string_view text) {
  auto j = json::parse(text, nullptr, false);
  if (j.is_discarded()) return InvalidArgument(kItemNotJson);
  try {
    ServiceItem it = ItemFromJson(j);
    TB_RETURN_IF_ERROR(it.Validate());
    return it;
  } catch (const ItemError& e) {
    return e.status.WithContext(kCtxItem);
  } catch (const std::exception& e) {
    // nlohmann's messages start with an "[json.exception…]" tag nobody needs to read.
    std::string why = e.what();
    if (const auto tag = why.find("] "); why.starts_with("[") && tag != std::string::npos) why.erase(0, tag + 2);
    return InvalidArgument(kItemField, {why});
  }
}

std::string SerializeItem(const ServiceItem& item) { return ItemToJson(item).dump(); }

Result<Catalog> ParseCatalog(std::string_view text) {
  auto j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return InvalidArgument(kFileNotJson);
  // value() throws when a field has the wrong type: a file of the wrong shape is refused, not fatal.
  auto text_field = [&](const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  if (text_field("format") != "tongban-catalog/1")
    return InvalidArgument(kFileFormat, {"tongban-catalog/1"});
  Catalog c;
  c.name = text_field("name");
  c.published = text_field("published");
  if (!j.contains("items") || !j["items"].is_array())
    return InvalidArgument(kNoItems);
  if (j["items"].size() > kMaxItems) return InvalidArgument(kTooManyItems);
  std::set<std::string> seen;
  std::size_t index = 0;
  for (const auto& ji : j["items"]) {
    ++index;
    try {
      ServiceItem it = ItemFromJson(ji);
      TB_RETURN_IF_ERROR(it.Validate());
      if (!seen.insert(it.impl_code).second)
        return InvalidArgument(kItemTwice, {it.impl_code});
      c.items.push_back(std::move(it));
    } catch (const ItemError& e) {
      return e.status.WithContext(kCtxItemNo, {std::to_string(index)});
    } catch (const std::exception& e) {
      return InvalidArgument(kItemNoField, {std::to_string(index), e.what()});
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
