#include "tongban/node/store/scan_store.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "change_log.h"
#include "tongban/node/domain/event_detail.h"
#include "tongban/sync/sqlite.h"
#include "tongban/sync/durable_file.h"

namespace tongban::node {
namespace {

using nlohmann::json;
using sync::Hlc;
using sync::RowId;

constexpr std::size_t kMaxFileNameBytes = 255;

// Messages (Chinese in node/src/messages/catalog_services.cpp).
constexpr MessageDef kIsFolder{"station_scan.is_folder", "{0} is a folder, not a scan file"};
constexpr MessageDef kCannotStat{"station_scan.cannot_stat", "cannot read scan file {0}: {1}"};
constexpr MessageDef kCannotRead{"station_scan.cannot_read", "cannot read scan file {0}"};
constexpr MessageDef kTooBig{"station_scan.too_big", "{0} has {1}; a scan may have at most 20 MiB"};
constexpr MessageDef kTooBigUnnamed{"station_scan.too_big_unnamed",
                                    "the scan has {0}; a scan may have at most 20 MiB"};
constexpr MessageDef kAdminNoScans{"station_scan.admin_no_scans", "admins attach no scans to cases"};
constexpr MessageDef kEmpty{"station_scan.empty", "{0} is empty"};
constexpr MessageDef kEmptyUnnamed{"station_scan.empty_unnamed", "the scan is empty"};
// {1}, {2}, {3}: the file types ("JPEG", "PNG", "PDF"), the same in every language.
constexpr MessageDef kNotScanType{"station_scan.not_scan_type",
                                  "{0} is not a {1}, {2} or {3} file (told by its content, not "
                                  "its name); only those can be attached"};
constexpr MessageDef kNotScanTypeUnnamed{"station_scan.not_scan_type_unnamed",
                                         "the scan is not a {0}, {1} or {2} file (told by its "
                                         "content, not its name); only those can be attached"};
constexpr MessageDef kNameTooLong{"station_scan.name_too_long",
                                  "file name is longer than 255 bytes; rename the file"};
constexpr MessageDef kMaterialNotInCase{"station_scan.material_not_in_case",
                                        "material '{0}' is not part of case {1} (its materials: "
                                        "{2})"};
constexpr MessageDef kCtxScanOfCase{"station_scan.ctx_scan_of_case", "a scan of case {0}"};
constexpr MessageDef kBadSha{"station_scan.bad_sha",
                             "'{0}' is not a scan's SHA-256 (64 lower-case hex digits)"};
constexpr MessageDef kNotHeld{"station_scan.not_held", "scan {0} is not held on this node"};
constexpr MessageDef kNotHeldFetched{"station_scan.not_held_fetched",
                                     "scan {0} is not held on this node; only the processing "
                                     "office of its case fetches it, with the next sync"};
constexpr MessageDef kStoredDamaged{"station_scan.stored_damaged",
                                    "the stored copy of scan {0} is damaged (its SHA-256 does not "
                                    "match)"};
constexpr MessageDef kTooManyBytes{"station_scan.too_many_bytes",
                                   "scan {0} got more bytes than its size"};
constexpr MessageDef kArrivedDamaged{"station_scan.arrived_damaged",
                                     "scan {0} arrived damaged (its SHA-256 does not match); it "
                                     "is fetched again next round"};

json Uid(const RowId& id) {
  return json::binary(std::vector<std::uint8_t>(id.bytes.begin(), id.bytes.end()));
}

std::string Short(const std::string& sha256) { return sha256.substr(0, 12); }

}  // namespace

std::string_view SniffScanType(std::string_view b) {
  if (b.size() >= 3 && b.substr(0, 3) == "\xFF\xD8\xFF") return "image/jpeg";
  if (b.size() >= 8 && b.substr(0, 8) == "\x89PNG\r\n\x1A\n") return "image/png";
  if (b.size() >= 5 && b.substr(0, 5) == "%PDF-") return "application/pdf";
  return {};
}

Result<AttachResult> ScanStore::Attach(const Session& by, const std::string& case_no,
                                       const std::string& material, const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const std::string name = fs::path(path).filename().string();
  if (fs::is_directory(path, ec)) return InvalidArgument(kIsFolder, {path});
  const auto size = fs::file_size(path, ec);
  if (ec) return NotFound(kCannotStat, {path, ec.message()});
  // Checked before reading, so a huge file is never loaded.
  if (size > kMaxScanBytes)
    return InvalidArgument(kTooBig, {name, HumanSize(size)});
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  if (!in && !in.eof()) return Status(ErrorCode::kIoError, kCannotRead, {path});
  return AttachBytes(by, case_no, material, ss.str(), name);
}

Result<AttachResult> ScanStore::AttachBytes(const Session& by, const std::string& case_no,
                                            const std::string& material, std::string_view bytes,
                                            const std::string& file_name) {
  if (!ActorForRole(by.role)) return PermissionDenied(kAdminNoScans);
  // A scan without a file name is "the scan", in the reader's language.
  const bool named = !file_name.empty();
  if (bytes.empty())
    return named ? InvalidArgument(kEmpty, {file_name}) : InvalidArgument(kEmptyUnnamed);
  if (bytes.size() > kMaxScanBytes)
    return named ? InvalidArgument(kTooBig, {file_name, HumanSize(bytes.size())})
                 : InvalidArgument(kTooBigUnnamed, {HumanSize(bytes.size())});
  const std::string mime(SniffScanType(bytes));
  if (mime.empty())
    return named ? InvalidArgument(kNotScanType, {file_name, "JPEG", "PNG", "PDF"})
                 : InvalidArgument(kNotScanTypeUnnamed, {"JPEG", "PNG", "PDF"});
  if (file_name.size() > kMaxFileNameBytes)
    return InvalidArgument(kNameTooLong);
  TB_ASSIGN_OR_RETURN(CaseRecord c, store_.LoadCase(case_no));
  const bool known = std::any_of(c.materials.begin(), c.materials.end(),
                                 [&](const CaseMaterial& m) { return m.code == material; });
  if (!known) {
    std::string codes;
    for (const auto& m : c.materials) codes += (codes.empty() ? "" : ", ") + m.code;
    return InvalidArgument(kMaterialNotInCase, {material, c.case_no, codes});
  }
  const std::string sha = sync::Sha256::Hex(bytes);

  auto& db = store_.database();
  {
    // The same content on the same material is one scan: attaching it again changes nothing.
    TB_ASSIGN_OR_RETURN(auto* st, db.Prepare("SELECT uid FROM case_scans WHERE case_uid = ?1 AND "
                                             "material = ?2 AND sha256 = ?3"));
    st->BindBlob(1, c.uid.View()).Bind(2, material).Bind(3, sha);
    TB_ASSIGN_OR_RETURN(bool found, st->Step());
    Result<RowId> existing = found ? st->Id(0) : Result<RowId>(RowId{});
    st->Reset();
    if (!existing.ok()) return existing.status().WithContext(kCtxScanOfCase, {c.case_no});
    if (found) {
      TB_ASSIGN_OR_RETURN(auto list, List(c.case_no));
      for (auto& s : list)
        if (s.uid == *existing) return AttachResult{std::move(s), false};
    }
  }

  const RowId uid = RowId::Generate(store_.wall_.NowMillis());
  TB_RETURN_IF_ERROR(store_.Write(by, [&](Hlc hlc, std::int64_t actor) -> Status {
    const Millis now = store_.wall_.NowMillis();
    TB_RETURN_IF_ERROR(PutContentLocked(sha, mime, bytes, /*attached=*/true, now));
    TB_RETURN_IF_ERROR(store_.log_->Insert(
        SyncedTable::kCaseScans, uid,
        {Uid(c.uid), material, sha, static_cast<std::int64_t>(bytes.size()), mime,
         file_name.empty() ? json() : json(file_name), now, by.login},
        hlc, actor));
    const std::string status(CaseStatusName(c.status));
    return store_.log_->Insert(
        SyncedTable::kCaseEvents, RowId::Generate(now),
        {Uid(c.uid), now, store_.identity_.code, by.login, "scan", status, status,
         EventDetail({{"material", material},
                      {"file", file_name.empty() ? json() : json(file_name)},
                      {"bytes", static_cast<std::int64_t>(bytes.size())},
                      {"sha", Short(sha)}})},
        hlc, actor);
  }));
  TB_ASSIGN_OR_RETURN(auto list, List(c.case_no));
  for (auto& s : list)
    if (s.uid == uid) return AttachResult{std::move(s), true};
  return Internal("scan " + Short(sha) + " was attached but cannot be read back");
}

Result<std::vector<ScanRecord>> ScanStore::List(const std::string& case_no) {
  TB_ASSIGN_OR_RETURN(CaseRecord c, store_.LoadCase(case_no));
  TB_ASSIGN_OR_RETURN(auto* st, store_.database().Prepare(
                                    "SELECT s.uid, s.material, s.sha256, s.size, s.mime, "
                                    "s.file_name, s.added_at, s.added_by, COALESCE(t.complete, 0), "
                                    "COALESCE(t.uploaded = 1 OR (t.complete = 1 AND t.attached = "
                                    "0), 0) FROM case_scans s LEFT JOIN scan_content t ON "
                                    "t.sha256 = s.sha256 WHERE s.case_uid = ?1 ORDER BY "
                                    "s.added_at, s.id"));
  st->BindBlob(1, c.uid.View());
  std::vector<ScanRecord> out;
  for (;;) {
    TB_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) break;
    ScanRecord s;
    TB_ASSIGN_OR_RETURN(s.uid, st->Id(0).WithContext(kCtxScanOfCase, {c.case_no}));
    s.case_no = c.case_no;
    s.material = st->Text(1);
    s.sha256 = st->Text(2);
    s.size = st->Int(3);
    s.mime = st->Text(4);
    s.file_name = st->OptText(5).value_or("");
    s.added_at = st->Int(6);
    s.added_by = st->Text(7);
    s.held = st->Int(8) != 0;
    s.at_hub = st->Int(9) != 0;
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::string> ScanStore::Content(const std::string& sha256) {
  if (!sync::IsSha256Hex(sha256))
    return InvalidArgument(kBadSha, {sha256.substr(0, 80)});
  auto& db = store_.database();
  TB_ASSIGN_OR_RETURN(auto* st, db.Prepare("SELECT complete FROM scan_content WHERE sha256 = ?1"));
  st->Bind(1, sha256);
  TB_ASSIGN_OR_RETURN(bool found, st->Step());
  const bool complete = found && st->Int(0) != 0;
  st->Reset();
  if (!complete) {
    TB_ASSIGN_OR_RETURN(auto* rec, db.Prepare("SELECT 1 FROM case_scans WHERE sha256 = ?1"));
    rec->Bind(1, sha256);
    TB_ASSIGN_OR_RETURN(bool recorded, rec->Step());
    rec->Reset();
    return NotFound(recorded ? kNotHeldFetched : kNotHeld, {Short(sha256)});
  }
  TB_ASSIGN_OR_RETURN(auto* rd, db.Prepare("SELECT data FROM scan_chunks WHERE sha256 = ?1 "
                                           "ORDER BY at"));
  rd->Bind(1, sha256);
  std::string out;
  for (;;) {
    TB_ASSIGN_OR_RETURN(bool row, rd->Step());
    if (!row) break;
    out.append(rd->Blob(0));
  }
  if (sync::Sha256::Hex(out) != sha256)
    return Corruption(kStoredDamaged, {Short(sha256)});
  return out;
}

Status ScanStore::Export(const std::string& sha256, const std::string& out_path) {
  TB_ASSIGN_OR_RETURN(std::string bytes, Content(sha256));
  // Written beside the target, synced and renamed: no half file if the disk fills or the
  // stick goes.
  // A resident's papers: readable by the one who exported them only.
  return sync::WriteFileDurably(out_path, bytes, 0600);
}

Result<ScanBacklog> ScanStore::Backlog() {
  ScanBacklog b;
  TB_ASSIGN_OR_RETURN(auto up, PendingUploads());
  for (const auto& s : up) {
    ++b.to_upload;
    b.upload_bytes += static_cast<std::int64_t>(s.size);
  }
  TB_ASSIGN_OR_RETURN(auto down, PendingDownloads());
  for (const auto& s : down) {
    ++b.to_download;
    b.download_bytes += static_cast<std::int64_t>(s.size);
  }
  return b;
}

Status ScanStore::PutContentLocked(const std::string& sha256, const std::string& mime,
                                   std::string_view data, bool attached, Millis now) {
  auto& db = store_.database();
  TB_ASSIGN_OR_RETURN(auto* st, db.Prepare("SELECT complete FROM scan_content WHERE sha256 = ?1"));
  st->Bind(1, sha256);
  TB_ASSIGN_OR_RETURN(bool found, st->Step());
  const bool complete = found && st->Int(0) != 0;
  st->Reset();
  if (complete) {
    if (!attached) return Status::Ok();
    // Content fetched earlier and now attached here too: the hub is asked whether it has it.
    TB_ASSIGN_OR_RETURN(auto* up, db.Prepare("UPDATE scan_content SET attached = 1 WHERE sha256 = ?1"));
    up->Bind(1, sha256);
    return up->Run();
  }
  // A partial download of the same content is replaced by the whole.
  TB_ASSIGN_OR_RETURN(auto* del_chunks, db.Prepare("DELETE FROM scan_chunks WHERE sha256 = ?1"));
  del_chunks->Bind(1, sha256);
  TB_RETURN_IF_ERROR(del_chunks->Run());
  TB_ASSIGN_OR_RETURN(auto* ins, db.Prepare(
                                     "INSERT INTO scan_content (sha256, size, mime, held, complete, "
                                     "attached, uploaded, added_at) VALUES (?1, ?2, ?3, ?2, 1, ?4, "
                                     "0, ?5) ON CONFLICT (sha256) DO UPDATE SET size = excluded.size, "
                                     "mime = excluded.mime, held = excluded.held, complete = 1, "
                                     "attached = MAX(attached, excluded.attached)"));
  ins->Bind(1, sha256).Bind(2, static_cast<std::int64_t>(data.size())).Bind(3, mime);
  ins->Bind(4, attached ? 1 : 0).Bind(5, now);
  TB_RETURN_IF_ERROR(ins->Run());
  TB_ASSIGN_OR_RETURN(auto* chunk, db.Prepare("INSERT INTO scan_chunks (sha256, at, data) VALUES "
                                              "(?1, ?2, ?3)"));
  for (std::size_t at = 0; at < data.size(); at += sync::kScanChunkBytes) {
    chunk->Bind(1, sha256).Bind(2, static_cast<std::int64_t>(at));
    chunk->BindBlob(3, data.substr(at, sync::kScanChunkBytes));
    TB_RETURN_IF_ERROR(chunk->Run());
    chunk->Reset();
  }
  return Status::Ok();
}

Result<std::string> ScanStore::DigestLocked(const std::string& sha256) {
  return sync::DigestOfStoredChunks(store_.database(), sha256);
}

Status ScanStore::StoreWhole(const std::string& sha256, const std::string& mime,
                             std::string_view data) {
  TB_ASSIGN_OR_RETURN(auto tx, sync::Transaction::Begin(store_.database()));
  TB_RETURN_IF_ERROR(PutContentLocked(sha256, mime, data, false, store_.wall_.NowMillis()));
  return tx->Commit();
}

Result<std::int64_t> ScanStore::RecheckHeld() {
  TB_ASSIGN_OR_RETURN(auto tx, sync::Transaction::Begin(store_.database()));
  std::vector<std::string> held;
  TB_ASSIGN_OR_RETURN(auto* list, store_.database().Prepare("SELECT sha256 FROM scan_content WHERE complete = 1"));
  for (;;) {
    TB_ASSIGN_OR_RETURN(bool row, list->Step());
    if (!row) break;
    held.push_back(list->Text(0));
  }
  list->Reset();
  std::int64_t dropped = 0;
  TB_ASSIGN_OR_RETURN(auto* chunks, store_.database().Prepare("DELETE FROM scan_chunks WHERE sha256 = ?1"));
  TB_ASSIGN_OR_RETURN(auto* reset, store_.database().Prepare(
                                       "UPDATE scan_content SET held = 0, complete = 0 WHERE sha256 = ?1"));
  for (const auto& sha : held) {
    auto digest = DigestLocked(sha);
    if (digest.ok() && *digest == sha) continue;
    // Only bytes that are wrong or unreadable go; any other failure stops the recheck.
    if (!digest.ok() && digest.status().code() != ErrorCode::kCorruption) return digest.status();
    chunks->Bind(1, sha);
    TB_RETURN_IF_ERROR(chunks->Run());
    reset->Bind(1, sha);
    TB_RETURN_IF_ERROR(reset->Run());
    ++dropped;
  }
  TB_RETURN_IF_ERROR(tx->Commit());
  return dropped;
}

Status ScanStore::MarkUploaded(const std::vector<std::string>& sha256s) {
  if (sha256s.empty()) return Status::Ok();
  TB_ASSIGN_OR_RETURN(auto tx, sync::Transaction::Begin(store_.database()));
  TB_ASSIGN_OR_RETURN(auto* st, store_.database().Prepare(
                                    "UPDATE scan_content SET uploaded = 1 WHERE sha256 = ?1 AND "
                                    "attached = 1 AND complete = 1"));
  for (const auto& sha : sha256s) {
    st->Bind(1, sha);
    TB_RETURN_IF_ERROR(st->Run());
    st->Reset();
  }
  return tx->Commit();
}

// ---------------------------------------------------------------- sync::ScanRepository

Result<std::vector<sync::ScanInfo>> ScanStore::PendingUploads() {
  TB_ASSIGN_OR_RETURN(auto* st, store_.database().Prepare(
                                    "SELECT sha256, size, mime FROM scan_content WHERE attached = "
                                    "1 AND uploaded = 0 AND complete = 1 ORDER BY added_at"));
  std::vector<sync::ScanInfo> out;
  for (;;) {
    TB_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) break;
    out.push_back({st->Text(0), static_cast<std::uint64_t>(st->Int(1)), st->Text(2)});
  }
  return out;
}

Result<std::string> ScanStore::ReadChunk(const std::string& sha256, std::uint64_t offset,
                                         std::size_t max) {
  return sync::ReadStoredChunks(store_.database(), sha256, offset, max);
}

Status ScanStore::ConfirmUploaded(const std::string& sha256) { return MarkUploaded({sha256}); }

Result<std::vector<sync::ScanInfo>> ScanStore::PendingDownloads() {
  // Only the processing office fetches: a receiving station has no use for another
  // station's scans, and a scan attached here is held already.
  TB_ASSIGN_OR_RETURN(auto* st, store_.database().Prepare(
                                    "SELECT s.sha256, MIN(s.size), MIN(s.mime) FROM case_scans s "
                                    "JOIN cases c ON c.uid = s.case_uid WHERE c.processing_office "
                                    "= ?1 AND NOT EXISTS (SELECT 1 FROM scan_content t WHERE "
                                    "t.sha256 = s.sha256 AND t.complete = 1) GROUP BY s.sha256 "
                                    "ORDER BY MIN(s.added_at)"));
  st->Bind(1, store_.identity_.code);
  std::vector<sync::ScanInfo> out;
  for (;;) {
    TB_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) break;
    if (!sync::IsSha256Hex(st->Text(0))) continue;  // a record no hub would serve
    out.push_back({st->Text(0), static_cast<std::uint64_t>(st->Int(1)), st->Text(2)});
  }
  return out;
}

