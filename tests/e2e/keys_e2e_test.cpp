// Key escrow end to end: an encrypted station seals an escrow code to the county's escrow
// key at its sync; the hub keeps it sealed; the county opens it offline and the station is
// recovered with it when every password is lost.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "e2e_support.h"
#include "tongban/node/store/node_bundle.h"
#include "tongban/node/store/station_keys.h"
#include "tongban/sync/sqlite.h"

using namespace tongban;
using namespace tongban::test;
using nlohmann::json;

namespace {

// An encrypted station enrolled with the hub, as `tongban init --encrypt --central` makes it.
struct SealedStation {
  TempDir dir;
  std::string db = dir.File("sealed.db");
  std::optional<node::StationKeys> keys;
  std::unique_ptr<node::NodeStore> store;
  std::unique_ptr<node::NodeSync> sync;

  SealedStation(Hub& hub, const std::string& code, const std::string& kind = "field",
                const std::string& township = "") {
    auto e = node::EnrollWithHub({hub.url()}, code, hub.AddNode(code, kind, township));
    REQUIRE(e.ok());
    auto k = node::StationKeys::Generate(db, sync::CipherSuite::kSm4CtrHmacSm3, "admin", "admin-password");
    REQUIRE(k.ok());
    keys = std::move(*k);
    REQUIRE(keys->Save().ok());
    auto parsed = node::ParseNodeKind(kind);
    REQUIRE(parsed.ok());
    auto s = node::NodeStore::Create(db, {code, e->name, *parsed, e->township}, "admin",
                                     "admin-password", sync::SystemWallClock::Instance(), &keys->key());
    REQUIRE(s.ok());
    store = std::move(*s);
    REQUIRE(node::SaveHubLink(*store, {hub.url()}, *e).ok());
    auto opened = node::NodeSync::Open(*store);
    REQUIRE(opened.ok());
    sync = std::move(*opened);
  }
  void Round() {
    auto r = sync->RunRound();
    INFO(r.status().message());
    REQUIRE(r.ok());
  }
  std::string Meta(const std::string& key) { return *store->Meta(key); }
};

}  // namespace

