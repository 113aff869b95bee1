// The sync wire messages and their MessagePack encoding (docs/protocol.md).
//
// Every message is a MessagePack map. Change lists use a per-message string
// table so table, column, node and user names travel once per batch:
//   change = [seq, hlc, table#, row(bin 16), op, node#, user#, [column#, value, version, ...]]
// In a push, `version` is the base version the edit was made against; in a
// pull, it is the field's current version at the hub. Decoding checks every
// bound (batch size, fields per change, string sizes) and never throws.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tongban/status.h"
#include "tongban/sync/change.h"

namespace tongban::sync {

inline constexpr int kProtocolVersion = 1;
inline constexpr std::size_t kMaxChangesPerBatch = 50'000;
inline constexpr std::size_t kMaxFieldsPerChange = 256;
inline constexpr std::size_t kMaxStringBytes = 64 * 1024;
// HTTP header of a push: how many changes its body carries (the hub refuses more than
// kMaxChangesPerBatch before reading the body, and a body that holds another number).
inline constexpr std::string_view kChangesHeader = "x-tongban-changes";
// HTTP header of a hello: the replication schema versions a node speaks, "OLDEST-NEWEST".
// A node that sends none speaks node::kUnnegotiatedSchema (docs/protocol.md, "Versions").
inline constexpr std::string_view kSchemasHeader = "x-tongban-schemas";
// HTTP header of a digest request: the version agreed at hello (none: unnegotiated).
inline constexpr std::string_view kSchemaHeader = "x-tongban-schema";

struct PushRequest {
  int schema = 0;             // replication schema version of the node
  std::string node;           // pushing node code
  std::int64_t from_seq = 0;  // the node's last seq it believes the hub acknowledged
  std::vector<Change> changes;  // consecutive local seqs after from_seq
};

// A change the hub refused for good: acknowledged, never sent again. `code` says
// why (out_of_scope, unknown_table, invalid_field, foreign_author, hub_owned);
// `args` are its arguments; `reason` is an English sentence for logs only.
struct Rejection {
  std::int64_t seq = 0;
  std::string reason;
  std::string code;
  std::vector<std::string> args;
};

// A change the hub could not apply yet (clock_ahead, parent_missing): it and every
// later change stay unacknowledged at the node, which sends them again once the
// cause is gone. args for clock_ahead: [change time ms, hub time ms, limit ms];
// for parent_missing: [table].
struct Held {
  std::int64_t seq = 0;
  std::string code;
  std::vector<std::string> args;
  std::string reason;
};

struct PushReply {
  std::int64_t acked_seq = 0;  // every change up to here is durable at the hub (or rejected)
  Hlc acked_hlc = 0;           // HLC of that change as the hub received it (0: none yet)
  int applied = 0;
  int duplicates = 0;  // replays skipped
  int conflicts = 0;   // conflict records opened by this batch
  std::vector<Rejection> rejected;
  std::int64_t open_conflicts = 0;
  std::optional<Held> held;  // set when the change after acked_seq was held back
  std::int64_t hub_ms = 0;   // the hub's wall clock when it replied (0: an older hub)
};

struct PullRequest {
  int schema = 0;
  std::string node;
  std::int64_t cursor = 0;  // last hub sequence applied by the node
  int limit = 2000;
  bool include_own = false;  // repair: the node's own changes too (it may have lost them)
};

struct Purge {
  std::string table;
  RowId row;
};

// A field of a record this node holds that waits in the conflict inbox: the node
// shows its provisional value with a mark until an admin resolves it.
struct ConflictMark {
  std::string table;
  RowId row;
  std::string column;  // "*": the whole record
  std::int64_t id = 0;  // the hub's conflict number
};

struct PullReply {
  std::int64_t cursor = 0;  // hub sequence to ask from next time
  bool more = false;        // another batch is waiting
  std::vector<Change> changes;
  std::vector<Purge> purges;  // records that left the node's scope
  std::int64_t open_conflicts = 0;
  std::int64_t hub_ms = 0;  // the hub's wall clock when it replied (0: an older hub)
  // Every open conflict in the node's scope (at most kMaxConflictMarks), on the last
  // batch of a pull; unset on other batches and from an older hub.
  std::optional<std::vector<ConflictMark>> conflict_marks;
};
inline constexpr int kMaxConflictMarks = 1000;

std::string EncodePushRequest(const PushRequest& m);
Result<PushRequest> DecodePushRequest(std::string_view bytes);
std::string EncodePushReply(const PushReply& m);
Result<PushReply> DecodePushReply(std::string_view bytes);
std::string EncodePullRequest(const PullRequest& m);
Result<PullRequest> DecodePullRequest(std::string_view bytes);
std::string EncodePullReply(const PullReply& m);
Result<PullReply> DecodePullReply(std::string_view bytes);

}  // namespace tongban::sync
