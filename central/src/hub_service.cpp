#include "tongban/central/hub_service.h"
#include "tongban/central/supervision.h"

#include <malloc.h>

#include <charconv>
#include <chrono>
#include <sstream>

#include "tongban/node/domain/replication_schema.h"
#include "tongban/node/domain/work_calendar.h"
#include "hub_log.h"
#include "tongban/sync/request_tags.h"
#include "tongban/sync/push_stream.h"
#include "tongban/sync/wire.h"

namespace tongban::central {
namespace {

using nlohmann::json;
using sync::HttpRequest;
using sync::HttpResponse;

constexpr MessageDef kBadAudit{"hub.bad_audit",
                              "an audit upload must be {\"entries\": [...]} of numbered entries"};
constexpr MessageDef kTooDeep{"hub.body_too_deep", "request body is nested too deeply"};
constexpr MessageDef kBodyTooLarge{"hub.body_too_large", "request body is too large"};
constexpr MessageDef kNotObject{"hub.body_not_object", "request body must be a JSON object"};
constexpr MessageDef kHeaderNotNumber{"hub.header_not_number", "{0} is not a number"};
constexpr MessageDef kBatchTooLarge{"hub.batch_too_large",
                                    "a push batch holds at most {0} changes; this one says it "
                                    "holds {1}"};
constexpr MessageDef kNoCredentials{"hub.node_credentials_missing", "missing node credentials"};
constexpr MessageDef kAdminTokenRequired{"hub.admin_token_required", "admin token required"};
constexpr MessageDef kAdminTokenWrong{"hub.admin_token_wrong", "admin token is wrong"};
constexpr MessageDef kNotZstd{"hub.body_not_zstd",
                              "sync bodies must be zstd-compressed (Content-Encoding: zstd)"};
constexpr MessageDef kSchemaMismatch{"hub.schema_mismatch",
                                     "schema mismatch: node {0} speaks replication schema {1}, the "
                                     "hub serves {2} to {3}; update the older side"};
constexpr MessageDef kOtherNode{"hub.batch_other_node", "batch is labelled for another node"};
constexpr MessageDef kCountMismatch{"hub.batch_count_mismatch",
                                    "the push says it holds a different number of changes than "
                                    "it does"};
constexpr MessageDef kNoConflict{"hub.no_such_conflict", "no such conflict"};
constexpr MessageDef kBadTake{"hub.bad_take", "take must be local, hub or value"};
constexpr MessageDef kTakeNeedsValue{"hub.take_needs_value", "take=value needs a value"};
constexpr MessageDef kBadDays{"hub.bad_days", "days must be 1 to 3660"};
constexpr MessageDef kBadCalendar{"hub.bad_calendar",
                                  "calendar must be a tongban-calendar/1 object"};
constexpr MessageDef kNoAdminEndpoint{"hub.no_admin_endpoint", "no admin endpoint {0} {1}"};
constexpr MessageDef kBadOwnAudit{"hub.bad_own_audit", "asking for an audit trail needs {\"after\": a number}"};
constexpr MessageDef kBadEnroll{"hub.bad_enroll", "enroll needs {\"node\": text, \"code\": text}"};
constexpr MessageDef kNoEndpoint{"hub.no_endpoint", "no endpoint {0} {1}"};
constexpr MessageDef kNoEscrowKey{"hub.escrow_key_none", "the hub has no escrow key yet"};
constexpr MessageDef kCtxPush{"hub.ctx_push", "push"};
constexpr MessageDef kCtxPull{"hub.ctx_pull", "pull"};


// A request's id: the node's own (X-Tongban-Request-Id: letters, digits, '.', '_', '-', at
// most 64), so its log and the hub's meet; otherwise one made here.
// Kept with the request under a name no header has (so a signed header stays as sent).
constexpr char kRequestIdKey[] = ":request-id";


Status SchemaNotServed(const std::string& node, int schema) {
  return FailedPrecondition(kSchemaMismatch, {node, std::to_string(schema),
                                              std::to_string(node::kOldestServedSchema),
                                              std::to_string(node::kReplicationSchemaVersion)});
}

// The versions a request's node speaks (kSchemasHeader); a node that names none speaks
// the version from before ranges.
std::pair<int, int> SpokenSchemas(const HttpRequest& req) {
  if (auto it = req.headers.find(std::string(sync::kSchemasHeader)); it != req.headers.end())
    if (auto range = node::ParseSchemaRange(it->second)) return *range;
  return {node::kUnnegotiatedSchema, node::kUnnegotiatedSchema};
}

// What a node says of itself in its request's tags (sync/request_tags.h); a node one
// version behind says nothing.
Hub::Said SaidBy(const HttpRequest& req) {
  Hub::Said said;
  if (auto it = req.headers.find(sync::kVersionHeader); it != req.headers.end() &&
      it->second.size() <= 32 && it->second.find_first_not_of("0123456789.abcdefghijklmnopqrstuvwxyz+~-") == std::string::npos)
    said.software = it->second;
  if (auto it = req.headers.find(sync::kClockHeader); it != req.headers.end()) {
    Millis ms = 0;
    const auto [end, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), ms);
    // Within a century of now either way: anything else is no clock, and never overflows.
    constexpr Millis kCentury = 100LL * 366 * 24 * 3600 * 1000;
    if (ec == std::errc() && end == it->second.data() + it->second.size() && ms > -kCentury &&
        ms < 2 * kCentury)
      said.clock_ms = ms;
  }
  return said;
}

// JSON the hub parses must be shallow: the parser recurses.
Status CheckShallow(const std::string& body) {
  int depth = 0;
  bool in_string = false, escaped = false;
  for (char c : body) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > 8) return InvalidArgument(kTooDeep);
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return Status::Ok();
}

