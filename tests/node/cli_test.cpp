// The `tongban` CLI as a script drives it: real binary, real database file,
// exit codes and one-line messages on every error path.
#include <sys/mount.h>
#include <sys/wait.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string_view>
#include <vector>

#include "cli_runner.h"
#include "tongban/sync/sqlite.h"

namespace {

using tongban::test::Cli;
using tongban::test::Run;
using tongban::test::TempDir;

bool OneLine(const std::string& err) {
  return !err.empty() && err.find('\n') == err.size() - 1 && err.rfind("error: ", 0) == 0;
}

}  // namespace

TEST_CASE("cli: a station is created, stocked and receives a case") {
  Cli cli;
  cli.Setup();
  const Run r = cli("case intake --db " + cli.db() +
                    " --user clerk --item 高龄津贴申领 --applicant 陈桂兰 --id 330102196001010043");
  REQUIRE(r.code == 0);
  const std::string no = cli.Last(r.out);
  CHECK(no.rfind("QS-JX01-", 0) == 0);
  const Run show = cli("case show --db " + cli.db() + " --json " + no);
  REQUIRE(show.code == 0);
  const auto j = nlohmann::json::parse(show.out);
  CHECK(j["status"] == "received");
  CHECK(j["processing_office"] == "QS-JX");
  CHECK(j["events"].size() == 1);

  const Run list = cli("case search --db " + cli.db() + " --json --name 陈");
  REQUIRE(list.code == 0);
  const auto rows = nlohmann::json::parse(list.out);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0]["applicant_id"] == "3301**********0043");  // masked in lists

  CHECK(cli.Ok("case search --db " + cli.db() + " --id 330102196001010043"));
  CHECK(cli.Ok("case list --db " + cli.db() + " --status received"));
  CHECK(cli.Ok("catalog list --db " + cli.db() + " --json"));
  const Run changes = cli("changes --db " + cli.db() + " --json --after 0 --limit 1000");
  REQUIRE(changes.code == 0);
  CHECK(nlohmann::json::parse(changes.out).size() >= 3);
}

TEST_CASE("cli: tolerated material, then the one-time notice lists it") {
  Cli cli;
  cli.Setup();
  const Run r = cli("case intake --db " + cli.db() +
                    " --user clerk --item 最低生活保障审核确认 --applicant 张建国 "
                    "--id 440524188001010014 --material M05=tolerated");
  REQUIRE(r.code == 0);
  const Run n = cli("notice --db " + cli.db() + " " + cli.Last(r.out));
  REQUIRE(n.code == 0);
  CHECK(n.out.find("一次性告知书") != std::string::npos);
  CHECK(n.out.find("家庭成员收入证明") != std::string::npos);
  const Run item = cli("notice --db " + cli.db() + " --item 高龄津贴申领 --have M01");
  REQUIRE(item.code == 0);
  CHECK(item.out.find("M01") == std::string::npos);
}

TEST_CASE("cli: every error is one line and a distinct exit code") {
  Cli cli;
  cli.Setup();
  const std::string intake = "case intake --db " + cli.db() + " --user clerk --applicant 某某 ";
  struct Row {
    std::string args;
    int code;
    const char* says;
  };
  const Row rows[] = {
      {intake + "--item 高龄津贴申领 --id 110105194912310021", 3, "check character is wrong"},
      {intake + "--item 高龄津贴申领 --id 1101051949", 3, "18 characters"},
      {intake + "--item 没有这个事项 --id 11010519491231002X", 4, "not in this station's catalog"},
      {intake + "--item 高龄津贴申领 --id 11010519491231002X --channel pigeon", 3, "channel"},
      {"case transition --db " + cli.db() + " --user clerk QS-JX01-20990101-0001 approve", 4,
       "no case numbered"},
      {"case show --db " + cli.dir().File("missing.db") + " X", 4, "no station database"},
      {"deadline --from 2026-13-01 --days 5", 3, "does not exist"},
      {"deadline --from 2026-02-12 --days 5 --unit week", 3, "workday, day or hour"},
      {"init --db " + cli.db() + " --station QS-JX01 --name X", 6, "exists already"},
      {"catalog import --db " + cli.db() + " --user admin " + cli.dir().File("none.json"), 4,
       "cannot read"},
  };
  for (const auto& row : rows) {
    INFO(row.args);
    const Run r = cli(row.args);
    CHECK(r.code == row.code);
    CHECK(OneLine(r.err));
    CHECK_THAT(r.err, Catch::Contains(row.says));
  }
  const Run wrong_pw = cli(intake + "--item 高龄津贴申领 --id 11010519491231002X",
                           "TONGBAN_PASSWORD=nope");
  CHECK(wrong_pw.code == 5);
  CHECK_THAT(wrong_pw.err, Catch::Contains("wrong login or password"));
  const Run no_pw = cli(intake + "--item 高龄津贴申领 --id 11010519491231002X", "TONGBAN_PASSWORD=");
  CHECK(no_pw.code == 5);
  CHECK_THAT(no_pw.err, Catch::Contains("TONGBAN_PASSWORD"));
}

