#include "tongban/node/domain/notice.h"

#include <algorithm>

namespace tongban::node {
namespace {

std::string FormName(MaterialForm f) {
  switch (f) {
    case MaterialForm::kPaper: return "纸质";
    case MaterialForm::kElectronic: return "电子";
    case MaterialForm::kEither: return "纸质或电子";
  }
  return "";
}

}  // namespace

OneTimeNotice NoticeForCase(const CaseRecord& c, const ServiceItem& item,
                            const std::string& station_name, Date issued) {
  OneTimeNotice n{station_name, item.name, item.impl_code, c.case_no, MaskName(c.applicant_name),
                  issued, {}};
  for (const auto& m : c.materials) {
    if (!IsOwed(m.state)) continue;
    const MaterialSpec* spec = item.FindMaterial(m.code);
    if (!spec) continue;
    std::string why = m.state == MaterialState::kTolerated ? "容缺受理，需补交" : "告知承诺，需补交";
    for (const auto& k : c.commitments) {
      if (std::find(k.materials.begin(), k.materials.end(), m.code) != k.materials.end())
        why += "，期限 " + FormatDate(LocalDate(k.due - 1)) + (k.due_provisional ? "（暂定）" : "");
    }
    n.lines.push_back(NoticeLine{*spec, why});
  }
  return n;
}

OneTimeNotice NoticeForItem(const ServiceItem& item, const std::vector<std::string>& have,
                            const std::string& station_name, Date issued) {
  OneTimeNotice n{station_name, item.name, item.impl_code, "", "", issued, {}};
  for (const auto& spec : item.materials) {
    if (!spec.required) continue;
    if (std::find(have.begin(), have.end(), spec.code) != have.end()) continue;
    n.lines.push_back(NoticeLine{spec, "必须提交"});
  }
  return n;
}

std::string RenderNoticeText(const OneTimeNotice& n) {
  std::string out = "一次性告知书\n";
  out += "受理地点：" + n.station_name + "\n";
  out += "办理事项：" + n.item_name + "（" + n.item_code + "）\n";
  if (!n.case_no.empty()) out += "办件编号：" + n.case_no + "\n";
  if (!n.applicant_name.empty()) out += "申请人：" + n.applicant_name + "\n";
  out += "告知日期：" + FormatDate(n.issued) + "\n\n";
  if (n.lines.empty()) {
    out += "您的申请材料已齐全，无需补交材料。\n";
    return out;
  }
  out += "请补齐以下材料（共 " + std::to_string(n.lines.size()) + " 项）：\n";
  int i = 0;
  for (const auto& l : n.lines) {
    out += std::to_string(++i) + ". " + l.material.name + "：原件 " +
           std::to_string(l.material.originals) + " 份，复印件 " + std::to_string(l.material.copies) +
           " 份，" + FormName(l.material.form) + "；" + l.why;
    if (!l.material.note.empty()) out += "（" + l.material.note + "）";
    out += "\n";
  }
  out += "\n以上为需补齐的全部材料，本次一次性告知。\n";
  return out;
}

}  // namespace tongban::node
