// Scans end to end: a real hub process, nodes on real SQLite files, real HTTP. Content
// goes apart from records, in chunks, only to the nodes that need it, never twice, checked
// on arrival; by USB bundle as well as by network.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "e2e_support.h"
#include "fault_proxy.h"
#include "tongban/node/store/node_bundle.h"
#include "tongban/node/store/scan_store.h"
#include "tongban/sync/bundle.h"
#include "tongban/sync/compression.h"
#include "tongban/sync/curl_transport.h"
#include "tongban/sync/scan_transfer.h"
#include "tongban/sync/sqlite.h"

using namespace tongban;
using namespace tongban::test;
using nlohmann::json;

namespace {

constexpr const char* kElderly = "高龄津贴申领";  // processed by the township center (@township)
constexpr const char* kDisability = "困难残疾人生活补贴和重度残疾人护理补贴";  // county office C-MZ

// Bytes that start like a JPEG and do not compress (as a real photo does not).
std::string FakeScan(std::size_t size, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::string s(size, '\0');
  for (auto& c : s) c = static_cast<char>(rng());
  s.replace(0, 4, "\xFF\xD8\xFF\xE0");
  return s;
}

std::string Write(const TempDir& dir, const std::string& name, const std::string& bytes) {
  std::ofstream(dir.File(name), std::ios::binary) << bytes;
  return dir.File(name);
}

// The `tongban` binary, as a clerk's script runs it, logged in as the clerk.
CliRun Cli(const TempDir& dir, const std::string& args,
           const std::string& env = "TONGBAN_PASSWORD=clerk-password") {
  return RunCli(dir, args, env);
}

node::RoundSummary Round(Node& n) {
  auto r = n.sync().RunRound();
  INFO(n.store().identity().code << ": " << r.status().message());
  REQUIRE(r.ok());
  return *r;
}

node::AttachResult Attach(Node& n, const node::Session& by, const std::string& case_no,
                          const std::string& material, const std::string& bytes) {
  auto r = n.sync().scans().AttachBytes(by, case_no, material, bytes, "scan.jpg");
  INFO(r.status().message());
  REQUIRE(r.ok());
  return *r;
}

// A raw request with a node's credentials.
sync::HttpResponse Raw(Hub& hub, Node& node, const std::string& method, const std::string& target,
                       const std::string& body = "",
                       const std::map<std::string, std::string>& headers = {}) {
  auto t = sync::CurlTransport::Create({hub.url()});
  REQUIRE(t.ok());
  sync::HttpRequest req;
  req.method = method;
  req.target = target;
  req.headers = headers;
  req.headers["authorization"] = "Bearer " + node.Secret();
  req.headers["x-tongban-node"] = node.store().identity().code;
  req.body = body;
  node.Sign(req);
  auto r = (*t)->Send(req);
  REQUIRE(r.ok());
  return *r;
}

// One chunk as ScanTransfer sends it, with the digest of `digest_of` (normally the chunk).
sync::HttpResponse RawChunk(Hub& hub, Node& node, const std::string& sha, std::uint64_t size,
                            std::uint64_t offset, const std::string& chunk,
                            const std::string& digest_of, const std::string& type = "image/jpeg") {
  return Raw(hub, node, "POST", "/v1/scans/" + sha + "?offset=" + std::to_string(offset), chunk,
             {{"x-tongban-scan-size", std::to_string(size)},
              {"x-tongban-scan-type", type},
              {"x-tongban-chunk-sha256", sync::Sha256::Hex(digest_of)}});
}

long long Metric(Hub& hub, const std::string& name) {
  auto t = sync::CurlTransport::Create({hub.url()});
  REQUIRE(t.ok());
  auto r = (*t)->Send(sync::HttpRequest{
      "GET", "/metrics", {{"authorization", "Bearer " + hub.AdminToken()}}, "", ""});
  REQUIRE(r.ok());
  std::istringstream in(r->body);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(name + " ", 0) == 0) return std::stoll(line.substr(name.size() + 1));
  FAIL("no metric " << name);
  return -1;
}

