// `tongban appointment|visit|shipment|rate|rectify|timers|escalations`: the
// service modes beyond the window, on the command line.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli_support.h"
#include "commands.h"
#include "tongban/node/domain/identity.h"

namespace tongban::cli {
namespace {

using nlohmann::json;
using namespace tongban::node;

std::string Masked(const std::string& id) { return id.empty() ? "" : MaskIdNumber(id); }

json AppointmentJson(const Appointment& a) {
  return {{"ref", a.ref},
          {"item_code", a.item_code},
          {"item_name", a.item_name},
          {"start", FormatLocalDateTime(a.start_at)},
          {"minutes", a.minutes},
          {"off_hours", a.off_hours},
          {"applicant_name", a.applicant_name},
          {"applicant_id", Masked(a.applicant_id)},
          {"state", AppointmentStateName(a.state)},
          {"case_no", a.case_no},
          {"note", a.note}};
}

void PrintAppointment(const Appointment& a) {
  std::printf(
      Say("%s  %s %d 分钟%s  %s %s  %s  【%s】%s%s\n", "%s  %s %dmin%s  %s %s  %s  [%s]%s%s\n"),
      ShortRef(a.ref).c_str(), FormatLocalDateTime(a.start_at).c_str(), a.minutes,
      a.off_hours ? Say("（非工作时间）", " (off-hours)") : "",
      Pad(CodeText("appointment_state", AppointmentStateName(a.state)), 10).c_str(),
      a.applicant_name.c_str(), Masked(a.applicant_id).c_str(), a.item_name.c_str(),
      a.case_no.empty() ? "" : " -> ", a.case_no.c_str());
}

json VisitJson(const Visit& v) {
  return {{"ref", v.ref},
          {"planned_by", v.planned_by},
          {"field_node", v.field_node},
          {"item_code", v.item_code},
          {"applicant_name", v.applicant_name},
          {"applicant_id", Masked(v.applicant_id)},
          {"address", v.address},
          {"planned_day", FormatDate(v.planned_day)},
          {"purpose", v.purpose},
          {"state", VisitStateName(v.state)},
          {"outcome", v.outcome},
          {"visited_at", v.visited_at ? json(FormatLocalDateTime(*v.visited_at)) : json()},
          {"visited_by", v.visited_by},
          {"case_no", v.case_no}};
}

json ShipmentJson(const Shipment& s) {
  json events = json::array();
  for (const auto& e : s.events)
    events.push_back({{"at", FormatLocalDateTime(e.at)},
                      {"state", ShipmentStateName(e.state)},
                      {"place", e.place},
                      {"note", e.note}});
  return {{"ref", s.ref},
          {"case_no", s.case_no},
          {"direction", ShipmentDirectionName(s.direction)},
          {"carrier", s.carrier},
          {"waybill", s.waybill},
          {"address", s.address},
          {"state", ShipmentStateName(s.state)},
          {"events", events}};
}

void PrintShipment(const Shipment& s) {
  std::printf(Say("%s  %s  %s %s %s  %s  （%s）\n", "%s  %s  %s %s %s  %s  (%s)\n"), ShortRef(s.ref).c_str(),
              s.case_no.c_str(), CodeText("direction", ShipmentDirectionName(s.direction)).c_str(), s.carrier.c_str(),
              s.waybill.c_str(),
              CodeText("shipment_state", ShipmentStateName(s.state)).c_str(),
              s.address.c_str());
  for (const auto& e : s.events)
    std::printf("    %s  %s  %s %s\n", FormatLocalDateTime(e.at).c_str(),
                CodeText("shipment_state", ShipmentStateName(e.state)).c_str(),
                e.place.c_str(), e.note.c_str());
}

}  // namespace

Status AppointmentSlotsCmd(const Common& c, const ModeOptions& o) {
  TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
  TB_ASSIGN_OR_RETURN(Date day, ParseDate(o.day));
  TB_ASSIGN_OR_RETURN(auto slots, store->AppointmentSlots(o.item, day));
  if (c.json) {
    json out = json::array();
    for (const auto& s : slots)
      out.push_back({{"start", FormatLocalDateTime(s.start)}, {"minutes", s.minutes},
                     {"capacity", s.capacity}, {"booked", s.booked}, {"off_hours", s.off_hours}});
    PrintJson(out);
    return Status::Ok();
  }
  if (slots.empty())
    std::printf(Say("%s 没有可预约的时段\n", "no appointment slots on %s\n"), o.day.c_str());
  for (const auto& s : slots)
    std::printf(Say("%s  %3d 分钟  已约 %d/%d%s\n", "%s  %3d min  %d/%d booked%s\n"),
                FormatLocalDateTime(s.start).c_str(), s.minutes, s.booked, s.capacity,
                s.off_hours ? Say("  非工作时间", "  off-hours") : "");
  return Status::Ok();
}

Status AppointmentBook(const Common& c, const ModeOptions& o) {
  TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
  TB_ASSIGN_OR_RETURN(Session by, Authenticate(*store, c));
  TB_ASSIGN_OR_RETURN(Millis at, ParseLocalDateTime(o.at));
  TB_ASSIGN_OR_RETURN(Appointment a, store->BookAppointment(by, {o.item, at, o.name, o.id_number, o.phone}));
  if (c.json) PrintJson(AppointmentJson(a));
  else PrintAppointment(a);
  return Status::Ok();
}

Status AppointmentList(const Common& c, const ModeOptions& o) {
  TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
  Date from = LocalDate(store->NowMillis());
  if (!o.day.empty()) { TB_ASSIGN_OR_RETURN(from, ParseDate(o.day)); }
  Date to = from + std::chrono::days{6};
  if (!o.to.empty()) { TB_ASSIGN_OR_RETURN(to, ParseDate(o.to)); }
  TB_ASSIGN_OR_RETURN(auto list, store->ListAppointments(from, to));
  if (c.json) {
    json out = json::array();
    for (const auto& a : list) out.push_back(AppointmentJson(a));
    PrintJson(out);
    return Status::Ok();
  }
  if (list.empty())
    std::printf(Say("%s 至 %s 没有预约\n", "no appointments from %s to %s\n"),
                FormatDate(from).c_str(), FormatDate(to).c_str());
  TextTable table({Say("编号", "ref"), Say("时间", "time"), Say("时长", "length"),
                   Say("状态", "state"), Say("申请人", "applicant"), Say("证件号码", "ID"),
                   Say("事项", "item"), Say("办件", "case")});
  for (const auto& a : list)
    table.Row({ShortRef(a.ref), FormatLocalDateTime(a.start_at),
               std::to_string(a.minutes) + Say(" 分钟", "min") +
                   (a.off_hours ? Say("（非工作时间）", " (off-hours)") : ""),
               CodeText("appointment_state", AppointmentStateName(a.state)), a.applicant_name,
               Masked(a.applicant_id), a.item_name, a.case_no});
  if (!list.empty()) table.Print();
  return Status::Ok();
}

Status AppointmentMove(const Common& c, const ModeOptions& o, const std::string& action) {
  TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
  TB_ASSIGN_OR_RETURN(Session by, Authenticate(*store, c));
  if (action == "convert") {
    IntakeRequest r;
    TB_ASSIGN_OR_RETURN(r.materials, ParseMaterialArgs(o.materials));
    TB_ASSIGN_OR_RETURN(CaseRecord rec, store->ConvertAppointment(by, o.ref, r));
    if (c.json) PrintJson({{"case_no", rec.case_no}, {"appointment", o.ref}});
    else
      std::printf(Say("预约已转为收件，办件编号 %s\n", "appointment received as case %s\n"),
                  rec.case_no.c_str());
    return Status::Ok();
  }
  Result<Appointment> a = action == "checkin" ? store->CheckInAppointment(by, o.ref)
                                              : store->CancelAppointment(by, o.ref, o.note);
  TB_RETURN_IF_ERROR(a.status());
  if (c.json) PrintJson(AppointmentJson(*a));
  else PrintAppointment(*a);
  return Status::Ok();
}

Status VisitPlan(const Common& c, const ModeOptions& o) {
  TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
  TB_ASSIGN_OR_RETURN(Session by, Authenticate(*store, c));
  TB_ASSIGN_OR_RETURN(Date day, ParseDate(o.day));
  TB_ASSIGN_OR_RETURN(Visit v, store->PlanVisit(by, {o.field_node, o.item, o.name, o.id_number,
                                                     o.phone, o.address, day, o.note}));
  if (c.json) PrintJson(VisitJson(v));
  else
    std::printf(
        Say("已安排上门 %s：%s，地址 %s，由 %s 前往\n", "visit %s planned for %s at %s by %s\n"),
        ShortRef(v.ref).c_str(), FormatDate(day).c_str(), v.address.c_str(), v.field_node.c_str());
  return Status::Ok();
}

Status VisitList(const Common& c, const ModeOptions& o) {
  TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
  std::optional<VisitState> state;
  if (!o.state.empty()) { TB_ASSIGN_OR_RETURN(state, ParseVisitState(o.state)); }
  TB_ASSIGN_OR_RETURN(auto visits, store->ListVisits(state));
  if (c.json) {
    json out = json::array();
    for (const auto& v : visits) out.push_back(VisitJson(v));
    PrintJson(out);
    return Status::Ok();
  }
  if (visits.empty()) std::printf(Say("没有上门安排\n", "no visits\n"));
  for (const auto& v : visits)
    std::printf(
        Say("%s  %s  %s  %s  %s  （%s -> %s）%s%s\n", "%s  %s  %s  %s  %s  (%s -> %s)%s%s\n"),
        ShortRef(v.ref).c_str(), FormatDate(v.planned_day).c_str(),
        Pad(CodeText("visit_state", VisitStateName(v.state)), 6).c_str(),
        v.applicant_name.c_str(), v.address.c_str(), v.planned_by.c_str(), v.field_node.c_str(),
        v.case_no.empty() ? "" : Say("  办件 ", "  case "), v.case_no.c_str());
  return Status::Ok();
}

Status VisitRecord(const Common& c, const ModeOptions& o) {
  TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
  TB_ASSIGN_OR_RETURN(Session by, Authenticate(*store, c));
  TB_ASSIGN_OR_RETURN(VisitState outcome, ParseVisitState(o.state));
  TB_ASSIGN_OR_RETURN(Visit v, store->RecordVisit(by, o.ref, outcome, o.note, o.case_no));
  if (c.json) PrintJson(VisitJson(v));
  else
    std::printf(Say("上门 %s：%s\n", "visit %s: %s\n"), ShortRef(v.ref).c_str(),
                CodeText("visit_state", VisitStateName(v.state)).c_str());
  return Status::Ok();
}

Status ShipmentCreate(const Common& c, const ModeOptions& o) {
  TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
  TB_ASSIGN_OR_RETURN(Session by, Authenticate(*store, c));
  ShipmentRequest r;
  r.case_no = o.case_no;
  TB_ASSIGN_OR_RETURN(r.direction, ParseShipmentDirection(o.direction));
  if (!o.carrier.empty()) r.carrier = o.carrier;
  r.waybill = o.waybill;
  r.address = o.address;
  TB_ASSIGN_OR_RETURN(Shipment s, store->CreateShipment(by, r));
  if (c.json) PrintJson(ShipmentJson(s));
  else PrintShipment(s);
  return Status::Ok();
}

Status ShipmentTrack(const Common& c, const ModeOptions& o) {
  TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
  TB_ASSIGN_OR_RETURN(Session by, Authenticate(*store, c));
  TB_ASSIGN_OR_RETURN(ShipmentState state, ParseShipmentState(o.state));
  TB_ASSIGN_OR_RETURN(Shipment s, store->TrackShipment(by, o.ref, state, o.address, o.note));
  if (c.json) PrintJson(ShipmentJson(s));
  else PrintShipment(s);
  return Status::Ok();
}

Status ShipmentList(const Common& c, const ModeOptions& o) {
  TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
  TB_ASSIGN_OR_RETURN(auto list, store->ListShipments(o.case_no));
  if (c.json) {
    json out = json::array();
    for (const auto& s : list) out.push_back(ShipmentJson(s));
    PrintJson(out);
    return Status::Ok();
  }
  if (list.empty()) std::printf(Say("没有邮件\n", "no shipments\n"));
  for (const auto& s : list) PrintShipment(s);
  return Status::Ok();
}

Status Rate(const Common& c, const ModeOptions& o) {
  TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
  TB_ASSIGN_OR_RETURN(Session by, Authenticate(*store, c));
  TB_ASSIGN_OR_RETURN(Rating r, store->RateCase(by, {o.case_no, o.score, o.indicators, o.note}));
  TB_ASSIGN_OR_RETURN(CaseRecord rec, store->GetCase(o.case_no));
  std::optional<Millis> rectify_due;
  for (const auto& k : rec.commitments)
    if (k.kind == CommitmentKind::kRectification && k.state == CommitmentState::kOpen) rectify_due = k.due;
  if (c.json) {
    PrintJson({{"case_no", r.case_no},
               {"score", r.score},
               {"rectification_due", rectify_due ? json(FormatDue(*rectify_due, "workday")) : json()}});
    return Status::Ok();
  }
  std::printf(Say("办件 %s 评价 %d/5\n", "case %s rated %d/5\n"), r.case_no.c_str(), r.score);
  if (rectify_due)
    std::printf(Say("需要整改，期限 %s（15 个工作日）\n",
                    "a rectification is open, due %s (15 working days)\n"),
                FormatDue(*rectify_due, "workday").c_str());
  return Status::Ok();
}

Status Rectify(const Common& c, const ModeOptions& o) {
  TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
  TB_ASSIGN_OR_RETURN(Session by, Authenticate(*store, c));
  TB_ASSIGN_OR_RETURN(CaseRecord rec, store->CloseRectification(by, o.case_no, o.note));
  if (c.json) PrintJson({{"case_no", rec.case_no}, {"rectified", true}});
  else
    std::printf(Say("已登记办件 %s 的整改\n", "rectification of case %s recorded\n"),
                rec.case_no.c_str());
  return Status::Ok();
}

Status Timers(const Common& c) {
  TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
  TB_ASSIGN_OR_RETURN(Session by, Authenticate(*store, c));
  TB_ASSIGN_OR_RETURN(TimerSweep sweep, store->RunTimers(by));
  if (c.json) {
    PrintJson({{"escalated", sweep.escalated}, {"breached", sweep.breached}, {"messages", sweep.messages}});
    return Status::Ok();
  }
  for (const auto& m : sweep.messages) std::printf("%s\n", m.c_str());
  std::printf(Say("新的超时问责 %d 件，逾期未履行的承诺 %d 件\n",
                  "%d escalation(s) opened, %d commitment(s) breached\n"),
              sweep.escalated, sweep.breached);
  return Status::Ok();
}

Status Escalations(const Common& c, bool all) {
  TB_ASSIGN_OR_RETURN(auto store, OpenStore(c));
  TB_ASSIGN_OR_RETURN(auto list, store->ListEscalations(!all));
  if (c.json) {
    json out = json::array();
    for (const auto& e : list)
      out.push_back({{"case_no", e.case_no}, {"kind", EscalationKindName(e.kind)},
                     {"due", FormatDue(e.due, e.due_unit)}, {"office", e.office},
                     {"open", e.open}, {"note", e.note}});
    PrintJson(out);
    return Status::Ok();
  }
  if (list.empty())
    std::printf("%s", all ? Say("没有超时问责\n", "no escalations\n")
                          : Say("没有未关闭的超时问责\n", "no open escalations\n"));
  for (const auto& e : list)
    std::printf(Say("%s  %s  期限 %s  部门 %s%s\n", "%s  %s  due %s  office %s%s\n"),
                e.case_no.c_str(),
                CodeText("escalation_kind", EscalationKindName(e.kind)).c_str(),
                FormatDue(e.due, e.due_unit).c_str(), e.office.c_str(),
                e.open ? "" : Say("  （已关闭）", "  (closed)"));
  return Status::Ok();
}

}  // namespace tongban::cli
