// A county for the seeded runs in one process (the property test, the power-loss trials):
// the hub over its SQLite store with the sample catalog, and nodes enrolled, staffed
// (admin, clerk "clerk", processor "proc", all with one password) and linked to an
// in-process hub. Made once, because password hashing is slow on purpose, and copied for
// every run.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "tongban/central/hub_service.h"
#include "tongban/central/supervision.h"
#include "tongban/node/domain/catalog.h"
#include "tongban/node/store/node_store.h"
#include "tongban/node/store/node_sync.h"
#include "tongban/sync/sm2.h"

namespace tongban::test {

struct CountyNode {
  const char* code;
  node::NodeKind kind;
  const char* township;
};

struct CountyTemplate {
  std::filesystem::path dir;
  std::map<std::string, std::string> secrets;
  node::Session admin, clerk, proc;
};

using CountyFileOf = std::function<std::filesystem::path(const std::string& code)>;

// The county in t.dir: the hub in "hub", each node's database at file_of(code) below it.
inline Status MakeCounty(CountyTemplate& t, const std::vector<CountyNode>& nodes,
                         const std::string& password, const CountyFileOf& file_of) {
  std::filesystem::create_directories(t.dir);
  TB_ASSIGN_OR_RETURN(auto hub, central::HubService::Open((t.dir / "hub").string()));
  TB_RETURN_IF_ERROR(central::PublishCatalog(hub->hub(), node::SampleCatalogJson()).status());
  for (const auto& spec : nodes) {
    central::NodeInfo info;
    info.code = spec.code;
    info.name = std::string(spec.code) + "-name";
    info.kind = std::string(node::NodeKindName(spec.kind));
    info.township = spec.township;
    TB_ASSIGN_OR_RETURN(std::string enrollment, hub->hub().AddNode(info));
    // Enrolled as a node does: with a key pair, whose public half the hub keeps.
    TB_ASSIGN_OR_RETURN(sync::Sm2Key key, sync::Sm2Key::Generate());
    TB_ASSIGN_OR_RETURN(auto at_hub, hub->hub().Enroll(spec.code, enrollment, key.PublicDer()));
    const std::string secret = at_hub.secret;
    t.secrets[spec.code] = secret;
    const std::filesystem::path file = t.dir / file_of(spec.code);
    std::filesystem::create_directories(file.parent_path());
    TB_ASSIGN_OR_RETURN(auto store, node::NodeStore::Create(file.string(),
                                                            {spec.code, info.name, spec.kind, spec.township},
                                                            "admin", password, sync::SystemWallClock::Instance()));
    node::Enrollment enrolled{secret, info.name, info.kind, info.township, key.PrivatePem(), true};
    TB_RETURN_IF_ERROR(node::SaveHubLink(*store, {"in-process", "", ""}, enrolled));
    TB_ASSIGN_OR_RETURN(t.admin, store->Login("admin", password));
    TB_RETURN_IF_ERROR(store->AddStaff(t.admin, "clerk", "王丽", node::Role::kClerk, password));
    TB_RETURN_IF_ERROR(store->AddStaff(t.admin, "proc", "李强", node::Role::kProcessor, password));
    TB_ASSIGN_OR_RETURN(t.clerk, store->Login("clerk", password));
    TB_ASSIGN_OR_RETURN(t.proc, store->Login("proc", password));
  }
  return Status::Ok();
}

// The county in a fresh folder of $TMPDIR named after `run` and this process (t.dir);
// on failure the folder is removed.
inline Status MakeCountyTemplate(CountyTemplate& t, const std::string& run,
                                 const std::vector<CountyNode>& nodes, const std::string& password,
                                 const CountyFileOf& file_of) {
  const char* tmp = std::getenv("TMPDIR");
  t.dir = std::filesystem::path(tmp && *tmp ? tmp : "/tmp") /
          ("tongban-" + run + "-template-" + std::to_string(::getpid()));
  std::error_code ec;
  std::filesystem::remove_all(t.dir, ec);
  Status made = MakeCounty(t, nodes, password, file_of);
  if (!made.ok()) std::filesystem::remove_all(t.dir, ec);
  // The hub's own logger, made by its first Open, does not follow the global level.
  if (auto hub_log = spdlog::get("hub")) hub_log->set_level(spdlog::get_level());
  return made;
}

}  // namespace tongban::test
