// The service item catalog (政务服务事项目录): versioned items and their materials.
//
// The JSON format "tongban-catalog/1" is documented in docs/formats.md. Items
// are identified by their implementation code (实施编码) and versioned: a case
// keeps the version it was received under, so a later catalog change never
// rewrites the rules of a case already at the window.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tongban/node/domain/work_calendar.h"
#include "tongban/status.h"

namespace tongban::node {

enum class MaterialForm { kPaper, kElectronic, kEither };

struct MaterialSpec {
  std::string code;  // unique within the item: "M01"
  std::string name;
  bool required = true;
  int originals = 1;
  int copies = 0;
  MaterialForm form = MaterialForm::kPaper;
  bool tolerable = false;      // may be missing under 容缺受理
  bool commitment_ok = false;  // may be replaced by a written commitment (告知承诺)
  bool for_proxy = false;      // required when a proxy (代办人) applies: the authorization
  std::string note;

  // Whether a case must have it: `proxy` when a proxy applies.
  bool RequiredFor(bool proxy) const { return required || (proxy && for_proxy); }
};

enum class ServiceMode { kInstant, kPromised };  // 即办, 承诺件
enum class TongbanScope { kStation, kTownship, kCounty };

struct AllowedModes {
  bool appointment = false;
  bool post = false;
  bool door_visit = false;
  bool proxy = false;
  bool tolerance = false;
  bool commitment = false;
};

// "@township": the township service center above the receiving station.
inline constexpr std::string_view kTownshipOffice = "@township";

struct ServiceItem {
  std::string basic_code;  // 基本编码
  std::string impl_code;   // 实施编码, the item's identity
  int version = 1;
  std::string name;
  std::string department;
  std::string department_tag;   // 人社, 医保, 民政, …
  std::string handling_office;  // back-office node code, or kTownshipOffice
  std::string item_type;        // 行政许可, 公共服务, …
  ServiceMode mode = ServiceMode::kPromised;
  TimeLimit legal_limit;
  TimeLimit promised_limit;
  TongbanScope scope = TongbanScope::kCounty;
  AllowedModes allows;
  bool in_person_only = false;
  TimeLimit commitment_limit{60, TimeUnit::kWorkday};
  bool supplement_pauses_clock = true;
  int visits_required = 1;
  std::string result_type;
  long fee_cents = 0;
  std::vector<MaterialSpec> materials;

  const MaterialSpec* FindMaterial(std::string_view code) const;
  // Everything a well-formed item must satisfy; messages name the item and field.
  Status Validate() const;
};

struct Catalog {
  std::string name;
  std::string published;
  std::vector<ServiceItem> items;
};

Result<Catalog> ParseCatalog(std::string_view json);
std::string SerializeCatalog(const Catalog& catalog);
// One item as a JSON object text, the form stored per version in the node.
std::string SerializeItem(const ServiceItem& item);
Result<ServiceItem> ParseItem(std::string_view json);
// The sample catalog shipped with the binaries.
std::string_view SampleCatalogJson();

std::string_view ServiceModeName(ServiceMode mode);    // "instant" | "promised"
std::string_view ScopeName(TongbanScope scope);         // "station" | "township" | "county"

}  // namespace tongban::node