Result<std::uint64_t> ScanStore::HeldBytes(const std::string& sha256) {
  TB_ASSIGN_OR_RETURN(auto* st, store_.database().Prepare(
                                    "SELECT held FROM scan_content WHERE sha256 = ?1"));
  st->Bind(1, sha256);
  TB_ASSIGN_OR_RETURN(bool found, st->Step());
  const std::uint64_t held = found ? static_cast<std::uint64_t>(st->Int(0)) : 0;
  st->Reset();
  return held;
}

Status ScanStore::AppendChunk(const sync::ScanInfo& scan, std::uint64_t offset,
                              std::string_view data) {
  auto& db = store_.database();
  TB_ASSIGN_OR_RETURN(auto tx, sync::Transaction::Begin(db));
  TB_ASSIGN_OR_RETURN(auto* st, db.Prepare("SELECT size, held, complete FROM scan_content WHERE "
                                           "sha256 = ?1"));
  st->Bind(1, scan.sha256);
  TB_ASSIGN_OR_RETURN(bool found, st->Step());
  const auto size = found ? static_cast<std::uint64_t>(st->Int(0)) : 0;
  std::uint64_t held = found ? static_cast<std::uint64_t>(st->Int(1)) : 0;
  const bool complete = found && st->Int(2) != 0;
  st->Reset();
  if (complete) return Status::Ok();  // attached here meanwhile
  if (!found || size != scan.size) {
    TB_ASSIGN_OR_RETURN(auto* del, db.Prepare("DELETE FROM scan_chunks WHERE sha256 = ?1"));
    del->Bind(1, scan.sha256);
    TB_RETURN_IF_ERROR(del->Run());
    TB_ASSIGN_OR_RETURN(auto* ins, db.Prepare(
                                       "INSERT OR REPLACE INTO scan_content (sha256, size, mime, "
                                       "held, complete, attached, uploaded, added_at) VALUES (?1, "
                                       "?2, ?3, 0, 0, 0, 0, ?4)"));
    ins->Bind(1, scan.sha256).Bind(2, static_cast<std::int64_t>(scan.size)).Bind(3, scan.mime);
    ins->Bind(4, store_.wall_.NowMillis());
    TB_RETURN_IF_ERROR(ins->Run());
    held = 0;
  }
  if (offset != held)
    return Internal("download of scan " + Short(scan.sha256) + " resumed at byte " +
                    std::to_string(offset) + " but " + std::to_string(held) + " are held");
  if (offset + data.size() > scan.size)
    return Corruption(kTooManyBytes, {Short(scan.sha256)});
  TB_ASSIGN_OR_RETURN(auto* chunk, db.Prepare("INSERT INTO scan_chunks (sha256, at, data) VALUES "
                                              "(?1, ?2, ?3)"));
  chunk->Bind(1, scan.sha256).Bind(2, static_cast<std::int64_t>(offset)).BindBlob(3, data);
  TB_RETURN_IF_ERROR(chunk->Run());
  TB_ASSIGN_OR_RETURN(auto* up, db.Prepare("UPDATE scan_content SET held = ?2 WHERE sha256 = ?1"));
  up->Bind(1, scan.sha256).Bind(2, static_cast<std::int64_t>(offset + data.size()));
  TB_RETURN_IF_ERROR(up->Run());
  return tx->Commit();
}