TEST_CASE("an encrypted station escrows its key, the county opens it offline and recovers the station") {
  Hub hub;
  SealedStation laptop(hub, "QS-FD07");
  // No escrow key at the hub yet: the round runs and escrows nothing.
  laptop.Round();
  CHECK(laptop.Meta("escrowed_to").empty());

  TempDir safe;
  const std::string county_key = safe.File("county-escrow.pem");
  const std::string made = hub.Admin("escrow init", "--out " + county_key);
  CHECK_THAT(made, Catch::Contains("offline"));
  CHECK(Slurp(county_key).find("PRIVATE KEY") != std::string::npos);
  // A second key only on purpose.
  int code = 0;
  CHECK_THAT(hub.Admin("escrow init", "--out " + safe.File("again.pem"), &code),
             Catch::Contains("--replace"));
  CHECK(code != 0);

  laptop.Round();
  const std::string escrowed_to = laptop.Meta("escrowed_to");
  CHECK(escrowed_to.size() == 64);
  CHECK(laptop.Meta("escrow_pending").empty());
  // The hub's data holds the escrow sealed, not the code, and no private key.
  const std::string opened = hub.Admin("escrow open", "--node QS-FD07 --key " + county_key + " --json");
  const std::string escrow_code = json::parse(opened)["escrow_code"];
  CHECK(escrow_code.size() == 71);  // 64 hex digits in groups of eight
  CHECK(Slurp(hub.process().data() + "/hub.db").find(escrow_code) == std::string::npos);
  // Every password lost: the escrow code opens the station's key, as the recovery code does.
  auto keys = node::StationKeys::Load(laptop.db);
  REQUIRE(keys.ok());
  auto key = keys->UnlockWithRecovery(escrow_code);
  REQUIRE(key.ok());
  CHECK(key->bytes == laptop.keys->key().bytes);
  CHECK(keys->UnlockWithRecovery(laptop.keys->recovery_code()).ok());  // the admin's code still works

  // The next round sends nothing again; the escrow stays the one the county opened.
  laptop.Round();
  CHECK(json::parse(hub.Admin("escrow open", "--node QS-FD07 --key " + county_key + " --json"))["escrow_code"] ==
        escrow_code);

  // Another private key does not open it, and says which key it was sealed to.
  auto other = sync::Sm2Key::Generate();
  REQUIRE(other.ok());
  std::ofstream(safe.File("other.pem")) << other->PrivatePem();
  CHECK_THAT(hub.Admin("escrow open", "--node QS-FD07 --key " + safe.File("other.pem"), &code),
             Catch::Contains("not to the key in"));
  CHECK(code != 0);

  // A new county key, endorsed by the old one: the station escrows again to it, with a new
  // code; the old one is gone. Without the old key's private half the hub refuses.
  CHECK_THAT(hub.Admin("escrow init", "--replace --out " + safe.File("new.pem"), &code),
             Catch::Contains("--old-key"));
  CHECK(code != 0);
  CHECK_THAT(hub.Admin("escrow init",
                       "--replace --old-key " + safe.File("other.pem") + " --out " + safe.File("new.pem"),
                       &code),
             Catch::Contains("not of the current escrow key"));
  CHECK(code != 0);
  hub.Admin("escrow init", "--replace --old-key " + county_key + " --out " + safe.File("new.pem"));
  laptop.Round();
  CHECK(laptop.Meta("escrowed_to") != escrowed_to);
  const std::string fresh = json::parse(
      hub.Admin("escrow open", "--node QS-FD07 --key " + safe.File("new.pem") + " --json"))["escrow_code"];
  CHECK(fresh != escrow_code);
  keys = node::StationKeys::Load(laptop.db);
  CHECK(keys->UnlockWithRecovery(fresh).ok());
  CHECK(keys->UnlockWithRecovery(escrow_code).status().code() == ErrorCode::kPermissionDenied);
}

namespace {

std::string KeyIdOf(const std::string& pem_file) {
  auto key = sync::Sm2Key::FromPem(Slurp(pem_file));
  REQUIRE(key.ok());
  auto pub = sync::Sm2PublicKey::FromDer(key->PublicDer());
  REQUIRE(pub.ok());
  return pub->Id();
}

}  // namespace

