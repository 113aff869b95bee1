// An encrypted station through the `tongban` CLI: what a lost laptop's folder shows,
// a flipped byte, a wrong password, encrypting a station in place and recovering one
// whose passwords are all lost.
#include <catch2/catch.hpp>
#include <chrono>
#include <thread>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "tongban/node/store/node_replica.h"
#include "tongban/node/store/node_store.h"
#include "tongban/node/store/station_keys.h"
#include "tongban/sync/sqlite.h"

namespace {

using tongban::test::Cli;
using tongban::test::Run;

constexpr std::string_view kId = "330102196001010043";
constexpr std::string_view kName = "欧阳桂兰";
constexpr std::string_view kPhone = "13905711234";

std::string ReadAll(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// The station's files (the database, its WAL, journal, index and key file; not the
// captured output of the commands) that show any of the resident's details.
std::vector<std::string> Showing(const std::filesystem::path& dir) {
  std::vector<std::string> found;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file() || e.path().filename().string().rfind("station.db", 0) != 0) continue;
    const std::string bytes = ReadAll(e.path());
    for (std::string_view secret : {kId, kName, kPhone})
      if (bytes.find(secret) != std::string::npos) found.push_back(e.path().filename().string());
  }
  return found;
}

std::string Intake(Cli& cli) {
  const Run r = cli("case intake --db " + cli.db() + " --user clerk --item 高龄津贴申领 --applicant " +
                    std::string(kName) + " --id " + std::string(kId) + " --phone " +
                    std::string(kPhone));
  INFO(r.err);
  REQUIRE(r.code == 0);
  return cli.Last(r.out);
}

}  // namespace

TEST_CASE("cli: init encrypts a station unless told --plain") {
  Cli cli;
  const std::string plain = cli.dir().File("plain.db");
  const Run p = cli("init --db " + plain + " --station QS-JX02 --name 二村 --plain");
  REQUIRE(p.code == 0);
  CHECK_THAT(p.out, Catch::Contains("not encrypted") && Catch::Contains("tongban encrypt"));
  CHECK_FALSE(std::filesystem::exists(plain + ".keys"));
  // A cipher for a plain station, or both words at once, is a mistake said before anything is made.
  const std::string other = cli.dir().File("other.db");
  CHECK(cli("init --db " + other + " --station QS-JX03 --name 三村 --plain --cipher aes-256-gcm").code != 0);
  CHECK(cli("init --db " + other + " --station QS-JX03 --name 三村 --plain --encrypt").code != 0);
  CHECK_FALSE(std::filesystem::exists(other));
  // --encrypt, from scripts written before it was the default, still works.
  const Run e = cli("init --db " + other + " --station QS-JX03 --name 三村 --encrypt --json");
  REQUIRE(e.code == 0);
  CHECK(nlohmann::json::parse(e.out)["encrypted"] == true);
}

