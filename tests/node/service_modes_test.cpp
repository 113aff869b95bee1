// The service modes on a real station store: appointments, door visits, post,
// ratings with rectification, timers that escalate, calendar recomputation.
#include <catch2/catch.hpp>

#include "store_fixture.h"
#include "tongban/node/domain/service_modes.h"

using namespace tongban;
using namespace tongban::node;
using test::StoreFixture;

namespace {

Millis At(const char* text) { return *ParseLocalDateTime(text); }

// A township center that receives and processes its own cases, so one store can
// take a case from intake to hand-out.
struct CenterFixture : StoreFixture {
  CenterFixture() : StoreFixture(NodeKind::kTownship, "QS-JX", "") {}

  CaseRecord Served(const char* item = test::kDibao) {
    auto c = store->Intake(clerk, Request(item));
    REQUIRE(c.ok());
    for (const char* action : {"accept", "approve", "issue_result"})
      REQUIRE(store->Transition(processor, c->case_no, action, "").ok());
    auto done = store->Transition(clerk, c->case_no, "deliver", "", "window");
    REQUIRE(done.ok());
    return *done;
  }
};

}  // namespace

TEST_CASE("appointment slots follow the rules and the calendar", "[modes]") {
  StoreFixture f;
  // 2026-02-12 is a Thursday: office hours plus an evening slot.
  auto slots = f.store->AppointmentSlots(test::kDibao, *ParseDate("2026-02-12"));
  REQUIRE(slots.ok());
  REQUIRE(slots->size() == 6 + 6 + 2);
  CHECK(slots->front().start == At("2026-02-12 09:00"));
  CHECK_FALSE(slots->front().off_hours);
  CHECK(slots->back().off_hours);  // 18:00 evening slot
  // 2026-02-17 is in the Spring Festival holiday: mornings only, all off-hours.
  auto holiday = f.store->AppointmentSlots(test::kDibao, *ParseDate("2026-02-17"));
  REQUIRE(holiday.ok());
  REQUIRE(holiday->size() == 3);
  CHECK(holiday->front().off_hours);
  // 临时救助（急难型） takes no appointments.
  CHECK(f.store->AppointmentSlots("临时救助（急难型）", *ParseDate("2026-02-12")).status().code() ==
        ErrorCode::kFailedPrecondition);
}

TEST_CASE("booking fills a slot, check-in and conversion receive the case", "[modes]") {
  StoreFixture f;
  const Millis ten = At("2026-02-12 10:00");
  AppointmentRequest r{test::kDibao, ten, "张建国", "11010519491231002X", "13800138000"};
  auto a = f.store->BookAppointment(f.clerk, r);
  REQUIRE(a.ok());
  CHECK(a->state == AppointmentState::kBooked);
  REQUIRE(f.store->BookAppointment(f.clerk, {test::kDibao, ten, "李四", "440524188001010014", ""}).ok());
  auto full = f.store->BookAppointment(f.clerk, {test::kDibao, ten, "王五", "440524188001010014", ""});
  CHECK(full.status().code() == ErrorCode::kFailedPrecondition);
  CHECK(full.status().message().find("full") != std::string::npos);
  // Not a slot start, a slot already begun, a bad ID: clear refusals.
  CHECK_FALSE(f.store->BookAppointment(f.clerk, {test::kDibao, At("2026-02-12 10:10"), "张三", "11010519491231002X", ""}).ok());
  CHECK(f.store->BookAppointment(f.clerk, {test::kDibao, At("2026-02-12 09:00"), "张三", "11010519491231002X", ""})
            .status().message().find("already begun") != std::string::npos);
  CHECK_FALSE(f.store->BookAppointment(f.clerk, {test::kDibao, ten, "张三", "110105194912310021", ""}).ok());
  // A processor does not book.
  CHECK(f.store->BookAppointment(f.processor, r).status().code() == ErrorCode::kPermissionDenied);

  auto slots = f.store->AppointmentSlots(test::kDibao, *ParseDate("2026-02-12"));
  REQUIRE(slots.ok());
  auto it = std::find_if(slots->begin(), slots->end(), [&](const auto& s) { return s.start == ten; });
  REQUIRE(it != slots->end());
  CHECK(it->booked == 2);

  REQUIRE(f.store->CheckInAppointment(f.clerk, a->ref).ok());
  CHECK_FALSE(f.store->CheckInAppointment(f.clerk, a->ref).ok());  // only once
  IntakeRequest other = f.Request(test::kDibao, "440524188001010014");
  CHECK(f.store->ConvertAppointment(f.clerk, a->ref, other).status().message().find("another ID") !=
        std::string::npos);
  auto c = f.store->ConvertAppointment(f.clerk, a->ref, IntakeRequest{});
  REQUIRE(c.ok());
  CHECK(c->applicant_name == "张建国");
  auto list = f.store->ListAppointments(*ParseDate("2026-02-12"), *ParseDate("2026-02-12"));
  REQUIRE(list.ok());
  REQUIRE(list->size() == 2);
  CHECK(list->at(0).state == AppointmentState::kConverted);
  CHECK(list->at(0).case_no == c->case_no);
  CHECK(std::any_of(c->events.begin(), c->events.end(), [](const CaseEvent& e) { return e.action == "appointment"; }));
}

