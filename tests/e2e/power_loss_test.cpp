// Power loss at a station: the station's SQLite files go through FaultVfs, which drops
// every write not yet synced when the power fails, at a random write, truncate or sync
// in the middle of an intake, a status move, a material edit or a sync round (or,
// when the run has no station I/O left, between two operations).
//
// Each seeded trial runs, in one process as tests/property/convergence.cpp does, the
// hub's HubService over its SQLite store (the hub keeps its power), a township center
// and a village station on SQLite files, talking through the real wire encoding and
// the hub's HTTP handler without the socket. The station receives cases, moves them,
// edits materials, pushes and pulls; the township works the cases it pulls. When the
// power fails the station's connections die, the files go back to their last sync,
// and the station reopens. Then:
//  - every acknowledged write survives: every case the station received and every
//    status move it made (its timeline event), every change-log row written by a call
//    that returned OK, and the hub's acknowledgement of every push that returned OK;
//  - nothing is doubled: no case number twice, no change-log row twice, no timeline
//    event twice;
//  - every business row the station wrote has its change-log row, and every logged
//    insert still has its row;
//  - after syncing until nothing moves, the station's and the township's digests equal
//    the hub's digests of their scopes, and the township holds every case received.
//
// With --sealed the station's file is encrypted (sync/src/sealed_vfs.h over FaultVfs):
// the same guarantees must hold when every page, WAL frame and journal record is sealed.
//
//   tongban_power_loss [--sealed] [--seeds FIRST-LAST] [--seed N] [--steps N] [--verbose]
// A failing trial prints the command that replays it.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string_view>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "fault_vfs.h"
#include "county_template.h"
#include "seeded_runs.h"
#include "tongban/central/hub_service.h"
#include "tongban/central/supervision.h"
#include "tongban/node/domain/case_state_machine.h"
#include "tongban/node/domain/catalog.h"
#include "tongban/node/store/node_replica.h"
#include "tongban/node/store/node_store.h"
#include "tongban/node/store/node_sync.h"
#include "tongban/sync/sm2.h"
#include "tongban/sync/compression.h"
#include "tongban/sync/sqlite.h"
#include "tongban/sync/sync_client.h"

namespace fs = std::filesystem;
using namespace tongban;
using test::FaultVfs;

namespace {

constexpr const char* kElderly = "高龄津贴申领";              // processed by the township
constexpr const char* kPension = "城乡居民基本养老保险参保登记";  // 即办, @township
constexpr const char* kPassword = "power-loss-pass";
constexpr const char* kStation = "QS-JX01";
constexpr const char* kTownship = "QS-JX";

// The station's data key under --sealed; none: a plain station.
std::optional<sync::DataKey> g_station_key;
const sync::DataKey* StationKey() { return g_station_key ? &*g_station_key : nullptr; }

// Totals over every trial, printed at the end.
struct Figures {
  long trials = 0;
  long cut_in_operation = 0;  // the power failed inside a station call or sync round
  long cut_between = 0;       // the trial ran out of station I/O first
  std::map<std::string, long> cut_during;  // what the station was doing
  long intakes = 0, moves = 0, material_edits = 0, pushes = 0;  // acknowledged
  long changes = 0;           // change-log rows written by acknowledged calls
  long pulled = 0;            // changes the station pulled in acknowledged sync rounds
  long ack_lost = 0;          // cuts after the hub took a push and before the station noted it
  long lost = 0;              // acknowledged writes missing after the reopen
  long doubled = 0;           // case numbers, change-log rows or events found twice
  long failed = 0;
};

// The hub's HTTP handler without the socket.
class InProcessTransport final : public sync::Transport {
 public:
  explicit InProcessTransport(central::HubService& hub) : hub_(hub) {}
  Result<sync::HttpResponse> Send(const sync::HttpRequest& request) override {
    sync::HttpRequest r = request;
    r.peer = "127.0.0.1";
    return hub_.Handle(r);
  }

