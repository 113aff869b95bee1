// Enrollment for life (issue 11), with the real `tongban` and `tongban-central` binaries
// and a real hub on loopback: a station backed up, its disk lost after more work, restored
// and enrolled again loses nothing the hub had and never issues a case number twice; a
// new laptop replaces a lost one, which is told to erase itself.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <filesystem>
#include <fstream>
#include <set>

#include "e2e_support.h"

using namespace tongban;
using namespace tongban::test;
using nlohmann::json;

namespace {

constexpr const char* kPassword = "TONGBAN_PASSWORD=pass-word-1 TONGBAN_USER=admin";

// A station made with the CLI as county IT makes one: enrolled at init, encrypted, with
// the sample catalog and a clerk.
struct CliStation {
  CliStation(Hub& hub, const std::string& code) : code(code), db(files.File(code + ".db")) {
    const std::string enrollment = hub.AddNode(code, "station", "QS-JX");
    Ok("init --db " + db + " --station " + code + " --name 站 --township QS-JX --central " +
       hub.url() + " --enroll " + enrollment);
    Ok("catalog import" + As("admin") + "sample");
    Ok("staff add" + As("admin") + "--login clerk --name 王丽 --role clerk", "pass-word-1\n");
  }
  std::string As(const std::string& user) const { return " --db " + db + " --user " + user + " "; }
  CliRun Run(const std::string& args, const std::string& input = "") const {
    return RunCli(files, args, kPassword, input);
  }
  std::string Ok(const std::string& args, const std::string& input = "") const {
    const CliRun r = Run(args, input);
    INFO(args << "\n" << r.err);
    REQUIRE(r.code == 0);
    return r.out;
  }
  // Receives a case at the window; its number.
  CliRun Intake(const std::string& name) const {
    return Run("case intake" + As("clerk") + "--json --item 高龄津贴申领 --applicant " + name +
               " --id 330102196001010043");
  }
  std::string Received(const std::string& name) const {
    const CliRun r = Intake(name);
    INFO(r.err);
    REQUIRE(r.code == 0);
    return json::parse(r.out)["case_no"].get<std::string>();
  }
  bool Holds(const std::string& no) const { return Run("case show --db " + db + " " + no).code == 0; }

  TempDir files;
  std::string code, db;
};

std::string LastLine(const std::string& out) {
  std::string s = out;
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s.substr(s.rfind('\n') + 1);
}

}  // namespace