// Small JSON bodies only (enrollment, admin).
Result<json> ParseSmallJson(const std::string& body) {
  if (body.size() > kMaxJsonBody) return InvalidArgument(kBodyTooLarge);
  TB_RETURN_IF_ERROR(CheckShallow(body));
  json j = json::parse(body, nullptr, false);
  if (!j.is_object()) return InvalidArgument(kNotObject);
  return j;
}

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

HttpResponse JsonResponse(const json& j, int status = 200) {
  HttpResponse r;
  r.status = status;
  r.headers["content-type"] = "application/json";
  // Text from a request may be any bytes: replaced, never thrown on.
  r.body = j.dump(-1, ' ', false, json::error_handler_t::replace);
  return r;
}

// Times in the station's zone, as the nodes show them, with the offset for machines.
std::string Iso(Millis ms) { return node::FormatLocalIso(ms); }

// When a version was written; null for no version at all.
json VersionTime(sync::Hlc hlc) {
  return hlc == 0 ? json() : json(Iso(sync::HybridClock::Millis(hlc)));
}

json ReadableValue(const json& v) {
  if (v.is_binary() && v.get_binary().size() == 16)
    return sync::RowId::FromBytes(v.get_binary().data()).Hex();
  if (v.is_binary()) return std::to_string(v.get_binary().size()) + " bytes";
  return v;
}


// Principal names: a node's code, or this for the admin token.
constexpr char kAdminPrincipal[] = "@admin";

bool IsNodeRoute(const std::string& path) {
  return path == "/v1/push" || path == sync::kPushStreamTarget || path == "/v1/pull" || path == "/v1/digest" ||
         path == "/v1/audit" || path == "/v1/audit/own" || path == "/v1/node-key" || path == "/v1/escrow-key" ||
         path == "/v1/escrow" || path.rfind("/v1/scans/", 0) == 0;
}

bool IsAdminRoute(const std::string& path) {
  return path == "/metrics" || path.rfind("/v1/admin/", 0) == 0;
}

// How requests are counted and logged: scans per kind of request, not per
// content address; admin calls as one route.
std::string RouteName(const HttpRequest& request) {
  const std::string path = request.target.substr(0, request.target.find('?'));
  if (path.rfind("/v1/admin/", 0) == 0) return "/v1/admin";
  if (path.rfind("/v1/scans/", 0) != 0) return path;
  return request.method == "POST"                                ? "/v1/scans/upload"
         : request.target.find("offset=") != std::string::npos ? "/v1/scans/download"
                                                                 : "/v1/scans/status";
}


}  // namespace

std::string RequestIdOf(const HttpRequest& req) {
  if (auto it = req.headers.find(kRequestIdKey); it != req.headers.end()) return it->second;
  if (auto it = req.headers.find("x-tongban-request-id"); it != req.headers.end()) {
    const std::string& id = it->second;
    if (!id.empty() && id.size() <= 64 &&
        id.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") ==
            std::string::npos)
      return id;
  }
  return "hub-" + sync::RandomHex(8);
}

HttpResponse ErrorResponse(const Status& s) {
  int code = 500;
  switch (s.code()) {
    case ErrorCode::kInvalidArgument: code = 400; break;
    case ErrorCode::kCorruption: code = 400; break;
    case ErrorCode::kPermissionDenied: code = 403; break;
    case ErrorCode::kNotFound: code = 404; break;
    case ErrorCode::kFailedPrecondition: code = 409; break;
    case ErrorCode::kAlreadyExists: code = 409; break;
    case ErrorCode::kBusy: code = 503; break;
    case ErrorCode::kUnavailable: code = 503; break;
    default: break;
  }
  // The message key and its arguments let a node render the hub's words in its reader's
  // language; "message" is the English, for older nodes and logs. A message of words from
  // elsewhere (SQLite's) has the key "".
  return JsonResponse({{"error", ErrorCodeName(s.code())},
                       {"message", s.message()},
                       {"key", s.key()},
                       {"args", s.args()}},
                      code);
}

namespace {

// What a push says it carries (sync::kChangesHeader); nullopt from a node that does not say.
Result<std::optional<std::size_t>> DeclaredChanges(const HttpRequest& req) {
  auto it = req.headers.find(std::string(sync::kChangesHeader));
  if (it == req.headers.end()) return std::optional<std::size_t>();
  std::size_t n = 0;
  const auto [end, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), n);
  if (ec != std::errc() || end != it->second.data() + it->second.size())
    return InvalidArgument(kHeaderNotNumber, {std::string(sync::kChangesHeader)});
  return std::optional<std::size_t>(n);
}

}  // namespace

HttpResponse StoreErrorResponse(const Status& s) {
  HttpResponse r = ErrorResponse(s);
  if (s.code() == ErrorCode::kCorruption) r.status = 500;
  return r;
}

json ConflictJson(const ConflictRecord& c) {
  json j{{"id", c.id},
         {"table", c.table},
         {"row", c.row.Hex()},
         {"column", c.column},
         {"label", c.label},
         {"local", {{"value", ReadableValue(c.local_value)}, {"node", c.local_node},
                    {"user", c.local_user}, {"at", VersionTime(c.local_hlc)},
                    {"version", sync::HybridClock::Format(c.local_hlc)}}},
         {"hub", {{"value", ReadableValue(c.hub_value)}, {"node", c.hub_node},
                  {"user", c.hub_user}, {"at", VersionTime(c.hub_hlc)},
                  {"version", sync::HybridClock::Format(c.hub_hlc)}}},
         {"base_version", sync::HybridClock::Format(c.base_hlc)},
         {"base_at", VersionTime(c.base_hlc)},
         {"base_value", c.base_value ? ReadableValue(*c.base_value) : json()},
         {"provisional", ReadableValue(c.provisional)},
         {"status", c.status},
         {"created_at", Iso(c.created_at)}};
  if (c.status == "resolved") {
    j["resolution"] = {{"take", c.resolution}, {"value", ReadableValue(c.resolved_value)},
                       {"note", c.note}, {"by", c.resolved_by}};
    if (c.resolved_at) j["resolution"]["at"] = Iso(*c.resolved_at);
  }
  return j;
}