TEST_CASE("appointments not kept become no-shows when the timers run", "[modes]") {
  StoreFixture f;
  auto a = f.store->BookAppointment(f.clerk, {test::kDibao, At("2026-02-12 14:00"), "张建国", "11010519491231002X", ""});
  REQUIRE(a.ok());
  REQUIRE(*f.store->MarkNoShows(f.clerk) == 0);
  f.clock.Set(At("2026-02-12 14:31"));
  auto sweep = f.store->RunTimers(f.clerk);
  REQUIRE(sweep.ok());
  auto list = f.store->ListAppointments(*ParseDate("2026-02-12"), *ParseDate("2026-02-12"));
  CHECK(list->at(0).state == AppointmentState::kNoShow);
  CHECK(*f.store->MarkNoShows(f.clerk) == 0);  // once only
  auto cancelled = f.store->CancelAppointment(f.clerk, a->ref, "moved away");
  CHECK(cancelled.status().code() == ErrorCode::kFailedPrecondition);
}

TEST_CASE("a door visit is recorded only on its field laptop", "[modes]") {
  StoreFixture station;
  VisitRequest plan{"QS-JX-F1", test::kDibao, "赵大爷", "11010519491231002X", "", "金溪村三组12号",
                    *ParseDate("2026-02-13"), "低保入户核查"};
  auto v = station.store->PlanVisit(station.clerk, plan);
  REQUIRE(v.ok());
  CHECK(v->planned_by == "QS-JX01");
  auto refused = station.store->RecordVisit(station.clerk, v->ref, VisitState::kVisited, "done");
  CHECK(refused.status().code() == ErrorCode::kPermissionDenied);
  // An item not offered at the door, a day past, no address: refused.
  auto bad = plan;
  bad.item_code = test::kResidencePermit;
  CHECK(station.store->PlanVisit(station.clerk, bad).status().code() == ErrorCode::kFailedPrecondition);
  bad = plan;
  bad.planned_day = *ParseDate("2026-02-11");
  CHECK_FALSE(station.store->PlanVisit(station.clerk, bad).ok());
  bad = plan;
  bad.address.clear();
  CHECK_FALSE(station.store->PlanVisit(station.clerk, bad).ok());
  // The planner may cancel, with a reason.
  CHECK_FALSE(station.store->RecordVisit(station.clerk, v->ref, VisitState::kCancelled, "").ok());
  REQUIRE(station.store->RecordVisit(station.clerk, v->ref, VisitState::kCancelled, "家属代为到站").ok());

  StoreFixture field(NodeKind::kField, "QS-JX-F1", "QS-JX");
  auto own = field.store->PlanVisit(field.clerk, plan);
  REQUIRE(own.ok());
  IntakeRequest at_door = field.Request(test::kDibao);
  at_door.channel = Channel::kDoor;
  auto c = field.store->Intake(field.clerk, at_door);
  REQUIRE(c.ok());
  CHECK_FALSE(field.store->RecordVisit(field.clerk, own->ref, VisitState::kFailed, "").ok());
  auto done = field.store->RecordVisit(field.clerk, own->ref, VisitState::kVisited, "材料已收", c->case_no);
  REQUIRE(done.ok());
  CHECK(done->state == VisitState::kVisited);
  CHECK(done->case_no == c->case_no);
  CHECK(done->visited_by == "clerk");
  CHECK_FALSE(field.store->RecordVisit(field.clerk, own->ref, VisitState::kFailed, "again").ok());
}

