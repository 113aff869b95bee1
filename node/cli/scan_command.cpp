// `tongban scan`: attach scans (JPEG, PNG, PDF) to a case's materials, list a
// case's scans, and write one out. The content travels with `tongban sync` and
// in bundles (see ScanStore).
#include <cstdio>

#include "cli_support.h"
#include "commands.h"
#include "tongban/node/domain/work_calendar.h"
#include "tongban/node/store/scan_store.h"

namespace tongban::cli {
namespace {

using nlohmann::json;
using namespace tongban::node;

json ScanJson(const ScanRecord& s) {
  return {{"uid", s.uid.Hex()},
          {"case_no", s.case_no},
          {"material", s.material},
          {"sha256", s.sha256},
          {"size", s.size},
          {"mime", s.mime},
          {"file_name", s.file_name},
          {"added_at", FormatLocalDateTime(s.added_at)},
          {"added_by", s.added_by},
          {"held", s.held},
          {"at_hub", s.at_hub}};
}

}  // namespace

Status ScanAttach(const Common& c, const ScanAttachOptions& o) {
  TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
  TB_ASSIGN_OR_RETURN(Session by, Authenticate(*store, c));
  ScanStore scans(*store);
  TB_ASSIGN_OR_RETURN(AttachResult r, scans.Attach(by, o.case_no, o.material, o.file));
  if (c.json) {
    json j = ScanJson(r.scan);
    j["added"] = r.added;
    PrintJson(j);
  } else if (r.added) {
    std::printf(Say("已把 %s 附到材料 %s（办件 %s）：%s，%lld 字节，sha256 %s\n",
                    "attached %s to %s of case %s (%s, %lld bytes, sha256 %s)\n"),
                r.scan.file_name.c_str(), r.scan.material.c_str(), r.scan.case_no.c_str(),
                r.scan.mime.c_str(), static_cast<long long>(r.scan.size), r.scan.sha256.c_str());
  } else {
    std::printf(Say("材料 %s（办件 %s）已有这个扫描件（sha256 %s），未做改动\n",
                    "%s of case %s has this scan already (sha256 %s); nothing changed\n"),
                r.scan.material.c_str(), r.scan.case_no.c_str(), r.scan.sha256.c_str());
  }
  return Status::Ok();
}

Status ScanList(const Common& c, const std::string& case_no) {
  TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
  ScanStore scans(*store);
  TB_ASSIGN_OR_RETURN(auto list, scans.List(case_no));
  if (c.json) {
    json j = json::array();
    for (const auto& s : list) j.push_back(ScanJson(s));
    PrintJson(j);
    return Status::Ok();
  }
  if (list.empty())
    std::printf(Say("办件 %s 没有扫描件\n", "case %s has no scans\n"), case_no.c_str());
  for (const auto& s : list)
    std::printf("%-6s %-16s %10lld  %s  %s %s  %s%s\n", s.material.c_str(), s.mime.c_str(),
                static_cast<long long>(s.size), s.sha256.substr(0, 16).c_str(),
                FormatLocalDateTime(s.added_at).c_str(), s.added_by.c_str(), s.file_name.c_str(),
                s.held ? (s.at_hub ? "" : Say("  【尚未传到中心】", "  [not at the hub yet]"))
                       : Say("  【本站没有内容】", "  [content not on this node]"));
  return Status::Ok();
}

Status ScanExport(const Common& c, const std::string& sha256, const std::string& out) {
  TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
  TB_ASSIGN_OR_RETURN(Session by, Authenticate(*store, c));
  ScanStore scans(*store);
  TB_RETURN_IF_ERROR(store->RecordExport(by, "scan", sha256, out));
  TB_RETURN_IF_ERROR(scans.Export(sha256, out));
  if (c.json) PrintJson({{"sha256", sha256}, {"file", out}});
  else
    std::printf(Say("扫描件 %s 已写入 %s\n", "scan %s written to %s\n"),
                sha256.substr(0, 16).c_str(), out.c_str());
  return Status::Ok();
}

}  // namespace tongban::cli