TEST_CASE("cli: a forbidden transition is refused with the reason") {
  Cli cli;
  cli.Setup();
  const Run r = cli("case intake --db " + cli.db() +
                    " --user clerk --item 高龄津贴申领 --applicant 陈桂兰 --id 330102196001010043");
  const std::string no = cli.Last(r.out);
  const Run approve = cli("case transition --db " + cli.db() + " --user clerk " + no + " approve");
  CHECK(approve.code == 5);
  CHECK_THAT(approve.err, Catch::Contains("back_office"));
  const Run deliver = cli("case transition --db " + cli.db() + " --user clerk " + no + " deliver");
  CHECK(deliver.code == 6);
  CHECK_THAT(deliver.err, Catch::Contains("allowed from: result_ready"));
  const Run withdraw = cli("case transition --db " + cli.db() + " --user clerk " + no +
                           " withdraw --reason 申请人撤回");
  CHECK(withdraw.code == 0);
}

TEST_CASE("cli: bulk import from a legacy file") {
  Cli cli;
  cli.Setup();
  const auto file = cli.dir().File("cases.json");
  std::ofstream(file) << R"({"format":"tongban-cases/1","cases":[
    {"legacy_no":"A1","item_code":"高龄津贴申领","applicant":{"kind":"person","name":"王五","id_number":"440524188001010014"},"received_at":"2026-01-05 09:00"}]})";
  const Run r = cli("case import --db " + cli.db() + " --user clerk --json " + file);
  REQUIRE(r.code == 0);
  CHECK(nlohmann::json::parse(r.out)["imported"] == 1);
  std::ofstream(file) << "{\"format\":\"tongban-cases/1\",\"cases\":[{\"item_code\":";
  const Run bad = cli("case import --db " + cli.db() + " --user clerk " + file);
  CHECK(bad.code == 3);
  CHECK_THAT(bad.err, Catch::Contains("not valid JSON"));
}

TEST_CASE("cli: deadlines on the working-day calendar") {
  Cli cli;
  CHECK(cli("deadline --from 2026-02-12 --days 5 --unit workday").out == "2026-02-26\n");
  CHECK(cli("deadline --from '2026-02-12 09:30' --days 24 --unit hour").out ==
        "2026-02-13 09:30\n");
  CHECK(cli("deadline --from 2026-02-12 --days 5 --pause 2026-02-24..2026-02-26").out ==
        "2026-02-28\n");
  const Run p = cli("deadline --from 2026-12-30 --days 5 --json");
  const auto j = nlohmann::json::parse(p.out);
  CHECK(j["due"] == "2027-01-06");
  CHECK(j["provisional"] == true);
}

TEST_CASE("cli: a locked database says so after the busy timeout") {
  Cli cli;
  cli.Setup();
  auto holder = tongban::sync::Database::Open(cli.db());
  REQUIRE(holder.ok());
  REQUIRE((*holder)->Exec("BEGIN EXCLUSIVE").ok());
  const Run r = cli("case intake --db " + cli.db() +
                        " --user clerk --item 高龄津贴申领 --applicant 陈桂兰 --id 330102196001010043",
                    "TONGBAN_PASSWORD=pass-word-1 TONGBAN_BUSY_TIMEOUT_MS=200");
  CHECK(r.code == 7);
  CHECK(OneLine(r.err));
  CHECK_THAT(r.err, Catch::Contains("locked by another program"));
  REQUIRE((*holder)->Exec("ROLLBACK").ok());
}