json NodeJson(const NodeInfo& n, std::int64_t hub_seq) {
  json j{{"code", n.code},
         {"name", n.name},
         {"kind", n.kind},
         {"township", n.township},
         {"enrolled", n.enrolled},
         {"revoked", n.revoked},
         {"acked_seq", n.acked_seq},
         {"changes_applied", n.changes_applied},
         {"rejected", n.rejected},
         {"lag", std::max<std::int64_t>(0, hub_seq - n.pulled_cursor)}};
  j["last_seen"] = n.last_seen ? json(Iso(*n.last_seen)) : json();
  j["software"] = n.software.empty() ? json() : json(n.software);
  j["clock_offset_ms"] = n.clock_offset_ms ? json(*n.clock_offset_ms) : json();
  j["schema"] = n.schema > 0 ? json(n.schema) : json();
  if (n.held)
    j["held"] = {{"seq", n.held->seq}, {"code", n.held->code}, {"since", Iso(n.held->since)}};
  return j;
}

Result<std::unique_ptr<HubService>> HubService::Open(const std::string& data_dir) {
  TB_ASSIGN_OR_RETURN(auto hub, Hub::Open(data_dir, {.background_checkpoints = true}));
  TB_ASSIGN_OR_RETURN(auto reader, Hub::Open(data_dir));
  TB_RETURN_IF_ERROR(OpenHubLog(data_dir));
  // Fixed while it serves: a restore needs the hub stopped.
  TB_ASSIGN_OR_RETURN(Hub::DataMark mark, reader->Mark());
  auto service = std::unique_ptr<HubService>(new HubService(std::move(hub), std::move(reader)));
  service->mark_ = std::move(mark);
  return service;
}

HubService::HubService(std::unique_ptr<Hub> hub, std::unique_ptr<Hub> reader)
    : hub_(std::move(hub)), reader_(std::move(reader)), compressor_(sync::Compressor::Shipped()) {}

HubService::~HubService() = default;

HttpResponse HubService::Handle(const HttpRequest& request) {
  const auto start = std::chrono::steady_clock::now();
  const RequestScope scope(RequestIdOf(request));
  HttpResponse r = Route(request);
  r.headers["x-tongban-request-id"] = RequestScope::Current();
  // A large or refused body leaves freed memory in the allocator's pools; give it back,
  // so one oversized push does not leave the hub larger for good.
  if (request.body.size() >= (1u << 20) || r.status == 400 || r.status == 413) malloc_trim(0);
  const std::string route = RouteName(request);
  CountRequest(route + " " + std::to_string(r.status));
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - start).count();
  if (r.status >= 400)
    LogLine(spdlog::level::warn, "request")
        .With("route", route)
        .With("status", r.status)
        .With("node", request.headers.contains("x-tongban-node") ? request.headers.at("x-tongban-node") : "")
        .With("peer", request.peer)
        .With("ms", ms);
  return r;
}


std::optional<HttpResponse> HubService::Admit(HttpRequest& head) {
  const std::string path = head.target.substr(0, head.target.find('?'));
  // The same id for the request's head and, later, its whole (Handle).
  head.headers[kRequestIdKey] = RequestIdOf(head);
  const RequestScope scope(head.headers[kRequestIdKey]);
  Status refused;
  if (IsNodeRoute(path)) {
    auto node = AuthenticateNode(head);
    if (node.ok()) head.principal = *node;
    refused = node.status();
  } else if (IsAdminRoute(path)) {
    refused = AuthenticateAdmin(head);
    if (refused.ok()) head.principal = kAdminPrincipal;
  }
  bool too_large = false;
  if (refused.ok() && path == "/v1/push") {
    // An oversized batch is refused before its body is read, so it costs the hub no memory.
    auto declared = DeclaredChanges(head);
    refused = declared.status();
    if (declared.ok() && *declared && **declared > sync::kMaxChangesPerBatch) {
      too_large = true;
      refused = InvalidArgument(kBatchTooLarge, {std::to_string(sync::kMaxChangesPerBatch),
                                                 std::to_string(**declared)});
    }
  }
  if (refused.ok()) return std::nullopt;
  LogLine(spdlog::level::warn, "refused")
      .With("route", RouteName(head))
      .With("peer", head.peer)
      .With("before_body", true)
      .With("reason", refused.message());
  HttpResponse r = ErrorResponse(refused);
  if (too_large) r.status = 413;
  std::lock_guard lock(metrics_mu_);
  requests_[RouteName(head) + " " + std::to_string(r.status)]++;
  return r;
}

Result<std::string> HubService::AuthenticateNode(const HttpRequest& req) {
  // Admitted already: the credentials were checked from the headers.
  if (!req.principal.empty() && req.principal != kAdminPrincipal) return req.principal;
  auto auth = req.headers.find("authorization");
  auto node = req.headers.find("x-tongban-node");
  if (auth == req.headers.end() || node == req.headers.end() ||
      auth->second.rfind("Bearer ", 0) != 0)
    return PermissionDenied(kNoCredentials);
  std::lock_guard lock(reader_mu_);
  TB_RETURN_IF_ERROR(reader_->Authenticate(node->second, auth->second.substr(7)));
  return node->second;
}