TEST_CASE("shipment steps a clerk is offered lie within what tracking may record", "[modes]") {
  using State = ShipmentState;
  const struct {
    State from;
    std::vector<State> next;
  } kWays[] = {
      {State::kCreated, {State::kSent, State::kDelivered, State::kReturned, State::kLost}},
      {State::kSent, {State::kDelivered, State::kReturned, State::kLost}},  // never "sent" again
      {State::kDelivered, {}},
      {State::kReturned, {State::kSent}},  // a returned letter may go again
      {State::kLost, {}},
  };
  for (const auto& way : kWays) {
    INFO(ShipmentStateName(way.from));
    CHECK(ShipmentNextSteps(way.from) == way.next);
    for (State to : way.next) CHECK(ShipmentMoveAllowed(way.from, to));
  }
  CHECK(ShipmentMoveAllowed(State::kSent, State::kSent));  // tracking may repeat a leg
}

TEST_CASE("shipments carry materials in and results out with tracking", "[modes]") {
  CenterFixture f;
  auto c = f.store->Intake(f.clerk, f.Request(test::kDibao));
  REQUIRE(c.ok());
  ShipmentRequest out{c->case_no, ShipmentDirection::kOut, "中国邮政 EMS", "EMS1234567890", "金溪村三组12号"};
  CHECK(f.store->CreateShipment(f.clerk, out).status().message().find("once it is ready") != std::string::npos);
  ShipmentRequest in = out;
  in.direction = ShipmentDirection::kIn;
  in.waybill = "bad waybill";
  CHECK(f.store->CreateShipment(f.clerk, in).status().code() == ErrorCode::kInvalidArgument);
  in.waybill = "EMS0000000001";
  auto s = f.store->CreateShipment(f.clerk, in);
  REQUIRE(s.ok());
  REQUIRE(f.store->TrackShipment(f.clerk, s->ref, ShipmentState::kSent, "县邮政分拣中心", "").ok());
  auto got = f.store->TrackShipment(f.clerk, s->ref, ShipmentState::kDelivered, "金溪乡便民服务中心", "本人签收");
  REQUIRE(got.ok());
  CHECK(got->events.size() == 3);
  CHECK(f.store->TrackShipment(f.clerk, s->ref, ShipmentState::kSent, "", "").status().code() ==
        ErrorCode::kFailedPrecondition);

  for (const char* action : {"accept", "approve", "issue_result"})
    REQUIRE(f.store->Transition(f.processor, c->case_no, action, "").ok());
  auto result = f.store->CreateShipment(f.clerk, out);
  REQUIRE(result.ok());
  auto listed = f.store->ListShipments(c->case_no);
  REQUIRE(listed.ok());
  CHECK(listed->size() == 2);
  // 残疾人证核发 is not handled by post.
  auto permit = f.store->Intake(f.clerk, f.Request("残疾人证核发"));
  REQUIRE(permit.ok());
  in.case_no = permit->case_no;
  CHECK(f.store->CreateShipment(f.clerk, in).status().code() == ErrorCode::kFailedPrecondition);
}