TEST_CASE("cli: an encrypted station shows no resident in its folder and names a damaged page") {
  Cli cli;
  // No flag: `init` encrypts by default.
  const Run init = cli("init --db " + cli.db() + " --station QS-JX01 --name 金溪村便民服务站 --township QS-JX");
  REQUIRE(init.code == 0);
  CHECK_THAT(init.out, Catch::Contains("encrypted (sm4-gcm)") && Catch::Contains("recovery code: "));
  const std::string user = " --user admin";
  REQUIRE(cli.Ok("catalog import --db " + cli.db() + user + " sample"));
  REQUIRE(cli.WithStdin("pass-word-1", "staff add --db " + cli.db() + user +
                                           " --login clerk --name 王丽 --role clerk")
              .code == 0);
  std::vector<std::string> cases;
  for (int i = 0; i < 40; ++i) cases.push_back(Intake(cli));
  const Run show = cli("case show --db " + cli.db() + " --user clerk --json " + cases.front());
  REQUIRE(show.code == 0);
  CHECK(nlohmann::json::parse(show.out)["applicant"]["name"] == kName);
  // A scan of her papers too: its bytes are sealed in the store like every page.
  const std::string marker = "household-register-of-" + std::string(kId);
  const std::string scan = cli.dir().File("register.pdf");
  std::ofstream(scan, std::ios::binary) << "%PDF-1.4\n% " << marker << "\n%%EOF\n";
  REQUIRE(cli.Ok("scan attach --db " + cli.db() + " --user clerk --case " + cases.front() +
                 " --material M01 " + scan));
  std::filesystem::remove(scan);
  CHECK(Showing(cli.dir().path()).empty());

  // Without a login the station does not open; with a wrong password it stays locked.
  const Run anonymous = cli("case list --db " + cli.db());
  CHECK(anonymous.code == 5);
  CHECK_THAT(anonymous.err, Catch::Contains("encrypted") && Catch::Contains("--user"));
  const std::string before = ReadAll(cli.db());
  const Run wrong = cli("case list --db " + cli.db() + " --user clerk", "TONGBAN_PASSWORD=not-the-one");
  CHECK(wrong.code == 5);
  CHECK_THAT(wrong.err, Catch::Contains("wrong login or password"));
  CHECK(ReadAll(cli.db()) == before);

  const Run checked = cli("check --db " + cli.db() + " --user clerk");
  CHECK(checked.code == 0);
  CHECK_THAT(checked.out, Catch::Contains("encrypted and checked"));

  // One flipped bit in a page past the first: every read of it fails, and check names it.
  std::string bytes = ReadAll(cli.db());
  REQUIRE(bytes.size() > 8 * 4096);
  const std::size_t page = 2;  // the third page: a table's first page, always read
  bytes[page * 4096 + 100] ^= 0x04;
  std::ofstream(cli.db(), std::ios::binary | std::ios::trunc) << bytes;
  const Run damaged = cli("check --db " + cli.db() + " --user clerk");
  CHECK(damaged.code == 9);
  // An ordinary command meets the damaged page too: it fails, and shows no wrong data.
  const Run listed = cli("case list --db " + cli.db() + " --user clerk");
  CHECK(listed.code == 9);
  CHECK_THAT(listed.err, Catch::Contains("integrity check"));
  CHECK_THAT(damaged.err, Catch::Contains("page " + std::to_string(page + 1)) &&
                              Catch::Contains("integrity check"));
  const Run zh = cli("check --db " + cli.db() + " --user clerk",
                     "LC_ALL= LC_MESSAGES= LANG=zh_CN.UTF-8 TONGBAN_PASSWORD=pass-word-1");
  CHECK(zh.code == 9);
  CHECK_THAT(zh.err, Catch::Contains("第 " + std::to_string(page + 1) + " 页未通过完整性校验"));
}

TEST_CASE("cli: a plain station is encrypted in place, and the recovery code opens it") {
  Cli cli;
  cli.Setup();
  const std::string no = Intake(cli);
  REQUIRE_FALSE(Showing(cli.dir().path()).empty());

  const Run clerk_tries = cli("encrypt --db " + cli.db() + " --user clerk");
  CHECK(clerk_tries.code == 5);
  const Run enc = cli("encrypt --db " + cli.db() + " --user admin --json");
  INFO(enc.err);
  REQUIRE(enc.code == 0);
  const auto j = nlohmann::json::parse(enc.out);
  CHECK(j["cipher"] == "sm4-gcm");
  CHECK(j["needs_password_reset"] == nlohmann::json::array({"clerk"}));
  const std::string code = j["recovery_code"];
  CHECK(Showing(cli.dir().path()).empty());
  CHECK(cli("encrypt --db " + cli.db() + " --user admin").code == 6);  // once is enough

  // The clerk has no key until an admin sets a password; then the case is there.
  CHECK(cli("case show --db " + cli.db() + " --user clerk " + no).code == 5);
  REQUIRE(cli.WithStdin("pass-word-2", "staff reset-password --db " + cli.db() +
                                           " --user admin --login clerk")
              .code == 0);
  CHECK(cli("case show --db " + cli.db() + " --user clerk " + no, "TONGBAN_PASSWORD=pass-word-2")
            .code == 0);

  // Every password lost: the recovery code sets the admin's anew.
  CHECK(cli.WithStdin("pass-word-3", "keys recover --db " + cli.db() +
                                         " --code 0123 --login admin")
            .code == 3);
  // The code on standard input, as an admin should give it (not on the command line).
  const Run recovered =
      cli.WithStdin(code + "\npass-word-3", "keys recover --db " + cli.db() + " --login admin");
  INFO(recovered.err);
  REQUIRE(recovered.code == 0);
  CHECK(cli("case show --db " + cli.db() + " --user admin " + no, "TONGBAN_PASSWORD=pass-word-3")
            .code == 0);
  CHECK(cli("case show --db " + cli.db() + " --user admin " + no).code == 5);  // the old one
  CHECK(Showing(cli.dir().path()).empty());
}

