// The printable documents, read back as a person would see them: each PDF is
// written for a real case in a real station store, then turned back into text
// with pdftotext and counted with pdfinfo (poppler-utils).
#include <sys/mount.h>
#include <sys/wait.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>

#include "node/cli_runner.h"
#include "node/store_fixture.h"
#include "tongban/node/documents/case_documents.h"

using namespace tongban;
using namespace tongban::node;
using tongban::test::StoreFixture;
using tongban::test::TempDir;
namespace fs = std::filesystem;
namespace t = tongban::test;

namespace {

constexpr const char* kApplicantId = "11010519491231002X";  // StoreFixture::Request
constexpr const char* kMaskedId = "1101**********002X";

struct Output {
  int code;
  std::string out;
};

Output Capture(const std::string& command) {
  Output o{-1, {}};
  FILE* p = popen((command + " 2>&1").c_str(), "r");
  if (!p) return o;
  char buf[4096];
  for (std::size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) o.out.append(buf, n);
  const int rc = pclose(p);
  o.code = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  return o;
}

// The text of a PDF with all white space removed: pdftotext breaks lines and
// drops or adds spaces between Chinese and digits as it sees fit.
std::string PdfText(const std::string& pdf) {
  const Output o = Capture("pdftotext -enc UTF-8 '" + pdf + "' -");
  REQUIRE(o.code == 0);
  std::string s = o.out;
  s.erase(std::remove_if(s.begin(), s.end(), [](unsigned char ch) { return std::isspace(ch); }),
          s.end());
  return s;
}

int PdfPages(const std::string& pdf) {
  const Output o = Capture("pdfinfo '" + pdf + "'");
  REQUIRE(o.code == 0);
  std::smatch m;
  REQUIRE(std::regex_search(o.out, m, std::regex(R"(Pages:\s+(\d+))")));
  return std::stoi(m[1]);
}

int Count(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

std::vector<std::string> FilesIn(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  return names;
}

// The temporary a write goes through is hidden: ".NAME.XXXXXX".
bool NoTemporaries(const fs::path& dir) {
  const auto names = FilesIn(dir);
  return std::none_of(names.begin(), names.end(), [](const auto& n) { return n[0] == '.'; });
}

DocumentContext Context(StoreFixture& f) {
  return {f.store->identity().name, "", LocalDate(f.clock.NowMillis())};
}

// A township center that receives and processes its own cases, so one store
// can both receive a case and refuse it.
struct CenterFixture : StoreFixture {
  CenterFixture() : StoreFixture(NodeKind::kTownship, "QS-JX", "") {}

  CaseRecord ReceiveDibao() {
    auto r = Request(t::kDibao, kApplicantId);
    r.applicant_phone = "13812345678";
    r.materials = {{"M05", MaterialState::kTolerated}};
    auto c = store->Intake(clerk, r);
    REQUIRE(c.ok());
    return *c;
  }
  ServiceItem ItemOf(const CaseRecord& c) {
    auto item = store->GetItem(c.item_code, c.item_version);
    REQUIRE(item.ok());
    return *item;
  }
};

// An item of the sample catalog with `count` required materials, imported into the store.
ServiceItem ImportLongItem(StoreFixture& f, int count) {
  ServiceItem item = *f.store->GetItem(t::kElderly);
  item.impl_code = "TEST-LONG-LIST-0001";
  item.name = "材料繁多的测试事项";
  item.materials.clear();
  for (int i = 1; i <= count; ++i) {
    MaterialSpec m;
    m.code = "M" + std::string(i < 10 ? "0" : "") + std::to_string(i);
    m.name = "第" + std::to_string(i) + "项证明材料";
    m.copies = 1;
    item.materials.push_back(m);
  }
  REQUIRE(f.store->ImportCatalog(f.admin, Catalog{"test", "2026-02-01", {item}}).ok());
  return *f.store->GetItem(item.impl_code);
}

}  // namespace

TEST_CASE("document kinds parse from their command-line names") {
  for (auto kind : {DocumentKind::kNotice, DocumentKind::kReceipt, DocumentKind::kNonAcceptance}) {
    auto parsed = ParseDocumentKind(DocumentKindName(kind));
    REQUIRE(parsed.ok());
    CHECK(*parsed == kind);
  }
  auto bad = ParseDocumentKind("letter");
  CHECK(bad.status().code() == ErrorCode::kInvalidArgument);
  CHECK_THAT(bad.status().message(), Catch::Contains("notice, receipt, non-acceptance"));
  CHECK(DocumentNumber(DocumentKind::kReceipt, "QS-JX01-20260212-0001") ==
        "SLHZ-QS-JX01-20260212-0001");
}

TEST_CASE("a case's scan code carries its number and two check characters") {
  const std::string no = "QS-JX01-20260212-0001";
  const std::string code = CaseScanCode(no);
  REQUIRE(code.rfind("TB:" + no + ":", 0) == 0);
  REQUIRE(code.size() == no.size() + 6);
  auto back = ParseCaseScanCode(code);
  REQUIRE(back.ok());
  CHECK(*back == no);
  // As a scanner may type it: lower case (Caps Lock), with the Enter it ends with.
  std::string typed = code + "\r\n";
  for (char& ch : typed) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  auto folded = ParseCaseScanCode(typed);
  REQUIRE(folded.ok());
  CHECK(*folded == no);
  CHECK(LooksLikeCaseScanCode(code));
  CHECK(LooksLikeCaseScanCode("Tb:" + no + ":00"));
  CHECK_FALSE(LooksLikeCaseScanCode(no));

  // Every single misread character and every swap of neighbours is caught.
  const std::string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  for (std::size_t i = 3; i < code.size(); ++i) {
    if (code[i] == '-' || code[i] == ':') continue;
    for (char other : alphabet) {
      if (other == code[i]) continue;
      std::string bad = code;
      bad[i] = other;
      auto parsed = ParseCaseScanCode(bad);
      INFO(bad);
      CHECK_FALSE(parsed.ok());
    }
    if (i + 1 < code.size() && code[i + 1] != code[i] && code[i + 1] != '-' && code[i + 1] != ':') {
      std::string swapped = code;
      std::swap(swapped[i], swapped[i + 1]);
      INFO(swapped);
      CHECK_FALSE(ParseCaseScanCode(swapped).ok());
    }
  }
  auto misread = ParseCaseScanCode("TB:QS-JX01-20260212-0002:" + code.substr(code.size() - 2));
  CHECK(misread.status().key() == "case.scan_check");
  for (const char* junk : {"", "TB:", "TB::00", "QS-JX01-20260212-0001", "TB:QS JX01:00",
                           "TB:QS-JX01-20260212-0001:0", "https://example.org/"}) {
    auto parsed = ParseCaseScanCode(junk);
    INFO(junk);
    CHECK(parsed.status().key() == "case.not_scan_code");
  }
}

TEST_CASE("the receipt's QR code decodes to the case's scan code") {
  INFO("zbarimg comes with Debian's zbar-tools (tools/dev.sh installs it)");
  REQUIRE(Capture("command -v zbarimg").code == 0);
  CenterFixture f;
  const CaseRecord c = f.ReceiveDibao();
  for (auto kind : {DocumentKind::kReceipt, DocumentKind::kNotice}) {
    const std::string pdf = f.dir.File("coded.pdf");
    REQUIRE(WriteCaseDocument(kind, c, f.ItemOf(c), Context(f), pdf).ok());
    // At 150 dpi, about what a phone camera or a cheap scanner sees of a printed page.
    REQUIRE(Capture("pdftoppm -r 150 -f 1 -l 1 -png '" + pdf + "' '" + f.dir.File("page") + "'").code == 0);
    // Its stderr speaks of D-Bus, which a test machine may lack.
    const Output o = Capture("{ zbarimg --quiet --raw '" + f.dir.File("page-1.png") + "' 2>/dev/null; }");
    INFO(o.out);
    REQUIRE(o.code == 0);
    CHECK(o.out == CaseScanCode(c.case_no) + "\n");
  }
}

TEST_CASE("a print enters the case's timeline: which document, on which printer, by whom") {
  CenterFixture f;
  const CaseRecord c = f.ReceiveDibao();
  auto printed = f.store->RecordPrint(f.clerk, c.case_no, "receipt", "front-desk");
  REQUIRE(printed.ok());
  // The fixture's clock stands still: the print shares its instant with the intake.
  const auto it = std::find_if(printed->events.begin(), printed->events.end(),
                               [](const CaseEvent& ev) { return ev.action == "print"; });
  REQUIRE(it != printed->events.end());
  const CaseEvent& e = *it;
  CHECK(e.user == "clerk");
  CHECK(e.from_status == e.to_status);
  CHECK_THAT(e.detail, Catch::Contains("\"document\":\"receipt\""));
  CHECK_THAT(e.detail, Catch::Contains("\"printer\":\"front-desk\""));
  CHECK(f.store->RecordPrint(f.clerk, c.case_no, "letter", "front-desk").status().key() ==
        "store.bad_document");
  CHECK(f.store->RecordPrint(f.admin, c.case_no, "receipt", "front-desk").status().code() ==
        ErrorCode::kPermissionDenied);
  CHECK(f.store->RecordPrint(f.clerk, "QS-JX-20260212-9999", "receipt", "front-desk").status().code() ==
        ErrorCode::kNotFound);
}

TEST_CASE("the acceptance receipt names the case, the item and the masked applicant") {
  CenterFixture f;
  const CaseRecord c = f.ReceiveDibao();
  const std::string pdf = f.dir.File("receipt.pdf");
  REQUIRE(WriteCaseDocument(DocumentKind::kReceipt, c, f.ItemOf(c), Context(f), pdf).ok());
  const std::string text = PdfText(pdf);
  CHECK_THAT(text, Catch::Contains("受理回执"));
  CHECK_THAT(text, Catch::Contains(c.case_no));
  CHECK_THAT(text, Catch::Contains("SLHZ-" + c.case_no));
  CHECK_THAT(text, Catch::Contains(kMaskedId));
  CHECK_THAT(text, Catch::Contains("138****5678"));
  CHECK_THAT(text, !Catch::Contains(kApplicantId));
  CHECK_THAT(text, !Catch::Contains("13812345678"));
  CHECK_THAT(text, Catch::Contains("最低生活保障审核确认"));
  CHECK_THAT(text, Catch::Contains("2026-02-1209:30"));  // received at
  CHECK_THAT(text, Catch::Contains("2026-03-06"));       // due: 12 working days
  CHECK_THAT(text, Catch::Contains("容缺后补"));         // M05's state
  CHECK_THAT(text, Catch::Contains("补交承诺"));         // the tolerance commitment
  CHECK_THAT(text, Catch::Contains("申请人（签字）"));
  CHECK_THAT(text, Catch::Contains("第1页/共1页"));
  CHECK(PdfPages(pdf) == 1);
}

TEST_CASE("the one-time notice for a case lists what it still owes") {
  CenterFixture f;
  const CaseRecord c = f.ReceiveDibao();
  const std::string pdf = f.dir.File("notice.pdf");
  REQUIRE(WriteCaseDocument(DocumentKind::kNotice, c, f.ItemOf(c), Context(f), pdf).ok());
  const std::string text = PdfText(pdf);
  CHECK_THAT(text, Catch::Contains("一次性告知书"));
  CHECK_THAT(text, Catch::Contains(c.case_no));
  CHECK_THAT(text, Catch::Contains(kMaskedId));
  CHECK_THAT(text, Catch::Contains("家庭成员收入证明"));  // the tolerated M05
  CHECK_THAT(text, !Catch::Contains("户口簿"));           // handed in already
  CHECK_THAT(text, Catch::Contains("共1项"));
}

TEST_CASE("the notice for an item without a case lists the required materials not in hand") {
  StoreFixture f;
  const ServiceItem item = *f.store->GetItem(t::kDibao);
  const std::string pdf = f.dir.File("item-notice.pdf");
  REQUIRE(WriteItemNotice(item, {"M01", "M02"}, Context(f), pdf).ok());
  const std::string text = PdfText(pdf);
  CHECK_THAT(text, Catch::Contains("一次性告知书"));
  CHECK_THAT(text, Catch::Contains("《最低生活保障申请书》"));
  CHECK_THAT(text, !Catch::Contains("户口簿"));                    // M02 is in hand
  CHECK_THAT(text, !Catch::Contains("重病、残疾等特殊情况证明"));  // optional
  CHECK_THAT(text, Catch::Contains("共3项"));

  const Status unknown = WriteItemNotice(item, {"M42"}, Context(f), f.dir.File("x.pdf"));
  CHECK(unknown.code() == ErrorCode::kInvalidArgument);
  CHECK_THAT(unknown.message(), Catch::Contains("M42"));
  CHECK_FALSE(fs::exists(f.dir.File("x.pdf")));
}

TEST_CASE("the notice of non-acceptance gives the reason recorded when the case was refused") {
  CenterFixture f;
  const CaseRecord received = f.ReceiveDibao();
  const std::string reason = "申请人家庭人均收入高于当地最低生活保障标准";
  auto refused = f.store->Transition(f.processor, received.case_no, "not_accept", reason);
  REQUIRE(refused.ok());
  const std::string pdf = f.dir.File("refusal.pdf");
  REQUIRE(
      WriteCaseDocument(DocumentKind::kNonAcceptance, *refused, f.ItemOf(*refused), Context(f), pdf)
          .ok());
  const std::string text = PdfText(pdf);
  CHECK_THAT(text, Catch::Contains("不予受理通知书"));
  CHECK_THAT(text, Catch::Contains(received.case_no));
  CHECK_THAT(text, Catch::Contains(reason));
  CHECK_THAT(text, Catch::Contains(kMaskedId));
  CHECK_THAT(text, !Catch::Contains(kApplicantId));
  CHECK_THAT(text, Catch::Contains("2026年2月12日"));  // received and decided that day
  CHECK_THAT(text, Catch::Contains("行政复议"));
}

TEST_CASE("a notice of non-acceptance for a case that was not refused is an error") {
  CenterFixture f;
  const CaseRecord c = f.ReceiveDibao();
  const std::string pdf = f.dir.File("refusal.pdf");
  const Status st =
      WriteCaseDocument(DocumentKind::kNonAcceptance, c, f.ItemOf(c), Context(f), pdf);
  CHECK(st.code() == ErrorCode::kFailedPrecondition);
  CHECK_THAT(st.message(), Catch::Contains(c.case_no) && Catch::Contains("was not refused"));
  CHECK(st.message().find('\n') == std::string::npos);
  CHECK_FALSE(fs::exists(pdf));
  CHECK(NoTemporaries(f.dir.path()));
}

TEST_CASE("a long materials list breaks across numbered pages and repeats its table header") {
  CenterFixture f;
  const ServiceItem item = ImportLongItem(f, 60);
  auto c = f.store->Intake(f.clerk, f.Request(item.impl_code.c_str(), kApplicantId));
  REQUIRE(c.ok());
  REQUIRE(c->materials.size() == 60);
  const std::string pdf = f.dir.File("long-receipt.pdf");
  REQUIRE(WriteCaseDocument(DocumentKind::kReceipt, *c, item, Context(f), pdf).ok());
  CHECK(PdfPages(pdf) == 3);
  const std::string text = PdfText(pdf);
  CHECK_THAT(text, Catch::Contains("第1页/共3页"));
  CHECK_THAT(text, Catch::Contains("第3页/共3页"));
  CHECK(Count(text, "材料名称") == 3);                 // the header on every page of the table
  CHECK(Count(text, "受理回执（续）") == 2);           // running header from page 2 on
  CHECK(Count(text, "办件编号：" + c->case_no) >= 3);  // the footer of every page
  CHECK_THAT(text, Catch::Contains("第60项证明材料"));
  CHECK_THAT(text, Catch::Contains("受理人（签字）"));  // the form is complete after the list

  const std::string notice = f.dir.File("long-notice.pdf");
  REQUIRE(WriteItemNotice(item, {}, Context(f), notice).ok());
  CHECK(PdfPages(notice) == 4);  // two lines a row: copies, then paper or electronic
  const std::string notice_text = PdfText(notice);
  CHECK_THAT(notice_text, Catch::Contains("共60项"));
  CHECK_THAT(notice_text, Catch::Contains("第4页/共4页"));
  CHECK(Count(notice_text, "一次性告知书（续）") == 3);
}

TEST_CASE("an unwritable output path gives a clear error and leaves no file") {
  CenterFixture f;
  const CaseRecord c = f.ReceiveDibao();
  const ServiceItem item = f.ItemOf(c);

  const std::string missing = f.dir.File("no-such-folder/receipt.pdf");
  const Status st = WriteCaseDocument(DocumentKind::kReceipt, c, item, Context(f), missing);
  CHECK(st.code() == ErrorCode::kIoError);
  CHECK_THAT(st.message(), Catch::Contains(missing) && Catch::Contains("folder does not exist"));
  CHECK_FALSE(fs::exists(missing));

  // The rename onto a folder fails after the whole PDF was written: the temporary goes too.
  TempDir out;
  fs::create_directory(out.path() / "receipt.pdf");
  const std::string folder = (out.path() / "receipt.pdf").string();
  const Status onto = WriteCaseDocument(DocumentKind::kReceipt, c, item, Context(f), folder);
  CHECK(onto.code() == ErrorCode::kIoError);
  CHECK_THAT(onto.message(), Catch::Contains("is a folder"));
  CHECK(FilesIn(out.path()) == std::vector<std::string>{"receipt.pdf"});
  CHECK(fs::is_directory(folder));

  const Status none = WriteCaseDocument(DocumentKind::kReceipt, c, item, Context(f), "");
  CHECK(none.code() == ErrorCode::kInvalidArgument);
}

TEST_CASE("a full disk is reported as such and leaves no partial PDF") {
  CenterFixture f;
  const CaseRecord c = f.ReceiveDibao();
  TempDir mnt;
  if (mount("tmpfs", mnt.path().c_str(), "tmpfs", 0, "size=64k") != 0) {
    WARN("cannot mount a small tmpfs here (needs root); disk-full path not exercised");
    return;
  }
  struct Unmount {
    std::string p;
    ~Unmount() { umount2(p.c_str(), MNT_DETACH); }
  } unmount{mnt.path().string()};
  {
    std::ofstream filler(mnt.path() / "filler", std::ios::binary);
    const std::string block(4096, '\0');
    for (int i = 0; i < 12; ++i) filler.write(block.data(), block.size());
  }
  const std::string pdf = (mnt.path() / "receipt.pdf").string();
  const Status st = WriteCaseDocument(DocumentKind::kReceipt, c, f.ItemOf(c), Context(f), pdf);
  CHECK(st.code() == ErrorCode::kDiskFull);
  CHECK_THAT(st.message(), Catch::Contains("disk is full"));
  CHECK(FilesIn(mnt.path()) == std::vector<std::string>{"filler"});
}

TEST_CASE("tongban print writes each document and reports errors in one line") {
  TempDir dir;
  const std::string db = dir.File("station.db");
  // English: the error lines below are read in English.
  // An encrypted station, as `init` makes by default: commands sign in as admin unless given --user.
  const std::string cli = std::string(test::kEnglish) +
                          "TONGBAN_PASSWORD=pass-word-1 TONGBAN_USER=admin " + TONGBAN_CLI;
  auto run = [&](const std::string& args) { return Capture(cli + " " + args + " </dev/null"); };
  REQUIRE(
      run("init --db " + db + " --station QS-JX01 --name 金溪村便民服务站 --township QS-JX").code ==
      0);
  REQUIRE(run("catalog import --db " + db + " --user admin sample").code == 0);
  REQUIRE(Capture("echo pass-word-1 | " + cli + " staff add --db " + db +
                  " --user admin --login clerk --name 王丽 --role clerk")
              .code == 0);
  const Output intake = run("case intake --db " + db +
                            " --user clerk --item 最低生活保障审核确认 --applicant 张建国 "
                            "--id 440524188001010014 --material M05=tolerated");
  REQUIRE(intake.code == 0);
  std::string no = intake.out;
  while (!no.empty() && std::isspace(static_cast<unsigned char>(no.back()))) no.pop_back();
  no = no.substr(no.rfind('\n') == std::string::npos ? 0 : no.rfind('\n') + 1);

  const std::string receipt = dir.File("receipt.pdf");
  const Output r = run("print --db " + db + " --case " + no + " --kind receipt --out " + receipt);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("受理回执"));
  const std::string text = PdfText(receipt);
  CHECK_THAT(text, Catch::Contains("受理回执"));
  CHECK_THAT(text, Catch::Contains(no));
  CHECK_THAT(text, Catch::Contains("4405**********0014"));
  CHECK_THAT(text, Catch::Contains("金溪村便民服务站"));
  // Who wrote a case's document, and as which file, is on the audit trail; nobody
  // signed in writes none.
  const Output trail = run("audit list --db " + db);
  CHECK_THAT(trail.out, Catch::Contains("admin") && Catch::Contains("receipt → receipt.pdf"));
  const Output anonymous = Capture(std::string(test::kEnglish) + "TONGBAN_PASSWORD=pass-word-1 " +
                                   TONGBAN_CLI + " print --db " + db + " --case " + no +
                                   " --kind receipt --out " + dir.File("anonymous.pdf") + " </dev/null");
  CHECK(anonymous.code == 5);
  CHECK_FALSE(std::filesystem::exists(dir.File("anonymous.pdf")));