Result<std::string> HubService::AuthenticateSigned(const HttpRequest& req,
                                                   std::optional<sync::Sm2PublicKey>* used) {
  TB_ASSIGN_OR_RETURN(std::string node, AuthenticateNode(req));
  TB_RETURN_IF_ERROR(CheckSignature(req, node, used));
  return node;
}

Status HubService::CheckSignature(const HttpRequest& req, const std::string& node,
                                  std::optional<sync::Sm2PublicKey>* used) {
  const auto load = [&]() -> Result<std::optional<sync::Sm2PublicKey>> {
    std::lock_guard lock(reader_mu_);
    return reader_->NodePublicKey(node);
  };
  std::optional<sync::Sm2PublicKey> key;
  {
    std::lock_guard lock(keys_mu_);
    if (auto it = keys_.find(node); it != keys_.end()) key = it->second;
  }
  const bool cached = key.has_value();
  if (!cached) {
    TB_ASSIGN_OR_RETURN(key, load());
  }
  if (!key) {  // enrolled before key pairs: its secret is its proof
    if (used) used->reset();
    return Status::Ok();
  }
  Status verdict = sync::VerifyRequest(req, *key);
  if (!verdict.ok() && cached) {  // enrolled again through another hub process
    TB_ASSIGN_OR_RETURN(key, load());
    verdict = key ? sync::VerifyRequest(req, *key) : Status::Ok();
  }
  if (used) *used = key;
  std::lock_guard lock(keys_mu_);
  if (key) keys_.insert_or_assign(node, *key);
  else keys_.erase(node);
  return verdict;
}

Status HubService::RequireActive(const std::string& node) {
  // Asked on every pull: answered by the reader, without waiting for the store, unless
  // the node is revoked.
  auto standing = [&] {
    std::lock_guard lock(reader_mu_);
    return reader_->StandingOf(node);
  }();
  if (!standing.ok()) return standing.status();
  if (!standing->revoked) return Status::Ok();
  Status s = [&] {
    std::lock_guard lock(mu_);
    return hub_->RequireActive(node);
  }();
  if (!s.ok()) LogLine(spdlog::level::warn, "wipe_order").With("node", node);
  return s;
}

HttpResponse HubService::RegisterKey(const HttpRequest& req) {
  auto node = AuthenticateNode(req);
  if (!node.ok()) return ErrorResponse(node.status());
  auto parsed = ParseSmallJson(req.body);
  if (!parsed.ok()) return ErrorResponse(parsed.status());
  auto der = sync::FromBase64(Str(*parsed, "public_key"));
  if (!der.ok()) return ErrorResponse(der.status());
  Status s = [&] {
    std::lock_guard lock(mu_);
    return hub_->RegisterNodeKey(*node, *der);
  }();
  if (!s.ok()) {
    LogLine(spdlog::level::warn, "node_key").With("node", *node).With("refused", s.message());
    return ErrorResponse(s);
  }
  LogLine(spdlog::level::info, "node_key").With("node", *node).With("peer", req.peer);
  return JsonResponse({{"public_key", true}});
}

HttpResponse HubService::Escrow(const HttpRequest& req) {
  if (req.method == "GET") {  // the escrow key, for the node to seal its code to
    auto node = AuthenticateNode(req);
    if (!node.ok()) return ErrorResponse(node.status());
    if (Status s = RequireActive(*node); !s.ok()) return ErrorResponse(s);
    std::lock_guard lock(reader_mu_);
    auto key = reader_->EscrowKey();
    if (!key.ok()) return ErrorResponse(key.status());
    if (!*key) return ErrorResponse(NotFound(kNoEscrowKey));
    // The keys before it, so a station that trusts an older one can follow the endorsements.
    auto chain = reader_->EscrowChain();
    if (!chain.ok()) return ErrorResponse(chain.status());
    return JsonResponse({{"public_key", sync::ToBase64((*key)->der())},
                         {"id", (*key)->Id()},
                         {"chain", json::parse(sync::EncodeEscrowChain(*chain))}});
  }
  auto node = AuthenticateSigned(req);
  if (!node.ok()) return ErrorResponse(node.status());
  auto parsed = ParseSmallJson(req.body);
  if (!parsed.ok()) return ErrorResponse(parsed.status());
  auto sealed = sync::FromBase64(Str(*parsed, "sealed"));
  if (!sealed.ok()) return ErrorResponse(sealed.status());
  Status s = [&] {
    std::lock_guard lock(mu_);
    return hub_->SaveEscrow(*node, {Str(*parsed, "id"), *sealed});
  }();
  if (!s.ok()) {
    LogLine(spdlog::level::warn, "escrow").With("node", *node).With("refused", s.message());
    return ErrorResponse(s);
  }
  LogLine(spdlog::level::info, "escrow").With("node", *node).With("key", Str(*parsed, "id").substr(0, 12));
  return JsonResponse({{"escrowed", true}});
}

Status HubService::AuthenticateAdmin(const HttpRequest& req) {
  if (req.principal == kAdminPrincipal) return Status::Ok();
  auto auth = req.headers.find("authorization");
  if (auth == req.headers.end() || auth->second.rfind("Bearer ", 0) != 0)
    return PermissionDenied(kAdminTokenRequired);
  std::lock_guard lock(reader_mu_);
  TB_ASSIGN_OR_RETURN(bool ok, reader_->CheckAdminToken(auth->second.substr(7)));
  return ok ? Status::Ok() : PermissionDenied(kAdminTokenWrong);
}

Result<std::string> HubService::Body(const HttpRequest& req) {
  auto enc = req.headers.find("content-encoding");
  if (enc == req.headers.end() || enc->second != "zstd")
    return InvalidArgument(kNotZstd);
  return compressor_.Decompress(req.body, kMaxPlainBody);
}

