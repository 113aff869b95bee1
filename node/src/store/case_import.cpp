// Bulk import of cases from a legacy system (format tongban-cases/1, docs/formats.md).
#include <sodium.h>

#include <nlohmann/json.hpp>

#include "change_log.h"
#include "tongban/node/store/node_store.h"
#include "tongban/sync/sqlite.h"

namespace tongban::node {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxImportCases = 200000;

constexpr MessageDef kBadApplicantKind{"store.import_applicant_kind",
                                       "applicant kind must be person or enterprise"};
constexpr MessageDef kImportDenied{"store.import_denied",
                                   "only an admin or a clerk may import cases"};
constexpr MessageDef kNotJson{"store.import_not_json", "cases file is not valid JSON"};
constexpr MessageDef kFormat{"store.import_format", "cases file format must be \"{0}\""};
constexpr MessageDef kNoList{"store.import_no_list", "cases file has no \"cases\" list"};
constexpr MessageDef kTooMany{"store.import_too_many",
                              "cases file has more than {0} cases; split it"};
constexpr MessageDef kField{"store.import_field", "missing or wrong field ({0})"};
constexpr MessageDef kCtxCase{"store.ctx_import_case", "case #{0}"};
constexpr MessageDef kCtxLegacyCase{"store.ctx_import_legacy_case", "case #{0} ({1})"};
constexpr MessageDef kCtxImport{"store.ctx_import", "import (nothing was imported)"};
constexpr MessageDef kLegacyNoForm{"store.import_legacy_no", "legacy_no must be a non-empty string"};

// The row as the file gave it, keys in order (nlohmann keeps objects sorted): a re-import
// of the same row gives the same fingerprint, whatever the file's spacing or key order.
std::string Fingerprint(const json& row) {
  const std::string text = row.dump();
  std::string out(crypto_hash_sha256_BYTES, '\0');
  crypto_hash_sha256(reinterpret_cast<unsigned char*>(out.data()),
                     reinterpret_cast<const unsigned char*>(text.data()), text.size());
  return out;
}

Result<IntakeRequest> RequestFromJson(const json& j) {
  IntakeRequest r;
  r.item_code = j.at("item_code").get<std::string>();
  const json& a = j.at("applicant");
  const std::string kind = a.value("kind", "person");
  if (kind != "person" && kind != "enterprise")
    return InvalidArgument(kBadApplicantKind);
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
    return PermissionDenied(kImportDenied);
  const json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return InvalidArgument(kNotJson);
  // value() would throw on a format that is no string: such a file is simply not ours.
  const auto format = doc.find("format");
  if (format == doc.end() || *format != "tongban-cases/1")
    return InvalidArgument(kFormat, {"tongban-cases/1"});
  if (!doc.contains("cases") || !doc["cases"].is_array())
    return InvalidArgument(kNoList);
  if (doc["cases"].size() > kMaxImportCases)
    return InvalidArgument(kTooMany, {std::to_string(kMaxImportCases)});

  // All or nothing: one bad case leaves the store as it was.
  CaseImportSummary sum;
  Status st = Write(by, [&](sync::Hlc hlc, std::int64_t actor) -> Status {
    std::size_t index = 0;
    for (const auto& j : doc["cases"]) {
      ++index;
      const auto where = [&](const Status& why) {
        if (j.is_object() && j.contains("legacy_no"))
          return why.WithContext(kCtxLegacyCase,
                                 {std::to_string(index),
                                  j["legacy_no"].dump(-1, ' ', false, json::error_handler_t::replace)});
        return why.WithContext(kCtxCase, {std::to_string(index)});
      };
      try {
        auto req = RequestFromJson(j);
        if (!req.ok()) return where(req.status());
        std::string fingerprint;
        if (j.contains("legacy_no")) {
          if (!j["legacy_no"].is_string() || j["legacy_no"].get<std::string>().empty())
            return where(InvalidArgument(kLegacyNoForm));
          req->legacy_no = j["legacy_no"].get<std::string>();
          fingerprint = Fingerprint(j);
          // Imported before (in an earlier run, or earlier in this file): never twice.
          TB_ASSIGN_OR_RETURN(auto* seen, db_->Prepare("SELECT case_no, fingerprint FROM legacy_imports "
                                                       "WHERE legacy_no = ?1"));
          seen->Bind(1, req->legacy_no);
          TB_ASSIGN_OR_RETURN(bool found, seen->Step());
          if (found) {
            CaseImportSummary::Earlier earlier{req->legacy_no, std::string(seen->Text(0))};
            const bool same = seen->Blob(1) == fingerprint;
            seen->Reset();
            (same ? sum.unchanged : sum.differing).push_back(std::move(earlier));
            continue;
          }
          seen->Reset();
        }
        auto no = IntakeLocked(by, *req, hlc, actor);
        if (!no.ok()) return where(no.status());
        if (req->legacy_no.empty()) {
          ++sum.without_legacy_no;
        } else {
          TB_ASSIGN_OR_RETURN(auto* keep, db_->Prepare("INSERT INTO legacy_imports (legacy_no, case_no, "
                                                       "fingerprint) VALUES (?1, ?2, ?3)"));
          keep->Bind(1, req->legacy_no).Bind(2, *no).BindBlob(3, fingerprint);
          TB_RETURN_IF_ERROR(keep->Run());
        }
        sum.case_numbers.push_back(*no);
        ++sum.imported;
      } catch (const json::exception& e) {
        return where(InvalidArgument(kField, {e.what()}));
      }
    }
    return Status::Ok();
  });
  if (!st.ok()) return st.WithContext(kCtxImport);
  return sum;
}

}  // namespace tongban::node