 private:
  central::HubService& hub_;
};

// The hub, a township and a station (county_template.h), copied for every trial.
using Template = test::CountyTemplate;

Status MakeTemplate(Template& t) {
  return test::MakeCountyTemplate(
      t, "power-loss", {{kTownship, node::NodeKind::kTownship, ""}, {kStation, node::NodeKind::kStation, kTownship}},
      kPassword, [](const std::string& code) { return fs::path(code) / "node.db"; });
}

// One node of a trial: its store and its sync client over the in-process hub.
struct Node {
  std::string code;
  fs::path file;
  std::unique_ptr<node::NodeStore> store;
  std::unique_ptr<node::NodeReplica> replica;
  std::unique_ptr<InProcessTransport> transport;
  std::unique_ptr<sync::Sm2Key> key;                // the node's signing key, as NodeSync holds it
  std::unique_ptr<sync::SigningTransport> signing;  // every request signed, as on the wire
  std::unique_ptr<sync::SyncClient> client;
};

// A change as the log holds it, without its number or versions, which a sync may
// legitimately renumber or re-stamp: the write itself.
std::string ChangeKey(const sync::Change& c) {
  std::string key = c.table + "/" + c.row.Hex() + "/" + std::to_string(static_cast<int>(c.op));
  for (const auto& f : c.fields) key += "/" + f.column + "=" + f.value.dump();
  return key;
}

class Trial {
 public:
  Trial(const Template& t, FaultVfs& vfs, std::uint64_t seed, int steps, bool verbose, Figures& figures)
      : t_(t), vfs_(vfs), seed_(seed), steps_(steps), verbose_(verbose), rng_(seed), figures_(figures) {}
  ~Trial() {
    station_ = {};
    township_ = {};
    hub_.reset();
    vfs_.CrashAfter(0);
    if (vfs_.crashed()) (void)vfs_.Recover();
    vfs_.Unwatch((dir_ / kStation).string());
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  Status Go() {
    TB_RETURN_IF_ERROR(Setup());
    // The power fails once in each half of the run: the second cut meets a station
    // that recovered from the first.
    const int half = steps_ / 2;
    for (int from = 0; from < steps_; from += half) {
      const int to = std::min(steps_, from + half);
      // At a random write or sync of the first station operation of a randomly chosen
      // kind from a random step on (Doing), so each kind gets its share.
      cut_step_ = from + static_cast<int>(Pick((to - from) * 2 / 3 + 1));
      cut_kind_ = kKinds[Pick(std::size(kKinds))];
      armed_ = false;
      for (step_ = from; step_ < to && !vfs_.crashed(); ++step_) TB_RETURN_IF_ERROR(Step());
      if (vfs_.crashed()) {
        ++figures_.cut_in_operation;
        ++figures_.cut_during[doing_];
        Note("power fails during " + doing_);
      } else {
        vfs_.CrashAfter(0);
        vfs_.SimulatePowerLoss();
        ++figures_.cut_between;
        Note("power fails between operations");
      }
      TB_RETURN_IF_ERROR(Reboot());
      TB_RETURN_IF_ERROR(CheckDurable());
    }
    TB_RETURN_IF_ERROR(Quiesce());
    return CheckConverged();
  }
  const std::string& trace() const { return trace_; }

 private:
  std::uint64_t Pick(std::uint64_t n) { return std::uniform_int_distribution<std::uint64_t>(0, n - 1)(rng_); }
  bool Chance(double p) { return std::uniform_real_distribution<>(0, 1)(rng_) < p; }
  void Note(const std::string& line) {
    trace_ += line + "\n";
    if (verbose_) std::fprintf(stderr, "%s\n", line.c_str());
  }

  // The station starts an operation of `kind`: the power cut is armed if its turn has
  // come. `writes` bounds the writes and syncs such an operation does (measured), so
  // the cut mostly lands inside it; a cut past its end lands in a later one.
  void Doing(const char* kind, std::uint64_t writes) {
    doing_ = kind;
    if (armed_ || step_ < cut_step_ || cut_kind_ != kind) return;
    vfs_.CrashAfter(1 + static_cast<std::int64_t>(Pick(writes)));
    armed_ = true;
  }

  Status OpenNode(Node& n) {
    TB_ASSIGN_OR_RETURN(n.store, node::NodeStore::Open(n.file.string(), sync::SystemWallClock::Instance(),
                                                       5000, n.code == kStation ? StationKey() : nullptr));
    n.replica = std::make_unique<node::NodeReplica>(*n.store);
    n.transport = std::make_unique<InProcessTransport>(*hub_);
    TB_ASSIGN_OR_RETURN(sync::Sm2Key key, node::NodeSigningKey(*n.store));
    n.key = std::make_unique<sync::Sm2Key>(std::move(key));
    n.signing = std::make_unique<sync::SigningTransport>(*n.transport, *n.key);
    n.client = std::make_unique<sync::SyncClient>(
        *n.signing, *n.replica, sync::Compressor::Shipped(),
        sync::SyncOptions{n.code, t_.secrets.at(n.code), node::kReplicationSchemaVersion, 50, 50});
    return Status::Ok();
  }

  Status Setup() {
    const char* tmp = std::getenv("TMPDIR");
    dir_ = fs::path(tmp && *tmp ? tmp : "/tmp") /
           ("tongban-power-loss-" + std::to_string(::getpid()) + "-" + std::to_string(seed_));
    fs::remove_all(dir_);
    fs::copy(t_.dir, dir_, fs::copy_options::recursive);
    if (StationKey())
      TB_RETURN_IF_ERROR(sync::SealDatabase((dir_ / kStation / "node.db").string(), *StationKey()));
    // Only the station loses power; the hub and the township are other machines.
    vfs_.Watch((dir_ / kStation).string());
    TB_ASSIGN_OR_RETURN(hub_, central::HubService::Open((dir_ / "hub").string()));
    township_.code = kTownship;
    township_.file = dir_ / kTownship / "node.db";
    station_.code = kStation;
    station_.file = dir_ / kStation / "node.db";
    TB_RETURN_IF_ERROR(OpenNode(township_));
    TB_RETURN_IF_ERROR(OpenNode(station_));
    for (Node* n : {&township_, &station_})
      TB_RETURN_IF_ERROR(Sync(*n).status().WithContext("first sync of " + n->code));
    TB_ASSIGN_OR_RETURN(auto state, station_.replica->State());
    last_seq_ = state.last_seq;
    acked_seq_ = state.acked_seq;
    Note("seed " + std::to_string(seed_));
    return Status::Ok();
  }

  // One sync round: push, pull, and push again what the pull left to send.
  Result<sync::SyncSummary> Sync(Node& n) {
    sync::SyncSummary s;
    TB_RETURN_IF_ERROR(n.client->Push(s, {}));
    TB_RETURN_IF_ERROR(n.client->Pull(s, {}));
    TB_ASSIGN_OR_RETURN(auto state, n.replica->State());
    if (state.last_seq > state.acked_seq && !s.held) TB_RETURN_IF_ERROR(n.client->Push(s, {}));
    return s;
  }

  // The station's call returned OK: what it wrote is acknowledged.
  Status Acknowledged() {
    auto changes = station_.store->ReadChanges(last_seq_, 100000);
    // The power failed after the call returned (a checkpoint's write): its rows are
    // checked by what it did (the case, the timeline event) instead.
    if (!changes.ok()) return StationFailed(changes.status(), "reading its change log");
    for (const auto& c : *changes) {
      acked_changes_.push_back(ChangeKey(c));
      last_seq_ = std::max(last_seq_, c.seq);
    }
    figures_.changes += static_cast<long>(changes->size());
    return Status::Ok();
  }

  Result<std::vector<std::string>> CasesAt(Node& n) {
    node::CaseQuery q;
    q.limit = 100000;
    TB_ASSIGN_OR_RETURN(auto list, n.store->Search(q));
    std::vector<std::string> out;
    for (const auto& c : list) out.push_back(c.case_no);
    return out;
  }

  // A move the case's status offers to `actor`, or now and then any move at all (the
  // clerk's mistake, refused).
  Result<std::string> SomeAction(Node& n, const std::string& no, node::Actor actor) {
    static const char* kActions[] = {"accept", "withdraw", "request_supplement", "supply", "approve",
                                     "deny", "issue_result", "deliver", "close", "complete_on_spot"};
    TB_ASSIGN_OR_RETURN(auto c, n.store->GetCase(no));
    auto offered = node::AvailableActions(c.status, {actor, true, true});
    if (offered.empty() || Chance(0.1)) return std::string(kActions[Pick(std::size(kActions))]);
    return std::string(offered[Pick(offered.size())]);
  }

  // A failure of the station once the power is gone is the power cut, not a finding.
  Status StationFailed(const Status& s, const std::string& what) {
    if (vfs_.crashed()) return Status::Ok();
    return s.WithContext("station " + what);
  }

  Status Step() {
    const std::uint64_t op = Pick(100);
    if (op < 24) {
      node::IntakeRequest r;
      r.item_code = Chance(0.8) ? kElderly : kPension;
      r.applicant_name = "张建国";
      r.applicant_id = "11010519491231002X";
      // 容缺: a material owed, which opens a commitment the station later settles.
      if (r.item_code == kElderly && Chance(0.5)) r.materials = {{"M02", node::MaterialState::kTolerated}};
      Doing("intake", 30);
      auto c = station_.store->Intake(t_.clerk, r);
      if (!c.ok()) return StationFailed(c.status(), "intake");
      ++figures_.intakes;
      received_.push_back(c->case_no);
      Note("station receives " + c->case_no);
      return Acknowledged();
    }
    if (op < 50) {
      if (received_.empty()) return Status::Ok();
      const std::string no = received_[Pick(received_.size())];
      if (op < 40) {
        auto action = SomeAction(station_, no, node::Actor::kStation);
        if (!action.ok()) return StationFailed(action.status(), "reading " + no);
        Doing("move", 8);
        auto moved = station_.store->Transition(t_.clerk, no, *action, "理由");
        // Refused (the clerk's mistake) or cut short by the power: nothing acknowledged.
        if (!moved.ok()) return Status::Ok();
        ++figures_.moves;
        if (!moved->events.empty()) moved_[moved->events.back().uid.Hex()] = no;
        Note("station " + *action + " " + no + " -> " + std::string(node::CaseStatusName(moved->status)));
        return Acknowledged();
      }
      auto c = station_.store->GetCase(no);
      if (!c.ok()) return StationFailed(c.status(), "reading " + no);
      // The station records a material the applicant still owed as supplied.
      std::vector<std::string> owed;
      for (const auto& m : c->materials)
        if (m.state == node::MaterialState::kAbsent || m.state == node::MaterialState::kTolerated ||
            m.state == node::MaterialState::kCommitted)
          owed.push_back(m.code);
      if (owed.empty()) return Status::Ok();
      const node::MaterialState state = node::MaterialState::kSupplied;
      const std::string code = owed[Pick(owed.size())];
      Doing("material edit", 8);
      auto edited = station_.store->UpdateMaterials(t_.clerk, no, {{code, state}});
      if (!edited.ok()) return Status::Ok();  // refused, or the power failed: nothing acknowledged
      ++figures_.material_edits;
      Note("station sets " + no + " " + code + " " + std::string(node::MaterialStateName(state)));
      return Acknowledged();
    }
    if (op < 66) {
      Doing("sync", 8);
      auto synced = Sync(station_);
      if (!synced.ok()) return StationFailed(synced.status(), "sync");
      ++figures_.pushes;
      figures_.pulled += synced->pulled;
      TB_ASSIGN_OR_RETURN(auto state, station_.replica->State());
      acked_seq_ = state.acked_seq;
      Note("station syncs, hub acknowledged up to " + std::to_string(acked_seq_));
      return Status::Ok();
    }
    if (op < 76) {
      TB_RETURN_IF_ERROR(Sync(township_).status().WithContext("township sync"));
      Note("township syncs");
      return Status::Ok();
    }
    if (op >= 92) {
      // The clerk closes the desk and opens it again: the last connection checkpoints
      // the WAL into the database and removes it, and the next write makes a new one.
      Doing("clean restart", 30);
      station_.client.reset();
      station_.transport.reset();
      station_.replica.reset();
      station_.store.reset();
      if (vfs_.crashed()) return Status::Ok();
      Note("station restarts");
      return OpenNode(station_).WithContext("station restart");
    }
    TB_ASSIGN_OR_RETURN(auto cases, CasesAt(township_));
    if (cases.empty()) return Status::Ok();
    const std::string no = cases[Pick(cases.size())];
    if (Chance(0.3)) {
      // The back office verifies a material the station supplied.
      TB_ASSIGN_OR_RETURN(auto c, township_.store->GetCase(no));
      for (const auto& m : c.materials)
        if (m.state == node::MaterialState::kSupplied &&
            township_.store->UpdateMaterials(t_.proc, no, {{m.code, node::MaterialState::kVerified}}).ok()) {
          Note("township verifies " + no + " " + m.code);
          break;
        }
      return Status::Ok();
    }
    TB_ASSIGN_OR_RETURN(std::string action, SomeAction(township_, no, node::Actor::kBackOffice));
    if (auto moved = township_.store->Transition(t_.proc, no, action, "理由"); moved.ok())
      Note("township " + action + " " + no + " -> " + std::string(node::CaseStatusName(moved->status)));
    return Status::Ok();
  }

  // The station's process died with the power: its connections close, the files go
  // back to their last sync, and it starts again.
  Status Reboot() {
    station_.client.reset();
    station_.transport.reset();
    station_.replica.reset();
    station_.store.reset();
    TB_RETURN_IF_ERROR(vfs_.Recover());
    // Opening writes nothing (WAL recovery rebuilds only the shared-memory index), so
    // there is no cut to place inside it.
    const std::int64_t writes = vfs_.operations();
    TB_RETURN_IF_ERROR(OpenNode(station_).WithContext("reopening the station after the power cut"));
    if (vfs_.operations() != writes) return Internal("opening the station wrote to its files; cut there too");
    // What an unacknowledged call left behind is not counted as acknowledged later.
    TB_ASSIGN_OR_RETURN(auto state, station_.replica->State());
    last_seq_ = state.last_seq;
    return Status::Ok();
  }

  Status Lost(const std::string& what) {
    ++figures_.lost;
    return Internal("lost after the power cut: " + what);
  }
  Status Doubled(const std::string& what) {
    ++figures_.doubled;
    return Internal("doubled after the power cut: " + what);
  }

  Status CheckDurable() {
    Node& n = station_;
    // Cases received, each number once.
    TB_ASSIGN_OR_RETURN(auto cases, CasesAt(n));
    std::set<std::string> unique;
    for (const auto& no : cases)
      if (!unique.insert(no).second) return Doubled("case number " + no);
    for (const auto& no : received_)
      if (!unique.contains(no)) return Lost("case " + no);
    // Status moves: their timeline events, each once.
    std::set<std::string> events;
    for (const auto& no : cases) {
      TB_ASSIGN_OR_RETURN(auto c, n.store->GetCase(no));
      for (const auto& e : c.events)
        if (!events.insert(e.uid.Hex()).second) return Doubled("timeline event " + e.uid.Hex() + " of " + no);
    }
    for (const auto& [uid, no] : moved_)
      if (!events.contains(uid)) return Lost("status move " + uid + " of " + no);
    // The change log: every row an acknowledged call wrote, none twice.
    TB_ASSIGN_OR_RETURN(auto log, n.store->ReadChanges(0, 1000000));
    std::map<std::string, int> in_log;
    std::set<std::pair<std::string, sync::Hlc>> stamped;
    for (const auto& c : log) {
      ++in_log[ChangeKey(c)];
      if (!stamped.insert({ChangeKey(c), c.hlc}).second) return Doubled("change-log row " + ChangeKey(c));
    }
    std::map<std::string, int> acked;
    for (const auto& k : acked_changes_) ++acked[k];
    for (const auto& [k, count] : acked)
      if (in_log[k] < count) return Lost("change-log row " + k);
    // The hub's acknowledgement of every push that returned OK.
    TB_ASSIGN_OR_RETURN(auto state, n.replica->State());
    if (state.acked_seq < acked_seq_)
      return Lost("the hub's acknowledgement up to " + std::to_string(acked_seq_) + " (the station remembers " +
                  std::to_string(state.acked_seq) + ")");
    TB_RETURN_IF_ERROR(CheckChangeLogCoversRows());
    // The hub may hold more than the station knows it acknowledged: the next push
    // learns it (and the hub would take a resend once).
    TB_ASSIGN_OR_RETURN(auto at_hub, hub_->hub().GetNode(kStation));
    if (at_hub.acked_seq > state.acked_seq) ++figures_.ack_lost;
    Note("reopened: " + std::to_string(cases.size()) + " cases, " + std::to_string(log.size()) + " changes");
    return Status::Ok();
  }

  // Every business row the station wrote has its change-log row, and every record the
  // log inserted is still there (nothing here deletes cases or timeline events).
  Status CheckChangeLogCoversRows() {
    sync::OpenOptions options;
    options.create = false;
    options.read_only = true;
    options.key = StationKey();
    TB_ASSIGN_OR_RETURN(auto db, sync::Database::Open(station_.file.string(), options));
    struct Rule {
      const char* what;
      const char* sql;
    };
    const std::string me = kStation;
    const Rule rules[] = {
        {"case without its change-log row",
         "SELECT hex(uid) FROM cases WHERE receiving_station = ?1 AND uid NOT IN "
         "(SELECT row_uid FROM change_log WHERE tbl = 1)"},
        {"materials without their change-log row",
         "SELECT DISTINCT hex(m.case_uid) FROM case_materials m JOIN cases c ON c.uid = m.case_uid "
         "WHERE c.receiving_station = ?1 AND m.case_uid NOT IN (SELECT row_uid FROM change_log WHERE tbl = 2)"},
        {"timeline event without its change-log row",
         "SELECT hex(uid) FROM case_events WHERE node = ?1 AND uid NOT IN "
         "(SELECT row_uid FROM change_log WHERE tbl = 3)"},
        {"commitment without its change-log row",
         "SELECT hex(m.uid) FROM commitments m JOIN cases c ON c.uid = m.case_uid "
         "WHERE c.receiving_station = ?1 AND m.uid NOT IN (SELECT row_uid FROM change_log WHERE tbl = 4)"},
        {"staff account without its change-log row",
         "SELECT hex(uid) FROM staff WHERE node = ?1 AND uid NOT IN "
         "(SELECT row_uid FROM change_log WHERE tbl = 6)"},
        {"logged case missing",
         "SELECT hex(row_uid) FROM change_log WHERE tbl = 1 AND op = 0 AND row_uid NOT IN "
         "(SELECT uid FROM cases) AND ?1 IS NOT NULL"},
        {"logged timeline event missing",
         "SELECT hex(row_uid) FROM change_log WHERE tbl = 3 AND op = 0 AND row_uid NOT IN "
         "(SELECT uid FROM case_events) AND ?1 IS NOT NULL"},
    };
    for (const auto& r : rules) {
      TB_ASSIGN_OR_RETURN(auto* st, db->Prepare(r.sql));
      st->Bind(1, me);
      TB_ASSIGN_OR_RETURN(bool row, st->Step());
      if (row) {
        const std::string uid = st->Text(0);
        st->Reset();
        ++figures_.lost;
        return Internal(std::string(r.what) + ": " + uid);
      }
      st->Reset();
    }
    return Status::Ok();
  }

  // Both nodes sync until a whole pass moves nothing.
  Status Quiesce() {
    for (int pass = 0; pass < 8; ++pass) {
      std::int64_t moved = 0;
      for (Node* n : {&station_, &township_}) {
        auto s = Sync(*n);
        if (!s.ok()) return s.status().WithContext("quiet sync of " + n->code);
        moved += s->pushed + s->pulled + s->purged + s->restamped;
      }
      if (moved == 0) return Status::Ok();
    }
    return Internal("the nodes did not go quiet after 8 passes");
  }

  Result<std::string> HubDigest(Node& n) {
    sync::HttpRequest req{"GET", "/v1/digest", {}, "", ""};
    req.headers["authorization"] = "Bearer " + t_.secrets.at(n.code);
    req.headers["x-tongban-node"] = n.code;
    const sync::HttpResponse r = hub_->Handle(req);
    if (r.status != 200) return Internal("hub digest: HTTP " + std::to_string(r.status) + " " + r.body);
    const auto j = nlohmann::json::parse(r.body, nullptr, false);
    if (!j.is_object() || !j.contains("digest")) return Internal("hub digest is not JSON");
    return j["digest"].get<std::string>();
  }

  Status CheckConverged() {
    for (Node* n : {&station_, &township_}) {
      TB_ASSIGN_OR_RETURN(auto state, n->replica->State());
      if (state.last_seq != state.acked_seq)
        return Internal(n->code + " still holds " + std::to_string(state.last_seq - state.acked_seq) +
                        " unsent changes");
      TB_ASSIGN_OR_RETURN(std::string mine, n->replica->Digest());
      TB_ASSIGN_OR_RETURN(std::string hubs, HubDigest(*n));
      if (mine != hubs) return Internal(n->code + "'s digest differs from the hub's for its scope");
    }
    // Every case received reached the township that processes it, once.
    TB_ASSIGN_OR_RETURN(auto cases, CasesAt(township_));
    std::set<std::string> unique;
    for (const auto& no : cases)
      if (!unique.insert(no).second) return Doubled("case number " + no + " at the township");
    for (const auto& no : received_) {
      TB_ASSIGN_OR_RETURN(auto c, station_.store->GetCase(no));
      if (c.processing_office == kTownship && !unique.contains(no)) return Lost("case " + no + " at the township");
    }
    Note("converged");
    return Status::Ok();
  }

  const Template& t_;
  FaultVfs& vfs_;
  std::uint64_t seed_;
  int steps_;
  bool verbose_;
  std::mt19937_64 rng_;
  Figures& figures_;
  fs::path dir_;
  std::unique_ptr<central::HubService> hub_;
  Node township_, station_;
  static constexpr const char* kKinds[] = {"intake", "move", "material edit", "sync", "clean restart"};
  int step_ = 0;
  int cut_step_ = 0;
  std::string cut_kind_;
  bool armed_ = false;
  std::string doing_;  // what the station was last asked to do
  std::int64_t last_seq_ = 0;   // the station's last change-log row read
  std::int64_t acked_seq_ = 0;  // the hub's acknowledgement after the last sync that returned OK
  std::vector<std::string> received_;             // acknowledged intakes
  std::map<std::string, std::string> moved_;      // timeline event of an acknowledged move -> case
  std::vector<std::string> acked_changes_;        // change-log rows of acknowledged calls
  std::string trace_;
};

// `tongban init` cut short: the power fails at each of the first 40 writes or syncs of
// NodeStore::Create in turn, then at every 7th (it makes about 260). After the reboot
// there is either no station file (NotFound: init again) or a whole station; and when
// Create returned OK, a whole station whose admin can log in.
struct CreateCuts {
  long cuts = 0;
  std::int64_t writes = 0;  // writes and syncs of one whole Create
};
Result<CreateCuts> CutCreate(FaultVfs& vfs, const fs::path& root, bool verbose) {
  CreateCuts out;
  for (std::int64_t n = 1;; n += n < 40 ? 1 : 7) {
    const fs::path dir = root / ("create-" + std::to_string(n));
    fs::create_directories(dir);
    vfs.Watch(dir.string());
    const std::string path = (dir / "node.db").string();
    vfs.CrashAfter(n);
    const std::int64_t before = vfs.operations();
    bool created = false;
    {
      auto store = node::NodeStore::Create(path, {kStation, "金溪村便民服务站", node::NodeKind::kStation, kTownship},
                                           "admin", kPassword, sync::SystemWallClock::Instance(), StationKey());
      created = store.ok();
    }
    vfs.CrashAfter(0);
    const bool cut = vfs.crashed();
    if (!cut) out.writes = vfs.operations() - before;
    if (!cut) vfs.SimulatePowerLoss();
    TB_RETURN_IF_ERROR(vfs.Recover());
    auto reopened = node::NodeStore::Open(path, sync::SystemWallClock::Instance(), 5000, StationKey());
    std::string outcome;
    if (reopened.ok()) {
      TB_RETURN_IF_ERROR((*reopened)->Login("admin", kPassword).status().WithContext(
          "the station created before a power cut at write " + std::to_string(n)));
      outcome = "a whole station";
    } else if (reopened.status().code() == ErrorCode::kNotFound && !created) {
      outcome = "no station file";
    } else {
      return Internal("power cut at write " + std::to_string(n) + " of creating a station" +
                      (created ? " (after Create returned OK)" : "") + ": " + reopened.status().message());
    }
    if (verbose) std::fprintf(stderr, "create, power cut at write %lld: %s\n", static_cast<long long>(n), outcome.c_str());
    reopened = Status::Ok();
    vfs.Unwatch(dir.string());
    std::error_code ec;
    fs::remove_all(dir, ec);
    if (!cut) return out;  // Create finished before the n-th write
    ++out.cuts;
  }
}

}  // namespace

int main(int argc, char** argv) {
  // --sealed is this program's own; the rest are the seeded-run options.
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    if (std::string_view(argv[i]) == "--sealed") g_station_key = sync::DataKey::Random(sync::kDefaultCipherSuite);
    else args.push_back(argv[i]);
  }
  argc = static_cast<int>(args.size());
  argv = args.data();
  const auto runs = test::ParseSeededRuns(argc, argv, {1, 100, 60, false});
  if (!runs) return 2;
  const auto [first, last, steps, verbose] = *runs;
  // Before any database opens: every connection in this process goes through it.
  FaultVfs& vfs = FaultVfs::Install();
  spdlog::set_level(verbose ? spdlog::level::info : spdlog::level::err);
  Template t;
  if (Status s = MakeTemplate(t); !s.ok()) {
    std::fprintf(stderr, "setting up the county failed: %s\n", s.message().c_str());
    return 1;
  }
  const auto start = std::chrono::steady_clock::now();
  Figures figures;
  auto create_cuts = CutCreate(vfs, t.dir, verbose);
  if (!create_cuts.ok()) {
    std::fprintf(stderr, "creating a station: %s\n", create_cuts.status().message().c_str());
    ++figures.failed;
  }
  for (std::uint64_t seed = first; seed <= last; ++seed) {
    ++figures.trials;
    Trial trial(t, vfs, seed, steps, verbose, figures);
    Status s = trial.Go();
    if (s.ok()) continue;
    ++figures.failed;
    std::fprintf(stderr, "seed %llu failed: %s\n%s\nreplay: %s --seed %llu --steps %d --verbose\n",
                 static_cast<unsigned long long>(seed), s.message().c_str(), trial.trace().c_str(), argv[0],
                 static_cast<unsigned long long>(seed), steps);
    if (figures.failed >= 3) break;
  }
  std::error_code ec;
  fs::remove_all(t.dir, ec);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::string during;
  for (const auto& [what, n] : figures.cut_during)
    during += (during.empty() ? "" : ", ") + std::to_string(n) + " " + what;
  std::printf("trials: %ld from seed %llu, %ld failed, %.1f s\n", figures.trials,
              static_cast<unsigned long long>(first), figures.failed, seconds);
  std::printf("power cuts: %ld inside an operation (%s), %ld between operations\n",
              figures.cut_in_operation, during.c_str(), figures.cut_between);
  std::printf("acknowledged: %ld writes (%ld intakes, %ld status moves, %ld material edits; %ld change-log "
              "rows), %ld sync rounds (%ld changes pulled)\n",
              figures.intakes + figures.moves + figures.material_edits, figures.intakes, figures.moves,
              figures.material_edits, figures.changes, figures.pushes, figures.pulled);
  if (create_cuts.ok())
    std::printf("creating a station: cut at %ld of its %lld writes and syncs, each left none or a whole station\n",
                create_cuts->cuts, static_cast<long long>(create_cuts->writes));
  std::printf("cuts between the hub taking a push and the station noting it: %ld\n", figures.ack_lost);
  std::printf("lost: %ld, doubled: %ld\n", figures.lost, figures.doubled);
  std::printf("%s: %ld trials, %ld power cuts, %ld acknowledged writes, %ld lost, %ld doubled, %.1f s\n",
              figures.failed == 0 ? "ok" : "FAILED", figures.trials,
              figures.cut_in_operation + figures.cut_between,
              figures.intakes + figures.moves + figures.material_edits, figures.lost, figures.doubled, seconds);
  return figures.failed == 0 ? 0 : 1;
}