TEST_CASE("cli: a corrupt database file is named as such") {
  Cli cli;
  std::ofstream(cli.db()) << std::string(4096, '\x5a');
  const Run r = cli("case list --db " + cli.db());
  CHECK(r.code == 9);
  CHECK(OneLine(r.err));
  CHECK_THAT(r.err, Catch::Contains("corrupt"));
}

TEST_CASE("cli: a full disk is reported and the earlier cases survive") {
  TempDir mnt;
  if (mount("tmpfs", mnt.path().c_str(), "tmpfs", 0, "size=1m") != 0) {
    WARN("cannot mount a small tmpfs here (needs root); disk-full CLI path not exercised");
    return;
  }
  struct Unmount {
    std::string p;
    ~Unmount() { umount2(p.c_str(), MNT_DETACH); }
  } unmount{mnt.path().string()};
  Cli cli(mnt.path() / "station.db");
  cli.Setup();
  const std::string intake = "case intake --db " + cli.db() +
                             " --user clerk --item 高龄津贴申领 --applicant 陈桂兰 "
                             "--id 330102196001010043";
  REQUIRE(cli.Ok(intake));
  {
    auto db = tongban::sync::Database::Open(cli.db());
    REQUIRE((*db)->Exec("PRAGMA wal_checkpoint(TRUNCATE)").ok());
  }
  // Fill what is left of the file system.
  {
    std::ofstream filler(mnt.path() / "filler", std::ios::binary);
    const std::string block(4096, '\0');
    while (filler.write(block.data(), block.size())) {
    }
  }
  const Run r = cli(intake);
  CHECK(r.code == 8);
  CHECK(OneLine(r.err));
  CHECK_THAT(r.err, Catch::Contains("disk is full"));
  std::filesystem::remove(mnt.path() / "filler");
  const Run list = cli("case list --db " + cli.db() + " --json");
  REQUIRE(list.code == 0);
  CHECK(nlohmann::json::parse(list.out).size() == 1);
}

namespace {

// Latin words of three letters or more a reader of Chinese would have to know. Not
// counted: option names (--db), the command names in `commands`, values typed on the
// command line when their Chinese label follows ("window 窗口"), file paths and
// addresses (anything with a '/'), the program name, and capitalised acronyms and
// variables (PDF, JSON, TONGBAN_PASSWORD, case numbers such as QS-JX01-…).
std::vector<std::string> ForeignWords(const std::string& text, const std::set<std::string>& commands) {
  auto in_token = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("-_./:=@").find(c) != std::string_view::npos;
  };
  std::vector<std::string> found;
  for (std::size_t i = 0; i < text.size();) {
    if (!in_token(text[i])) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && in_token(text[end])) ++end;
    std::string word = text.substr(i, end - i);
    while (!word.empty() && std::string_view(".:=").find(word.back()) != std::string_view::npos)
      word.pop_back();
    const auto letters = std::count_if(word.begin(), word.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    });
    const bool lower = std::any_of(word.begin(), word.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    const bool glossed = end + 1 < text.size() && text[end] == ' ' &&
                         (static_cast<unsigned char>(text[end + 1]) & 0x80);
    if (letters >= 3 && lower && word[0] != '-' && word.find('/') == std::string::npos &&
        word != "tongban" && !commands.count(word) && !glossed)
      found.push_back(word);
    i = end;
  }
  return found;
}

}  // namespace

