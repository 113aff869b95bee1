#include "tongban/central/bundle_import.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tongban/node/domain/replication_schema.h"
#include "tongban/sync/bundle.h"
#include "tongban/sync/compression.h"

namespace tongban::central {
namespace {

using nlohmann::json;

constexpr int kMaxReplyChanges = 200'000;

Result<std::string> ReadAll(const std::string& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return NotFound("cannot read bundle " + path + ": " + ec.message());
  if (size > sync::kMaxBundleBytes) return InvalidArgument("bundle " + path + " is larger than 512 MiB");
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Status WriteAtomically(const std::string& path, const std::string& bytes) {
  const std::string tmp = path + ".part";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << bytes;
    out.flush();
    if (!out) return Status(ErrorCode::kIoError, "cannot write " + tmp + " (disk full?)");
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return Status(ErrorCode::kIoError, "cannot write " + path + ": " + ec.message());
  return Status::Ok();
}

}  // namespace

Result<BundleImportSummary> ImportBundle(HubStore& store, const sync::FieldOrder* order,
                                         const std::string& in_path,
                                         const std::string& reply_path) {
  TB_ASSIGN_OR_RETURN(std::string bytes, ReadAll(in_path));
  TB_ASSIGN_OR_RETURN(sync::BundleHeader peek, sync::PeekBundle(bytes));
  if (peek.kind != sync::BundleKind::kChanges)
    return InvalidArgument(in_path + " is a reply bundle; import it on the node");
  TB_ASSIGN_OR_RETURN(std::string key, store.BundleKey(peek.node));
  sync::BundleHeader header;
  TB_ASSIGN_OR_RETURN(std::string frame, sync::OpenBundle(bytes, key, &header));
  if (header.schema != node::kReplicationSchemaVersion)
    return FailedPrecondition("schema mismatch: the bundle was written for replication schema " +
                              std::to_string(header.schema) + ", the hub speaks " +
                              std::to_string(node::kReplicationSchemaVersion));
  const auto& compressor = sync::Compressor::Shipped();
  TB_ASSIGN_OR_RETURN(std::string plain, compressor.Decompress(frame, sync::kMaxBundleBytes));
  TB_ASSIGN_OR_RETURN(sync::PushRequest push, sync::DecodePushRequest(plain));
  if (push.node != header.node) return PermissionDenied("bundle payload is labelled for another node");
  TB_ASSIGN_OR_RETURN(NodeInfo node, store.GetNode(header.node));

  BundleImportSummary sum;
  sum.node = node.code;
  TB_ASSIGN_OR_RETURN(sum.push, store.ApplyPush(node, push, order));

  // The reply: everything in the node's scope after what it said it has.
  sync::PullReply all;
  all.cursor = header.pull_cursor;
  for (;;) {
    TB_ASSIGN_OR_RETURN(auto page, store.Pull(node, {node::kReplicationSchemaVersion, node.code,
                                                     all.cursor, 5000}));
    for (auto& c : page.changes) all.changes.push_back(std::move(c));
    for (auto& p : page.purges) all.purges.push_back(std::move(p));
    all.cursor = page.cursor;
    all.open_conflicts = page.open_conflicts;
    all.more = page.more;
    if (!page.more || static_cast<int>(all.changes.size()) >= kMaxReplyChanges) break;
  }
  sum.reply_changes = static_cast<std::int64_t>(all.changes.size());
  sum.reply_complete = !all.more;
  const auto push_reply = sync::EncodePushReply(sum.push);
  const auto pull_reply = sync::EncodePullReply(all);
  const auto packed = json::to_msgpack(json{{"push", json::binary(std::vector<std::uint8_t>(
                                                         push_reply.begin(), push_reply.end()))},
                                            {"pull", json::binary(std::vector<std::uint8_t>(
                                                         pull_reply.begin(), pull_reply.end()))}});
  const std::string payload =
      compressor.Compress(std::string_view(reinterpret_cast<const char*>(packed.data()), packed.size()),
                          compressor.dictionary_ids().empty() ? 0 : compressor.dictionary_ids().back());
  sync::BundleHeader reply{sync::BundleKind::kReply, node.code, node::kReplicationSchemaVersion,
                           std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count(),
                           all.cursor};
  TB_RETURN_IF_ERROR(WriteAtomically(reply_path, sync::WriteBundle(reply, payload, key)));
  sum.reply_path = reply_path;
  return sum;
}

}  // namespace tongban::central
