#include "hub_admin_client.h"

#include <nlohmann/json.hpp>

#include "tongban/sync/curl_transport.h"
#include "tongban/sync/sync_client.h"

namespace tongban::desk {
namespace {

constexpr MessageDef kConflictUnclear{"desk.hub_conflict_unclear", "the hub's conflict is not understood"};
constexpr MessageDef kNotJson{"desk.hub_not_json", "the hub's answer is not JSON: is this a Tongban hub?"};
constexpr MessageDef kNoHubAddress{"desk.no_hub_address", "this node has no hub address"};
constexpr MessageDef kAnswerTooLarge{"desk.hub_answer_too_large", "{0}: the hub's answer is too large"};
constexpr MessageDef kConflictListUnclear{"desk.hub_conflicts_unclear",
                                          "the hub's conflict list is not understood"};
constexpr MessageDef kNotANumber{"desk.not_a_number", "this field holds a number; '{0}' is not one"};
constexpr MessageDef kNodeListUnclear{"desk.hub_nodes_unclear", "the hub's node list is not understood"};
constexpr MessageDef kCatalogAnswerUnclear{"desk.hub_catalog_unclear",
                                           "the hub's answer to the catalog is not understood"};
constexpr MessageDef kCalendarNeedsName{"desk.calendar_needs_name", "a published calendar needs a name"};
constexpr MessageDef kCalendarNotObject{"desk.calendar_not_object",
                                        "the calendar file is not a JSON object"};

using nlohmann::json;

// The admin console waits for people, not for bulk transfers.
constexpr long kConnectTimeoutS = 5;
constexpr long kTotalTimeoutS = 30;

std::string Text(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::int64_t Int(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

// A value as a person reads it: strings as they are, numbers and the rest as JSON.
std::string Readable(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

ConflictSide SideFrom(const json& j) {
  ConflictSide s;
  if (!j.is_object()) return s;
  const json& v = j.contains("value") ? j["value"] : json();
  s.null = v.is_null();
  if (!s.null) s.value = Readable(v);
  s.node = Text(j, "node");
  s.user = Text(j, "user");
  s.at = Text(j, "at");
  return s;
}

Result<HubConflict> ConflictFrom(const json& j) {
  if (!j.is_object() || !j.contains("id")) return InvalidArgument(kConflictUnclear);
  HubConflict c;
  c.id = Int(j, "id");
  c.table = Text(j, "table");
  c.row = Text(j, "row");
  c.column = Text(j, "column");
  c.label = Text(j, "label");
  c.local = SideFrom(j.value("local", json()));
  c.hub = SideFrom(j.value("hub", json()));
  c.numeric = j.contains("local") && j["local"].value("value", json()).is_number() &&
              j.contains("hub") && j["hub"].value("value", json()).is_number();
  c.base_version = Text(j, "base_version");
  if (auto b = j.find("base_value"); b != j.end() && !b->is_null()) {
    c.base_known = true;
    c.base_value = b->is_string() ? b->get<std::string>() : b->dump();
  }
  const json p = j.value("provisional", json());
  c.provisional_null = p.is_null();
  if (!c.provisional_null) c.provisional = Readable(p);
  c.status = Text(j, "status");
  c.created_at = Text(j, "created_at");
  if (j.contains("resolution") && j["resolution"].is_object()) {
    const json& r = j["resolution"];
    c.take = Text(r, "take");
    c.resolved_value = r.contains("value") && !r["value"].is_null() ? Readable(r["value"]) : "";
    c.note = Text(r, "note");
    c.resolved_by = Text(r, "by");
    c.resolved_at = Text(r, "at");
  }
  return c;
}

Result<json> Parse(const std::string& body) {
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded()) return InvalidArgument(kNotJson);
  return j;
}

}  // namespace

HubAdminClient::HubAdminClient(sync::Transport& transport, std::string token)
    : transport_(transport), token_(std::move(token)) {}

HubAdminClient::~HubAdminClient() = default;

Result<std::unique_ptr<HubAdminClient>> HubAdminClient::Connect(const std::string& url,
                                                                const std::string& pin,
                                                                const std::string& ca_file,
                                                                std::string token,
                                                                const std::atomic<bool>* cancel) {
  if (url.empty()) return FailedPrecondition(kNoHubAddress);
  sync::CurlOptions options{url, pin, ca_file};
  options.cancel = cancel;
  options.connect_timeout_s = kConnectTimeoutS;
  options.total_timeout_s = kTotalTimeoutS;
  TB_ASSIGN_OR_RETURN(auto transport, sync::CurlTransport::Create(options));
  auto client = std::make_unique<HubAdminClient>(*transport, std::move(token));
  client->owned_ = std::move(transport);
  return client;
}

Result<std::string> HubAdminClient::Call(const std::string& method, const std::string& target,
                                         const std::string& body) {
  sync::HttpRequest req;
  req.method = method;
  req.target = target;
  req.headers["authorization"] = "Bearer " + token_;
  if (!body.empty()) req.headers["content-type"] = "application/json";
  req.body = body;
  TB_ASSIGN_OR_RETURN(sync::HttpResponse resp, transport_.Send(req));
  if (resp.status != 200) return sync::HubError(resp.status, resp.body, target);
  if (resp.body.size() > kMaxBody) return InvalidArgument(kAnswerTooLarge, {target});
  return std::move(resp.body);
}

Result<std::vector<HubConflict>> HubAdminClient::Conflicts(bool all) {
  TB_ASSIGN_OR_RETURN(std::string body, Call("GET", all ? "/v1/admin/conflicts?all=1"
                                                        : "/v1/admin/conflicts"));
  TB_ASSIGN_OR_RETURN(json j, Parse(body));
  if (!j.is_array()) return InvalidArgument(kConflictListUnclear);
  std::vector<HubConflict> out;
  for (const auto& c : j) {
    TB_ASSIGN_OR_RETURN(auto conflict, ConflictFrom(c));
    out.push_back(std::move(conflict));
  }
  return out;
}

Result<HubConflict> HubAdminClient::Conflict(std::int64_t id) {
  TB_ASSIGN_OR_RETURN(std::string body, Call("GET", "/v1/admin/conflicts/" + std::to_string(id)));
  TB_ASSIGN_OR_RETURN(json j, Parse(body));
  return ConflictFrom(j);
}

Result<HubConflict> HubAdminClient::Resolve(std::int64_t id, Take take, const std::string& value,
                                            const std::string& note, const std::string& admin) {
  // "local" is the hub's word for the station whose push met the hub's value.
  json req{{"take", take == Take::kStation ? "local" : take == Take::kHub ? "hub" : "value"},
           {"note", note},
           {"admin", admin}};
  if (take == Take::kValue) {
    // Typed as text; a column that holds numbers on both sides gets a number.
    TB_ASSIGN_OR_RETURN(HubConflict current, Conflict(id));
    json typed = value;
    if (current.numeric) {
      const json n = json::parse(value, nullptr, false);
      if (!n.is_number()) return InvalidArgument(kNotANumber, {value});
      typed = n;
    }
    req["value"] = typed;
  }
  TB_ASSIGN_OR_RETURN(std::string body, Call("POST", "/v1/admin/conflicts/" + std::to_string(id) +
                                                         "/resolve",
                                              req.dump()));
  TB_ASSIGN_OR_RETURN(json j, Parse(body));
  return ConflictFrom(j);
}

Result<std::vector<HubNode>> HubAdminClient::Nodes() {
  TB_ASSIGN_OR_RETURN(std::string body, Call("GET", "/v1/admin/nodes"));
  TB_ASSIGN_OR_RETURN(json j, Parse(body));
  if (!j.is_array()) return InvalidArgument(kNodeListUnclear);
  std::vector<HubNode> out;
  for (const auto& n : j) {
    if (!n.is_object()) return InvalidArgument(kNodeListUnclear);
    HubNode node;
    node.code = Text(n, "code");
    node.name = Text(n, "name");
    node.kind = Text(n, "kind");
    node.township = Text(n, "township");
    node.enrolled = n.value("enrolled", false);
    node.revoked = n.value("revoked", false);
    node.acked_seq = Int(n, "acked_seq");
    node.changes_applied = Int(n, "changes_applied");
    node.rejected = Int(n, "rejected");
    node.lag = Int(n, "lag");
    node.last_seen = Text(n, "last_seen");
    out.push_back(std::move(node));
  }
  return out;
}

}  // namespace tongban::desk

namespace tongban::desk {

Result<CatalogPublished> HubAdminClient::PublishCatalog(const std::string& catalog_json) {
  TB_ASSIGN_OR_RETURN(std::string body, Call("POST", "/v1/admin/catalog", catalog_json));
  TB_ASSIGN_OR_RETURN(json j, Parse(body));
  if (!j.is_object()) return InvalidArgument(kCatalogAnswerUnclear);
  return CatalogPublished{static_cast<int>(Int(j, "added")), static_cast<int>(Int(j, "updated")),
                          static_cast<int>(Int(j, "unchanged"))};
}

Status HubAdminClient::PublishCalendar(const std::string& name, const std::string& applies_to,
                                       const std::string& calendar_json) {
  if (name.empty()) return InvalidArgument(kCalendarNeedsName);
  json calendar = json::parse(calendar_json, nullptr, false);
  if (!calendar.is_object()) return InvalidArgument(kCalendarNotObject);
  const json req{{"name", name}, {"applies_to", applies_to}, {"calendar", calendar}};
  return Call("POST", "/v1/admin/calendar", req.dump()).status();
}

}  // namespace tongban::desk