// Whoever runs the hub could name an escrow key of their own and collect the codes sealed
// to it: a station moves only to a key its trusted key endorsed, or one its admin names.
TEST_CASE("a station escrows only to an escrow key its trusted key endorsed, or its admin named") {
  Hub hub;
  SealedStation laptop(hub, "QS-FD09");
  TempDir safe;
  hub.Admin("escrow init", "--out " + safe.File("a.pem"));
  laptop.Round();
  const std::string a = KeyIdOf(safe.File("a.pem"));
  CHECK(laptop.Meta("escrowed_to") == a);
  CHECK_FALSE(laptop.Meta("escrow_trusted").empty());
  // As a station that escrowed before it kept the key it trusts: the key it escrowed to.
  REQUIRE(laptop.store->SetMeta("escrow_trusted", "").ok());

  // A key put in without the old one's endorsement (its private half lost, or a hub in
  // other hands): the round says so, and the escrow stays with the key the county holds.
  const std::string made_b = hub.Admin("escrow init", "--replace --old-key-lost --out " + safe.File("b.pem"));
  const std::string b = KeyIdOf(safe.File("b.pem"));
  CHECK_THAT(made_b, Catch::Contains("escrow key id: " + b));
  auto refused = laptop.sync->RunRound();
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == ErrorCode::kFailedPrecondition);
  CHECK_THAT(refused.status().message(), Catch::Contains("has not endorsed") &&
                                             Catch::Contains(b.substr(0, 12)) &&
                                             Catch::Contains("trust-escrow") &&
                                             Catch::Contains("never as read from the hub"));
  CHECK(laptop.Meta("escrowed_to") == a);

  // The station's admin names a key: a wrong id is refused, another key is not taken.
  TempDir files;
  const std::string signs_in = "TONGBAN_PASSWORD=admin-password";
  const CliRun bad = RunCli(files, "keys trust-escrow --db " + laptop.db + " --user admin --id xyz", signs_in);
  CHECK(bad.code != 0);
  CHECK_THAT(bad.err, Catch::Contains("xyz"));
  const CliRun too_short = RunCli(
      files, "keys trust-escrow --db " + laptop.db + " --user admin --id " + b.substr(0, 12), signs_in);
  CHECK(too_short.code != 0);
  const CliRun other = RunCli(
      files, "keys trust-escrow --db " + laptop.db + " --user admin --id " + a, signs_in);
  INFO(other.out << other.err);
  REQUIRE(other.code == 0);
  auto not_named = laptop.sync->RunRound();
  REQUIRE_FALSE(not_named.ok());
  CHECK_THAT(not_named.status().message(), Catch::Contains("admin named"));

  const CliRun named = RunCli(
      files, "keys trust-escrow --db " + laptop.db + " --user admin --id " + b.substr(0, 32), signs_in);
  INFO(named.out << named.err);
  REQUIRE(named.code == 0);
  laptop.Round();
  CHECK(laptop.Meta("escrowed_to") == b);
  const std::string code_b =
      json::parse(hub.Admin("escrow open", "--node QS-FD09 --key " + safe.File("b.pem") + " --json"))["escrow_code"];
  auto keys = node::StationKeys::Load(laptop.db);
  REQUIRE(keys.ok());
  CHECK(keys->UnlockWithRecovery(code_b).ok());

  // From the named key on, endorsed keys are followed again.
  hub.Admin("escrow init", "--replace --old-key " + safe.File("b.pem") + " --out " + safe.File("c.pem"));
  laptop.Round();
  CHECK(laptop.Meta("escrowed_to") == KeyIdOf(safe.File("c.pem")));
}

TEST_CASE("a plain station escrows nothing, and a node that has not escrowed is named") {
  Hub hub;
  Node station(hub, "QS-JX01");
  TempDir safe;
  hub.Admin("escrow init", "--out " + safe.File("county.pem"));
  auto r = station.sync().RunRound();
  INFO(r.status().message());
  REQUIRE(r.ok());
  int code = 0;
  CHECK_THAT(hub.Admin("escrow open", "--node QS-JX01 --key " + safe.File("county.pem"), &code),
             Catch::Contains("has not escrowed"));
  CHECK(code != 0);
}

TEST_CASE("a revoked laptop sends what it holds at its next sync, then erases itself") {
  Hub hub;
  SealedStation laptop(hub, "QS-FD08");
  laptop.Round();
  // Work done offline after the last sync: a new member, and the audit entry it leaves.
  auto admin = laptop.store->Login("admin", "admin-password");
  REQUIRE(admin.ok());
  REQUIRE(laptop.store->AddStaff(*admin, "zhaomin", "赵敏", node::Role::kClerk, "clerk-password").ok());
  laptop.sync.reset();
  laptop.store.reset();

  hub.Admin("station revoke", "--code QS-FD08");
  const auto records_before = json::parse(hub.Admin("status", "--json"))["records"].get<int>();
  TempDir files;
  const CliRun run = RunCli(files, "sync --db " + laptop.db + " --user admin",
                            "TONGBAN_PASSWORD=admin-password");
  INFO(run.out << run.err);
  CHECK(run.code != 0);
  CHECK_THAT(run.err, Catch::Contains("has been erased"));
  // The new member reached the hub, and so did the audit trail.
  CHECK(json::parse(hub.Admin("status", "--json"))["records"].get<int>() == records_before + 1);
  CHECK_THAT(hub.Admin("audit verify", "--node QS-FD08"), Catch::Contains("intact"));
  // Nothing of the station is left beside it.
  for (const std::string& f : {laptop.db, laptop.db + ".keys", laptop.db + "-wal", laptop.db + "-shm"})
    CHECK_FALSE(std::filesystem::exists(f));
}