std::uint64_t Chunks(std::size_t bytes) {
  return (bytes + sync::kScanChunkBytes - 1) / sync::kScanChunkBytes;
}

}  // namespace

TEST_CASE("a scan attached at a station reaches its processing office and no other node",
          "[scans]") {
  Hub hub;
  Node station(hub, "QS-JX01");
  Node township(hub, "QS-JX", "township", "");
  Node other(hub, "QS-JX02");
  const std::string no = station.Receive(kElderly);
  const std::string bytes = FakeScan(1'100'000, 1);
  const auto scan = Attach(station, station.clerk, no, "M02", bytes);

  auto up = Round(station);
  CHECK(up.records.pushed >= 2);
  CHECK(up.scans.uploaded == 1);
  CHECK(up.scans.bytes_sent == bytes.size());
  auto down = Round(township);
  CHECK(down.scans.downloaded == 1);
  CHECK(down.scans.bytes_received == bytes.size());

  // The office's clerk exports it with the CLI: the very bytes attached at the station.
  TempDir files;
  const auto out = files.File("exported.jpg");
  auto exported = Cli(files, "scan export --db " + township.store().database().path() +
                                 " --user clerk --sha " + scan.scan.sha256 + " --out " + out);
  INFO(exported.err);
  REQUIRE(exported.code == 0);
  CHECK(Slurp(out) == bytes);
  auto listed = Cli(files, "scan list --db " + township.store().database().path() + " --case " +
                               no + " --json");
  REQUIRE(listed.code == 0);
  const auto list = json::parse(listed.out);
  REQUIRE(list.size() == 1);
  CHECK(list[0]["material"] == "M02");
  CHECK(list[0]["held"] == true);

  // An unrelated station has nothing to fetch, and the hub refuses it outright.
  CHECK(Round(other).scans.downloaded == 0);
  auto refused = other.sync().scan_transfer().Remote(scan.scan.sha256);
  CHECK(refused.status().code() == ErrorCode::kPermissionDenied);
  CHECK_THAT(refused.status().message(), Catch::Contains("no case in the scope of node QS-JX02"));
  CHECK(Raw(hub, other, "GET", "/v1/scans/" + scan.scan.sha256 + "?offset=0").status == 403);

  // The office attaches a scan too: it goes to the hub, but the receiving station,
  // which holds the case, does not fetch it.
  const std::string office_bytes = FakeScan(300'000, 2);
  const auto office_scan = Attach(township, township.proc, no, "M04", office_bytes);
  CHECK(Round(township).scans.uploaded == 1);
  auto back = Round(station);
  CHECK(back.records.pulled >= 2);
  CHECK(back.scans.downloaded == 0);
  auto at_station = station.sync().scans().List(no);
  REQUIRE(at_station->size() == 2);
  CHECK(at_station->at(1).sha256 == office_scan.scan.sha256);
  CHECK_FALSE(at_station->at(1).held);

  // Nothing travels twice: every chunk was stored once, later rounds move nothing.
  auto again = Round(township);
  CHECK(again.scans.uploaded + again.scans.downloaded + again.scans.chunks_sent == 0);
  CHECK(Metric(hub, "tongban_scan_chunks_stored_total") ==
        static_cast<long long>(Chunks(bytes.size()) + Chunks(office_bytes.size())));
  CHECK(Metric(hub, "tongban_scan_chunks_replayed_total") == 0);
  CHECK(Metric(hub, "tongban_scans_completed_total") == 2);
}

TEST_CASE("an upload cut in the middle resumes and sends each chunk once", "[scans]") {
  Hub hub;
  Node station(hub, "QS-JX01");
  FaultProxy proxy("127.0.0.1", static_cast<std::uint16_t>(hub.process().port()));
  station.Reconnect("http://127.0.0.1:" + std::to_string(proxy.port()), 5);
  const std::string no = station.Receive(kElderly);
  const std::string bytes = FakeScan(3u << 20, 3);  // 12 chunks
  const auto scan = Attach(station, station.clerk, no, "M01", bytes);
  sync::SyncSummary records;
  REQUIRE(station.sync().client().Push(records, {}).ok());

  // The link drops halfway through the upload (inside a chunk) and stays down: libcurl's
  // own retry of the cut request on a fresh connection is refused too.
  proxy.CloseAll();
  proxy.SetPlan({Fault::kDropAfter, 1'500'000, {}, 1});
  const std::size_t up_before = proxy.bytes_up();
  sync::ScanTransferSummary first;
  const Status cut = station.sync().scan_transfer().UploadAll(first, [&](const sync::SyncProgress& p) {
    if (p.done >= 1'000'000) proxy.SetPlan({Fault::kRefuse});
  });
  INFO(cut.message());
  CHECK(cut.code() == ErrorCode::kUnavailable);
  CHECK(first.uploaded == 0);
  const long long stored_at_cut = Metric(hub, "tongban_scan_chunks_stored_total");
  CHECK(stored_at_cut >= 4);
  CHECK(stored_at_cut <= 6);

  // The link is back; the next pass starts where the hub stands.
  proxy.SetPlan({});
  CHECK_FALSE(station.sync().scan_transfer().Remote(scan.scan.sha256)->complete);
  sync::ScanTransferSummary second;
  REQUIRE(station.sync().scan_transfer().UploadAll(second).ok());
  CHECK(second.uploaded == 1);
  CHECK(first.bytes_sent + second.bytes_sent == bytes.size());
  CHECK(Metric(hub, "tongban_scan_chunks_stored_total") == static_cast<long long>(Chunks(bytes.size())));
  CHECK(Metric(hub, "tongban_scan_chunks_replayed_total") == 0);
  CHECK(Metric(hub, "tongban_scans_completed_total") == 1);
  // On the wire: the content, the part of one chunk cut in flight, and the HTTP headers.
  CHECK(proxy.bytes_up() - up_before <= bytes.size() + sync::kScanChunkBytes + 16 * 1024);
  CHECK(station.sync().scans().PendingUploads()->empty());
}

TEST_CASE("damaged chunks and damaged scans are refused and never marked complete", "[scans]") {
  Hub hub;
  Node station(hub, "QS-JX01");
  FaultProxy proxy("127.0.0.1", static_cast<std::uint16_t>(hub.process().port()));
  station.Reconnect("http://127.0.0.1:" + std::to_string(proxy.port()), 5);
  const std::string no = station.Receive(kElderly);
  const std::string bytes = FakeScan(600'000, 4);
  const auto scan = Attach(station, station.clerk, no, "M01", bytes);
  const std::string& sha = scan.scan.sha256;
  sync::SyncSummary records;
  REQUIRE(station.sync().client().Push(records, {}).ok());

  // A byte flipped on the way inside the first chunk: the node's signature no longer holds,
  // and the hub refuses the chunk before looking at it.
  proxy.CloseAll();
  proxy.SetPlan({Fault::kFlipRequest, 100'000, {}, 1});
  sync::ScanTransferSummary flipped;
  REQUIRE(station.sync().scan_transfer().UploadAll(flipped).ok());
  CHECK(flipped.uploaded == 0);
  CHECK(flipped.refused == 1);
  REQUIRE(flipped.errors.size() == 1);
  CHECK_THAT(flipped.errors[0], Catch::Contains("altered on the way"));
  auto remote = station.sync().scan_transfer().Remote(sha);
  REQUIRE(remote.ok());
  CHECK(remote->held == 0);
  CHECK_FALSE(remote->complete);
  CHECK_FALSE(station.sync().scans().PendingUploads()->empty());

  // Other bytes under this address, each chunk intact: the last one finds the whole wrong.
  const std::string wrong = FakeScan(bytes.size(), 5);
  const std::size_t half = sync::kScanChunkBytes;
  auto r1 = RawChunk(hub, station, sha, wrong.size(), 0, wrong.substr(0, half), wrong.substr(0, half));
  REQUIRE(r1.status == 200);
  CHECK(json::parse(r1.body)["held"] == half);
  // The same chunk again (a replay) is answered with what the hub holds and stored nowhere.
  auto replay = RawChunk(hub, station, sha, wrong.size(), 0, wrong.substr(0, half), wrong.substr(0, half));
  CHECK(json::parse(replay.body)["held"] == half);
  CHECK(Metric(hub, "tongban_scan_chunks_replayed_total") == 1);
  auto r2 = RawChunk(hub, station, sha, wrong.size(), half, wrong.substr(half), wrong.substr(half));
  CHECK(r2.status == 422);
  CHECK_THAT(r2.body, Catch::Contains("does not match its SHA-256"));
  remote = station.sync().scan_transfer().Remote(sha);
  CHECK(remote->held == 0);
  CHECK_FALSE(remote->complete);
  CHECK(Metric(hub, "tongban_scans_refused_total") == 1);

  // The real content then goes through, and the office gets exactly it.
  proxy.SetPlan({});
  sync::ScanTransferSummary good;
  REQUIRE(station.sync().scan_transfer().UploadAll(good).ok());
  CHECK(good.uploaded == 1);
  CHECK(station.sync().scan_transfer().Remote(sha)->complete);
  Node township(hub, "QS-JX", "township", "");
  CHECK(Round(township).scans.downloaded == 1);
  CHECK(*township.sync().scans().Content(sha) == bytes);
}

TEST_CASE("oversize and foreign types are refused with one clear line", "[scans]") {
  Hub hub;
  Node station(hub, "QS-JX01");
  const std::string no = station.Receive(kElderly);
  TempDir files;
  const std::string db = station.store().database().path();
  struct Row {
    std::string file;
    std::string material;
    const char* says;
  };
  const Row rows[] = {
      {Write(files, "big.jpg", FakeScan((20u << 20) + 1, 6)), "M01", "a scan may have at most 20 MiB"},
      {Write(files, "notes.jpg", "meeting notes, not a scan"), "M01",
       "notes.jpg is not a JPEG, PNG or PDF file"},
      {Write(files, "ok.jpg", FakeScan(1000, 7)), "M77", "material 'M77' is not part of case"},
  };
  for (const auto& row : rows) {
    auto run = Cli(files, "scan attach --db " + db + " --user clerk --case " + no + " --material " +
                              row.material + " " + row.file);
    INFO(row.file << ": " << run.err);
    CHECK(run.code == 3);
    CHECK_THAT(run.err, Catch::Contains(row.says));
    CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
  }
  CHECK(station.sync().scans().List(no)->empty());

  // The hub checks the same limits whatever a client declares.
  const auto scan = Attach(station, station.clerk, no, "M01", FakeScan(5000, 8));
  Round(station);
  const std::string chunk = "\xFF\xD8\xFF\xE0 chunk";
  auto too_big = RawChunk(hub, station, scan.scan.sha256, (20u << 20) + 1, 0, chunk, chunk);
  CHECK(too_big.status == 413);
  CHECK_THAT(too_big.body, Catch::Contains("at most 20 MiB"));
  auto gif = RawChunk(hub, station, scan.scan.sha256, 5000, 0, chunk, chunk, "image/gif");
  CHECK(gif.status == 400);
  CHECK_THAT(gif.body, Catch::Contains("is not accepted"));
  auto not_an_address = Raw(hub, station, "GET", "/v1/scans/abc");
  CHECK(not_an_address.status == 400);
}

TEST_CASE("bundles carry scans from a field node to the hub and on to the office", "[scans]") {
  Hub hub;
  Node laptop(hub, "QS-FD01", "field", "");
  Node office(hub, "C-MZ", "county-office", "");
  // At a door, no link: a case for the county office, with a scan of the ID card.
  const std::string no = laptop.Receive(kDisability, "村民");
  REQUIRE(laptop.store().GetCase(no)->processing_office == "C-MZ");
  const std::string bytes = FakeScan(2'000'000, 9);
  const auto scan = Attach(laptop, laptop.clerk, no, "M01", bytes);
  TempDir stick;
  const auto out = stick.File("qs-fd01.bundle");
  auto exported = node::ExportBundle(laptop.store(), out);
  REQUIRE(exported.ok());
  CHECK(exported->scans == 1);

  auto text = hub.Admin("bundle import", out + " --json");
  auto imported = json::parse(text);
  CHECK(imported["scans_stored"] == 1);
  CHECK(imported["scans_refused"].empty());
  auto reply = node::ImportReplyBundle(laptop.store(), out + ".reply");
  REQUIRE(reply.ok());
  CHECK(reply->scans_confirmed == 1);
  CHECK(laptop.sync().scans().PendingUploads()->empty());
  CHECK(laptop.sync().scans().List(no)->at(0).at_hub);
  // The next bundle does not carry it again.
  CHECK(node::ExportBundle(laptop.store(), stick.File("again.bundle"))->scans == 0);

  // The office has no link either: its reply brings the case, its records and the scan.
  const auto office_out = stick.File("c-mz.bundle");
  REQUIRE(node::ExportBundle(office.store(), office_out).ok());
  auto office_import = json::parse(hub.Admin("bundle import", office_out + " --json"));
  CHECK(office_import["reply_scans"] == 1);
  auto office_reply = node::ImportReplyBundle(office.store(), office_out + ".reply");
  REQUIRE(office_reply.ok());
  CHECK(office_reply->scans_received == 1);
  CHECK(*office.sync().scans().Content(scan.scan.sha256) == bytes);
  REQUIRE(node::ImportReplyBundle(office.store(), office_out + ".reply").ok());  // again: no change
  CHECK(office.sync().scans().PendingDownloads()->empty());
}

TEST_CASE("a bundle with a cut, altered or mismatched scan is refused whole", "[scans]") {
  Hub hub;
  Node laptop(hub, "QS-FD01", "field", "");
  const std::string no = laptop.Receive(kDisability, "村民");
  const std::string bytes = FakeScan(500'000, 10);
  const auto scan = Attach(laptop, laptop.clerk, no, "M01", bytes);
  TempDir stick;
  const auto good = stick.File("good.bundle");
  REQUIRE(node::ExportBundle(laptop.store(), good).ok());
  const std::string whole = Slurp(good);
  const auto before = json::parse(hub.Admin("status", "--json"));

  std::string altered = whole;
  altered[whole.size() / 2] ^= 0x20;
  int code = 0;
  CHECK_THAT(hub.Admin("bundle import", Write(stick, "cut.bundle", whole.substr(0, whole.size() - 1000)), &code),
             Catch::Contains("cut short"));
  CHECK(code == 9);
  CHECK_THAT(hub.Admin("bundle import", Write(stick, "altered.bundle", altered), &code),
             Catch::Contains("altered"));
  CHECK(code == 5);

  // Signed with the node's own key, but the scan's bytes are not the ones its address names.
  std::string damaged = bytes;
  damaged[1000] ^= 0x01;
  const sync::BundleHeader header{sync::BundleKind::kChanges, "QS-FD01",
                                  node::kReplicationSchemaVersion, 0, 0};
  const auto mismatched = stick.File("mismatched.bundle");
  {
    auto signer = node::NodeSigningKey(laptop.store());
    REQUIRE(signer.ok());
    auto w = sync::BundleWriter::Create(mismatched, header, sync::BundleKey(laptop.Secret()), &*signer);
    REQUIRE(w.ok());
    REQUIRE(*(*w)->Add(sync::PushRequest{node::kReplicationSchemaVersion, "QS-FD01", 0,
                                         *laptop.store().ReadChanges(0, 1000)}));
    REQUIRE(*(*w)->Add(sync::BundleScan{scan.scan.sha256, "image/jpeg", damaged}));
    REQUIRE((*w)->Finish().ok());
  }
  CHECK_THAT(hub.Admin("bundle import", mismatched, &code), Catch::Contains("is damaged"));
  CHECK(code == 9);

  // Nothing of any of them was applied: no records, no scan.
  CHECK(json::parse(hub.Admin("status", "--json"))["log_seq"] == before["log_seq"]);
  CHECK(laptop.sync().scan_transfer().Remote(scan.scan.sha256).status().code() ==
        ErrorCode::kPermissionDenied);
}