TEST_CASE("cli: help and output in Chinese by default, in English when the environment asks") {
  Cli cli;
  cli.Setup();
  const std::string chinese = "LC_ALL= LC_MESSAGES= LANG=zh_CN.UTF-8 TONGBAN_PASSWORD=pass-word-1";
  const std::string english = std::string(tongban::test::kEnglish) + "TONGBAN_PASSWORD=pass-word-1";
  const std::set<std::string> commands = {
      "init", "staff", "catalog", "case", "notice", "print", "deadline", "calendar", "changes",
      "sync", "stats", "appointment", "visit", "shipment", "rate", "rectify", "timers",
      "escalations", "bundle", "scan", "intake", "enroll", "audit", "encrypt", "keys", "check",
      "backup", "restore"};
  const std::string intake = "case intake --db " + cli.db() +
                             " --user clerk --item 高龄津贴申领 --applicant 陈桂兰 --id 330102196001010043";

  const Run help = cli("--help", chinese);
  const Run intake_help = cli("case intake --help", chinese);
  const Run received = cli(intake, chinese);
  REQUIRE(help.code == 0);
  REQUIRE(intake_help.code == 0);
  REQUIRE(received.code == 0);
  for (const Run* r : {&help, &intake_help, &received}) {
    INFO(r->out);
    CHECK(ForeignWords(r->out, commands).empty());
    CHECK(r->err.empty());
  }
  CHECK_THAT(help.out, Catch::Contains("用法：") && Catch::Contains("子命令：") &&
                           Catch::Contains("创建站点数据库"));
  CHECK_THAT(intake_help.out, Catch::Contains("选项：") && Catch::Contains("--applicant") &&
                                  Catch::Contains("必填") && Catch::Contains("window 窗口"));
  CHECK_THAT(received.out, Catch::StartsWith("已收件：高龄津贴申领，期限 "));
  CHECK(cli.Last(received.out).rfind("QS-JX01-", 0) == 0);  // the number alone on the last line

  const Run en_help = cli("--help", english);
  const Run en_intake_help = cli("case intake --help", english);
  const Run en_received = cli(intake, english);
  REQUIRE(en_help.code == 0);
  REQUIRE(en_intake_help.code == 0);
  REQUIRE(en_received.code == 0);
  CHECK_THAT(en_help.out, Catch::Contains("Usage:") && Catch::Contains("Subcommands:") &&
                              Catch::Contains("Create a station database"));
  CHECK_THAT(en_intake_help.out, Catch::Contains("Options:") &&
                                     Catch::Contains("Receive a case; prints its number") &&
                                     Catch::Contains("REQUIRED"));
  CHECK_THAT(en_received.out, Catch::StartsWith("received 高龄津贴申领, due "));
  CHECK(cli.Last(en_received.out).rfind("QS-JX01-", 0) == 0);
  for (const Run* r : {&en_help, &en_intake_help}) CHECK(r->out.find("用法") == std::string::npos);
}

TEST_CASE("cli: five wrong passwords lock an account until an admin resets it") {
  // On an encrypted station the password is checked by the key file before the database
  // opens: the count lives there.
  const bool plain = GENERATE(true, false);
  INFO((plain ? "plain station" : "encrypted station"));
  Cli cli;
  cli.Setup(plain);
  const std::string db = " --db " + cli.db();
  // Any command that signs in: a case received.
  const std::string intake = "case intake" + db +
                             " --item 最低生活保障审核确认 --applicant 张建国 --id 440524188001010014";
  // Only an admin resets a password (asked while the clerk can still sign in).
  const Run not_admin = cli.WithStdin("new-pass-word", "staff reset-password" + db +
                                                           " --user clerk --login admin",
                                      "TONGBAN_PASSWORD=pass-word-1");
  REQUIRE(not_admin.code != 0);
  CHECK_THAT(not_admin.err, Catch::Contains("only an admin"));
  for (int i = 0; i < 4; ++i) {
    const Run wrong = cli(intake + " --user clerk", "TONGBAN_PASSWORD=wrong-password");
    REQUIRE(wrong.code != 0);
    REQUIRE(wrong.err.find("wrong login or password") != std::string::npos);
  }
  const Run fifth = cli(intake + " --user clerk", "TONGBAN_PASSWORD=wrong-password");
  REQUIRE(fifth.err.find("locked after 5 wrong passwords") != std::string::npos);
  // The right password waits too, in Chinese by default.
  const Run locked = cli(intake + " --user clerk",
                         "LC_ALL= LC_MESSAGES= LANG=zh_CN.UTF-8 TONGBAN_PASSWORD=pass-word-1");
  REQUIRE(locked.code != 0);
  REQUIRE(locked.err.find("暂时锁定") != std::string::npos);
  // The reset unlocks and the new password opens.
  const Run reset = cli.WithStdin("new-pass-word", "staff reset-password" + db + " --user admin --login clerk");
  REQUIRE(reset.code == 0);
  REQUIRE(cli(intake + " --user clerk", "TONGBAN_PASSWORD=new-pass-word").code == 0);
  // And the clerk changes it again, given the current one.
  const Run changed = cli.WithStdin("third-pass-word", "staff passwd" + db + " --user clerk",
                                    "TONGBAN_PASSWORD=new-pass-word");
  REQUIRE(changed.code == 0);
  REQUIRE(cli(intake + " --user clerk", "TONGBAN_PASSWORD=third-pass-word").code == 0);
}

