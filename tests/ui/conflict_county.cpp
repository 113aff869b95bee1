#include "conflict_county.h"

#include <cstdio>
#include <sys/wait.h>

#include "tongban/node/store/node_store.h"
#include "tongban/node/store/node_sync.h"

namespace tongban::desk::test {
namespace {

struct Node {
  std::unique_ptr<node::NodeStore> store;
  node::Session staff;
};

// Enrolls `code` with the hub and creates its database with an admin and one
// member of staff, then pulls the catalog.
Result<Node> MakeNode(ConflictCounty& county, const std::string& url, const std::string& path,
                      const std::string& code, const std::string& name, const std::string& kind,
                      const std::string& township, const std::string& login, node::Role role) {
  TB_ASSIGN_OR_RETURN(std::string out,
                      county.Central("station add --code " + code + " --name " + name +
                                     " --kind " + kind +
                                     (township.empty() ? "" : " --township " + township)));
  while (!out.empty() && out.back() == '\n') out.pop_back();
  const std::string enroll = out.substr(out.rfind('\n') + 1);
  const node::HubLink link{url, "", ""};
  TB_ASSIGN_OR_RETURN(auto e, node::EnrollWithHub(link, code, enroll));
  TB_ASSIGN_OR_RETURN(auto node_kind, node::ParseNodeKind(kind));
  Node n;
  TB_ASSIGN_OR_RETURN(n.store, node::NodeStore::Create(path, {code, e.name, node_kind, e.township},
                                                       "admin", "demo-admin-pass"));
  TB_RETURN_IF_ERROR(node::SaveHubLink(*n.store, link, e));
  TB_ASSIGN_OR_RETURN(auto admin, n.store->Login("admin", "demo-admin-pass"));
  TB_RETURN_IF_ERROR(n.store->AddStaff(admin, login, role == node::Role::kClerk ? "王丽" : "李强",
                                       role, "demo-staff-pass"));
  TB_ASSIGN_OR_RETURN(n.staff, n.store->Login(login, "demo-staff-pass"));
  TB_ASSIGN_OR_RETURN(auto sync, node::NodeSync::Open(*n.store));
  TB_RETURN_IF_ERROR(sync->client().RunOnce().status());
  return n;
}

Status SyncOnce(node::NodeStore& store) {
  TB_ASSIGN_OR_RETURN(auto sync, node::NodeSync::Open(store));
  return sync->client().RunOnce().status();
}

}  // namespace

ConflictCounty::ConflictCounty(const std::string& dir, const std::string& central)
    : dir_(dir), central_(central), hub_(central, dir + "/hub") {}

Result<std::string> ConflictCounty::Central(const std::string& args) {
  const std::string cmd = central_ + " " + args + " --data " + hub_.data() + " 2>&1";
  std::string out;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) return Status(ErrorCode::kIoError, "cannot run " + central_);
  char buf[4096];
  while (fgets(buf, sizeof buf, pipe)) out += buf;
  const int rc = pclose(pipe);
  if (!WIFEXITED(rc) || WEXITSTATUS(rc) != 0)
    return Status(ErrorCode::kIoError, "tongban-central " + args + " failed: " + out);
  return out;
}

Result<std::unique_ptr<ConflictCounty>> ConflictCounty::Create(const std::string& dir,
                                                               const std::string& central) {
  std::unique_ptr<ConflictCounty> c(new ConflictCounty(dir, central));
  if (!c->hub_.Start(0)) return Status(ErrorCode::kUnavailable, "the hub did not start");
  TB_RETURN_IF_ERROR(c->Central("catalog publish sample").status());
  TB_ASSIGN_OR_RETURN(c->token_, c->Central("admin-token"));
  while (!c->token_.empty() && (c->token_.back() == '\n' || c->token_.back() == '\r'))
    c->token_.pop_back();
  c->station_db_ = dir + "/station.db";
  c->center_db_ = dir + "/center.db";
  TB_ASSIGN_OR_RETURN(Node station, MakeNode(*c, c->hub_url(), c->station_db_, "QS-JX01", "金溪村便民服务站", "station",
                                             "QS-JX", "wangli", node::Role::kClerk));
  TB_ASSIGN_OR_RETURN(Node center, MakeNode(*c, c->hub_url(), c->center_db_, "QS-JX", "金溪镇便民服务中心", "township",
                                            "", "liqiang", node::Role::kProcessor));
  // A case at the station for an item the township center processes.
  TB_ASSIGN_OR_RETURN(auto items, station.store->ListItems());
  node::IntakeRequest r;
  for (const auto& it : items)
    if (it.name == "高龄津贴申领") r.item_code = it.impl_code;
  r.applicant_name = "陈桂兰";
  r.applicant_id = "330102196001010043";
  TB_ASSIGN_OR_RETURN(auto received, station.store->Intake(station.staff, r));
  c->case_no_ = received.case_no;
  TB_RETURN_IF_ERROR(SyncOnce(*station.store));
  TB_RETURN_IF_ERROR(SyncOnce(*center.store));
  // Both correct the phone before syncing: the center's push meets the station's value.
  TB_RETURN_IF_ERROR(
      station.store->UpdatePhone(station.staff, c->case_no_, c->station_phone_).status());
  TB_RETURN_IF_ERROR(center.store->UpdatePhone(center.staff, c->case_no_, c->center_phone_).status());
  TB_RETURN_IF_ERROR(SyncOnce(*station.store));
  TB_RETURN_IF_ERROR(SyncOnce(*center.store));
  TB_RETURN_IF_ERROR(SyncOnce(*station.store));
  return c;
}

Result<std::string> ConflictCounty::SyncedStationPhone() {
  TB_ASSIGN_OR_RETURN(auto store, node::NodeStore::Open(station_db_));
  TB_RETURN_IF_ERROR(SyncOnce(*store));
  TB_ASSIGN_OR_RETURN(auto c, store->GetCase(case_no_));
  return c.applicant_phone;
}

}  // namespace tongban::desk::test