HttpResponse HubService::Packed(const HttpRequest& req, const std::string& plain) {
  std::uint32_t dict = 0;
  if (auto it = req.headers.find("x-tongban-dictionary"); it != req.headers.end()) {
    const long id = std::strtol(it->second.c_str(), nullptr, 10);
    if (id > 0 && compressor_.Has(static_cast<std::uint32_t>(id))) dict = static_cast<std::uint32_t>(id);
  }
  HttpResponse r;
  r.headers["content-type"] = "application/x-tongban-msgpack";
  r.headers["content-encoding"] = "zstd";
  r.body = compressor_.Compress(plain, dict);
  return r;
}

void HubService::CountRequest(const std::string& route_and_status) {
  std::lock_guard lock(metrics_mu_);
  requests_[route_and_status]++;
}

Status HubService::CheckPush(const std::string& node, const sync::PushRequest& push) {
  if (!node::ServesSchema(push.schema)) return SchemaNotServed(node, push.schema);
  if (push.node != node) return PermissionDenied(kOtherNode);
  return Status::Ok();
}

void HubService::NoteApplied(const std::string& node, const sync::PushRequest& push,
                             const sync::PushReply& reply) {
  changes_applied_ += reply.applied;
  changes_rejected_ += static_cast<std::int64_t>(reply.rejected.size());
  for (const auto& r : reply.rejected)
    LogLine(spdlog::level::warn, "rejected").With("node", node).With("seq", r.seq).With("reason", r.reason);
  if (reply.held)
    LogLine(spdlog::level::warn, "held")
        .With("node", node)
        .With("seq", reply.held->seq)
        .With("code", reply.held->code)
        .With("reason", reply.held->reason);
  LogLine(spdlog::level::info, "push")
      .With("node", node)
      .With("from", push.from_seq)
      .With("changes", push.changes.size())
      .With("applied", reply.applied)
      .With("duplicates", reply.duplicates)
      .With("conflicts", reply.conflicts)
      .With("rejected", reply.rejected.size())
      .With("acked", reply.acked_seq);
}

HttpResponse HubService::Push(const HttpRequest& req) {
  auto node = AuthenticateSigned(req);
  if (!node.ok()) return ErrorResponse(node.status());
  auto body = Body(req);
  if (!body.ok()) return ErrorResponse(body.status().WithContext(kCtxPush));
  auto push = sync::DecodePushRequest(*body);
  if (!push.ok()) return ErrorResponse(push.status());
  if (Status s = CheckPush(*node, *push); !s.ok()) return ErrorResponse(s);
  // The header is what admission trusted: a body that holds another number is refused.
  if (auto declared = DeclaredChanges(req); !declared.ok() || (*declared && **declared != push->changes.size()))
    return ErrorResponse(InvalidArgument(kCountMismatch));
  Result<sync::PushReply> reply = ApplyGrouped(*node, *push);
  if (!reply.ok()) {
    LogLine(spdlog::level::err, "push").With("node", *node).With("error", reply.status().message());
    return StoreErrorResponse(reply.status());
  }
  NoteApplied(*node, *push, *reply);
  return Packed(req, sync::EncodePushReply(*reply));
}

// A node's audit trail, continued where the hub's copy ends (Hub::AppendAudit).
HttpResponse HubService::Audit(const HttpRequest& req) {
  auto node = AuthenticateSigned(req);
  if (!node.ok()) return ErrorResponse(node.status());
  auto parsed = ParseSmallJson(req.body);
  if (!parsed.ok()) return ErrorResponse(parsed.status());
  const json& list = (*parsed)["entries"];
  if (!list.is_array()) return ErrorResponse(InvalidArgument(kBadAudit));
  std::vector<sync::AuditEntry> entries;
  for (const json& j : list) {
    auto e = sync::AuditEntryFromJson(j);
    if (!e.ok()) return ErrorResponse(e.status());
    entries.push_back(std::move(*e));
  }
  std::lock_guard lock(mu_);
  auto acked = hub_->AppendAudit(*node, entries);
  if (!acked.ok()) {
    LogLine(spdlog::level::warn, "audit_refused").With("node", *node).With("reason", acked.status().message());
    return StoreErrorResponse(acked.status());
  }
  LogLine(spdlog::level::info, "audit").With("node", *node).With("entries", entries.size()).With("acked", *acked);
  return JsonResponse({{"acked", *acked}});
}

HttpResponse HubService::OwnAudit(const HttpRequest& req) {
  auto node = AuthenticateSigned(req);
  if (!node.ok()) return ErrorResponse(node.status());
  if (Status s = RequireActive(*node); !s.ok()) return ErrorResponse(s);
  auto parsed = ParseSmallJson(req.body);
  if (!parsed.ok()) return ErrorResponse(parsed.status());
  const json& after = (*parsed)["after"];
  if (!after.is_number_integer()) return ErrorResponse(InvalidArgument(kBadOwnAudit));
  constexpr int kPage = 1000;
  std::lock_guard lock(mu_);
  auto entries = hub_->AuditTrail(*node, after.get<std::int64_t>(), kPage + 1);
  if (!entries.ok()) return StoreErrorResponse(entries.status());
  const bool more = entries->size() > kPage;
  if (more) entries->pop_back();
  json list = json::array();
  for (const auto& e : *entries) list.push_back(sync::AuditEntryJson(e));
  LogLine(spdlog::level::info, "audit_own")
      .With("node", *node)
      .With("after", after.get<std::int64_t>())
      .With("entries", list.size());
  return JsonResponse({{"entries", std::move(list)}, {"more", more}});
}

struct HubService::WaitingPush {
  const std::string& node;
  const sync::PushRequest& push;
  std::optional<Result<sync::PushReply>> reply;
};