TEST_CASE("cli: a full ID seen and a scan exported are on the audit trail, with who did it") {
  Cli cli;
  cli.Setup();
  const std::string db = " --db " + cli.db();
  const Run r = cli("case intake" + db + " --user clerk --item 高龄津贴申领 --applicant 陈桂兰 --id 330102196001010043");
  REQUIRE(r.code == 0);
  const std::string no = cli.Last(r.out);
  REQUIRE(cli.Ok("case show" + db + " --user clerk --full-id " + no));
  const std::string png = cli.dir().File("户口簿.png");
  std::ofstream(png, std::ios::binary) << std::string("\x89PNG\r\n\x1a\n", 8) << std::string(200, 'p');
  REQUIRE(cli.Ok("scan attach" + db + " --user clerk --case " + no + " --material M01 " + png));
  const Run listed = cli("scan list" + db + " --json --case " + no);
  REQUIRE(listed.code == 0);
  const std::string sha = nlohmann::json::parse(listed.out)[0]["sha256"];
  // Exporting signs in: nobody takes a resident's scan off the station unnamed.
  CHECK(cli("scan export" + db + " --sha " + sha + " --out " + cli.dir().File("copy.png")).code == 2);
  REQUIRE(cli.Ok("scan export" + db + " --user clerk --sha " + sha + " --out " + cli.dir().File("copy.png")));

  const Run audit = cli("audit list" + db + " --json --limit 3");
  REQUIRE(audit.code == 0);
  const auto entries = nlohmann::json::parse(audit.out);
  REQUIRE(entries.size() == 3);
  CHECK(entries[0]["action"] == "view_id");
  CHECK(entries[0]["target"] == no);
  CHECK(entries[2]["action"] == "export");
  CHECK(entries[2]["user"] == "clerk");
  CHECK(entries[2]["target"] == sha);
  CHECK(entries[2]["detail"]["what"] == "scan");
  CHECK(entries[2]["detail"]["file"] == "copy.png");
  const Run zh = cli("audit list" + db + " --limit 1", "LC_ALL= LC_MESSAGES= LANG=zh_CN.UTF-8 TONGBAN_PASSWORD=pass-word-1");
  CHECK_THAT(zh.out, Catch::Contains("导出") && Catch::Contains("clerk"));
  CHECK(cli.Ok("audit verify" + db));
}

TEST_CASE("cli: a case's document is written by someone signed in and not without") {
  Cli cli;
  cli.Setup();  // plain: only the document itself asks for a sign-in
  const Run intake = cli("case intake --db " + cli.db() +
                         " --user clerk --item 高龄津贴申领 --applicant 陈桂兰 --id 330102196001010043");
  REQUIRE(intake.code == 0);
  const std::string no = cli.Last(intake.out);
  const std::string pdf = cli.dir().File("receipt.pdf");
  const Run anonymous = cli("print --db " + cli.db() + " --case " + no + " --kind receipt --out " + pdf);
  CHECK(anonymous.code == 5);
  CHECK_THAT(anonymous.err, Catch::Contains("names its applicant") && Catch::Contains("--user"));
  CHECK_FALSE(std::filesystem::exists(pdf));
  // An item's notice names nobody: no sign-in.
  CHECK(cli("print --db " + cli.db() + " --item 高龄津贴申领 --kind notice --out " + pdf).code == 0);
}
