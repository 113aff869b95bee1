// HubEngine and the hub's batch loop (Hub::ApplyPush) over an in-memory repository: table tests of the
// policy (both argument orders where two edits meet) and a randomized property
// test that any interleaving of edits, pushes and pulls from several nodes ends
// with the hub and every node holding equal values.
#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <set>

#include "test_support.h"
#include "tongban/central/hub_engine.h"
#include "tongban/central/hub.h"
#include "tongban/central/hub_repository.h"
#include "tongban/node/domain/case_state_machine.h"
#include "tongban/node/domain/status_order.h"

using namespace tongban;
using namespace tongban::central;
using nlohmann::json;
using sync::Hlc;
using sync::RowId;

namespace {

constexpr Millis kNow = 1'780'000'000'000;  // 2026-05-28

// The whole hub in memory: records, log, progress, conflicts. Transactions copy
// the state and put it back unless committed, so a failed batch leaves nothing.
class MemoryRepository final : public HubStorage {
 public:
  struct State {
    std::map<std::pair<std::string, RowId>, HubRecord> records;
    std::vector<LogEntry> log;  // index + 1 = hub sequence
    std::map<std::string, PushProgress> progress;  // with each node's hold
    std::vector<ConflictEntry> conflicts;
    std::set<std::pair<std::string, RowId>> refused;  // rows refused before the hub held them
    Hlc clock = 0;
  } state;

  class Tx final : public RepositoryTransaction {
   public:
    Tx(MemoryRepository& repo) : repo_(repo), saved_(repo.state) {}
    ~Tx() override {
      if (!done_) repo_.state = std::move(saved_);
    }
    Status Commit() override {
      done_ = true;
      return Status::Ok();
    }

   private:
    MemoryRepository& repo_;
    State saved_;
    bool done_ = false;
  };

  Result<std::unique_ptr<RepositoryTransaction>> Begin() override {
    return std::unique_ptr<RepositoryTransaction>(new Tx(*this));
  }
  Result<Hlc> LoadClock() override { return state.clock; }
  Status SaveClock(Hlc last) override {
    state.clock = last;
    return Status::Ok();
  }
  Result<PushProgress> LoadProgress(const std::string& node) override {
    return state.progress[node];
  }
  Status SaveProgress(const std::string& node, const PushProgress& p, int, int, Millis) override {
    state.progress[node] = p;
    return Status::Ok();
  }
  std::optional<NodeHold> Hold(const std::string& node) { return state.progress[node].hold; }
  Result<HubRecord> LoadRecord(const std::string& table, const RowId& row) override {
    auto it = state.records.find({table, row});
    return it == state.records.end() ? HubRecord{} : it->second;
  }
  Result<std::optional<CaseScope>> LoadCaseScope(const RowId& row) override {
    auto it = state.records.find({"cases", row});
    if (it == state.records.end()) return std::optional<CaseScope>();
    return std::optional<CaseScope>(
        CaseScope{it->second.scope_a, it->second.scope_b, it->second.handed_on_by});
  }
  Result<bool> WasRefused(const std::string& table, const RowId& row) override {
    return state.refused.count({table, row}) > 0;
  }
  Status RememberRefusal(const std::string& table, const RowId& row, const std::string&,
                         const std::string&, Millis) override {
    state.refused.insert({table, row});
    return Status::Ok();
  }
  Result<std::vector<HubEngine::Child>> LoadCaseChildren(const RowId& row) override {
    std::vector<HubEngine::Child> out;
    for (const auto& [key, record] : state.records)
      if (key.first != "cases" && record.case_row == row)
        out.push_back({key.first, key.second, record});
    return out;
  }
  Status SaveRecord(const std::string& table, const RowId& row, const HubRecord& r) override {
    state.records[{table, row}] = r;
    return Status::Ok();
  }
  Status AppendLog(const LogEntry& e) override {
    state.log.push_back(e);
    return Status::Ok();
  }
  Status AddConflict(const std::string&, const RowId&, const HubRecord&, const ConflictEntry& c,
                     Millis) override {
    state.conflicts.push_back(c);
    return Status::Ok();
  }
  Status IndexScan(const RowId&, const HubRecord&) override { return Status::Ok(); }
  Result<std::int64_t> CountOpenConflicts(const ScopeFilter&) override {
    return static_cast<std::int64_t>(state.conflicts.size());
  }
  Result<std::vector<sync::ConflictMark>> ListOpenConflictMarks(const ScopeFilter&, int) override {
    return std::vector<sync::ConflictMark>{};
  }
  Status SavePulledCursor(const std::string&, std::int64_t, Millis) override { return Status::Ok(); }
  Status ForEachRecord(const std::string& table, const ScopeFilter*,
                       const RecordVisitor& fn) override {
    const auto records = state.records;
    for (const auto& [key, record] : records)
      if (table.empty() || key.first == table) TB_RETURN_IF_ERROR(fn(key.first, key.second, record));
    return Status::Ok();
  }
  Result<std::vector<LoggedEntry>> ReadLog(const PullQuery& q) override {
    std::vector<LoggedEntry> out;
    for (std::size_t i = static_cast<std::size_t>(q.after); i < state.log.size(); ++i) {
      const LogEntry& e = state.log[i];
      bool to = false;
      for (const auto& n : q.filter.to) to = to || e.scope_a == n || e.scope_b == n;
      if (!to || e.origin == q.filter.not_from) continue;
      out.push_back({static_cast<std::int64_t>(i + 1), e});
      if (static_cast<int>(out.size()) == q.limit + 1) break;
    }
    return out;
  }
  Result<std::int64_t> NewestLogSeq() override { return static_cast<std::int64_t>(state.log.size()); }
  // The inbox itself is the SQLite store's (sqlite_hub_test.cpp); here only its entries.
  Result<std::vector<ConflictRecord>> ListConflicts(bool) override { return Unsupported(); }
  Result<ConflictRecord> GetConflict(std::int64_t) override { return Unsupported(); }
  Status SaveResolution(const ConflictRecord&) override { return Unsupported(); }
  Result<std::vector<CaseScope>> ScanNamedBy(const std::string&) override { return Unsupported(); }
  Result<HubStats> Stats() override { return Unsupported(); }
  Status InsertNode(const NodeInfo&, const std::string&, Millis) override { return Unsupported(); }
  Result<std::optional<NodeCredentials>> LoadCredentials(const std::string&) override {
    return Unsupported();
  }
  Status SaveSecret(const std::string&, const std::string&, Millis) override { return Unsupported(); }
  Status SaveNodeKey(const std::string&, const std::string&) override { return Unsupported(); }
  Status MarkWipeTold(const std::string&, Millis) override { return Unsupported(); }
  Status ReopenEnrollment(const std::string&, const std::string&, bool) override { return Unsupported(); }
  Result<std::optional<sync::Hlc>> LoggedChangeHlc(const std::string&, std::int64_t) override { return Unsupported(); }
  Status SaveNodeReport(const std::string&, const NodeReport&) override { return Unsupported(); }
  Status SaveEscrow(const std::string&, const NodeEscrow&) override { return Unsupported(); }
  Result<std::optional<NodeEscrow>> LoadEscrow(const std::string&) override { return Unsupported(); }
  Status RevokeNode(const std::string&, bool) override { return Unsupported(); }
  Result<std::vector<NodeInfo>> ListNodes() override { return Unsupported(); }
  Result<NodeInfo> GetNode(const std::string&) override { return Unsupported(); }
  Result<std::string> LoadSetting(const std::string&) override { return std::string(); }
  Status SaveSetting(const std::string&, const std::string&) override { return Status::Ok(); }
  Result<ScanContent> LoadScan(const std::string&) override { return Unsupported(); }
  Status StartScan(const std::string&, std::uint64_t, const std::string&, const std::string&,
                   Millis) override {
    return Unsupported();
  }
  Status AppendChunk(const std::string&, std::uint64_t, std::string_view) override {
    return Unsupported();
  }
  Status SaveScanState(const std::string&, std::uint64_t, bool, Millis) override {
    return Unsupported();
  }
  Status DropScan(const std::string&) override { return Unsupported(); }
  Result<std::string> DigestOfHeld(const std::string&) override { return Unsupported(); }
  Result<std::string> ReadScan(const std::string&, std::uint64_t, std::size_t) override {
    return Unsupported();
  }
  Result<std::optional<sync::AuditEntry>> LastAudit(const std::string&) override {
    return Unsupported();
  }
  Status AppendAudit(const std::vector<sync::AuditEntry>&) override { return Unsupported(); }
  Result<std::vector<sync::AuditEntry>> AuditEntries(const std::string&, std::int64_t, int) override {
    return Unsupported();
  }
  Result<std::vector<std::string>> AuditedNodes() override { return Unsupported(); }