Result<sync::PushReply> HubService::ApplyGrouped(const std::string& node,
                                                 const sync::PushRequest& push) {
  WaitingPush me{node, push, std::nullopt};
  std::unique_lock queue(queue_mu_);
  queue_.push_back(&me);
  while (!me.reply) {
    if (group_running_) {
      queue_done_.wait(queue);
      continue;
    }
    // Lead the next group: everything waiting now, this push among them.
    group_running_ = true;
    std::vector<WaitingPush*> group;
    group.swap(queue_);
    queue.unlock();
    std::vector<Hub::PushFrom> pushes;
    for (const WaitingPush* w : group) pushes.push_back({w->node, &w->push});
    std::vector<Result<sync::PushReply>> replies;
    {
      std::lock_guard store(mu_);
      replies = hub_->ApplyPushes(pushes, &order_);
    }
    queue.lock();
    for (std::size_t i = 0; i < group.size(); ++i) group[i]->reply = std::move(replies[i]);
    group_running_ = false;
    queue_done_.notify_all();
    if (group.size() > 1) LogLine(spdlog::level::debug, "group_commit").With("pushes", group.size());
  }
  return std::move(*me.reply);
}

HttpResponse HubService::Pull(const HttpRequest& req) {
  auto node = AuthenticateNode(req);
  if (!node.ok()) return ErrorResponse(node.status());
  if (Status s = RequireActive(*node); !s.ok()) return ErrorResponse(s);
  auto body = Body(req);
  if (!body.ok()) return ErrorResponse(body.status().WithContext(kCtxPull));
  auto pull = sync::DecodePullRequest(*body);
  if (!pull.ok()) return ErrorResponse(pull.status());
  if (!node::ServesSchema(pull->schema)) return ErrorResponse(SchemaNotServed(*node, pull->schema));
  const Hub::Said said = SaidBy(req);
  Result<sync::PullReply> reply = [&] {
    std::lock_guard lock(mu_);
    return hub_->Pull(*node, *pull, &said);
  }();
  if (!reply.ok()) return ErrorResponse(reply.status());
  changes_pulled_ += static_cast<std::int64_t>(reply->changes.size());
  if (!reply->changes.empty() || !reply->purges.empty())
    LogLine(spdlog::level::info, "pull")
        .With("node", *node)
        .With("cursor", pull->cursor)
        .With("changes", reply->changes.size())
        .With("purges", reply->purges.size())
        .With("more", reply->more);
  return Packed(req, sync::EncodePullReply(*reply));
}

HttpResponse HubService::Admin(const HttpRequest& req) {
  if (Status s = AuthenticateAdmin(req); !s.ok()) return ErrorResponse(s);
  const std::string path = req.target.substr(0, req.target.find('?'));
  std::lock_guard lock(mu_);
  if (path == "/v1/admin/nodes" && req.method == "GET") {
    auto nodes = hub_->ListNodes();
    auto stats = hub_->Stats();
    if (!nodes.ok()) return ErrorResponse(nodes.status());
    json out = json::array();
    for (const auto& n : *nodes) out.push_back(NodeJson(n, stats.ok() ? stats->log_seq : 0));
    return JsonResponse(out);
  }
  if (path == "/v1/admin/conflicts" && req.method == "GET") {
    const bool all = req.target.find("all=1") != std::string::npos;
    auto list = hub_->ListConflicts(!all);
    if (!list.ok()) return ErrorResponse(list.status());
    json out = json::array();
    for (const auto& c : *list) out.push_back(ConflictJson(c));
    return JsonResponse(out);
  }
  const std::string prefix = "/v1/admin/conflicts/";
  if (path.rfind(prefix, 0) == 0) {
    std::string rest = path.substr(prefix.size());
    const bool resolve = rest.size() > 8 && rest.substr(rest.size() - 8) == "/resolve";
    if (resolve) rest.resize(rest.size() - 8);
    const long long id = std::strtoll(rest.c_str(), nullptr, 10);
    if (id <= 0) return ErrorResponse(NotFound(kNoConflict));
    if (!resolve && req.method == "GET") {
      auto c = hub_->GetConflict(id);
      return c.ok() ? JsonResponse(ConflictJson(*c)) : ErrorResponse(c.status());
    }
    if (resolve && req.method == "POST") {
      auto parsed = ParseSmallJson(req.body);
      if (!parsed.ok()) return ErrorResponse(parsed.status());
      const json& j = *parsed;
      const std::string take = Str(j, "take");
      if (take != "local" && take != "hub" && take != "value")
        return ErrorResponse(InvalidArgument(kBadTake));
      if (take == "value" && !j.contains("value"))
        return ErrorResponse(InvalidArgument(kTakeNeedsValue));
      auto c = hub_->ResolveConflict(
          id, take == "local" ? Take::kLocal : take == "hub" ? Take::kHub : Take::kValue,
          j.value("value", json()), Str(j, "note"), Str(j, "admin").empty() ? "admin" : Str(j, "admin"));
      if (!c.ok()) return ErrorResponse(c.status());
      LogLine(spdlog::level::info, "resolve").With("conflict", id).With("take", take).With("by", Str(j, "admin"));
      return JsonResponse(ConflictJson(*c));
    }
  }
  // Supervision and publishing (tongban/central/supervision.h).
  const Millis now = sync::SystemWallClock::Instance().NowMillis();
  if (path == "/v1/admin/escalations" && req.method == "GET") {
    auto list = ListEscalations(*hub_, req.target.find("all=1") == std::string::npos);
    if (!list.ok()) return ErrorResponse(list.status());
    json out = json::array();
    for (const auto& e : *list) out.push_back(EscalationJson(e));
    return JsonResponse(out);
  }
  if (path == "/v1/admin/stats" && req.method == "GET") {
    // ?days=N: the last N days up to now (default 30).
    const auto at = req.target.find("days=");
    const long days = at == std::string::npos ? 30 : std::strtol(req.target.c_str() + at + 5, nullptr, 10);
    if (days < 1 || days > 3660) return ErrorResponse(InvalidArgument(kBadDays));
    auto figures = ServiceFigures(*hub_, now - days * 86'400'000LL, now + 1, now);
    return figures.ok() ? JsonResponse(FiguresJson(*figures)) : ErrorResponse(figures.status());
  }
  if (path == "/v1/admin/catalog" && req.method == "POST") {
    if (Status shallow = CheckShallow(req.body); !shallow.ok()) return ErrorResponse(shallow);
    auto published = PublishCatalog(*hub_, req.body);
    if (!published.ok()) return ErrorResponse(published.status());
    LogLine(spdlog::level::info, "publish_catalog").With("added", published->added).With("updated", published->updated);
    return JsonResponse({{"added", published->added},
                         {"updated", published->updated},
                         {"unchanged", published->unchanged}});
  }
  if (path == "/v1/admin/calendar" && req.method == "POST") {
    auto parsed = ParseSmallJson(req.body);
    if (!parsed.ok()) return ErrorResponse(parsed.status());
    const json& j = *parsed;
    const json body = j.value("calendar", json());
    if (!body.is_object()) return ErrorResponse(InvalidArgument(kBadCalendar));
    Status st = PublishCalendar(*hub_, Str(j, "name"), Str(j, "applies_to"), body.dump(), now);
    if (!st.ok()) return ErrorResponse(st);
    LogLine(spdlog::level::info, "publish_calendar").With("name", Str(j, "name")).With("applies_to", Str(j, "applies_to"));
    return JsonResponse({{"published", Str(j, "name")}});
  }
  return ErrorResponse(NotFound(kNoAdminEndpoint, {req.method, path}));
}