TEST_CASE("a bad rating opens a rectification due in 15 working days", "[modes]") {
  CenterFixture f;
  auto open = f.store->Intake(f.clerk, f.Request(test::kDibao));
  REQUIRE(open.ok());
  CHECK(f.store->RateCase(f.clerk, {open->case_no, 5, {}, ""}).status().code() ==
        ErrorCode::kFailedPrecondition);
  CaseRecord good = f.Served();
  CHECK_FALSE(f.store->RateCase(f.clerk, {good.case_no, 6, {}, ""}).ok());
  CHECK_FALSE(f.store->RateCase(f.clerk, {good.case_no, 5, {"smile"}, ""}).ok());
  REQUIRE(f.store->RateCase(f.clerk, {good.case_no, 5, {"attitude", "efficiency"}, "很好"}).ok());
  CHECK(f.store->RateCase(f.clerk, {good.case_no, 4, {}, ""}).status().message().find("rated already") !=
        std::string::npos);
  CHECK(f.store->GetCase(good.case_no)->commitments.empty());

  CaseRecord bad = f.Served();
  REQUIRE(f.store->RateCase(f.clerk, {bad.case_no, 2, {"trips"}, "跑了三趟"}).ok());
  auto rated = f.store->GetCase(bad.case_no);
  REQUIRE(rated->commitments.size() == 1);
  const Commitment& fix = rated->commitments[0];
  CHECK(fix.kind == CommitmentKind::kRectification);
  // 15 working days from Thursday 2026-02-12 cross the Spring Festival (2026-02-15..23 off,
  // Saturdays 2026-02-14 and 2026-02-28 make-up workdays): the last day is 2026-03-11.
  CHECK(FormatDate(LocalDate(fix.due - 1)) == "2026-03-11");
  auto figures = f.store->ModeFigures(At("2026-02-01 00:00"), At("2026-03-01 00:00"));
  REQUIRE(figures.ok());
  CHECK(figures->ratings.at(5) == 1);
  CHECK(figures->ratings.at(2) == 1);
  CHECK(figures->rating_average == Approx(3.5));
  CHECK(figures->rectifications_open == 1);

  CHECK_FALSE(f.store->CloseRectification(f.processor, bad.case_no, "").ok());
  REQUIRE(f.store->CloseRectification(f.processor, bad.case_no, "约谈窗口人员，改为一次告知").ok());
  CHECK(f.store->GetCase(bad.case_no)->commitments[0].state == CommitmentState::kFulfilled);
  CHECK_FALSE(f.store->CloseRectification(f.processor, bad.case_no, "again").ok());
}

TEST_CASE("overdue timers escalate once, breached commitments are marked", "[modes]") {
  CenterFixture f;
  IntakeRequest r = f.Request(test::kDibao);
  r.materials = {{"M05", MaterialState::kTolerated}};
  auto c = f.store->Intake(f.clerk, r);
  REQUIRE(c.ok());
  REQUIRE(f.store->Transition(f.processor, c->case_no, "accept", "").ok());
  auto sweep = f.store->RunTimers(f.processor);
  REQUIRE(sweep.ok());
  CHECK(sweep->escalated == 0);

  f.clock.Set(At("2026-12-01 09:00"));  // long past the case and the commitment
  sweep = f.store->RunTimers(f.processor);
  REQUIRE(sweep.ok());
  CHECK(sweep->escalated == 2);
  CHECK(sweep->breached == 1);
  auto again = f.store->RunTimers(f.processor);
  CHECK(again->escalated == 0);
  auto list = f.store->ListEscalations();
  REQUIRE(list.ok());
  REQUIRE(list->size() == 2);
  CHECK(list->at(0).case_no == c->case_no);
  CHECK(f.store->GetCase(c->case_no)->commitments[0].state == CommitmentState::kBreached);
  // The escalation id is derived from the timer, so any node escalating it writes this record.
  CHECK(std::any_of(list->begin(), list->end(), [&](const Escalation& e) {
    return e.uid == EscalationId(c->uid, EscalationKind::kCaseOverdue);
  }));
  CHECK_FALSE(EscalationId(c->uid, EscalationKind::kCaseOverdue) ==
              EscalationId(c->uid, EscalationKind::kCommitmentOverdue));
  auto today = f.store->Today();
  REQUIRE(today.ok());
  CHECK(today->overdue == 1);
}

TEST_CASE("a calendar override recomputes open deadlines and logs it", "[modes]") {
  CenterFixture f;
  auto c = f.store->Intake(f.clerk, f.Request(test::kDibao));
  REQUIRE(c.ok());
  const Millis before = c->due_at;
  // The station is closed for a flood on a working day inside the limit.
  REQUIRE(f.store->SetCalendarOverride(f.admin, *ParseDate("2026-02-13"), false, "洪水闭站").ok());
  auto after = f.store->GetCase(c->case_no);
  REQUIRE(after.ok());
  CHECK(after->due_at > before);
  CHECK(std::any_of(after->events.begin(), after->events.end(), [](const CaseEvent& e) {
    return e.action == "deadline_recomputed" && e.detail.find("洪水闭站") != std::string::npos;
  }));
}

