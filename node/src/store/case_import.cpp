// Bulk import of cases from a legacy system (format tongban-cases/1, docs/formats.md).
#include <nlohmann/json.hpp>

#include "change_log.h"
#include "tongban/node/store/node_store.h"
#include "tongban/sync/sqlite.h"

namespace tongban::node {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxImportCases = 200000;

Result<IntakeRequest> RequestFromJson(const json& j) {
  IntakeRequest r;
  r.item_code = j.at("item_code").get<std::string>();
  const json& a = j.at("applicant");
  const std::string kind = a.value("kind", "person");
  if (kind != "person" && kind != "enterprise")
    return InvalidArgument("applicant kind must be person or enterprise");
  r.applicant_kind = kind == "person" ? PartyKind::kPerson : PartyKind::kEnterprise;
  r.applicant_name = a.at("name").get<std::string>();
  r.applicant_id = a.at("id_number").get<std::string>();
  r.applicant_phone = a.value("phone", "");
  r.id_override_reason = j.value("id_override_reason", "");
  TB_ASSIGN_OR_RETURN(r.channel, ParseChannel(j.value("channel", "window")));
  r.green_channel = j.value("green_channel", false);
  r.green_reason = j.value("green_reason", "");
  if (j.contains("received_at")) {
    TB_ASSIGN_OR_RETURN(r.received_at, ParseLocalDateTime(j["received_at"].get<std::string>()));
  }
  if (j.contains("materials")) {
    for (const auto& [code, state] : j["materials"].items()) {
      TB_ASSIGN_OR_RETURN(MaterialState s, ParseMaterialState(state.get<std::string>()));
      r.materials.push_back(MaterialInput{code, s});
    }
  }
  if (j.contains("agent")) {
    const json& g = j["agent"];
    Agent agent;
    agent.name = g.at("name").get<std::string>();
    agent.id_number = g.at("id_number").get<std::string>();
    agent.phone = g.value("phone", "");
    agent.authorization = g.at("authorization").get<std::string>();
    agent.scope = g.value("scope", "");
    if (g.contains("expires")) {
      TB_ASSIGN_OR_RETURN(agent.expires, ParseDate(g["expires"].get<std::string>()));
    }
    r.agent = agent;
  }
  return r;
}

}  // namespace

Result<CaseImportSummary> NodeStore::ImportCases(const Session& by, const std::string& text) {
  if (by.role != Role::kAdmin && by.role != Role::kClerk)
    return PermissionDenied("only an admin or a clerk may import cases");
  const json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return InvalidArgument("cases file is not valid JSON");
  if (doc.value("format", "") != "tongban-cases/1")
    return InvalidArgument("cases file format must be \"tongban-cases/1\"");
  if (!doc.contains("cases") || !doc["cases"].is_array())
    return InvalidArgument("cases file has no \"cases\" list");
  if (doc["cases"].size() > kMaxImportCases)
    return InvalidArgument("cases file has more than 200000 cases; split it");

  // All or nothing: one bad case leaves the store as it was.
  CaseImportSummary sum;
  Status st = Write(by, [&](sync::Hlc hlc, std::int64_t actor) -> Status {
    std::size_t index = 0;
    for (const auto& j : doc["cases"]) {
      ++index;
      const std::string where =
          "case #" + std::to_string(index) +
          (j.is_object() && j.contains("legacy_no") ? " (" + j["legacy_no"].dump() + ")" : "");
      try {
        auto req = RequestFromJson(j);
        if (!req.ok()) return req.status().WithContext(where);
        auto no = IntakeLocked(by, *req, hlc, actor);
        if (!no.ok()) return no.status().WithContext(where);
        sum.case_numbers.push_back(*no);
        ++sum.imported;
      } catch (const json::exception& e) {
        return InvalidArgument(where + ": missing or wrong field (" + e.what() + ")");
      }
    }
    return Status::Ok();
  });
  if (!st.ok()) return st.WithContext("import (nothing was imported)");
  return sum;
}

}  // namespace tongban::node