  const std::string notice = dir.File("notice.pdf");
  REQUIRE(run("print --db " + db + " --case " + no + " --kind notice --out " + notice).code == 0);
  CHECK_THAT(PdfText(notice), Catch::Contains("家庭成员收入证明"));
  const std::string item = dir.File("item.pdf");
  REQUIRE(run("print --db " + db + " --item 高龄津贴申领 --kind notice --have M01 --out " + item)
              .code == 0);
  CHECK_THAT(PdfText(item), Catch::Contains("高龄津贴申领"));

  const std::string refusal = dir.File("refusal.pdf");
  const Output never =
      run("print --db " + db + " --case " + no + " --kind non-acceptance --out " + refusal);
  CHECK(never.code == 6);
  CHECK_THAT(never.out, Catch::StartsWith("error: ") && Catch::Contains("was not refused"));
  CHECK(std::count(never.out.begin(), never.out.end(), '\n') == 1);
  CHECK_FALSE(fs::exists(refusal));

  // A machine without a Chinese font would print empty boxes; the command refuses instead.
  std::ofstream(dir.File("fonts.conf"))
      << "<?xml version=\"1.0\"?><fontconfig><dir>" << dir.File("no-fonts") << "</dir><cachedir>"
      << dir.File("font-cache") << "</cachedir></fontconfig>\n";
  const std::string boxes = dir.File("boxes.pdf");
  const Output no_font =
      Capture("FONTCONFIG_FILE=" + dir.File("fonts.conf") + " " + cli + " print --db " + db +
              " --case " + no + " --kind receipt --out " + boxes + " </dev/null");
  CHECK(no_font.code == 6);
  CHECK_THAT(no_font.out, Catch::Contains("no font with Chinese characters"));
  CHECK_FALSE(fs::exists(boxes));

  const Output nowhere =
      run("print --db " + db + " --case " + no + " --kind receipt --out " + dir.File("x/y.pdf"));
  CHECK(nowhere.code == 10);
  CHECK_THAT(nowhere.out, Catch::Contains("folder does not exist"));
  CHECK(run("print --db " + db + " --case " + no + " --kind letter --out " + receipt).code == 3);
  CHECK(run("print --db " + db + " --item 高龄津贴申领 --kind receipt --out " + receipt).code == 3);
  CHECK(run("print --db " + db + " --case QS-JX01-20000101-0001 --kind receipt --out " + receipt)
            .code == 4);
}
