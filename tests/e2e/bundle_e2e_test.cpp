// A field laptop offline for a week syncs by USB stick: bundle out, reply back.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "e2e_support.h"
#include "tongban/node/domain/replication_schema.h"
#include "tongban/node/store/node_bundle.h"
#include "tongban/sync/bundle.h"
#include "tongban/sync/compression.h"
#include "tongban/sync/sqlite.h"

using namespace tongban;
using namespace tongban::test;
using nlohmann::json;

namespace {
constexpr const char* kPensionItem = "城乡居民基本养老保险参保登记";  // 即办, @township
}  // namespace

TEST_CASE("a field laptop offline for a week syncs by bundle, idempotently") {
  Hub hub;
  Node laptop(hub, "QS-FD01", "field", "");
  Node township(hub, "QS-JX", "township", "");
  // A week of door visits, no network: cases received at the door.
  std::vector<std::string> cases;
  for (int day = 0; day < 7; ++day)
    for (int i = 0; i < 3; ++i) cases.push_back(laptop.Receive("城乡居民基本养老保险参保登记", "村民"));
  TempDir stick;
  const auto out = stick.File("qs-fd01.bundle");
  auto exported = node::ExportBundle(laptop.store(), out);
  REQUIRE(exported.ok());
  CHECK(exported->changes == 21 * 3);

  // At the township center the stick goes into the hub's machine.
  int code = 0;
  auto text = hub.Admin("bundle import", out + " --json", &code);
  INFO(text);
  REQUIRE(code == 0);
  auto summary = json::parse(text);
  CHECK(summary["applied"] == 63);
  // The same bundle again: nothing applied twice.
  summary = json::parse(hub.Admin("bundle import", out + " --json"));
  CHECK(summary["applied"] == 0);
  CHECK(summary["duplicates"] == 63);

  auto back = node::ImportReplyBundle(laptop.store(), out + ".reply");
  REQUIRE(back.ok());
  CHECK(back->acked_seq == laptop.sync().replica().State()->last_seq);
  CHECK(node::ImportReplyBundle(laptop.store(), out + ".reply").ok());  // again: no change
  CHECK(laptop.sync().replica().GetStatus()->queue_depth == 0);
  CHECK(laptop.Digest() == laptop.HubDigest());
}

TEST_CASE("truncated, altered and foreign bundles are refused whole") {
  Hub hub;
  Node laptop(hub, "QS-FD01", "field", "");
  Node other(hub, "QS-FD02", "field", "");
  laptop.Receive("城乡居民基本养老保险参保登记");
  TempDir stick;
  const auto good = stick.File("good.bundle");
  REQUIRE(node::ExportBundle(laptop.store(), good).ok());
  const std::string bytes = Slurp(good);
  auto write = [&](const std::string& name, const std::string& b) {
    std::ofstream(stick.File(name), std::ios::binary) << b;
    return stick.File(name);
  };
  struct Row {
    std::string file;
    int code;
    const char* says;
  };
  std::string altered = bytes;
  altered[altered.size() / 2] ^= 0x20;
  const Row rows[] = {
      {write("cut.bundle", bytes.substr(0, bytes.size() - 100)), 9, "cut short"},
      {write("altered.bundle", altered), 5, "altered"},
      {write("junk.bundle", "hello"), 9, "not a Tongban bundle"},
  };
  const auto before = json::parse(hub.Admin("status", "--json"));
  for (const auto& row : rows) {
    INFO(row.file);
    int code = 0;
    const auto text = hub.Admin("bundle import", row.file, &code);
    CHECK(code == row.code);
    CHECK_THAT(text, Catch::Contains(row.says));
  }
  // A bundle signed by another node's key does not pass as this one's.
  REQUIRE(node::ExportBundle(other.store(), stick.File("other.bundle")).ok());
  std::string forged = Slurp(stick.File("other.bundle"));
  const auto at = forged.find("QS-FD02");
  REQUIRE(at != std::string::npos);
  forged.replace(at, 7, "QS-FD01");
  int code = 0;
  CHECK_THAT(hub.Admin("bundle import", write("forged.bundle", forged), &code),
             Catch::Contains("does not come from node QS-FD01"));
  CHECK(code == 5);
  // Whoever holds a copy of the hub's data holds the laptop's MAC key (the hash of its
  // secret) and can write a bundle with it; without the laptop's private key it is refused.
  const sync::BundleHeader header{sync::BundleKind::kChanges, "QS-FD01", node::kReplicationSchemaVersion,
                                  0, 0};
  const std::int64_t acked = laptop.sync().replica().State()->acked_seq;
  const auto intruder = sync::Sm2Key::Generate();
  for (const sync::Sm2Key* signer : {static_cast<const sync::Sm2Key*>(nullptr), &*intruder}) {
    const std::string path = stick.File(signer ? "intruder.bundle" : "unsigned.bundle");
    auto w = sync::BundleWriter::Create(path, header, sync::BundleKey(laptop.Secret()), signer);
    REQUIRE(w.ok());
    REQUIRE(*(*w)->Add(sync::PushRequest{node::kReplicationSchemaVersion, "QS-FD01", acked,
                                         *laptop.store().ReadChanges(acked, 1000)}));
    REQUIRE((*w)->Finish().ok());
    const auto text = hub.Admin("bundle import", path, &code);
    CHECK_THAT(text, Catch::Contains(signer ? "does not come from node QS-FD01" : "is not signed"));
    CHECK(code == 5);
  }
  CHECK(json::parse(hub.Admin("status", "--json"))["log_seq"] == before["log_seq"]);

}

