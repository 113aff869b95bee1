// The hub's error replies carry the message key and arguments ("key", "args") beside the
// English: a node rebuilds the hub's words from them, so the desk and the CLI show a
// refusal in the reader's language. An older hub's reply (English only) still makes sense.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "test_support.h"
#include "tongban/central/hub_service.h"
#include "tongban/node/messages/status_text.h"
#include "tongban/sync/sync_client.h"

using namespace tongban;
using nlohmann::json;

namespace {

sync::HttpRequest Get(const std::string& target) {
  sync::HttpRequest req;
  req.method = "GET";
  req.target = target;
  return req;
}

}  // namespace

TEST_CASE("hub error reply: a refusal arrives at the node with its key and args, in Chinese",
          "[messages]") {
  test::TempDir dir;
  auto hub = central::HubService::Open(dir.File("hub"));
  REQUIRE(hub.ok());

  const sync::HttpResponse resp = (*hub)->Handle(Get("/v1/nowhere"));
  CHECK(resp.status == 404);
  const json body = json::parse(resp.body);
  CHECK(body["error"] == "not_found");
  CHECK(body["message"] == "no endpoint GET /v1/nowhere");
  CHECK(body["key"] == "hub.no_endpoint");
  CHECK(body["args"] == json::array({"GET", "/v1/nowhere"}));

  const Status s = sync::HubError(resp.status, resp.body, "/v1/nowhere");
  CHECK(s.code() == ErrorCode::kInvalidArgument);
  CHECK(s.key() == "hub.no_endpoint");
  CHECK(s.args() == std::vector<std::string>{"GET", "/v1/nowhere"});
  REQUIRE(s.context().size() == 1);
  CHECK(s.context()[0].key == "sync.hub_refused");
  CHECK(s.message() == "hub refused /v1/nowhere: no endpoint GET /v1/nowhere");
  CHECK(node::RenderStatus(s, node::Language::kChinese) ==
        "中心拒绝了请求（与中心通信时）：中心没有这项功能（GET /v1/nowhere），请核对程序版本");
  CHECK(node::RenderStatus(s, node::Language::kEnglish) == s.message());

  // Credentials refused before any body is read: the same shape.
  const sync::HttpResponse admin = (*hub)->Handle(Get("/v1/admin/nodes"));
  const Status denied = sync::HubError(admin.status, admin.body, "/v1/admin/nodes");
  CHECK(denied.code() == ErrorCode::kPermissionDenied);
  CHECK(denied.key() == "hub.admin_token_required");
  CHECK(node::RenderStatus(denied, node::Language::kChinese) ==
        "中心拒绝了请求（管理操作时）：需要管理员令牌");
}

TEST_CASE("hub error reply: an older hub's English, or no JSON at all, still explains",
          "[messages]") {
  const Status old = sync::HubError(
      403, R"({"error": "permission_denied", "message": "admin token is wrong"})", "digest");
  CHECK(old.code() == ErrorCode::kPermissionDenied);
  CHECK(old.key().empty());
  CHECK(old.message() == "hub refused digest: admin token is wrong");
  CHECK(node::RenderStatus(old, node::Language::kChinese) ==
        "中心拒绝了请求（核对时）：没有权限执行此操作");

  const Status proxy = sync::HubError(502, "<html>Bad Gateway</html>", "hello");
  CHECK(proxy.code() == ErrorCode::kUnavailable);
  CHECK(proxy.message() == "hub refused hello: HTTP 502");
  CHECK(node::RenderStatus(proxy, node::Language::kChinese) ==
        "中心拒绝了请求（开始同步时）：中心返回错误代码 502");
}