namespace {
// Copies the station's files (database, WAL, key file) under another name: a backup.
void CopyStation(const std::string& from, const std::string& to) {
  for (const char* suffix : {"", "-wal", "-shm", ".keys"}) {
    std::error_code ec;
    if (std::filesystem::exists(from + suffix))
      std::filesystem::copy_file(from + suffix, to + suffix,
                                 std::filesystem::copy_options::overwrite_existing, ec);
  }
}

std::unique_ptr<tongban::node::NodeStore> OpenSealed(const std::string& db, const std::string& login,
                                                     const std::string& password) {
  auto keys = tongban::node::StationKeys::Load(db);
  REQUIRE(keys.ok());
  auto key = keys->Unlock(login, password);
  REQUIRE(key.ok());
  auto store = tongban::node::NodeStore::Open(db, tongban::sync::SystemWallClock::Instance(), 5000, &*key);
  REQUIRE(store.ok());
  return std::move(*store);
}
}  // namespace

TEST_CASE("cli: a password changed on another machine opens this station once with the old one") {
  Cli cli;
  cli.Setup(false);  // encrypted, as `init` makes stations
  const std::string no = Intake(cli);
  // This machine's files, as a backup holds them; then the clerk changes her password on
  // the machine that goes on (where a restored backup's pull finds it later).
  const std::string restored = cli.dir().File("restored.db");
  CopyStation(cli.db(), restored);
  REQUIRE(cli.WithStdin("pass-word-2", "staff passwd --db " + cli.db() + " --user clerk").code == 0);
  tongban::sync::PullReply reply;
  {
    auto other = OpenSealed(cli.db(), "clerk", "pass-word-2");
    tongban::node::NodeReplica replica(*other);
    auto changes = replica.LocalChanges(0, 10000);
    REQUIRE(changes.ok());
    for (const auto& c : *changes)
      for (const auto& f : c.fields)
        if (c.table == "staff" && f.column == "pw_hash") reply.changes = {c};
    REQUIRE(reply.changes.size() == 1);
    // As the hub sends it: in a pull, a field's base is its own version.
    for (auto& f : reply.changes[0].fields) f.base = reply.changes[0].hlc;
    reply.cursor = 1;
  }
  {
    auto here = OpenSealed(restored, "admin", "pass-word-1");
    tongban::node::NodeReplica replica(*here);
    // Everything the backup held had reached the hub (a pull never overwrites unsent fields).
    auto state = replica.State();
    REQUIRE(state.ok());
    tongban::sync::PushReply acked;
    acked.acked_seq = state->last_seq;
    REQUIRE(replica.Acknowledge(acked).ok());
    REQUIRE(replica.ApplyPull(reply).ok());
  }
  auto keys = tongban::node::StationKeys::Load(restored);
  REQUIRE(keys.ok());
  CHECK(keys->ChangedElsewhere("clerk"));
  CHECK_FALSE(keys->ChangedElsewhere("admin"));

  const std::string show = "case show --db " + restored + " --user clerk " + no;
  // The new password alone: the key file knows only the old one, and says what to do.
  const Run new_only = cli(show, "TONGBAN_PASSWORD=pass-word-2");
  CHECK(new_only.code == 5);
  CHECK_THAT(new_only.err, Catch::Contains("changed on another machine") &&
                               Catch::Contains("TONGBAN_OLD_PASSWORD"));
  // The old password alone opens the key but is no longer hers.
  const Run old_only = cli(show, "TONGBAN_PASSWORD=pass-word-1");
  CHECK(old_only.code == 5);
  CHECK_THAT(old_only.err, Catch::Contains("changed on another machine"));
  const Run zh = cli(show, "LC_ALL= LC_MESSAGES= LANG=zh_CN.UTF-8 TONGBAN_PASSWORD=pass-word-2");
  CHECK_THAT(zh.err, Catch::Contains("另一台机器上修改"));
  // A wrong old one changes nothing.
  CHECK(cli(show, "TONGBAN_PASSWORD=pass-word-2 TONGBAN_OLD_PASSWORD=not-the-one").code == 5);
  CHECK(tongban::node::StationKeys::Load(restored)->ChangedElsewhere("clerk"));

  // Both, once: the key is wrapped under the new password and the old wrap goes.
  const Run both = cli(show, "TONGBAN_PASSWORD=pass-word-2 TONGBAN_OLD_PASSWORD=pass-word-1");
  INFO(both.err);
  CHECK(both.code == 0);
  CHECK_FALSE(tongban::node::StationKeys::Load(restored)->ChangedElsewhere("clerk"));
  CHECK(cli(show, "TONGBAN_PASSWORD=pass-word-2").code == 0);
  const Run old_again = cli(show, "TONGBAN_PASSWORD=pass-word-1");
  CHECK(old_again.code == 5);
  CHECK_THAT(old_again.err, Catch::Contains("wrong login or password"));
  // The admin, whose password did not change, was never asked for anything.
  CHECK(cli("case show --db " + restored + " --user admin " + no).code == 0);

  // The clerk's account removed on the other machine: when the pull brings it here, her
  // wrap goes from this key file too.
  tongban::sync::PullReply removal;
  {
    auto other = OpenSealed(cli.db(), "admin", "pass-word-1");
    auto admin = other->Login("admin", "pass-word-1");
    REQUIRE(admin.ok());
    REQUIRE(other->RemoveStaff(*admin, "clerk").ok());
    tongban::node::NodeReplica replica(*other);
    auto changes = replica.LocalChanges(0, 10000);
    REQUIRE(changes.ok());
    for (const auto& c : *changes)
      if (c.table == "staff" && c.op == tongban::sync::ChangeOp::kDelete) removal.changes = {c};
    REQUIRE(removal.changes.size() == 1);
    removal.cursor = 2;
  }
  {
    auto here = OpenSealed(restored, "admin", "pass-word-1");
    tongban::node::NodeReplica replica(*here);
    REQUIRE(replica.ApplyPull(removal).ok());
  }
  CHECK_FALSE(tongban::node::StationKeys::Load(restored)->HasLogin("clerk"));
  CHECK(tongban::node::StationKeys::Load(restored)->HasLogin("admin"));
}