TEST_CASE("a revoked laptop's bundle is taken, and the reply orders the laptop erased") {
  Hub hub;
  Node laptop(hub, "QS-FD01", "field", "");
  laptop.Receive(kPensionItem, "村民");
  hub.Admin("station revoke", "--code QS-FD01");
  TempDir stick;
  const auto out = stick.File("qs-fd01.bundle");
  REQUIRE(node::ExportBundle(laptop.store(), out).ok());
  const auto records_before = json::parse(hub.Admin("status", "--json"))["records"].get<int>();
  const auto summary = json::parse(hub.Admin("bundle import", out + " --json"));
  CHECK(summary["applied"] == 3);  // what it holds is taken
  CHECK(summary["wipe"] == true);
  CHECK(json::parse(hub.Admin("status", "--json"))["records"].get<int>() == records_before + 3);
  CHECK(sync::PeekBundle(out + ".reply")->wipe);
  auto back = node::ImportReplyBundle(laptop.store(), out + ".reply");
  CHECK(node::IsWipeOrder(back.status()));

  // Told once: a later bundle gives nothing more, and its reply says the same.
  laptop.Receive(kPensionItem, "村民");
  REQUIRE(node::ExportBundle(laptop.store(), stick.File("again.bundle")).ok());
  const auto again = json::parse(hub.Admin("bundle import", stick.File("again.bundle") + " --json"));
  CHECK(again["applied"] == 0);
  CHECK(again["wipe"] == true);
  CHECK(json::parse(hub.Admin("status", "--json"))["records"].get<int>() == records_before + 3);
}

TEST_CASE("a field laptop whose clock runs a year ahead is told on both sides and its cases arrive by the next stick") {
  Hub hub;
  FakeWallClock clock(sync::SystemWallClock::Instance().NowMillis());
  Node laptop(hub, "QS-FD01", "field", "QS-JX", {}, clock);
  Node township(hub, "QS-JX", "township", "");
  clock.Advance(365LL * 86'400'000);  // the laptop's battery went flat, the clock jumped
  const std::string no = laptop.Receive(kPensionItem, "村民");
  TempDir stick;
  const auto out = stick.File("qs-fd01.bundle");
  REQUIRE(node::ExportBundle(laptop.store(), out).ok());

  // The hub holds it and says so, in the admin's language (Chinese unless asked otherwise).
  int code = 0;
  const std::string said = hub.Admin("bundle import", out, &code, "zh_CN.UTF-8");
  INFO(said);
  REQUIRE(code == 0);
  CHECK_THAT(said, Catch::Contains("被中心暂缓") && Catch::Contains("快 364 天"));
  // The laptop reads the same from the reply and re-stamps what waits.
  auto back = node::ImportReplyBundle(laptop.store(), out + ".reply");
  REQUIRE(back.ok());
  REQUIRE(back->held);
  CHECK(back->held->code == "clock_ahead");
  CHECK(back->restamped == 3);
  const auto status = laptop.sync().replica().GetStatus();
  REQUIRE(status->held);
  REQUIRE(status->clock_offset_ms);
  CHECK(*status->clock_offset_ms > 364LL * 86'400'000);

  // The next stick carries the case with fresh stamps: applied, and the township has it.
  REQUIRE(node::ExportBundle(laptop.store(), out).ok());
  auto summary = json::parse(hub.Admin("bundle import", out + " --json"));
  CHECK(summary["applied"] == 3);
  CHECK(summary["held"].is_null());
  REQUIRE(node::ImportReplyBundle(laptop.store(), out + ".reply").ok());
  CHECK_FALSE(laptop.sync().replica().GetStatus()->held);
  CHECK(laptop.sync().replica().GetStatus()->queue_depth == 0);
  REQUIRE(township.Sync().ok());
  CHECK(township.store().GetCase(no).ok());
  CHECK(laptop.Digest() == laptop.HubDigest());
}