std::string PrometheusLabel(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string HubService::Metrics() {
  const auto Label = PrometheusLabel;
  std::ostringstream out;
  out << "# HELP tongban_requests_total HTTP requests by route and status.\n"
         "# TYPE tongban_requests_total counter\n";
  {
    std::lock_guard lock(metrics_mu_);
    for (const auto& [key, n] : requests_) {
      const auto sp = key.rfind(' ');
      out << "tongban_requests_total{route=\"" << Label(key.substr(0, sp)) << "\",status=\""
          << Label(key.substr(sp + 1)) << "\"} " << n.load() << "\n";
    }
  }
  out << "# HELP tongban_changes_applied_total Node changes applied at the hub.\n"
         "# TYPE tongban_changes_applied_total counter\n"
      << "tongban_changes_applied_total " << changes_applied_.load() << "\n"
      << "# HELP tongban_changes_rejected_total Node changes refused (out of scope, invalid).\n"
         "# TYPE tongban_changes_rejected_total counter\n"
      << "tongban_changes_rejected_total " << changes_rejected_.load() << "\n"
      << "# HELP tongban_changes_pulled_total Changes sent to nodes.\n"
         "# TYPE tongban_changes_pulled_total counter\n"
      << "tongban_changes_pulled_total " << changes_pulled_.load() << "\n";
  ScanMetrics(out);
  std::lock_guard lock(mu_);
  auto stats = hub_->Stats();
  auto nodes = hub_->ListNodes();
  if (stats.ok()) {
    out << "# HELP tongban_open_conflicts Conflicts waiting for an admin.\n"
           "# TYPE tongban_open_conflicts gauge\n"
        << "tongban_open_conflicts " << stats->open_conflicts << "\n"
        << "# HELP tongban_hub_log_seq Newest hub sequence.\n# TYPE tongban_hub_log_seq gauge\n"
        << "tongban_hub_log_seq " << stats->log_seq << "\n";
  }
  if (nodes.ok() && stats.ok()) {
    out << "# HELP tongban_node_lag Hub changes a node has not yet asked for.\n"
           "# TYPE tongban_node_lag gauge\n";
    for (const auto& n : *nodes)
      out << "tongban_node_lag{node=\"" << Label(n.code) << "\"} "
          << std::max<std::int64_t>(0, stats->log_seq - n.pulled_cursor) << "\n";
    out << "# HELP tongban_node_last_seen_seconds Unix time of a node's last request or bundle.\n"
           "# TYPE tongban_node_last_seen_seconds gauge\n";
    for (const auto& n : *nodes)
      if (n.last_seen)
        out << "tongban_node_last_seen_seconds{node=\"" << Label(n.code) << "\"} "
            << *n.last_seen / 1000 << "\n";
    out << "# HELP tongban_node_clock_offset_seconds A node's clock minus the hub's, at its last pull.\n"
           "# TYPE tongban_node_clock_offset_seconds gauge\n";
    for (const auto& n : *nodes)
      if (n.clock_offset_ms)
        out << "tongban_node_clock_offset_seconds{node=\"" << Label(n.code) << "\"} "
            << static_cast<double>(*n.clock_offset_ms) / 1000.0 << "\n";
    out << "# HELP tongban_node_info The software a node runs, as its last pull said.\n"
           "# TYPE tongban_node_info gauge\n";
    for (const auto& n : *nodes)
      if (!n.software.empty())
        out << "tongban_node_info{node=\"" << Label(n.code) << "\",version=\"" << Label(n.software)
            << "\",schema=\"" << (n.schema > 0 ? std::to_string(n.schema) : std::string()) << "\"} 1\n";
  }
  return out.str();
}

HttpResponse HubService::Route(const HttpRequest& req) {
  try {
    const std::string path = req.target.substr(0, req.target.find('?'));
    if (path == "/v1/hello" && req.method == "GET") {
      json dicts = json::array();
      for (auto id : compressor_.dictionary_ids()) dicts.push_back(id);
      // The version this node and hub share; when they share none, the hub's newest (an
      // older node refuses it with a clear message, a newer one reads the range).
      const auto [oldest, newest] = SpokenSchemas(req);
      const int agreed = node::AgreeSchema(oldest, newest).value_or(node::kReplicationSchemaVersion);
      return JsonResponse({{"v", sync::kProtocolVersion},
                           {"hub", "tongban-hub"},
                           {"schema", agreed},
                           {"schema_min", node::kOldestServedSchema},
                           {"schema_max", node::kReplicationSchemaVersion},
                           {"dictionaries", dicts},
                           {"push_stream", true},
                           {"push_stream_signed", true},
                           {"epoch", mark_.epoch},
                           {"epoch_base", mark_.base_seq},
                           {"time_ms", std::chrono::duration_cast<std::chrono::milliseconds>(
                                           std::chrono::system_clock::now().time_since_epoch())
                                           .count()}});
    }
    if (path == "/v1/push" && req.method == "POST") return Push(req);
    if (path == "/v1/pull" && req.method == "POST") return Pull(req);
    if (path == "/metrics" && req.method == "GET") {
      // Node names and lags are the admin's business, not the world's.
      if (Status s = AuthenticateAdmin(req); !s.ok()) return ErrorResponse(s);
      HttpResponse r;
      r.headers["content-type"] = "text/plain; version=0.0.4";
      r.body = Metrics();
      return r;
    }
    if (path == "/v1/enroll" && req.method == "POST") {
      auto parsed = ParseSmallJson(req.body);
      if (!parsed.ok()) return ErrorResponse(parsed.status());
      const std::string code = Str(*parsed, "node"), enrollment = Str(*parsed, "code");
      if (code.empty() || enrollment.empty())
        return ErrorResponse(InvalidArgument(kBadEnroll));
      // A node one version behind sends no public key.
      auto public_key = sync::FromBase64(Str(*parsed, "public_key"));
      if (!public_key.ok()) return ErrorResponse(public_key.status());
      // Where the node's own changes stand (older nodes say nothing: the hub's stand kept).
      std::optional<EnrollResume> resume;
      const auto number = [&](const char* key) -> std::int64_t {
        const json& v = (*parsed)[key];
        return v.is_number_integer() ? std::max<std::int64_t>(0, v.get<std::int64_t>()) : 0;
      };
      const auto hlc = [&](const char* key) -> sync::Hlc {
        const json& v = (*parsed)[key];
        return v.is_number_unsigned() ? v.get<sync::Hlc>() : 0;
      };
      if (parsed->contains("acked"))
        resume = EnrollResume{number("acked"), hlc("acked_hlc"), number("last"), hlc("last_hlc")};
      std::lock_guard lock(mu_);
      auto secret = hub_->Enroll(code, enrollment, *public_key, resume);
      if (!secret.ok()) {
        LogLine(spdlog::level::warn, "enroll").With("node", code).With("refused", secret.status().message());
        return ErrorResponse(secret.status());
      }
      auto n = hub_->GetNode(code);
      if (!n.ok()) return ErrorResponse(n.status());
      {
        std::lock_guard keys(keys_mu_);
        keys_.erase(code);
      }
      LogLine(spdlog::level::info, "enroll")
          .With("node", code)
          .With("peer", req.peer)
          .With("public_key", !public_key->empty())
          .With("known", secret->known)
          .With("acked", resume ? resume->acked_seq : -1);
      return JsonResponse({{"secret", secret->secret},
                           {"known", secret->known},
                           {"logins", secret->logins},
                           {"public_key", !public_key->empty()},
                           {"node", n->code},
                           {"name", n->name},
                           {"kind", n->kind},
                           {"township", n->township},
                           {"schema", node::kReplicationSchemaVersion}});
    }
    if (path == "/v1/audit" && req.method == "POST") return Audit(req);
    if (path == "/v1/audit/own" && req.method == "POST") return OwnAudit(req);
    if (path == "/v1/node-key" && req.method == "POST") return RegisterKey(req);
    if ((path == "/v1/escrow-key" && req.method == "GET") || (path == "/v1/escrow" && req.method == "POST"))
      return Escrow(req);
    if (path == "/v1/digest" && req.method == "GET") {
      auto node = AuthenticateNode(req);
      if (!node.ok()) return ErrorResponse(node.status());
      if (Status s = RequireActive(*node); !s.ok()) return ErrorResponse(s);
      // Over the fields of the version the node speaks (none named: the unnegotiated one).
      int schema = node::kUnnegotiatedSchema;
      if (auto it = req.headers.find(std::string(sync::kSchemaHeader)); it != req.headers.end()) {
        schema = node::ParseSchema(it->second).value_or(0);
        if (!node::ServesSchema(schema)) return ErrorResponse(SchemaNotServed(*node, schema));
      }
      std::lock_guard lock(mu_);
      auto d = hub_->Digest(*node, schema);
      return d.ok() ? JsonResponse({{"digest", *d}}) : StoreErrorResponse(d.status());
    }
    if (path.rfind("/v1/admin/", 0) == 0) return Admin(req);
    if (path.rfind("/v1/scans/", 0) == 0) return Scans(req);
    return ErrorResponse(NotFound(kNoEndpoint, {req.method, path}));
  } catch (const std::exception& e) {
    LogLine(spdlog::level::err, "internal").With("error", e.what());
    return ErrorResponse(Internal(std::string("internal error: ") + e.what()));
  }
}

}  // namespace tongban::central