TEST_CASE("a damaged page of an encrypted station is named, and sync repair brings its records back from the hub") {
  Hub hub;
  SealedStation station(hub, "QS-JX09", "station", "QS-JX");
  station.Round();  // the catalog
  auto admin = station.store->Login("admin", "admin-password");
  REQUIRE(station.store->AddStaff(*admin, "wangli", "王丽", node::Role::kClerk, "clerk-password").ok());
  auto clerk = station.store->Login("wangli", "clerk-password");
  REQUIRE(clerk.ok());
  for (int i = 0; i < 200; ++i) {
    node::IntakeRequest r;
    r.item_code = "高龄津贴申领";
    r.applicant_name = "村民" + std::to_string(i);
    r.applicant_id = "11010519491231002X";
    REQUIRE(station.store->Intake(*clerk, r).ok());
  }
  station.Round();
  station.sync.reset();
  station.store.reset();

  // A leaf page of the cases table, as dbstat finds it, gets one bit flipped.
  long long page = 0;
  {
    auto db = sync::Database::Open(station.db, {.create = false, .key = &station.keys->key()});
    REQUIRE(db.ok());
    REQUIRE((*db)->Exec("PRAGMA wal_checkpoint(TRUNCATE)").ok());
    auto st = (*db)->Prepare("SELECT pageno FROM dbstat WHERE name = 'cases' AND pagetype = 'leaf' "
                             "ORDER BY pageno LIMIT 1 OFFSET 2");
    REQUIRE(st.ok());
    REQUIRE((*st)->Step().value());
    page = (*st)->Int(0);
    (*st)->Reset();
  }
  {
    std::fstream f(station.db, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg((page - 1) * 4096 + 700);
    char c = 0;
    f.read(&c, 1);
    c ^= 0x10;
    f.seekp((page - 1) * 4096 + 700);
    f.write(&c, 1);
  }
  TempDir files;
  const std::string as_admin = " --db " + station.db + " --user admin";
  const std::string env = "TONGBAN_PASSWORD=admin-password";
  const CliRun check = RunCli(files, "check" + as_admin, env);
  CHECK(check.code == 9);
  CHECK_THAT(check.err, Catch::Contains("page " + std::to_string(page) + " of"));

  const CliRun repair = RunCli(files, "sync repair" + as_admin, env);
  INFO(repair.out << repair.err);
  CHECK(repair.code == 0);
  CHECK_THAT(repair.err, Catch::Contains("damaged tables: cases"));
  CHECK_THAT(repair.out, Catch::Contains("node and hub hold the same records"));
  CHECK(std::filesystem::exists(station.db + ".damaged"));

  CHECK(RunCli(files, "check" + as_admin, env).code == 0);
  const CliRun list = RunCli(files, "case list --json --limit 1000" + as_admin, env);
  REQUIRE(list.code == 0);
  CHECK(json::parse(list.out).size() == 200);
}

TEST_CASE("a revoked laptop that syncs by stick erases itself when it reads the hub's reply") {
  Hub hub;
  SealedStation laptop(hub, "QS-FD10");
  laptop.Round();
  TempDir stick;
  const std::string out = stick.File("qs-fd10.bundle");
  REQUIRE(node::ExportBundle(*laptop.store, out).ok());
  laptop.sync.reset();
  laptop.store.reset();
  hub.Admin("station revoke", "--code QS-FD10 --now");
  CHECK_THAT(hub.Admin("bundle import", out), Catch::Contains("orders it to erase"));
  const CliRun run = RunCli(stick, "bundle import --db " + laptop.db + " --user admin " + out + ".reply",
                            "TONGBAN_PASSWORD=admin-password");
  INFO(run.out << run.err);
  CHECK(run.code != 0);
  CHECK_THAT(run.err, Catch::Contains("has been erased"));
  for (const std::string& f : {laptop.db, laptop.db + ".keys", laptop.db + "-wal"})
    CHECK_FALSE(std::filesystem::exists(f));
}