TEST_CASE("restore drill: back up, lose work, restore, enroll again: nothing the hub had is lost, no number twice") {
  Hub hub;
  Node township(hub, "QS-JX", "township", "");
  CliStation st(hub, "QS-JX07");
  std::set<std::string> issued{st.Received("陈一"), st.Received("陈二")};
  st.Ok("sync --db " + st.db);
  // Received late in the day: in the backup, but not at the hub yet.
  issued.insert(st.Received("陈二妹"));
  const std::string backup = st.files.File("nightly.tbk");
  st.Ok("backup" + st.As("admin") + "--out " + backup);

  // The next morning's work reaches the hub, and a clerk looks at a full ID number.
  const std::string after_backup = st.Received("陈三");
  issued.insert(after_backup);
  issued.insert(st.Received("陈四"));
  st.Ok("case show" + st.As("clerk") + "--full-id " + after_backup);
  st.Ok("sync --db " + st.db);
  REQUIRE(issued.size() == 5);

  // The disk dies; last night's backup comes back.
  st.Ok("restore --db " + st.db + " --from " + backup + " --replace");
  CHECK_FALSE(st.Holds(after_backup));
  // It may have issued numbers the backup does not know: no case until it has them back.
  const CliRun early = st.Intake("陈五");
  CHECK(early.code != 0);
  CHECK_THAT(early.err, Catch::Contains("no case number is issued twice"));
  // The hub holds changes this database lacks: nothing is sent, and the way out is named.
  const CliRun behind = st.Run("sync --db " + st.db);
  CHECK(behind.code != 0);
  CHECK_THAT(behind.err, Catch::Contains("station reenroll --code QS-JX07"));

  // The central admin gives a new code; the old secret stops working at once.
  const std::string again = LastLine(hub.Admin("station reenroll", "--code QS-JX07"));
  const CliRun old_secret = st.Run("sync --db " + st.db);
  CHECK(old_secret.code != 0);
  CHECK_THAT(old_secret.err, Catch::Contains("tongban enroll --again"));
  CHECK(st.Run("enroll" + st.As("admin") + "--central " + hub.url() + " --enroll " + again).code != 0);
  const json enrolled = json::parse(st.Ok("enroll" + st.As("admin") + "--json --again --central " +
                                          hub.url() + " --enroll " + again));
  CHECK(enrolled["takes_back"] == true);
  st.Ok("sync --db " + st.db);

  // Everything the hub had is back, the audit entry of the full ID included.
  for (const auto& no : issued) CHECK(st.Holds(no));
  const std::string trail = st.Ok("audit list" + st.As("admin") + "--limit 100");
  CHECK_THAT(trail, Catch::Contains(after_backup));
  st.Ok("audit verify" + st.As("admin"));
  // Numbers go on after the highest the hub has seen.
  const std::string next = st.Received("陈五");
  CHECK_FALSE(issued.contains(next));
  issued.insert(next);
  st.Ok("sync --db " + st.db);
  // The hub's copy of the trail goes on from where it was, unbroken.
  const json verified = json::parse(hub.Admin("audit verify", "--node QS-JX07 --json"));
  INFO(verified.dump());
  REQUIRE(verified.size() == 1);
  CHECK(verified[0]["broken_at"].is_null());
  CHECK(verified[0]["entries"].get<int>() > 9);
  Synced(township);
  for (const auto& no : issued) CHECK(township.store().GetCase(no).ok());
}

TEST_CASE("a new laptop replaces a lost one: it takes the station's work back, and the lost one is told to erase") {
  Hub hub;
  CliStation lost(hub, "QS-JX08");
  const std::string first = lost.Received("李一");
  lost.Ok("sync --db " + lost.db);
  // A copy of the lost laptop's files, as a thief has them.
  const TempDir thief;
  for (const char* ext : {"", ".keys"}) {
    std::error_code ec;
    std::filesystem::copy_file(lost.db + ext, thief.File(std::string("stolen.db") + ext), ec);
  }
  hub.Admin("station revoke", "--code QS-JX08 --now");
  const std::string code = LastLine(hub.Admin("station reenroll", "--code QS-JX08"));

  TempDir files;
  const std::string db = files.File("new.db");
  const CliRun made = RunCli(files, "init --json --db " + db + " --station QS-JX08 --name 站 --township QS-JX --central " +
                                        hub.url() + " --enroll " + code, kPassword);
  INFO(made.err);
  REQUIRE(made.code == 0);
  // The station's "admin" comes from the hub: this machine's first account takes another login.
  const std::string admin = json::parse(made.out)["admin"].get<std::string>();
  CHECK(admin == "admin-2");
  const std::string env = "TONGBAN_PASSWORD=pass-word-1 TONGBAN_USER=" + admin;
  REQUIRE(RunCli(files, "staff add --db " + db + " --user " + admin + " --login clerk2 --name 赵 --role clerk", env,
                 "pass-word-1\n").code == 0);
  const CliRun sync = RunCli(files, "sync --db " + db, env);
  INFO(sync.err);
  REQUIRE(sync.code == 0);
  CHECK(RunCli(files, "case show --db " + db + " " + first, env).code == 0);
  const CliRun next = RunCli(files, "case intake --db " + db + " --user clerk2 --json --item 高龄津贴申领 "
                                    "--applicant 李二 --id 330102196001010043", env);
  INFO(next.err);
  REQUIRE(next.code == 0);
  CHECK(json::parse(next.out)["case_no"] != first);

  // The lost laptop calls with its old secret: it is told to erase what it holds.
  const CliRun told = RunCli(thief, "sync --db " + thief.File("stolen.db"), kPassword);
  CHECK(told.code != 0);
  CHECK_FALSE(std::filesystem::exists(thief.File("stolen.db")));
}