TEST_CASE("deadlines are recomputed only by the office that processes the case", "[modes]") {
  StoreFixture station;  // cases of @township items are processed by QS-JX
  auto c = station.store->Intake(station.clerk, station.Request(test::kDibao));
  REQUIRE(c.ok());
  REQUIRE(station.store->SetCalendarOverride(station.admin, *ParseDate("2026-02-13"), false, "停电").ok());
  auto after = station.store->GetCase(c->case_no);
  CHECK(after->due_at == c->due_at);
  CHECK_FALSE(std::any_of(after->events.begin(), after->events.end(),
                          [](const CaseEvent& e) { return e.action == "deadline_recomputed"; }));
  // A day closed by an override takes no appointments, not even off-hours ones.
  CHECK(station.store->AppointmentSlots(test::kDibao, *ParseDate("2026-02-13"))->empty());
}

TEST_CASE("the green channel never lengthens an item's own shorter limit", "[modes]") {
  CenterFixture f;
  IntakeRequest r = f.Request("临时救助（急难型）");
  r.green_channel = true;
  r.green_reason = "突发火灾";
  auto item = f.store->GetItem("临时救助（急难型）");
  REQUIRE(item.ok());
  REQUIRE(item->promised_limit.unit == TimeUnit::kHour);
  REQUIRE(item->promised_limit.value < 24);
  auto c = f.store->Intake(f.clerk, r);
  REQUIRE(c.ok());
  CHECK(c->due_at == c->received_at + item->promised_limit.value * kMsPerHour);
}

TEST_CASE("escalations close when their timer is dealt with, withdrawn cases owe nothing", "[modes]") {
  CenterFixture f;
  auto late = f.store->Intake(f.clerk, f.Request(test::kDibao));
  REQUIRE(late.ok());
  REQUIRE(f.store->Transition(f.processor, late->case_no, "accept", "").ok());
  IntakeRequest owing = f.Request(test::kDibao);
  owing.materials = {{"M05", MaterialState::kTolerated}};
  auto withdrawn = f.store->Intake(f.clerk, owing);
  REQUIRE(withdrawn.ok());
  REQUIRE(f.store->Transition(f.clerk, withdrawn->case_no, "withdraw", "申请人撤回").ok());

  f.clock.Set(At("2026-12-01 09:00"));
  auto sweep = f.store->RunTimers(f.processor);
  REQUIRE(sweep.ok());
  CHECK(sweep->escalated == 1);  // the late case only
  CHECK(sweep->breached == 0);   // the withdrawn case's commitment is not breached
  REQUIRE(f.store->Transition(f.processor, late->case_no, "approve", "").ok());
  REQUIRE(f.store->Transition(f.processor, late->case_no, "issue_result", "").ok());
  auto closing = f.store->RunTimers(f.processor);
  REQUIRE(closing.ok());
  CHECK(closing->closed == 1);
  CHECK(f.store->ListEscalations(true)->empty());
  auto all = f.store->ListEscalations(false);
  REQUIRE(all->size() == 1);
  CHECK_FALSE(all->at(0).open);
  CHECK(all->at(0).note.find("待出件") != std::string::npos);
}

TEST_CASE("waybills are normalised and registered once per case", "[modes]") {
  CenterFixture f;
  auto c = f.store->Intake(f.clerk, f.Request(test::kDibao));
  REQUIRE(c.ok());
  ShipmentRequest in{c->case_no, ShipmentDirection::kIn, "中国邮政 EMS", "ems1234567890", "金溪村"};
  auto s = f.store->CreateShipment(f.clerk, in);
  REQUIRE(s.ok());
  CHECK(s->waybill == "EMS1234567890");
  CHECK(f.store->CreateShipment(f.clerk, in).status().code() == ErrorCode::kAlreadyExists);
  // Tracking may skip a leg: registered, then signed for.
  CHECK(f.store->TrackShipment(f.clerk, s->ref, ShipmentState::kDelivered, "金溪村", "本人签收").ok());
}

TEST_CASE("a credit-code override waives the check character only", "[modes]") {
  StoreFixture f;
  IntakeRequest r = f.Request(test::kSoleProprietorChange);
  r.applicant_kind = PartyKind::kEnterprise;
  r.id_override_reason = "早期赋码";
  r.applicant_id = "91330100716105852A";  // check character wrong: may be overridden
  CHECK(f.store->Intake(f.clerk, r).ok());
  r.applicant_id = "9133010071610585IF";  // I is never used
  CHECK(f.store->Intake(f.clerk, r).status().code() == ErrorCode::kInvalidArgument);
  r.applicant_id = "ZZZZZZZZZZZZZZZZZZ";
  CHECK(f.store->Intake(f.clerk, r).status().code() == ErrorCode::kInvalidArgument);
}
