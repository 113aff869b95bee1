// A station store on a real SQLite file with the sample catalog and staff of
// every role, on a hand-driven clock (2026-02-12 09:30 China time).
#pragma once

#include <catch2/catch.hpp>

#include "test_support.h"
#include "tongban/node/store/node_store.h"
#include "tongban/sync/wire.h"

namespace tongban::test {

inline constexpr const char* kPensionEnrol = "城乡居民基本养老保险参保登记";  // 即办, @township
inline constexpr const char* kDibao = "最低生活保障审核确认";  // 12 workdays, @township, M05 tolerable
inline constexpr const char* kSoleProprietorChange = "个体工商户变更登记";  // C-SJ, M04 commitment
inline constexpr const char* kResidencePermit = "居住证申领";  // in person only
inline constexpr const char* kElderly = "高龄津贴申领";      // 5 workdays, @township

struct StoreFixture {
  explicit StoreFixture(node::NodeKind kind = node::NodeKind::kStation,
                        std::string code = "QS-JX01", std::string township = "QS-JX")
      : clock(*node::ParseLocalDateTime("2026-02-12 09:30")) {
    path = dir.File("station.db");
    auto created = node::NodeStore::Create(path, {code, "金溪村便民服务站", kind, township},
                                           "admin", "admin-password", clock);
    REQUIRE(created.ok());
    store = std::move(created).value();
    admin = *store->Login("admin", "admin-password");
    REQUIRE(store->AddStaff(admin, "clerk", "王丽", node::Role::kClerk, "clerk-password").ok());
    REQUIRE(store->AddStaff(admin, "proc", "李强", node::Role::kProcessor, "proc-password").ok());
    clerk = *store->Login("clerk", "clerk-password");
    processor = *store->Login("proc", "proc-password");
    auto catalog = node::ParseCatalog(node::SampleCatalogJson());
    REQUIRE(catalog.ok());
    REQUIRE(store->ImportCatalog(admin, *catalog).ok());
  }

  node::IntakeRequest Request(const char* item, const char* id = "11010519491231002X") {
    node::IntakeRequest r;
    r.item_code = item;
    r.applicant_name = "张建国";
    r.applicant_id = id;
    return r;
  }

  std::int64_t ChangeCount() { return store->Stats()->changes; }

  TempDir dir;
  FakeWallClock clock;
  std::string path;
  std::unique_ptr<node::NodeStore> store;
  node::Session admin, clerk, processor;
};

// The changes of `store` after `seq`, in log order.
inline std::vector<sync::Change> ChangesAfter(node::NodeStore& store, std::int64_t seq) {
  auto r = store.ReadChanges(seq, 1000);
  REQUIRE(r.ok());
  return *r;
}

// The field `column` of a change, null when it has none.
inline const sync::FieldChange* FieldOf(const sync::Change& c, const std::string& column) {
  for (const auto& f : c.fields)
    if (f.column == column) return &f;
  return nullptr;
}

// A pull reply carrying one record written by `author`, as the hub sends it: every field
// at the record's version `at`.
inline sync::PullReply PullOf(const std::string& table, const sync::RowId& row,
                              const std::string& author, sync::Hlc at,
                              const std::vector<std::pair<std::string, nlohmann::json>>& fields) {
  sync::Change c;
  c.seq = 1;
  c.hlc = at;
  c.node = author;
  c.user = "admin";
  c.table = table;
  c.row = row;
  for (const auto& [column, value] : fields) c.fields.push_back({column, value, at});
  sync::PullReply pull;
  pull.changes.push_back(std::move(c));
  pull.cursor = 1;
  return pull;
}

}  // namespace tongban::test