TEST_CASE("cli: a backup taken while a write is open is whole and sealed, and restores in place") {
  Cli cli;
  cli.Setup(false);  // encrypted, as `init` makes stations
  const std::string first = Intake(cli);
  const std::string backup = cli.dir().File("backups/station.db.bak");
  std::filesystem::create_directories(cli.dir().File("backups"));
  // Only an admin backs up.
  CHECK(cli("backup --db " + cli.db() + " --user clerk --out " + backup).code == 5);
  {
    // The desk is in the middle of a write when the backup starts: the backup waits for
    // it (its audit entry is a write too), then copies the last commit, whole.
    auto desk = OpenSealed(cli.db(), "admin", "pass-word-1");
    REQUIRE(desk->database().Exec("BEGIN IMMEDIATE").ok());
    std::thread finishing([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      (void)desk->database().Exec("COMMIT");
    });
    const Run taken = cli("backup --db " + cli.db() + " --user admin --out " + backup);
    finishing.join();
    INFO(taken.err);
    CHECK(taken.code == 0);
  }
  REQUIRE(std::filesystem::exists(backup));
  REQUIRE(std::filesystem::exists(backup + ".keys"));
  namespace fs = std::filesystem;
  CHECK((fs::status(backup).permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write));
  // Sealed like the station: nothing of the resident in the backup's folder.
  CHECK(Showing(cli.dir().File("backups")).empty());
  CHECK(cli("backup --db " + cli.db() + " --user admin --out " + backup).code == 6);  // kept
  CHECK(cli("check --db " + backup + " --user admin").code == 0);

  // Work after the backup, then the station is lost and put back from the backup.
  const std::string later = Intake(cli);
  CHECK(cli("restore --db " + cli.db() + " --from " + backup).code == 6);  // a station is there
  const Run restored = cli("restore --db " + cli.db() + " --from " + backup + " --replace");
  INFO(restored.err);
  REQUIRE(restored.code == 0);
  CHECK(std::filesystem::exists(cli.db() + ".before-restore"));
  CHECK(cli("case show --db " + cli.db() + " --user clerk " + first).code == 0);
  CHECK(cli("case show --db " + cli.db() + " --user clerk " + later).code != 0);
  // What was set aside is whole too: the later case is there; a second restore never
  // goes over it.
  CHECK(cli("case show --db " + cli.db() + ".before-restore --user clerk " + later).code == 0);
  const Run again = cli("restore --db " + cli.db() + " --from " + backup + " --replace");
  CHECK(again.code == 6);
  CHECK_THAT(again.err, Catch::Contains("earlier restore"));
}