Status ScanStore::FinishDownload(const std::string& sha256) {
  auto& db = store_.database();
  TB_ASSIGN_OR_RETURN(auto tx, sync::Transaction::Begin(db));
  TB_ASSIGN_OR_RETURN(auto* st, db.Prepare("SELECT size, held, complete FROM scan_content WHERE "
                                           "sha256 = ?1"));
  st->Bind(1, sha256);
  TB_ASSIGN_OR_RETURN(bool found, st->Step());
  const auto size = found ? st->Int(0) : -1;
  const auto held = found ? st->Int(1) : 0;
  const bool complete = found && st->Int(2) != 0;
  st->Reset();
  if (complete) return Status::Ok();
  TB_ASSIGN_OR_RETURN(std::string digest, DigestLocked(sha256));
  if (held != size || digest != sha256) {
    TB_ASSIGN_OR_RETURN(auto* del, db.Prepare("DELETE FROM scan_content WHERE sha256 = ?1"));
    del->Bind(1, sha256);
    TB_RETURN_IF_ERROR(del->Run());
    TB_ASSIGN_OR_RETURN(auto* del_chunks, db.Prepare("DELETE FROM scan_chunks WHERE sha256 = ?1"));
    del_chunks->Bind(1, sha256);
    TB_RETURN_IF_ERROR(del_chunks->Run());
    TB_RETURN_IF_ERROR(tx->Commit());
    return Corruption(kArrivedDamaged, {Short(sha256)});
  }
  TB_ASSIGN_OR_RETURN(auto* up, db.Prepare("UPDATE scan_content SET complete = 1 WHERE sha256 = ?1"));
  up->Bind(1, sha256);
  TB_RETURN_IF_ERROR(up->Run());
  return tx->Commit();
}

}  // namespace tongban::node