 private:
  static Status Unsupported() { return Internal("not kept by the in-memory test repository"); }
};

RowId Row(int n) {
  RowId r;
  r.bytes[0] = 1;
  r.bytes[15] = static_cast<std::uint8_t>(n);
  return r;
}

sync::Change NewCase(std::int64_t seq, Hlc hlc, const std::string& station,
                     const std::string& office, const RowId& row) {
  sync::Change c;
  c.seq = seq;
  c.hlc = hlc;
  c.table = "cases";
  c.row = row;
  c.node = station;
  c.user = "clerk";
  c.fields = {{"case_no", station + "-20260528-0001", 0},
              {"receiving_station", station, 0},
              {"processing_office", office, 0},
              {"status", "received", 0}};
  return c;
}

sync::Change Edit(std::int64_t seq, Hlc hlc, const std::string& node, const RowId& row,
                  const std::string& column, json value, Hlc base) {
  sync::Change c;
  c.seq = seq;
  c.hlc = hlc;
  c.table = "cases";
  c.row = row;
  c.node = node;
  c.user = "u";
  c.fields = {{column, std::move(value), base}};
  return c;
}

Hlc At(Millis ms) { return sync::HybridClock::Make(ms, 0); }

// The hub's application layer over the in-memory repository, and the engine for plans
// made directly (with `time`).
struct Bench {
  test::FakeWallClock wall{kNow};
  node::CaseStatusOrder order;
  HubEngine engine{&order};
  HubTime time{kNow, 0};
  std::unique_ptr<MemoryRepository> owned = std::make_unique<MemoryRepository>();
  MemoryRepository& repo = *owned;
  central::Hub app{std::move(owned), wall};

  sync::PushReply Push(const std::string& node, std::vector<sync::Change> changes) {
    sync::PushRequest req{node::kReplicationSchemaVersion, node, 0, std::move(changes)};
    auto r = app.ApplyPush(node, req, &order);
    REQUIRE(r.ok());
    return *r;
  }
  // The hub's time at `ms` for a plan made directly, after every version stored.
  HubTime& TimeAt(Millis ms) {
    time.now = ms;
    time.Observe(repo.state.clock);
    return time;
  }
  const HubRecord& Record(const RowId& row) { return repo.state.records.at({"cases", row}); }
};

}  // namespace

TEST_CASE("engine: refusals are permanent or held, each with a code") {
  struct Row {
    const char* what;
    sync::Change change;
    Verdict verdict;
    const char* code;
    ParentCase parent = {};  // what the hub knows of the record's case
  };
  const RowId r = ::Row(1);
  sync::Change foreign = NewCase(1, At(kNow), "QS-JX01", "QS-JX", r);
  foreign.node = "QS-JX02";
  sync::Change unknown = NewCase(1, At(kNow), "QS-JX01", "QS-JX", r);
  unknown.table = "gossip";
  sync::Change bad = NewCase(1, At(kNow), "QS-JX01", "QS-JX", r);
  bad.fields.push_back({"status", "banana", 0});
  sync::Change other = NewCase(1, At(kNow), "QS-JX02", "QS-JX", r);
  other.node = "QS-JX01";  // creates a case another station received
  sync::Change catalog = NewCase(1, At(kNow), "QS-JX01", "QS-JX", r);
  catalog.table = "catalog_items";
  catalog.fields = {};
  sync::Change ahead = NewCase(1, At(kNow + 2 * 86'400'000LL), "QS-JX01", "QS-JX", r);
  sync::Change orphan;
  orphan.seq = 1;
  orphan.hlc = At(kNow);
  orphan.table = "case_materials";
  orphan.row = ::Row(9);
  orphan.node = "QS-JX01";
  orphan.user = "clerk";
  orphan.fields = {{"M01", "supplied", 0}};
  const std::vector<Row> rows = {
      {"another author", foreign, Verdict::kRefuse, "foreign_author"},
      {"unknown table", unknown, Verdict::kRefuse, "unknown_table"},
      {"bad status code", bad, Verdict::kRefuse, "invalid_field"},
      {"case of another station", other, Verdict::kRefuse, "out_of_scope"},
      {"hub-published table", catalog, Verdict::kRefuse, "hub_owned"},
      {"clock two days ahead", ahead, Verdict::kHold, "clock_ahead"},
      {"materials of a case not here yet", orphan, Verdict::kHold, "parent_missing"},
      {"materials of a case refused for good", orphan, Verdict::kRefuse, "parent_refused",
       ParentCase{std::nullopt, true}},
      {"materials of a case of another station", orphan, Verdict::kRefuse, "out_of_scope",
       ParentCase{CaseScope{"QS-JX02", "QS-JX", ""}, false}},
  };
  for (const auto& row : rows) {
    INFO(row.what);
    Bench hub;
    auto plan = hub.engine.Plan("QS-JX01", row.change, HubRecord{}, row.parent, hub.TimeAt(kNow));
    CHECK(plan.verdict == row.verdict);
    CHECK(plan.code == row.code);
    CHECK_FALSE(plan.save);
    CHECK(plan.log.empty());
    // A row the hub never held is remembered when refused for good, so its children
    // are refused too; a hold is not a refusal.
    CHECK(plan.remember_refusal == (row.verdict == Verdict::kRefuse));
  }
  // A refused edit of a record the hub holds refuses that edit, not the row.
  Bench hub;
  HubRecord held;
  held.exists = true;
  held.scope_a = "QS-JX01";
  held.scope_b = "QS-JX";
  auto plan = hub.engine.Plan("QS-JX01", bad, held, {}, hub.TimeAt(kNow));
  CHECK(plan.code == "invalid_field");
  CHECK_FALSE(plan.remember_refusal);
}