TEST_CASE("a laptop with more changes than one page sends them in pages, and the reply comes in pages") {
  Hub hub;
  Node laptop(hub, "QS-FD01", "field", "");
  const std::int64_t acked = laptop.sync().replica().State()->acked_seq;
  for (int i = 0; i < 700; ++i) laptop.Receive(kPensionItem, "村民");
  TempDir stick;
  const auto out = stick.File("qs-fd01.bundle");
  auto exported = node::ExportBundle(laptop.store(), out);
  REQUIRE(exported.ok());
  const std::int64_t last = laptop.sync().replica().State()->last_seq;
  const std::int64_t total = last - acked;
  CHECK(total > 2000);  // more than one page
  CHECK(exported->changes == total);
  CHECK(exported->changes_waiting == 0);
  CHECK(sync::PeekBundle(out)->format == sync::kBundleFormat);

  auto summary = json::parse(hub.Admin("bundle import", out + " --json"));
  CHECK(summary["applied"] == total);
  CHECK(sync::PeekBundle(out + ".reply")->format == sync::kBundleFormat);
  auto back = node::ImportReplyBundle(laptop.store(), out + ".reply");
  REQUIRE(back.ok());
  CHECK(back->acked_seq == last);
  CHECK(laptop.sync().replica().GetStatus()->queue_depth == 0);
  CHECK(laptop.Digest() == laptop.HubDigest());
}

TEST_CASE("a laptop one version behind writes format 2 and reads the hub's reply in format 2") {
  Hub hub;
  Node laptop(hub, "QS-FD01", "field", "");
  laptop.Receive(kPensionItem, "村民");
  laptop.Receive(kPensionItem, "村民");
  // A laptop one version behind enrolled without a key pair: the hub holds none for it.
  {
    auto db = sync::Database::Open(hub.process().data() + "/hub.db");
    REQUIRE(db.ok());
    REQUIRE((*db)->Exec("UPDATE nodes SET public_key = NULL WHERE code = 'QS-FD01'").ok());
    // As a hub upgraded with a node without keys is left: serving it (migration 11).
    REQUIRE((*db)->Exec("UPDATE hub_meta SET value = '0' WHERE key = 'node_keys_required'").ok());
  }
  // What the laptop's older Tongban wrote: one payload, one MAC.
  sync::ChangesPayload old;
  const std::int64_t acked = laptop.sync().replica().State()->acked_seq;
  old.push = {node::kReplicationSchemaVersion, "QS-FD01", acked, *laptop.store().ReadChanges(acked, 1000)};
  const auto& z = sync::Compressor::Shipped();
  const sync::BundleHeader header{sync::BundleKind::kChanges, "QS-FD01", node::kReplicationSchemaVersion,
                                  0, 0, sync::kLegacyBundleFormat};
  TempDir stick;
  const auto out = stick.File("old.bundle");
  std::ofstream(out, std::ios::binary)
      << sync::WriteLegacyBundle(header, z.Compress(sync::EncodeChangesPayload(old), 0),
                                 sync::BundleKey(laptop.Secret()));

  auto summary = json::parse(hub.Admin("bundle import", out + " --json"));
  CHECK(summary["applied"] == static_cast<std::int64_t>(old.push.changes.size()));
  CHECK(sync::PeekBundle(out + ".reply")->format == sync::kLegacyBundleFormat);
  auto back = node::ImportReplyBundle(laptop.store(), out + ".reply");
  REQUIRE(back.ok());
  CHECK(back->acked_seq == old.push.changes.back().seq);
  CHECK(laptop.Digest() == laptop.HubDigest());
}