TEST_CASE("hub restore drill: backed up while serving, restored when stopped, the nodes send again what it lost") {
  Hub hub;
  Node township(hub, "QS-JX", "township", "");
  Node station(hub, "QS-JX01", "station", "QS-JX");
  Node stolen(hub, "QS-JX02", "station", "QS-JX");
  ReceivedAt(station, township, "高龄津贴申领");
  const TempDir safe;
  const std::string backup = safe.File("hub-1207.db");
  hub.Admin("backup", "--out " + backup);  // while it serves
  int code = 0;
  hub.Admin("backup", "--out " + backup, &code);
  CHECK(code != 0);  // never over an earlier backup
  // After the backup: a case received, taken on by the township; the hub will lose both.
  const std::string lost = ReceivedAt(station, township, "高龄津贴申领");
  REQUIRE(township.store().Transition(township.proc, lost, "accept", "").ok());
  Synced(township);
  // A scan of the lost case, uploaded after the backup (the office has not fetched it yet).
  const std::string scan_bytes = std::string("\xFF\xD8\xFF\xE0", 4) + std::string(20'000, 's');
  auto scan = station.sync().scans().AttachBytes(station.clerk, lost, "M02", scan_bytes, "scan.jpg");
  REQUIRE(scan.ok());
  auto uploaded = station.sync().RunRound();
  REQUIRE(uploaded.ok());
  REQUIRE(uploaded->scans.uploaded == 1);
  // Credentials changed after the backup stay as they were last: a station's machine was
  // stolen and revoked, and a field laptop joined.
  hub.Admin("station revoke", "--code QS-JX02 --now");
  Node laptop(hub, "QS-FD01", "field", "");
  laptop.Receive("城乡居民基本养老保险参保登记");
  Synced(laptop);

  // Never under a running hub.
  const std::string busy = hub.Admin("restore", "--from " + backup + " --replace", &code);
  CHECK(code != 0);
  CHECK_THAT(busy, Catch::Contains("stop it first"));
  // Something that is not hub data is refused before anything moves.
  const std::string junk = safe.File("junk.db");
  std::ofstream(junk) << "not a database";
  hub.process().Stop();  // waits for it to end
  hub.Admin("restore", "--from " + junk + " --replace", &code);
  CHECK(code != 0);
  hub.Admin("restore", "--from " + backup, &code);
  CHECK(code != 0);  // hub data is there: --replace keeps it beside
  const std::string restored = hub.Admin("restore", "--from " + backup + " --replace");
  CHECK_THAT(restored, Catch::Contains("1 added since the backup"));
  CHECK(std::filesystem::exists(hub.process().data() + "/hub.db.before-restore"));
  REQUIRE(hub.process().Start(hub.process().port()));

  // Each node hears the new epoch, goes back to where the hub stands and sends again what
  // it lost: nothing new was made, yet everything is back.
  Synced(station);
  Synced(township);
  Synced(station);
  CHECK(station.Digest() == station.HubDigest());
  CHECK(township.Digest() == township.HubDigest());
  CHECK(station.store().GetCase(lost)->status == node::CaseStatus::kAccepted);
  // The stolen machine is still refused; the laptop that joined after the backup syncs and
  // its case is back at the hub.
  CHECK_FALSE(stolen.Sync().ok());
  Synced(laptop);
  CHECK(laptop.Digest() == laptop.HubDigest());
  // The scan the hub lost goes up again, and the office gets it.
  auto again = station.sync().RunRound();
  REQUIRE(again.ok());
  CHECK(again->scans.uploaded == 1);
  auto fetched = township.sync().RunRound();
  REQUIRE(fetched.ok());
  CHECK(fetched->scans.downloaded == 1);
  // A node enrolled after the restore gets the lost case from the hub.
  Node office(hub, "C-MZ", "county-office", "");
  Synced(office);
  const json stats = json::parse(hub.Admin("stats", "--json"));
  CHECK(stats["received"].get<int>() == 3);
}