TEST_CASE("engine: text must be well-formed UTF-8, anything else is invalid_field") {
  struct Row {
    const char* what;
    std::string text;
    bool ok;
  };
  const std::vector<Row> rows = {
      {"ASCII", "Zhang Jianguo", true},
      {"two, three and four bytes", "\xc3\xa9\xe5\xbc\xa0\xf0\xa0\xae\xb7", true},
      {"the last code point", "\xf4\x8f\xbf\xbf", true},
      {"cut in the middle", "\xe5\xbc", false},
      {"a lone continuation byte", "\x80", false},
      {"overlong slash", "\xc0\xaf", false},
      {"overlong three bytes", "\xe0\x80\xaf", false},
      {"a surrogate", "\xed\xa0\x80", false},
      {"past U+10FFFF", "\xf4\x90\x80\x80", false},
      {"a byte never used", "\xff", false},
  };
  for (const auto& row : rows) {
    INFO(row.what);
    Bench hub;
    auto c = NewCase(1, At(kNow), "QS-JX01", "QS-JX", ::Row(1));
    c.fields.push_back({"applicant_name", row.text, 0});
    const auto plan = hub.engine.Plan("QS-JX01", c, HubRecord{}, {}, hub.TimeAt(kNow));
    CHECK((plan.verdict == Verdict::kApply) == row.ok);
    if (!row.ok) {
      CHECK(plan.code == "invalid_field");
      CHECK(plan.args == std::vector<std::string>{"cases", "applicant_name"});
    }
  }
}

TEST_CASE("engine: a held change is not acknowledged, nor anything after it") {
  Bench hub;
  const RowId a = Row(1), b = Row(2);
  auto reply = hub.Push("QS-JX01", {NewCase(1, At(kNow), "QS-JX01", "QS-JX", a),
                                    NewCase(2, At(kNow + 3 * 86'400'000LL), "QS-JX01", "QS-JX", b),
                                    NewCase(3, At(kNow + 1), "QS-JX01", "QS-JX", Row(3))});
  CHECK(reply.acked_seq == 1);
  REQUIRE(reply.held);
  CHECK(reply.held->seq == 2);
  CHECK(reply.held->code == "clock_ahead");
  CHECK(reply.held->args.size() == 3);
  CHECK(reply.hub_ms == kNow);
  CHECK(hub.repo.state.records.size() == 1);
  CHECK(hub.repo.Hold("QS-JX01"));
  // Sent again once re-stamped: applied, and the hold is gone.
  reply = hub.Push("QS-JX01", {NewCase(2, At(kNow + 5), "QS-JX01", "QS-JX", b),
                               NewCase(3, At(kNow + 6), "QS-JX01", "QS-JX", Row(3))});
  CHECK(reply.acked_seq == 3);
  CHECK_FALSE(reply.held);
  CHECK_FALSE(hub.repo.Hold("QS-JX01"));
  // A refused change is acknowledged: the batch goes on past it.
  reply = hub.Push("QS-JX01", {Edit(4, At(kNow + 7), "QS-JX01", a, "status", "banana", 0),
                               Edit(5, At(kNow + 8), "QS-JX01", a, "applicant_phone", "139", 0)});
  CHECK(reply.acked_seq == 5);
  REQUIRE(reply.rejected.size() == 1);
  CHECK(reply.rejected[0].code == "invalid_field");
  CHECK(reply.rejected[0].args == std::vector<std::string>{"cases", "status"});
}

TEST_CASE("engine: a hold keeps its since until its change is acknowledged") {
  // Each row: the hold a node had, where its acknowledged changes end after a batch,
  // what the batch held, and the hold the admin must see afterwards.
  struct Row {
    const char* what;
    std::optional<NodeHold> current;
    std::int64_t acked;
    std::optional<sync::Held> held;
    std::optional<NodeHold> expected;
  };
  constexpr Millis kFirst = kNow - 86'400'000;  // held since yesterday
  const NodeHold old{5, "clock_ahead", kFirst};
  const sync::Held clock{5, "clock_ahead", {}, ""};
  const sync::Held parent{5, "parent_missing", {"case_events"}, ""};
  const sync::Held later{9, "parent_missing", {"case_events"}, ""};
  const std::vector<Row> rows = {
      {"nothing held, before or now", std::nullopt, 4, std::nullopt, std::nullopt},
      {"a first hold starts now", std::nullopt, 4, clock, NodeHold{5, "clock_ahead", kNow}},
      {"the same change held again", old, 4, clock, old},
      {"the same change held for another cause", old, 4, parent,
       NodeHold{5, "parent_missing", kFirst}},
      {"the empty probe a node sends first", old, 4, std::nullopt, old},
      {"a batch that stopped at a gap before it", old, 3, std::nullopt, old},
      {"its change applied or refused", old, 5, std::nullopt, std::nullopt},
      {"acknowledged past it", old, 8, std::nullopt, std::nullopt},
      {"a later change held", old, 8, later, NodeHold{9, "parent_missing", kNow}},
  };
  for (const auto& row : rows) {
    INFO(row.what);
    const auto got = HubEngine::NextHold(row.current, row.acked, row.held, kNow);
    REQUIRE(got.has_value() == row.expected.has_value());
    if (got) CHECK(*got == *row.expected);
  }
}

TEST_CASE("engine: a held change the node renumbered keeps its since, told by its HLC") {
  // The node moved the held change behind others (ChangeLog::DeferHeld): a new number,
  // the same stamp.
  constexpr Millis kFirst = kNow - 86'400'000;
  const NodeHold first{5, "parent_missing", kFirst, 777};
  const sync::Held moved{9, "parent_missing", {"case_events"}, ""};
  CHECK(*HubEngine::NextHold(first, 8, moved, kNow, 777) == NodeHold{9, "parent_missing", kFirst, 777});
  // Another change held at that number is a new hold.
  CHECK(*HubEngine::NextHold(first, 8, moved, kNow, 778) == NodeHold{9, "parent_missing", kNow, 778});
  // A hold kept before HLCs were (0) is told by its number only.
  const NodeHold older{5, "parent_missing", kFirst};
  CHECK(HubEngine::NextHold(older, 8, moved, kNow, 0)->since == kNow);
  CHECK(HubEngine::NextHold(older, 4, sync::Held{5, "parent_missing", {}, ""}, kNow, 0)->since == kFirst);
}

