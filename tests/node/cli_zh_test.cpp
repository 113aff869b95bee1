// Every CLI error path speaks Chinese by default: `tongban` and `tongban-central`
// run with LANG=zh_CN.UTF-8 print one line "错误：…" with no English in it. What may
// stay Latin: option names (--db), the programs and the commands to type
// ("tongban init"), what the command line itself typed (paths and their file names,
// codes, values), paths ("/v1/enroll") and all-capital codes (PDF, QS-JX01, M01).
#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "cli_runner.h"
#include "tongban/central/hub.h"

namespace {

using tongban::test::Cli;
using tongban::test::Run;

constexpr const char* kChinese = "LC_ALL= LC_MESSAGES= LANG=zh_CN.UTF-8 TONGBAN_PASSWORD=pass-word-1";

// The Latin words of three letters or more left in `line` once the command's own
// tokens (longest first), commands to type, paths, option names and all-capital
// codes are taken out.
std::vector<std::string> EnglishIn(std::string line, const std::string& args) {
  std::vector<std::string> tokens;
  std::istringstream split(args);
  for (std::string t; split >> t;) tokens.push_back(t);
  for (std::size_t i = 0, n = tokens.size(); i < n; ++i) {
    // A path's file name and the parts of CODE=STATE, as said alone.
    if (const auto slash = tokens[i].rfind('/'); slash != std::string::npos)
      tokens.push_back(tokens[i].substr(slash + 1));
    if (const auto eq = tokens[i].find('='); eq != std::string::npos) {
      tokens.push_back(tokens[i].substr(0, eq));
      tokens.push_back(tokens[i].substr(eq + 1));
    }
  }
  std::sort(tokens.begin(), tokens.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  for (const auto& t : tokens)
    for (auto at = line.find(t); !t.empty() && at != std::string::npos; at = line.find(t, at + 1))
      line.replace(at, t.size(), " ");
  static const std::regex command(R"(tongban(-central)?( [a-z]+){0,2})");
  static const std::regex path(R"((/[A-Za-z0-9._-]+)+/?)");
  static const std::regex option(R"(--?[A-Za-z][A-Za-z0-9_-]*)");
  line = std::regex_replace(line, command, " ");
  line = std::regex_replace(line, path, " ");
  static const std::regex code(R"(\b[A-Z0-9][A-Z0-9_-]*\b)");
  line = std::regex_replace(line, option, " ");
  line = std::regex_replace(line, code, " ");
  static const std::regex word(R"([A-Za-z]{3,})");
  std::vector<std::string> out;
  for (std::sregex_iterator m(line.begin(), line.end(), word), end; m != end; ++m)
    out.push_back(m->str());
  return out;
}

struct Path {
  std::string program;  // TONGBAN_CLI or TONGBAN_CENTRAL
  std::string args;
  std::string stdin_text = "";  // piped in when not empty
  std::string env = kChinese;
};

// Runs one error path and checks what it says; returns whether it spoke Chinese.
void Check(Cli& cli, const Path& p) {
  Run r;
  if (!p.stdin_text.empty()) {
    const std::string in = cli.dir().File("stdin.txt");
    std::ofstream(in) << p.stdin_text << "\n";
    r = cli.Exec(p.program, p.args, p.env, in);
  } else {
    r = cli.Exec(p.program, p.args, p.env);
  }
  INFO(p.program << " " << p.args);
  INFO("exit " << r.code << ", stderr: " << r.err);
  CHECK(r.code != 0);
  CHECK(r.err.rfind("错误：", 0) == 0);
  CHECK(!r.err.empty());
  CHECK(r.err.find('\n') == r.err.size() - 1);  // exactly one line
  std::string words;
  for (const auto& w : EnglishIn(r.err, p.args)) words += w + " ";
  INFO("English left: " << words);
  CHECK(words.empty());
}

}  // namespace

TEST_CASE("cli: every CLI error path speaks Chinese by default") {
  Cli cli;
  cli.Setup();
  const std::string db = cli.db();
  const std::string tb = TONGBAN_CLI;
  const std::string hubd = TONGBAN_CENTRAL;

  // A received case to act on, files to feed the commands, a hub's data folder.
  const Run intake = cli("case intake --db " + db +
                         " --user clerk --item 高龄津贴申领 --applicant 陈桂兰 --id 330102196001010043");
  REQUIRE(intake.code == 0);
  const std::string no = cli.Last(intake.out);
  const std::string text = cli.dir().File("note.txt");
  std::ofstream(text) << "这不是 JSON，也不是图片\n";
  const std::string garbage = cli.dir().File("garbage.bin");
  std::ofstream(garbage) << "garbage garbage garbage garbage garbage garbage garbage";
  const std::string corrupt = cli.dir().File("corrupt.db");
  {
    std::ofstream out(corrupt, std::ios::binary);
    for (int i = 0; i < 512; ++i) out << "not a database page ";
  }
  const std::string missing = cli.dir().File("missing.json");
  const std::string hub = cli.dir().File("hub");
  REQUIRE(tongban::central::Hub::Open(hub).ok());

  const std::string in_db = " --db " + db + " --user clerk ";
  const std::string intake_cmd = "case intake" + in_db + "--applicant 某某 ";
  const std::vector<Path> paths = {
      // tongban: the case and its applicant
      {tb, intake_cmd + "--item 高龄津贴申领 --id 110105194912310021"},
      {tb, intake_cmd + "--item 高龄津贴申领 --id 1101051949"},
      {tb, intake_cmd + "--item 高龄津贴申领 --id 330102203001010011"},
      {tb, intake_cmd + "--item 没有这个事项 --id 11010519491231002X"},
      {tb, intake_cmd + "--item 高龄津贴申领 --id 11010519491231002X --channel pigeon"},
      {tb, intake_cmd + "--item 高龄津贴申领 --id 11010519491231002X --material M01"},
      {tb, "case transition" + in_db + "QS-JX01-20990101-0001 approve"},
      {tb, "case transition" + in_db + no + " deliver"},
      {tb, "case transition" + in_db + no + " approve"},
      {tb, "case materials" + in_db + no + " --set M01=lost"},
      // databases, passwords and files
      {tb, "case show --db " + cli.dir().File("missing.db") + " X"},
      {tb, "case show --db " + corrupt + " X"},
      {tb, "init --db " + db + " --station QS-JX01 --name 金溪"},
      {tb, "catalog import --db " + db + " --user admin " + missing},
      {tb, "case import" + in_db + text},
      {tb, intake_cmd + "--item 高龄津贴申领 --id 11010519491231002X",
       "", "LC_ALL= LC_MESSAGES= LANG=zh_CN.UTF-8 TONGBAN_PASSWORD=nope"},
      {tb, intake_cmd + "--item 高龄津贴申领 --id 11010519491231002X",
       "", "LC_ALL= LC_MESSAGES= LANG=zh_CN.UTF-8 TONGBAN_PASSWORD="},
      {tb, "staff add --db " + db + " --user admin --login li --name 李 --role clerk", "abc"},
      {tb, "staff add --db " + db + " --user admin --login li --name 李 --role boss", "pass-word-2"},
      // the command line itself
      {tb, "case intake" + in_db + "--applicant 某某 --id 11010519491231002X"},
      {tb, "case show --db " + db + " " + no + " surplus"},
      {tb, "frobnicate --db " + db},
      // deadlines, the calendar, figures
      {tb, "deadline --from 2026-13-01 --days 5"},
      {tb, "deadline --from 2026-02-12 --days 5 --unit week"},
      {tb, "deadline --from 2026-02-12 --days 9999"},
      {tb, "deadline --from 2026-02-12 --days 5 --pause 2026-02-13"},
      {tb, "calendar override" + in_db + "--date 2026-02-30 --off --reason 检修"},
      {tb, "stats --db " + db + " --from 2026-03-10 --to 2026-03-01"},
      // notices and printing
      {tb, "notice --db " + db},
      {tb, "notice --db " + db + " --item 高龄津贴申领 --have M99"},
      {tb, "print --db " + db + " --kind notice --case " + no + " --item 高龄津贴申领 --out " +
               cli.dir().File("x.pdf")},
      {tb, "print --db " + db + " --kind notice --item 高龄津贴申领 --out " +
               cli.dir().File("no-such-folder/x.pdf")},
      // bundles, sync, the hub
      {tb, "bundle import --db " + db + " " + garbage},
      {tb, "sync --db " + db},
      {tb, "sync verify --db " + db},
      {tb, "init --db " + cli.dir().File("new.db") +
               " --station QS-NEW --central http://127.0.0.1:9 --enroll ABCD-EFGH"},
      // scans
      {tb, "scan attach" + in_db + "--case " + no + " --material M01 " + missing},
      {tb, "scan attach" + in_db + "--case " + no + " --material M01 " + text},
      // appointments, visits, post, ratings
      {tb, "appointment checkin" + in_db + "NOPE"},
      {tb, "appointment slots --db " + db + " --item 高龄津贴申领 --day 2026-02-30"},
      {tb, "appointment book" + in_db +
               "--item 高龄津贴申领 --at 2020-01-06T09:00 --name 某某 --id 11010519491231002X"},
      {tb, "visit record" + in_db + "NOPE --outcome visited"},
      {tb, "visit plan" + in_db + "--field QS-NOPE --day 2026-02-12 --name 某某 --address 某村"},
      {tb, "shipment track" + in_db + "NOPE --state delivered"},
      {tb, "shipment create" + in_db +
               "--case QS-JX01-20990101-0001 --waybill EMS12345678 --address 某村"},
      {tb, "rate" + in_db + "--case " + no + " --score 9"},
      // tongban-central
      {hubd, "status --data " + cli.dir().File("no-hub")},
      {hubd, "conflicts resolve --data " + hub + " 999 --take hub --note 理由"},
      {hubd, "conflicts resolve --data " + hub + " 1 --take value --note 理由"},
      {hubd, "conflicts resolve --data " + hub + " 1 --take maybe --note 理由"},
      {hubd, "station add --data " + hub + " --code x --name 某站 --kind station"},
      {hubd, "station add --data " + hub + " --code QS-NEW --name 某站 --kind planet"},
      {hubd, "serve --data " + hub + " --listen nowhere"},
      {hubd, "serve --data " + hub + " --listen 127.0.0.1:99999"},
      {hubd, "serve --data " + hub + " --listen 0.0.0.0:8610"},
      {hubd, "status --data " + hub + " --bogus"},
      {hubd, "bundle import --data " + hub + " " + garbage},
      {hubd, "catalog publish --data " + hub + " " + missing},
      {hubd, "stats --data " + hub + " --from 2026-03-10 --to 2026-03-01"},
  };
  int tongban = 0, central = 0;
  for (const auto& p : paths) {
    Check(cli, p);
    (p.program == tb ? tongban : central) += 1;
  }
  CHECK(tongban >= 25);
  CHECK(central >= 8);
}

TEST_CASE("cli: options of codes take the Chinese names that help and errors show") {
  Cli cli;
  cli.Setup();
  const std::string db = cli.db();
  auto zh = [&](const std::string& args) { return cli.Exec(TONGBAN_CLI, args, kChinese); };

  CHECK(zh("deadline --from 2026-02-12 --days 5 --unit 工作日").out == "2026-02-26\n");
  CHECK(zh("deadline --from '2026-02-12 09:30' --days 24 --unit 小时").out == "2026-02-13 09:30\n");
  CHECK_THAT(zh("deadline --help").out, Catch::Contains("workday 工作日"));

  // CODE=名称 for a material, a status by its name, an action by its name.
  const Run in = zh("case intake --db " + db +
                    " --user clerk --item 最低生活保障审核确认 --applicant 张建国 "
                    "--id 440524188001010014 --material M05=容缺后补");
  INFO(in.err);
  REQUIRE(in.code == 0);
  const std::string no = cli.Last(in.out);
  const Run show = cli("case show --db " + db + " --json " + no);
  REQUIRE(show.code == 0);
  bool tolerated = false;
  const auto shown = nlohmann::json::parse(show.out);
  for (const auto& m : shown["materials"])
    tolerated |= m["code"] == "M05" && m["state"] == "tolerated";
  CHECK(tolerated);

  // Offices by name: this station, and the township center above it by its kind.
  CHECK_THAT(zh("case show --db " + db + " " + no).out,
             Catch::Contains("金溪村便民服务站（QS-JX01）") &&
                 Catch::Contains("乡镇便民服务中心（QS-JX）"));
  // A county office by the department the catalog names for its items.
  const Run county = zh("case intake --db " + db +
                        " --user clerk --item 困难残疾人生活补贴和重度残疾人护理补贴 "
                        "--applicant 赵德明 --id 440524188001010014");
  REQUIRE(county.code == 0);
  CHECK_THAT(zh("case show --db " + db + " " + cli.Last(county.out)).out,
             Catch::Contains("青山区民政局（C-MZ）"));

  const Run list = zh("case list --db " + db + " --status 已收件");
  INFO(list.err);
  REQUIRE(list.code == 0);
  CHECK(list.out.rfind("办件编号", 0) == 0);  // a heading row
  CHECK_THAT(list.out, Catch::Contains(no) && Catch::Contains("已收件"));

  // The shipment's number as lists show it (8 digits) is what the next command takes.
  const Run ship = zh("shipment create --db " + db + " --user clerk --case " + no +
                      " --direction 寄来材料 --waybill EMS12345678 --address 金溪村");
  INFO(ship.err);
  REQUIRE(ship.code == 0);
  CHECK_THAT(ship.out, Catch::Contains("寄来材料"));
  const std::string ref = ship.out.substr(0, ship.out.find(' '));
  CHECK(ref.size() == 8);
  const Run track = zh("shipment track --db " + db + " --user clerk " + ref + " --state 已寄出");
  INFO(track.err);
  CHECK(track.code == 0);
  CHECK_THAT(track.out, Catch::Contains("已寄出"));
  const Run vague = zh("shipment track --db " + db + " --user clerk 12 --state 已签收");
  CHECK(vague.code != 0);
  CHECK_THAT(vague.err, Catch::Contains("太短"));

  const Run withdraw = zh("case transition --db " + db + " --user clerk " + no + " 撤回 --reason 申请人撤回");
  INFO(withdraw.err);
  CHECK(withdraw.code == 0);
  CHECK(nlohmann::json::parse(cli("case show --db " + db + " --json " + no).out)["status"] ==
        "withdrawn");

  // A word that names no subcommand is said to be unknown, not missing.
  const Run unknown = zh("case frobnicate --db " + db);
  CHECK(unknown.code == 2);
  CHECK(unknown.err.rfind("错误：没有子命令“frobnicate”", 0) == 0);

  CHECK(zh("staff list --db " + db).out.rfind("登录名", 0) == 0);
  CHECK(zh("catalog list --db " + db).out.rfind("实施编码", 0) == 0);
}
