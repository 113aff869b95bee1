#include "tongban/node/documents/case_documents.h"

#include <algorithm>
#include <array>

#include "printable_document.h"
#include "tongban/node/domain/notice.h"
#include "tongban/node/messages/status_text.h"

namespace tongban::node {
namespace {

using documents::Align;
using documents::Column;
using documents::Field;
using documents::FieldGrid;
using documents::Gap;
using documents::Paragraph;
using documents::PrintableDocument;
using documents::Signatures;
using documents::Table;
using documents::TextStyle;

struct KindInfo {
  std::string_view name;
  std::string_view title;
  std::string_view number_prefix;  // pinyin initials of the title, as county offices number them
};
constexpr std::array<KindInfo, 3> kKinds = {{
    {"notice", "一次性告知书", "GZ"},
    {"receipt", "受理回执", "SLHZ"},
    {"non-acceptance", "不予受理通知书", "BYSL"},
}};

const KindInfo& Info(DocumentKind kind) { return kKinds[static_cast<std::size_t>(kind)]; }

constexpr std::string_view kNone = "—";

// Messages (Chinese in node/src/messages/catalog_services.cpp).
constexpr MessageDef kNotRefused{"documents.not_refused",
                                 "case {0} was not refused (its timeline has no not_accept "
                                 "step); there is no notice of non-acceptance to print"};
constexpr MessageDef kRefusedWithoutReason{"documents.refused_without_reason",
                                           "case {0} was refused without a recorded reason; a "
                                           "notice of non-acceptance must state one"};
// {1}: the kinds a command line takes ("notice, receipt, non-acceptance").
constexpr MessageDef kUnknownKind{"documents.unknown_kind", "document kind '{0}' is not one of {1}"};
constexpr MessageDef kMaterialNotListed{"documents.material_not_listed",
                                        "material '{0}' is not in the list of '{1}'"};

// "2026年2月12日", the way a signed document is dated.
std::string ChineseDate(Date d) {
  const std::chrono::year_month_day ymd{d};
  return std::to_string(static_cast<int>(ymd.year())) + "年" +
         std::to_string(static_cast<unsigned>(ymd.month())) + "月" +
         std::to_string(static_cast<unsigned>(ymd.day())) + "日";
}

std::string LimitText(const TimeLimit& limit) {
  if (limit.value == 0) return "即办";
  const std::string n = std::to_string(limit.value);
  switch (limit.unit) {
    case TimeUnit::kWorkday:
      return n + " 个工作日";
    case TimeUnit::kDay:
      return n + " 日";
    case TimeUnit::kHour:
      return n + " 小时";
  }
  return n;
}

// The same names as every other screen and command (status_text.cpp).
std::string MaterialStateText(MaterialState s) {
  return NameInChinese("material_state", MaterialStateName(s));
}

std::string CommitmentKindText(CommitmentKind k) {
  return NameInChinese("commitment_kind", CommitmentKindName(k));
}

std::string CommitmentStateText(CommitmentState s) {
  return NameInChinese("commitment_state", CommitmentStateName(s));
}

std::string ChannelText(Channel c) { return NameInChinese("channel", ChannelName(c)); }

std::string FormText(MaterialForm f) {
  switch (f) {
    case MaterialForm::kPaper:
      return "纸质";
    case MaterialForm::kElectronic:
      return "电子";
    case MaterialForm::kEither:
      return "纸质或电子";
  }
  return "";
}

std::string CopiesText(const MaterialSpec& m) {
  std::string s = "原件 " + std::to_string(m.originals) + " 份";
  if (m.copies > 0) s += "，复印件 " + std::to_string(m.copies) + " 份";
  return s;
}

// How the result reaches the applicant: what the case recorded at delivery, or
// else what its channel implies (a posted application is answered by post).
std::string DeliveryText(const CaseRecord& c, const ServiceItem& item) {
  std::string how;
  if (c.delivery == "post" || (c.delivery.empty() && c.channel == Channel::kPost))
    how = "邮寄送达";
  else if (c.delivery == "door" || (c.delivery.empty() && c.channel == Channel::kDoor))
    how = "上门送达";
  else
    how = "窗口领取";
  return item.result_type.empty() ? how : item.result_type + "，" + how;
}

std::string FeeText(long cents) {
  if (cents <= 0) return "不收费";
  const std::string fen = std::to_string(cents % 100);
  return std::to_string(cents / 100) + "." + (fen.size() < 2 ? "0" : "") + fen + " 元";
}

bool IsEnterprise(const CaseRecord& c) { return c.applicant_kind == PartyKind::kEnterprise; }
std::string ApplicantLabel(const CaseRecord& c) { return IsEnterprise(c) ? "申请单位" : "申请人"; }
std::string IdLabel(const CaseRecord& c) { return IsEnterprise(c) ? "信用代码" : "身份证号"; }
std::string PhoneText(const std::string& phone) {
  return phone.empty() ? std::string(kNone) : MaskPhone(phone);
}

std::string OfficeText(const CaseRecord& c, const DocumentContext& ctx) {
  if (ctx.office_name.empty()) return c.processing_office;
  return ctx.office_name + "（" + c.processing_office + "）";
}

std::string ItemText(const ServiceItem& item) { return item.name + "\n实施编码 " + item.impl_code; }

std::string MaterialNames(const std::vector<std::string>& codes, const ServiceItem& item) {
  std::string out;
  for (const auto& code : codes) {
    const MaterialSpec* spec = item.FindMaterial(code);
    out += (out.empty() ? "" : "、") + (spec ? spec->name : code);
  }
  return out;
}

// Every document starts the same way: title, number, and both numbers in the footer; a
// case's documents carry its scan code, which opens the case at any desk.
PrintableDocument Titled(DocumentKind kind, const std::string& number, const std::string& case_no) {
  PrintableDocument doc;
  doc.title = std::string(Info(kind).title);
  doc.number_line = "编号：" + number;
  doc.footer_left = case_no.empty() ? "" : "办件编号：" + case_no;
  doc.footer_right = "文书编号：" + number;
  if (!case_no.empty()) doc.qr_text = CaseScanCode(case_no);
  return doc;
}

// The station signs and seals at the bottom right, with the date below.
void AddClosing(PrintableDocument& doc, const DocumentContext& ctx) {
  doc.blocks.push_back(Gap{6});
  doc.blocks.push_back(
      Paragraph{ctx.station_name + "（盖章）", TextStyle::kBody, Align::kRight, false, true});
  doc.blocks.push_back(Paragraph{ChineseDate(ctx.issued), TextStyle::kBody, Align::kRight});
}

Paragraph Heading(std::string text) {
  return Paragraph{std::move(text), TextStyle::kHeading, Align::kLeft, false, true};
}
Paragraph Prose(std::string text) {
  return Paragraph{std::move(text), TextStyle::kBody, Align::kLeft, true};
}

// The notice for a case and for an item share everything but the header grid.
void AddNoticeBody(PrintableDocument& doc, const OneTimeNotice& n, bool received) {
  const std::string item = "“" + n.item_name + "”";
  if (n.lines.empty()) {
    doc.blocks.push_back(
        Prose("经审查，您申请办理的" + item + "事项申请材料已齐全，无需补交材料。"));
    return;
  }
  doc.blocks.push_back(Prose("经审查，您申请办理的" + item + "事项" +
                             (received ? "尚需补齐" : "尚缺") +
                             "以下材料。按照一次性告知制度，现将需要补齐的全部材料（共 " +
                             std::to_string(n.lines.size()) + " 项）告知如下："));
  Table t{{{"序号", 0.9, Align::kCentre}, {"材料名称", 3.9}, {"份数及形式", 3.4}, {"说明", 3.4}},
          {}};
  int i = 0;
  for (const auto& l : n.lines) {
    // The catalog's note says what the material must cover; it goes under the name.
    std::string name = l.material.name;
    if (!l.material.note.empty()) name += "\n（" + l.material.note + "）";
    t.rows.push_back({std::to_string(++i), name,
                      CopiesText(l.material) + "\n" + FormText(l.material.form), l.why});
  }
  doc.blocks.push_back(std::move(t));
  doc.blocks.push_back(Gap{2});
  doc.blocks.push_back(
      Prose("以上为需要补齐的全部材料，本次一次性告知。请携带本告知书及上述材料到" +
            n.station_name + "办理。"));
}

PrintableDocument NoticeForCaseDocument(const CaseRecord& c, const ServiceItem& item,
                                        const DocumentContext& ctx) {
  const OneTimeNotice n = NoticeForCase(c, item, ctx.station_name, ctx.issued);
  const std::string number = DocumentNumber(DocumentKind::kNotice, c.case_no);
  PrintableDocument doc = Titled(DocumentKind::kNotice, number, c.case_no);
  doc.blocks.push_back(FieldGrid{{
      {{ApplicantLabel(c), n.applicant_name}, {IdLabel(c), MaskIdNumber(c.applicant_id)}},
      {{"办理事项", ItemText(item)}},
      {{"办件编号", c.case_no}, {"告知日期", FormatDate(ctx.issued)}},
      {{"受理地点", ctx.station_name}},
  }});
  doc.blocks.push_back(Gap{5});
  AddNoticeBody(doc, n, true);
  doc.blocks.push_back(Gap{8});
  doc.blocks.push_back(Signatures{{"告知人（签字）：", "申请人（签收）："}});
  AddClosing(doc, ctx);
  return doc;
}

PrintableDocument ReceiptDocument(const CaseRecord& c, const ServiceItem& item,
                                  const DocumentContext& ctx) {
  const std::string number = DocumentNumber(DocumentKind::kReceipt, c.case_no);
  PrintableDocument doc = Titled(DocumentKind::kReceipt, number, c.case_no);
  const std::string due = FormatDue(c.due_at, c.due_unit) +
                          (c.due_unit == "hour" ? " 前" : " 前（含当日）") +
                          (c.due_provisional ? "，暂定" : "");
  FieldGrid grid{{
      {{"办件编号", c.case_no}, {"收件时间", FormatLocalDateTime(c.received_at)}},
      {{"办理事项", ItemText(item)}},
      {{ApplicantLabel(c), c.applicant_name}, {IdLabel(c), MaskIdNumber(c.applicant_id)}},
      {{"联系电话", PhoneText(c.applicant_phone)}, {"申请渠道", ChannelText(c.channel)}},
  }};
  if (c.agent)
    grid.rows.push_back(
        {{"代办人", c.agent->name}, {"身份证号", MaskIdNumber(c.agent->id_number)}});
  grid.rows.push_back({{"受理地点", ctx.station_name + "（" + c.receiving_station + "）"},
                       {"办理机构", OfficeText(c, ctx)}});
  grid.rows.push_back({{"承诺时限", LimitText(item.promised_limit)}, {"办结期限", due}});
  grid.rows.push_back({{"结果送达", DeliveryText(c, item)}, {"收费标准", FeeText(item.fee_cents)}});
  if (c.priority == Priority::kGreen) grid.rows.push_back({{"绿色通道", c.green_reason}});
  doc.blocks.push_back(std::move(grid));

  doc.blocks.push_back(Gap{4});
  doc.blocks.push_back(Heading("一、申请材料"));
  Table materials{{{"序号", 0.9, Align::kCentre},
                   {"材料名称", 4.4},
                   {"要求", 1.0, Align::kCentre},
                   {"份数", 3.0},
                   {"状态", 1.4, Align::kCentre}},
                  {}};
  int i = 0;
  for (const auto& m : c.materials) {
    const MaterialSpec* spec = item.FindMaterial(m.code);
    materials.rows.push_back({std::to_string(++i), m.name, m.required ? "必交" : "选交",
                              spec ? CopiesText(*spec) : std::string(kNone),
                              MaterialStateText(m.state)});
  }
  doc.blocks.push_back(std::move(materials));

  // What the applicant owes; an office's own rectification of a bad rating is not theirs.
  std::vector<Commitment> owed_by_applicant;
  for (const auto& m : c.commitments)
    if (m.kind != CommitmentKind::kRectification) owed_by_applicant.push_back(m);
  if (!owed_by_applicant.empty()) {
    doc.blocks.push_back(Gap{4});
    doc.blocks.push_back(Heading("二、补交承诺"));
    Table owed{{{"序号", 0.9, Align::kCentre},
                {"方式", 1.6, Align::kCentre},
                {"所欠材料", 4.0},
                {"补交期限", 2.4, Align::kCentre},
                {"状态", 1.4, Align::kCentre}},
               {}};
    int k = 0;
    for (const auto& m : owed_by_applicant)
      owed.rows.push_back({std::to_string(++k), CommitmentKindText(m.kind),
                           MaterialNames(m.materials, item),
                           FormatDate(LocalDate(m.due - 1)) + (m.due_provisional ? "（暂定）" : ""),
                           CommitmentStateText(m.state)});
    doc.blocks.push_back(std::move(owed));
  }

  doc.blocks.push_back(Gap{4});
  // The full-width spaces line the later notes up under the first one.
  doc.blocks.push_back(
      Paragraph{std::string("注：1. 办结期限按工作日计算的，法定节假日不计入") +
                    (item.supplement_pauses_clock ? "；补正材料期间暂停计时。\n" : "。\n") +
                    "　　2. 容缺受理、告知承诺的材料请在补交期限前补齐，逾期未补齐的将依规处理。\n"
                    "　　3. 请妥善保管本回执，凭办件编号查询办理进度、领取办理结果。",
                TextStyle::kSmall, Align::kLeft, false, true});
  doc.blocks.push_back(Gap{6});
  doc.blocks.push_back(Signatures{{"申请人（签字）：", "受理人（签字）："}});
  AddClosing(doc, ctx);
  return doc;
}

Result<PrintableDocument> NonAcceptanceDocument(const CaseRecord& c, const ServiceItem& item,
                                                const DocumentContext& ctx) {
  const auto refusal = std::find_if(c.events.rbegin(), c.events.rend(),
                                    [](const CaseEvent& e) { return e.action == "not_accept"; });
  if (refusal == c.events.rend())
    return FailedPrecondition(kNotRefused, {c.case_no});
  if (refusal->detail.empty())
    return FailedPrecondition(kRefusedWithoutReason, {c.case_no});
  const std::string number = DocumentNumber(DocumentKind::kNonAcceptance, c.case_no);
  PrintableDocument doc = Titled(DocumentKind::kNonAcceptance, number, c.case_no);
  const std::string office =
      ctx.office_name.empty() ? "办理机构（" + c.processing_office + "）" : ctx.office_name;
  doc.blocks.push_back(Paragraph{c.applicant_name + "：", TextStyle::kBody});
  doc.blocks.push_back(Prose("你" + std::string(IsEnterprise(c) ? "单位" : "") + "于" +
                             ChineseDate(LocalDate(c.received_at)) + "向" + ctx.station_name +
                             "提出的“" + item.name + "”办理申请（办件编号：" + c.case_no +
                             "），经" + office + "审查，于" + ChineseDate(LocalDate(refusal->at)) +
                             "决定不予受理。理由如下："));
  doc.blocks.push_back(Prose(refusal->detail));
  doc.blocks.push_back(Prose(
      "你" + std::string(IsEnterprise(c) ? "单位" : "") +
      "提交的申请材料可凭本通知书到受理地点取回。如对本决定不服，可以自收到本通知书之日起六十日内"
      "依法申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。"));
  doc.blocks.push_back(Gap{4});
  doc.blocks.push_back(Heading("申请信息"));
  doc.blocks.push_back(FieldGrid{{
      {{ApplicantLabel(c), c.applicant_name}, {IdLabel(c), MaskIdNumber(c.applicant_id)}},
      {{"联系电话", PhoneText(c.applicant_phone)},
       {"收件时间", FormatLocalDateTime(c.received_at)}},
      {{"办理事项", ItemText(item)}},
      {{"办件编号", c.case_no}, {"办理机构", OfficeText(c, ctx)}},
  }});
  doc.blocks.push_back(Gap{8});
  doc.blocks.push_back(Signatures{{"经办人（签字）：", "申请人（签收）："}});
  AddClosing(doc, ctx);
  return doc;
}

}  // namespace

std::string_view DocumentKindName(DocumentKind kind) { return Info(kind).name; }
std::string_view DocumentKindTitle(DocumentKind kind) { return Info(kind).title; }

Result<DocumentKind> ParseDocumentKind(std::string_view name) {
  for (std::size_t i = 0; i < kKinds.size(); ++i)
    if (kKinds[i].name == name) return static_cast<DocumentKind>(i);
  std::string kinds;
  for (const auto& k : kKinds) kinds += (kinds.empty() ? "" : ", ") + std::string(k.name);
  return InvalidArgument(kUnknownKind, {std::string(name), kinds});
}

std::string DocumentNumber(DocumentKind kind, std::string_view case_no) {
  return std::string(Info(kind).number_prefix) + "-" + std::string(case_no);
}

Status WriteCaseDocument(DocumentKind kind, const CaseRecord& c, const ServiceItem& item,
                         const DocumentContext& ctx, const std::string& out_path) {
  PrintableDocument doc;
  switch (kind) {
    case DocumentKind::kNotice:
      doc = NoticeForCaseDocument(c, item, ctx);
      break;
    case DocumentKind::kReceipt:
      doc = ReceiptDocument(c, item, ctx);
      break;
    case DocumentKind::kNonAcceptance: {
      TB_ASSIGN_OR_RETURN(doc, NonAcceptanceDocument(c, item, ctx));
      break;
    }
  }
  return documents::WritePdf(doc, out_path);
}

Status WriteItemNotice(const ServiceItem& item, const std::vector<std::string>& have,
                       const DocumentContext& ctx, const std::string& out_path) {
  for (const auto& code : have)
    if (!item.FindMaterial(code))
      return InvalidArgument(kMaterialNotListed, {code, item.name});
  const OneTimeNotice n = NoticeForItem(item, have, ctx.station_name, ctx.issued);
  // No case yet: the number says which item on which day.
  const std::string number =
      DocumentNumber(DocumentKind::kNotice, FormatDate(ctx.issued) + "-" + item.basic_code);
  PrintableDocument doc = Titled(DocumentKind::kNotice, number, "");
  doc.blocks.push_back(FieldGrid{{
      {{"办理事项", ItemText(item)}},
      {{"受理地点", ctx.station_name}, {"告知日期", FormatDate(ctx.issued)}},
  }});
  doc.blocks.push_back(Gap{5});
  AddNoticeBody(doc, n, false);
  doc.blocks.push_back(Gap{8});
  doc.blocks.push_back(Signatures{{"告知人（签字）：", "申请人（签收）："}});
  AddClosing(doc, ctx);
  return documents::WritePdf(doc, out_path);
}

}  // namespace tongban::node