TEST_CASE("engine: a held change keeps its since across rounds of probe and push") {
  Bench hub;
  const RowId kase = Row(1);
  auto orphan = NewCase(1, At(kNow), "QS-JX01", "QS-JX", kase);
  orphan.table = "case_materials";  // materials of a case the hub does not hold yet
  orphan.fields = {{"M01", "supplied", 0}};
  auto reply = hub.Push("QS-JX01", {orphan});
  REQUIRE(reply.held);
  CHECK(reply.held->code == "parent_missing");
  const auto first = hub.repo.Hold("QS-JX01");
  REQUIRE(first);
  CHECK(first->since == kNow);
  for (int round = 1; round <= 3; ++round) {
    hub.wall.Advance(60'000);
    hub.Push("QS-JX01", {});  // the node's probe: where does the hub stand?
    CHECK(hub.repo.Hold("QS-JX01") == first);
    hub.Push("QS-JX01", {orphan});
    CHECK(hub.repo.Hold("QS-JX01") == first);
  }
  // The case arrives (another station sent it); the materials go through, the hold ends.
  hub.Push("QS-JX02", {NewCase(1, At(kNow), "QS-JX02", "QS-JX01", kase)});
  reply = hub.Push("QS-JX01", {orphan});
  CHECK(reply.applied == 1);
  CHECK_FALSE(hub.repo.Hold("QS-JX01"));
}

namespace {

sync::Change Child(std::int64_t seq, const std::string& table, const RowId& kase, const RowId& row,
                   const std::string& node) {
  sync::Change c;
  c.seq = seq;
  c.hlc = At(kNow + seq);
  c.table = table;
  c.row = table == "case_materials" ? kase : row;
  c.node = node;
  c.user = "clerk";
  if (table == "case_materials") {
    c.fields = {{"M01", "supplied", 0}};
  } else {
    c.fields = {{"case_uid", json::binary(std::vector<std::uint8_t>(kase.bytes.begin(),
                                                                     kase.bytes.end())), 0},
                {"action", "intake", 0}};
  }
  return c;
}

// A commitment of `kase` the station makes (change 4) and deletes again (change 5).
std::vector<sync::Change> CommitmentMadeAndDeleted(const RowId& kase, const RowId& commitment) {
  sync::Change owed = Child(4, "commitments", kase, commitment, "QS-JX01");
  owed.fields = {{"case_uid", owed.fields[0].value, 0}, {"kind", "tolerance", 0},
                 {"state", "open", 0}};
  sync::Change dropped;
  dropped.seq = 5;
  dropped.hlc = At(kNow + 5);
  dropped.table = "commitments";
  dropped.row = commitment;
  dropped.op = sync::ChangeOp::kDelete;
  dropped.node = "QS-JX01";
  dropped.user = "clerk";
  dropped.fields = {{"*", nullptr, owed.hlc}};
  return {owed, dropped};
}

std::vector<std::string> Codes(const sync::PushReply& reply) {
  std::vector<std::string> out;
  for (const auto& r : reply.rejected) out.push_back(r.code);
  return out;
}

}  // namespace

TEST_CASE("engine: what belongs to a case refused for good is refused, never held") {
  const RowId kase = Row(1);
  auto bad_case = NewCase(1, At(kNow), "QS-JX01", "QS-JX", kase);
  bad_case.fields.push_back({"status", "banana", 0});
  SECTION("the case and its children in one batch") {
    Bench hub;
    auto reply = hub.Push("QS-JX01", {bad_case, Child(2, "case_materials", kase, kase, "QS-JX01"),
                                      Child(3, "case_events", kase, Row(2), "QS-JX01")});
    CHECK(Codes(reply) == std::vector<std::string>{"invalid_field", "parent_refused",
                                                   "parent_refused"});
    CHECK(reply.rejected[1].args == std::vector<std::string>{"case_materials"});
    CHECK(reply.rejected[2].args == std::vector<std::string>{"case_events"});
    CHECK(reply.acked_seq == 3);
    CHECK_FALSE(reply.held);
    CHECK_FALSE(hub.repo.Hold("QS-JX01"));
    CHECK(hub.repo.state.records.empty());
    CHECK(hub.repo.state.log.empty());
  }
  SECTION("the children in a later batch, one at a time") {
    Bench hub;
    hub.Push("QS-JX01", {bad_case});
    auto reply = hub.Push("QS-JX01", {Child(2, "case_materials", kase, kase, "QS-JX01")});
    CHECK(Codes(reply) == std::vector<std::string>{"parent_refused"});
    reply = hub.Push("QS-JX01", {Child(3, "case_events", kase, Row(2), "QS-JX01")});
    CHECK(Codes(reply) == std::vector<std::string>{"parent_refused"});
    CHECK(reply.acked_seq == 3);
    CHECK_FALSE(hub.repo.Hold("QS-JX01"));
  }
  SECTION("a case simply not here yet is still waited for") {
    Bench hub;
    auto reply = hub.Push("QS-JX01", {Child(1, "case_events", Row(5), Row(2), "QS-JX01")});
    REQUIRE(reply.held);
    CHECK(reply.held->code == "parent_missing");
    CHECK(reply.acked_seq == 0);
  }
  SECTION("a refused edit of a case the hub holds refuses no child") {
    Bench hub;
    hub.Push("QS-JX01", {NewCase(1, At(kNow), "QS-JX01", "QS-JX", kase)});
    auto reply = hub.Push("QS-JX01", {Edit(2, At(kNow + 1), "QS-JX01", kase, "status", "banana", 0),
                                      Child(3, "case_events", kase, Row(2), "QS-JX01")});
    CHECK(Codes(reply) == std::vector<std::string>{"invalid_field"});
    CHECK(reply.applied == 1);
  }
}

TEST_CASE("engine: the office that handed a case on logs that step, at any batch boundary") {
  const RowId kase = Row(1);
  // The township center hands the case to the county office: the case's new office, then
  // the timeline event of the handover, as two changes of the center.
  auto handover = Edit(1, At(kNow + 10), "QS-JX", kase, "processing_office", "C-MZ", 0);
  auto step = Child(2, "case_events", kase, Row(2), "QS-JX");
  for (bool one_batch : {true, false}) {
    INFO((one_batch ? "one batch" : "a batch each"));
    Bench hub;
    hub.Push("QS-JX01", {NewCase(1, At(kNow), "QS-JX01", "QS-JX", kase)});
    sync::PushReply reply;
    if (one_batch) {
      reply = hub.Push("QS-JX", {handover, step});
    } else {
      hub.Push("QS-JX", {handover});
      reply = hub.Push("QS-JX", {step});
    }
    CHECK(reply.rejected.empty());
    CHECK(reply.acked_seq == 2);
    CHECK(hub.Record(kase).scope_b == "C-MZ");
    CHECK(hub.Record(kase).handed_on_by == "QS-JX");
    const auto& event = hub.repo.state.records.at({"case_events", Row(2)});
    CHECK(event.scope_a == "QS-JX01");
    CHECK(event.scope_b == "C-MZ");
    // Only that: the center works on the case no more, and no one else may log on it.
    reply = hub.Push("QS-JX", {Child(3, "case_materials", kase, kase, "QS-JX")});
    REQUIRE(reply.rejected.size() == 1);
    CHECK(reply.rejected[0].code == "out_of_scope");
    reply = hub.Push("QS-JX02", {Child(1, "case_events", kase, Row(3), "QS-JX02")});
    REQUIRE(reply.rejected.size() == 1);
    CHECK(reply.rejected[0].code == "out_of_scope");
  }
}

TEST_CASE("engine: a case handed on takes its records along, tombstones as tombstones") {
  Bench hub;
  const RowId kase = Row(1), commitment = Row(3);
  hub.Push("QS-JX01", {NewCase(1, At(kNow), "QS-JX01", "QS-JX", kase),
                       Child(2, "case_materials", kase, kase, "QS-JX01"),
                       Child(3, "case_events", kase, Row(2), "QS-JX01")});
  const auto made_and_deleted = CommitmentMadeAndDeleted(kase, commitment);
  const sync::Change& owed = made_and_deleted[0];
  hub.Push("QS-JX01", made_and_deleted);
  REQUIRE(hub.repo.state.records.at({"commitments", commitment}).deleted);
  const std::size_t before = hub.repo.state.log.size();

  hub.Push("QS-JX", {Edit(1, At(kNow + 10), "QS-JX", kase, "processing_office", "C-MZ", 0)});
  for (const auto& [key, record] : hub.repo.state.records) {
    INFO(key.first);
    CHECK(record.scope_a == "QS-JX01");
    CHECK(record.scope_b == "C-MZ");
  }
  const HubRecord& tomb = hub.repo.state.records.at({"commitments", commitment});
  CHECK(tomb.deleted);  // not brought back to life by the move
  // The county office receives the case and its live records whole, not the tombstone.
  std::set<std::string> sent;
  for (std::size_t i = before; i < hub.repo.state.log.size(); ++i) {
    const LogEntry& e = hub.repo.state.log[i];
    if (e.scope_a == "C-MZ" && e.op == LogOp::kUpsert) sent.insert(e.table);
    CHECK(e.row != commitment);
  }
  CHECK(sent == std::set<std::string>{"cases", "case_materials", "case_events"});

  // An edit that revives it reaches the nodes that hold the case now, not the old office.
  sync::Change revive = owed;
  revive.seq = 6;
  revive.hlc = At(kNow + 20);
  revive.fields = {{"state", "fulfilled", At(kNow + 4)}};
  const std::size_t at = hub.repo.state.log.size();
  hub.Push("QS-JX01", {revive});
  CHECK_FALSE(hub.repo.state.records.at({"commitments", commitment}).deleted);
  std::set<std::string> receivers;
  for (std::size_t i = at; i < hub.repo.state.log.size(); ++i)
    for (const auto& to : {hub.repo.state.log[i].scope_a, hub.repo.state.log[i].scope_b})
      if (!to.empty()) receivers.insert(to);
  CHECK(receivers == std::set<std::string>{"QS-JX01", "C-MZ"});
}

TEST_CASE("engine: two edits of one field, in both orders, leave one value everywhere") {
  // Each row: what the station and the office write on a received case, and in which
  // order they reach the hub. The outcome must not depend on the order, and a value
  // that wins with a version older than the one it replaced is re-issued fresh.
  struct Row {
    const char* column;
    json station_value;
    Millis station_at;
    json office_value;
    Millis office_at;
    json expected;
    bool conflict;
  };
  const std::vector<Row> rows = {
      {"applicant_phone", "13900000001", kNow + 10, "13900000002", kNow + 20, "13900000002", true},
      {"applicant_phone", "13900000001", kNow + 20, "13900000002", kNow + 10, "13900000001", true},
      {"applicant_phone", "13900000001", kNow + 10, "13900000001", kNow + 20, "13900000001", false},
      // A station may close a withdrawn case: the later stage wins, whatever its clock.
      {"status", "closed", kNow + 10, "withdrawn", kNow + 20, "closed", false},
      {"status", "closed", kNow + 20, "withdrawn", kNow + 10, "closed", false},
      // The office accepts while the station withdraws: two decisions, a conflict.
      {"status", "withdrawn", kNow + 10, "accepted", kNow + 20, "accepted", true},
      {"status", "withdrawn", kNow + 20, "accepted", kNow + 10, "withdrawn", true},
  };
  for (const auto& row : rows) {
    for (bool station_first : {true, false}) {
      INFO(row.column << " " << row.station_value << " vs " << row.office_value
                      << (station_first ? ", station first" : ", office first"));
      Bench hub;
      const RowId r = ::Row(1);
      hub.Push("QS-JX01", {NewCase(1, At(kNow), "QS-JX01", "QS-JX", r)});
      const Hlc base = hub.Record(r).Field("status")->version;
      const Hlc col_base = std::string(row.column) == "status" ? base : 0;
      auto station = Edit(2, At(row.station_at), "QS-JX01", r, row.column, row.station_value, col_base);
      auto office = Edit(1, At(row.office_at), "QS-JX", r, row.column, row.office_value, col_base);
      if (station_first) {
        hub.Push("QS-JX01", {station});
        hub.Push("QS-JX", {office});
      } else {
        hub.Push("QS-JX", {office});
        hub.Push("QS-JX01", {station});
      }
      const FieldState* f = hub.Record(r).Field(row.column);
      REQUIRE(f);
      CHECK(f->value == row.expected);
      CHECK(hub.repo.state.conflicts.empty() == !row.conflict);
      // The hub's version is newer than both edits, so both nodes take it.
      CHECK(f->version >= std::max(station.hlc, office.hlc));
    }
  }
}

namespace {

// A node as the property test sees it: field values with versions, unsent edits, a cursor.
struct ModelNode {
  std::string code;
  test::FakeWallClock wall{kNow};
  sync::HybridClock clock{wall};
  std::map<RowId, std::map<std::string, std::pair<json, Hlc>>> cases;
  std::vector<sync::Change> unsent;
  std::int64_t next_seq = 1;
  std::size_t cursor = 0;

  bool HasUnsent(const RowId& row, const std::string& column) const {
    for (const auto& c : unsent)
      if (c.row == row)
        for (const auto& f : c.fields)
          if (f.column == column) return true;
    return false;
  }

  void Pull(const MemoryRepository& repo) {
    for (; cursor < repo.state.log.size(); ++cursor) {
      const LogEntry& e = repo.state.log[cursor];
      if (e.origin == code) continue;  // its own change, applied here already
      if (e.scope_a != code && e.scope_b != code && e.scope_a != kEveryone) continue;
      if (e.op == LogOp::kPurge) {
        cases.erase(e.row);
        continue;
      }
      for (const auto& f : e.fields) {
        clock.Observe(f.version);
        if (HasUnsent(e.row, f.column)) continue;  // never overwrite an unsent edit
        auto& mine = cases[e.row][f.column];
        if (f.version > mine.second) mine = {f.value, f.version};
      }
    }
  }

  void Write(const RowId& row, std::vector<std::pair<std::string, json>> fields) {
    sync::Change c;
    c.seq = next_seq++;
    c.hlc = clock.Now();
    c.table = "cases";
    c.row = row;
    c.node = code;
    c.user = "u";
    for (auto& [col, value] : fields) {
      auto& mine = cases[row][col];
      c.fields.push_back({col, value, mine.second});
      mine = {value, c.hlc};
    }
    unsent.push_back(std::move(c));
  }

  void Push(Bench& hub, std::size_t at_most) {
    const std::size_t n = std::min(at_most, unsent.size());
    if (n == 0) return;
    std::vector<sync::Change> batch(unsent.begin(), unsent.begin() + static_cast<long>(n));
    auto reply = hub.Push(code, batch);
    CHECK_FALSE(reply.held);
    CHECK(reply.rejected.empty());
    std::erase_if(unsent, [&](const sync::Change& c) { return c.seq <= reply.acked_seq; });
  }
};

}  // namespace

TEST_CASE("engine: any interleaving of edits, pushes and pulls converges (randomized)") {
  const std::vector<std::string> statuses = {"received", "accepted", "supplement_requested",
                                             "approved", "withdrawn", "closed", "denied",
                                             "result_ready", "delivered"};
  const std::vector<std::string> codes = {"QS-JX01", "QS-JX02", "QS-JX", "C-MZ"};
  for (int trial = 0; trial < 300; ++trial) {
    std::mt19937 rng(static_cast<unsigned>(trial));
    auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
    Bench hub;
    const int node_count = 2 + trial % 3;  // 2-4 nodes
    std::vector<std::unique_ptr<ModelNode>> nodes;
    for (int i = 0; i < node_count; ++i) {
      nodes.push_back(std::make_unique<ModelNode>());
      nodes.back()->code = codes[static_cast<std::size_t>(i)];
      nodes.back()->wall.Set(kNow + pick(2000) - 1000);  // clocks a little apart
    }
    // Cases received at the stations (nodes 0 and, with 3+, 1), processed by the others.
    std::vector<std::pair<RowId, std::pair<int, int>>> kases;
    for (int k = 0; k < 3; ++k) {
      const int station = node_count >= 3 ? k % 2 : 0;
      const int office = node_count >= 3 ? 2 + (k % (node_count - 2)) : 1;
      const RowId row = Row(10 + k);
      ModelNode& s = *nodes[static_cast<std::size_t>(station)];
      s.Write(row, {{"case_no", s.code + "-000" + std::to_string(k)},
                    {"receiving_station", s.code},
                    {"processing_office", nodes[static_cast<std::size_t>(office)]->code},
                    {"status", "received"}});
      kases.push_back({row, {station, office}});
    }
    const int steps = 20 + pick(40);
    for (int step = 0; step < steps; ++step) {
      const auto& [row, pair] = kases[static_cast<std::size_t>(pick(3))];
      const int who = pick(2) ? pair.first : pair.second;
      ModelNode& n = *nodes[static_cast<std::size_t>(who)];
      n.wall.Advance(pick(50));
      switch (pick(4)) {
        case 0:
          if (n.cases.count(row))
            n.Write(row, {{"status", statuses[static_cast<std::size_t>(pick(9))]}});
          break;
        case 1:
          if (n.cases.count(row))
            n.Write(row, {{"applicant_phone", "1390000000" + std::to_string(pick(4))}});
          break;
        case 2:
          n.Push(hub, 1 + static_cast<std::size_t>(pick(3)));
          break;
        default:
          n.Pull(hub.repo);
      }
    }
    for (int round = 0; round < 3; ++round)
      for (auto& n : nodes) {
        n->Push(hub, 1000);
        n->Pull(hub.repo);
      }
    INFO("trial " << trial);
    for (const auto& [row, pair] : kases) {
      const HubRecord& rec = hub.Record(row);
      for (int who : {pair.first, pair.second}) {
        const ModelNode& n = *nodes[static_cast<std::size_t>(who)];
        REQUIRE(n.cases.count(row));
        for (const auto& [col, f] : rec.fields) {
          INFO(n.code << " " << col);
          REQUIRE(n.cases.at(row).count(col));
          CHECK(n.cases.at(row).at(col).first == f.value);
          CHECK(n.cases.at(row).at(col).second == f.version);
        }
      }
    }
  }
}

namespace {

// A conflict on the case `row` as the inbox holds it: `local` pushed by the station
// against `hub` from the township center.
ConflictRecord OpenConflict(const RowId& row, const std::string& column, json local, json hub) {
  ConflictRecord c;
  c.id = 7;
  c.table = "cases";
  c.row = row;
  c.column = column;
  c.local_value = std::move(local);
  c.local_node = "QS-JX01";
  c.local_hlc = At(kNow + 50);
  c.hub_value = std::move(hub);
  c.hub_node = "QS-JX";
  c.hub_hlc = At(kNow + 40);
  c.provisional = c.local_value;
  c.status = "open";
  return c;
}

}  // namespace

TEST_CASE("engine: a resolution is a fresh hub change for every node holding the record") {
  struct Row {
    Take take;
    json value;
    json expected;
    const char* resolution;
  };
  const Row rows[] = {
      {Take::kLocal, nullptr, "13900001111", "local"},
      {Take::kHub, nullptr, "13700002222", "hub"},
      {Take::kValue, "13800003333", "13800003333", "value"},
  };
  for (const auto& row : rows) {
    INFO(row.resolution);
    Bench hub;
    const RowId kase = ::Row(1);
    hub.Push("QS-JX01", {NewCase(1, At(kNow), "QS-JX01", "QS-JX", kase),
                         Edit(2, At(kNow + 50), "QS-JX01", kase, "applicant_phone",
                              "13900001111", 0)});
    const HubRecord before = hub.Record(kase);
    const auto c = OpenConflict(kase, "applicant_phone", "13900001111", "13700002222");
    auto plan = hub.engine.PlanResolution(c, before, {}, row.take, row.value, "核实", "admin",
                                          hub.TimeAt(kNow + 60));
    REQUIRE(plan.ok());
    CHECK(plan->save);
    const FieldState* f = plan->record.Field("applicant_phone");
    REQUIRE(f);
    CHECK(f->value == row.expected);
    CHECK(f->node == kHubNode);
    CHECK(f->user == "admin");
    // Newer than anything a node holds, so it wins everywhere by fast-forward.
    CHECK(f->version > before.MaxVersion());
    CHECK(f->version > c.local_hlc);
    REQUIRE(plan->log.size() == 2);
    const LogEntry& e = plan->log[0];
    CHECK(e.origin == kHubNode);
    CHECK(e.scope_a == "QS-JX01");
    CHECK(e.scope_b == "QS-JX");
    REQUIRE(e.fields.size() == 1);
    CHECK(e.fields[0].value == row.expected);
    CHECK(e.fields[0].version == f->version);
    // The resolution enters the case's timeline, for everyone who holds the case.
    const LogEntry& entry = plan->log[1];
    const auto value_of = [&](const char* column) {
      for (const auto& field : entry.fields)
        if (field.column == column) return field.value;
      return json();
    };
    CHECK(entry.table == "case_events");
    CHECK(entry.scope_a == "QS-JX01");
    CHECK(entry.scope_b == "QS-JX");
    CHECK(value_of("action") == json(kConflictResolvedAction));
    CHECK(value_of("detail") == json("核实"));
    CHECK(value_of("user") == json("admin"));
    CHECK(value_of("at") == json(kNow + 60));
    REQUIRE(plan->children.size() == 1);
    CHECK(plan->children[0].table == "case_events");
    CHECK(plan->children[0].row == entry.row);
    CHECK(plan->children[0].record.case_row == kase);
    CHECK(plan->record.scope_b == "QS-JX");
    CHECK(plan->conflict.status == "resolved");
    CHECK(plan->conflict.resolution == row.resolution);
    CHECK(plan->conflict.resolved_value == row.expected);
    CHECK(plan->conflict.resolved_by == "admin");
    CHECK(plan->conflict.note == "核实");
    CHECK(plan->conflict.resolved_at == kNow + 60);
  }
}

TEST_CASE("engine: a resolution without a note, of a closed conflict or to a bad value is refused") {
  Bench hub;
  const RowId kase = Row(1);
  hub.Push("QS-JX01", {NewCase(1, At(kNow), "QS-JX01", "QS-JX", kase)});
  auto c = OpenConflict(kase, "status", "withdrawn", "accepted");
  auto plan = [&](const ConflictRecord& conflict, Take take, json value, std::string note) {
    return hub.engine.PlanResolution(conflict, hub.Record(kase), {}, take, value, note, "admin",
                                     hub.TimeAt(kNow));
  };
  CHECK(plan(c, Take::kHub, nullptr, "").status().code() == ErrorCode::kInvalidArgument);
  CHECK(plan(c, Take::kValue, "banana", "x").status().code() == ErrorCode::kInvalidArgument);
  CHECK_THAT(plan(c, Take::kValue, "banana", "x").status().message(),
             Catch::Contains("must be a case status"));
  // A status no node reached is refused; one a node reached may also be typed in.
  CHECK(plan(c, Take::kValue, "approved", "x").status().code() == ErrorCode::kInvalidArgument);
  CHECK_THAT(plan(c, Take::kValue, "approved", "x").status().message(),
             Catch::Contains("a node reached"));
  CHECK(plan(c, Take::kValue, "accepted", "x").ok());
  c.status = "resolved";
  CHECK(plan(c, Take::kHub, nullptr, "x").status().code() == ErrorCode::kFailedPrecondition);
  // An edit against a delete kept the record: resolving it only closes the conflict.
  auto whole = OpenConflict(kase, "*", "deleted", nullptr);
  auto closed = plan(whole, Take::kHub, nullptr, "保留");
  REQUIRE(closed.ok());
  CHECK_FALSE(closed->save);
  CHECK(closed->log.empty());
  CHECK(closed->conflict.status == "resolved");
}

TEST_CASE("engine: resolving a case's processing office to another office hands the case on") {
  // In both orders: the station's office wins or the township center's does.
  for (const Take take : {Take::kLocal, Take::kHub}) {
    INFO((take == Take::kLocal ? "take local" : "take hub"));
    Bench hub;
    const RowId kase = Row(1), commitment = Row(3);
    std::vector<sync::Change> changes = {NewCase(1, At(kNow), "QS-JX01", "QS-JX", kase),
                                         Child(2, "case_materials", kase, kase, "QS-JX01"),
                                         Child(3, "case_events", kase, Row(2), "QS-JX01")};
    for (auto& c : CommitmentMadeAndDeleted(kase, commitment)) changes.push_back(std::move(c));
    hub.Push("QS-JX01", changes);
    // The provisional office is the one the admin turns down.
    const std::string kept = take == Take::kLocal ? "C-MZ" : "C-RS";
    const std::string dropped_office = take == Take::kLocal ? "C-RS" : "C-MZ";
    hub.Push("QS-JX", {Edit(1, At(kNow + 10), "QS-JX", kase, "processing_office",
                            dropped_office, 0)});
    REQUIRE(hub.Record(kase).scope_b == dropped_office);
    const auto c = OpenConflict(kase, "processing_office", "C-MZ", "C-RS");
    auto children = *hub.repo.LoadCaseChildren(kase);
    REQUIRE(children.size() == 3);
    auto plan = hub.engine.PlanResolution(c, hub.Record(kase), children, take, nullptr, "由县审核",
                                          "admin", hub.TimeAt(kNow + 60));
    REQUIRE(plan.ok());
    CHECK(plan->record.scope_a == "QS-JX01");
    CHECK(plan->record.scope_b == kept);
    CHECK(plan->record.handed_on_by == dropped_office);
    REQUIRE(plan->children.size() == 4);  // and the timeline entry of the resolution
    for (const auto& child : plan->children) {
      INFO(child.table);
      CHECK(child.record.scope_a == "QS-JX01");
      CHECK(child.record.scope_b == kept);
      CHECK(child.record.deleted == (child.table == "commitments"));
    }
    // The station gets the change, the turned-down office a purge, the chosen office the
    // case and its live records whole; the tombstone goes nowhere.
    std::set<std::string> to_kept;
    int purges = 0;
    for (const LogEntry& e : plan->log) {
      INFO(e.table);
      CHECK(e.row != commitment);
      if (e.op == LogOp::kPurge) {
        ++purges;
        CHECK(e.scope_a == dropped_office);
        CHECK(e.table == "cases");
        continue;
      }
      CHECK(e.scope_a != dropped_office);
      CHECK(e.scope_b != dropped_office);
      if (e.scope_a == kept) to_kept.insert(e.table);
    }
    CHECK(purges == 1);
    CHECK(to_kept == std::set<std::string>{"cases", "case_materials", "case_events"});
    CHECK(plan->log[0].scope_a == "QS-JX01");
    CHECK(plan->log[0].fields[0].value == kept);
  }
}

TEST_CASE("engine: resolving a processing office to the office it has already moves nothing") {
  Bench hub;
  const RowId kase = Row(1);
  hub.Push("QS-JX01", {NewCase(1, At(kNow), "QS-JX01", "QS-JX", kase),
                       Child(2, "case_events", kase, Row(2), "QS-JX01")});
  hub.Push("QS-JX", {Edit(1, At(kNow + 10), "QS-JX", kase, "processing_office", "C-MZ", 0)});
  const auto c = OpenConflict(kase, "processing_office", "C-RS", "C-MZ");
  auto plan = hub.engine.PlanResolution(c, hub.Record(kase), *hub.repo.LoadCaseChildren(kase),
                                        Take::kHub, nullptr, "x", "admin", hub.TimeAt(kNow));
  REQUIRE(plan.ok());
  CHECK(plan->record.scope_b == "C-MZ");
  // Only the timeline entry of the resolution is new; no record of the case moves.
  REQUIRE(plan->children.size() == 1);
  CHECK(plan->children[0].table == "case_events");
  REQUIRE(plan->log.size() == 2);
  for (const LogEntry& e : plan->log) {
    CHECK(e.op == LogOp::kUpsert);
    CHECK(e.scope_a == "QS-JX01");
    CHECK(e.scope_b == "C-MZ");
  }
}

TEST_CASE("engine: publishing sends what changed under one fresh version to every node") {
  Bench hub;
  const RowId item = Row(9);
  hub.TimeAt(kNow).Observe(At(kNow + 100));
  auto first = hub.engine.PlanPublish("catalog_items", item, HubRecord{},
                                      {{"name", "高龄津贴"}, {"days", 10}}, "admin", hub.time);
  REQUIRE(first.save);
  CHECK(first.record.scope_a == kEveryone);
  CHECK(first.record.Field("name")->node == kHubNode);
  const Hlc v1 = first.record.Field("name")->version;
  CHECK(v1 > At(kNow + 100));
  CHECK(first.record.Field("days")->version == v1);
  REQUIRE(first.log.size() == 1);
  CHECK(first.log[0].scope_a == kEveryone);
  CHECK(first.log[0].fields.size() == 2);
  CHECK(first.log[0].user == "admin");

  // Published again unchanged: nothing to write, and no version spent.
  const Hlc last = hub.time.last;
  auto same = hub.engine.PlanPublish("catalog_items", item, first.record,
                                     {{"name", "高龄津贴"}, {"days", 10}}, "admin", hub.time);
  CHECK_FALSE(same.save);
  CHECK(same.log.empty());
  CHECK(hub.time.last == last);

  // One field changed: only it is sent, under a newer version; the other keeps its own.
  auto edit = hub.engine.PlanPublish("catalog_items", item, first.record,
                                     {{"name", "高龄津贴"}, {"days", 15}}, "admin2", hub.time);
  REQUIRE(edit.save);
  CHECK(edit.record.Value("days") == 15);
  CHECK(edit.record.Field("days")->version > v1);
  CHECK(edit.record.Field("name")->version == v1);
  REQUIRE(edit.log.size() == 1);
  REQUIRE(edit.log[0].fields.size() == 1);
  CHECK(edit.log[0].fields[0].column == "days");
  CHECK(edit.log[0].scope_a == kEveryone);
}

TEST_CASE("engine: a pull reads the node's scope, leaves out its own changes and never mixes purges in") {
  const sync::PullRequest plain{node::kReplicationSchemaVersion, "QS-JX01", 7, 3};
  PullQuery q = HubEngine::PlanPullQuery("QS-JX01", plain);
  CHECK(q.after == 7);
  CHECK(q.limit == 3);
  CHECK(q.filter.to == std::vector<std::string>{"QS-JX01", kEveryone});
  CHECK(q.filter.not_from == "QS-JX01");
  sync::PullRequest restored = plain;
  restored.include_own = true;  // a node restored from a backup takes its own changes back
  CHECK(HubEngine::PlanPullQuery("QS-JX01", restored).filter.not_from.empty());
  restored.limit = 1'000'000;
  CHECK(HubEngine::PlanPullQuery("QS-JX01", restored).limit == HubEngine::kMaxPullLimit);

  auto entry = [](std::int64_t seq, LogOp op) {
    LoggedEntry e{seq, {"QS-JX", 0, At(kNow), "cases", Row(static_cast<int>(seq)), op, "u",
                        {{"status", "accepted", At(kNow)}}, "QS-JX01", ""}};
    return e;
  };
  struct Case {
    const char* what;
    std::vector<LoggedEntry> read;
    std::int64_t newest;
    std::size_t changes, purges;
    bool more;
    std::int64_t cursor;
  };
  const Case cases[] = {
      {"nothing for the node: the cursor skips to the newest entry", {}, 40, 0, 0, false, 40},
      {"all it reads, then skips past others' entries", {entry(8, LogOp::kUpsert), entry(9, LogOp::kDelete)}, 40, 2, 0, false, 40},
      {"a purge after changes waits for the next pull", {entry(8, LogOp::kUpsert), entry(9, LogOp::kPurge)}, 40, 1, 0, true, 8},
      {"changes after purges wait too", {entry(8, LogOp::kPurge), entry(12, LogOp::kUpsert)}, 40, 0, 1, true, 8},
      {"one more than the limit read: more waits", {entry(8, LogOp::kUpsert), entry(9, LogOp::kUpsert), entry(10, LogOp::kUpsert), entry(11, LogOp::kUpsert)}, 40, 3, 0, true, 10},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    const auto reply = HubEngine::PlanPullReply(q, c.read, c.newest, kNow);
    CHECK(reply.changes.size() == c.changes);
    CHECK(reply.purges.size() == c.purges);
    CHECK(reply.more == c.more);
    CHECK(reply.cursor == c.cursor);
    CHECK(reply.hub_ms == kNow);
  }
  const auto reply = HubEngine::PlanPullReply(q, {entry(8, LogOp::kDelete)}, 8, kNow);
  REQUIRE(reply.changes.size() == 1);
  CHECK(reply.changes[0].op == sync::ChangeOp::kDelete);
  CHECK(reply.changes[0].seq == 8);
  CHECK(reply.changes[0].node == "QS-JX");
  CHECK(reply.changes[0].fields[0].base == At(kNow));  // a pulled field carries its version
}

TEST_CASE("engine: a node one schema behind is sent only the fields it knows") {
  const int older = node::kReplicationSchemaVersion - 1;
  auto entry = [](std::int64_t seq, std::vector<LogField> fields) {
    return LoggedEntry{seq, {"QS-JX01", 0, At(kNow), "cases", Row(static_cast<int>(seq)), LogOp::kUpsert,
                             "u", std::move(fields), "QS-JX", ""}};
  };
  const std::vector<LoggedEntry> read = {
      entry(8, {{"status", "received", At(kNow)}, {"note", "结果请邮寄", At(kNow)}}),  // an intake
      entry(9, {{"note", "改为自取", At(kNow)}}),                                   // only the remark
      entry(10, {{"status", "accepted", At(kNow)}}),
  };
  struct Case {
    const char* what;
    int schema;
    std::vector<std::size_t> fields;  // per change sent
  };
  const Case cases[] = {
      {"the newest version gets every field", node::kReplicationSchemaVersion, {2, 1, 1}},
      {"one behind: no remark, and a change of the remark alone is not sent", older, {1, 1}},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    const PullQuery q = HubEngine::PlanPullQuery("QS-JX", {c.schema, "QS-JX", 7, 100});
    const auto reply = HubEngine::PlanPullReply(q, read, 10, kNow);
    REQUIRE(reply.changes.size() == c.fields.size());
    for (std::size_t i = 0; i < c.fields.size(); ++i) CHECK(reply.changes[i].fields.size() == c.fields[i]);
    CHECK(reply.cursor == 10);  // skipped entries are passed all the same
  }
  // A pushed field of a later version than the node speaks is invalid from it.
  CHECK_FALSE(node::ValidateField("cases", "note", "x", older).ok());
  CHECK(node::ValidateField("cases", "note", "x").ok());
  CHECK(node::AgreeSchema(2, 2) == 2);
  CHECK(node::AgreeSchema(2, 99) == node::kReplicationSchemaVersion);
  CHECK_FALSE(node::AgreeSchema(1, 1).has_value());
  CHECK_FALSE(node::ParseSchemaRange("3-2").has_value());
  CHECK_FALSE(node::ParseSchemaRange("x-3").has_value());
  CHECK(node::ParseSchemaRange("2-3") == std::pair{2, 3});
}

TEST_CASE("engine: a scan moves only to and from the nodes of a case that names it") {
  const std::vector<CaseScope> named_by{{"QS-JX01", "QS-JX", ""}};
  CHECK(HubEngine::MayTransferScan("QS-JX01", named_by, false));
  CHECK_FALSE(HubEngine::MayTransferScan("QS-JX01", named_by, true));  // the office fetches
  CHECK(HubEngine::MayTransferScan("QS-JX", named_by, true));
  CHECK_FALSE(HubEngine::MayTransferScan("QS-JX02", named_by, false));
  CHECK_FALSE(HubEngine::MayTransferScan("QS-JX01", {}, false));
}

TEST_CASE("engine: an author's next edit stamped like a version the hub re-issued is no replay") {
  // Found by the convergence property test (seed 767): the township and the station
  // stamped one HLC; the station's withdrawal won and was re-issued under the hub's next
  // HLC, which the station's own close then carried too, and was dropped as a replay.
  Bench hub;
  const RowId kase = Row(1);
  const Hlc v0 = At(kNow - 1000);
  hub.Push("QS-JX01", {NewCase(1, v0, "QS-JX01", "QS-JX", kase)});
  hub.Push("QS-JX", {Edit(1, At(kNow), "QS-JX", kase, "status", "not_accepted", v0)});
  hub.Push("QS-JX01", {Edit(2, At(kNow), "QS-JX01", kase, "status", "withdrawn", v0)});
  const FieldState* won = hub.Record(kase).Field("status");
  REQUIRE(won);
  REQUIRE(won->value == "withdrawn");
  CHECK(won->node == kHubNode);  // the hub's version, not the station's own change
  const Hlc reissued = won->version;
  REQUIRE(reissued > At(kNow));
  auto reply = hub.Push("QS-JX01", {Edit(3, reissued, "QS-JX01", kase, "status", "closed", At(kNow))});
  CHECK(reply.applied == 1);
  CHECK(hub.Record(kase).Value("status") == "closed");
}
