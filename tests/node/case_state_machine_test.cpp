// The case life cycle, checked against an expected table written out here
// independently of the implementation: every (status, action, actor) triple
// is tried, and exactly the listed ones may pass.
#include "tongban/node/domain/case_state_machine.h"

#include <catch2/catch.hpp>
#include <set>
#include <tuple>

using namespace tongban;
using namespace tongban::node;
using S = CaseStatus;
using A = Actor;

namespace {

struct Allowed {
  S from;
  const char* action;
  A actor;
  S to;
};

// Written from docs/domain.md: back-office moves only at the back office, window moves only at
// the station.
const Allowed kExpected[] = {
    {S::kReceived, "accept", A::kBackOffice, S::kAccepted},
    {S::kSupplementSupplied, "accept", A::kBackOffice, S::kAccepted},
    {S::kReceived, "not_accept", A::kBackOffice, S::kNotAccepted},
    {S::kSupplementSupplied, "not_accept", A::kBackOffice, S::kNotAccepted},
    {S::kReceived, "request_supplement", A::kBackOffice, S::kSupplementRequested},
    {S::kSupplementSupplied, "request_supplement", A::kBackOffice, S::kSupplementRequested},
    {S::kAccepted, "request_supplement", A::kBackOffice, S::kSupplementRequested},
    {S::kSupplementRequested, "supply", A::kStation, S::kSupplementSupplied},
    {S::kAccepted, "start_special_procedure", A::kBackOffice, S::kSpecialProcedure},
    {S::kSpecialProcedure, "end_special_procedure", A::kBackOffice, S::kAccepted},
    {S::kAccepted, "approve", A::kBackOffice, S::kApproved},
    {S::kAccepted, "approve_with_tolerance", A::kBackOffice, S::kApprovedWithTolerance},
    {S::kAccepted, "deny", A::kBackOffice, S::kDenied},
    {S::kSupplementRequested, "request_withdrawal", A::kStation, S::kWithdrawalRequested},
    {S::kSupplementSupplied, "request_withdrawal", A::kStation, S::kWithdrawalRequested},
    {S::kAccepted, "request_withdrawal", A::kStation, S::kWithdrawalRequested},
    {S::kSpecialProcedure, "request_withdrawal", A::kStation, S::kWithdrawalRequested},
    {S::kReceived, "withdraw", A::kStation, S::kWithdrawn},
    {S::kReceived, "withdraw", A::kBackOffice, S::kWithdrawn},
    {S::kWithdrawalRequested, "withdraw", A::kBackOffice, S::kWithdrawn},
    {S::kWithdrawalRequested, "refuse_withdrawal", A::kBackOffice, S::kAccepted},
    {S::kApproved, "issue_result", A::kBackOffice, S::kResultReady},
    {S::kApprovedWithTolerance, "issue_result", A::kBackOffice, S::kResultReady},
    {S::kDenied, "issue_result", A::kBackOffice, S::kResultReady},
    {S::kApproved, "issue_result", A::kSystem, S::kResultReady},
    {S::kApprovedWithTolerance, "issue_result", A::kSystem, S::kResultReady},
    {S::kDenied, "issue_result", A::kSystem, S::kResultReady},
    {S::kResultReady, "deliver", A::kStation, S::kDelivered},
    {S::kApproved, "revoke", A::kBackOffice, S::kRevoked},
    {S::kApprovedWithTolerance, "revoke", A::kBackOffice, S::kRevoked},
    {S::kResultReady, "revoke", A::kBackOffice, S::kRevoked},
    {S::kDelivered, "revoke", A::kBackOffice, S::kRevoked},
    {S::kDelivered, "close", A::kStation, S::kClosed},
    {S::kNotAccepted, "close", A::kStation, S::kClosed},
    {S::kWithdrawn, "close", A::kStation, S::kClosed},
    {S::kRevoked, "close", A::kStation, S::kClosed},
    {S::kDelivered, "close", A::kSystem, S::kClosed},
    {S::kNotAccepted, "close", A::kSystem, S::kClosed},
    {S::kWithdrawn, "close", A::kSystem, S::kClosed},
    {S::kRevoked, "close", A::kSystem, S::kClosed},
    {S::kReceived, "complete_on_spot", A::kStation, S::kClosed},
};

const char* kActions[] = {"accept", "not_accept", "request_supplement", "supply",
                          "start_special_procedure", "end_special_procedure", "approve",
                          "approve_with_tolerance", "deny", "request_withdrawal", "withdraw",
                          "refuse_withdrawal", "issue_result", "deliver", "revoke", "close",
                          "complete_on_spot"};

}  // namespace

TEST_CASE("every status, action and actor: exactly the expected moves are allowed") {
  int allowed = 0;
  for (int s = 0; s < kCaseStatusCount; ++s) {
    for (const char* action : kActions) {
      for (A actor : {A::kStation, A::kBackOffice, A::kSystem}) {
        const S from = static_cast<S>(s);
        const Allowed* expected = nullptr;
        for (const auto& e : kExpected)
          if (e.from == from && std::string(e.action) == action && e.actor == actor) expected = &e;
        // Reasons and the 即办 flag given, so only status and actor decide.
        const auto r = CheckTransition(from, action, {actor, true, true});
        INFO(CaseStatusName(from) << " --" << action << "--> by " << ActorName(actor));
        if (expected) {
          REQUIRE(r.ok());
          CHECK(*r == expected->to);
          ++allowed;
        } else {
          CHECK_FALSE(r.ok());
          CHECK_FALSE(r.status().message().empty());
        }
      }
    }
  }
  CHECK(allowed == static_cast<int>(std::size(kExpected)));
}

TEST_CASE("refusals say why: wrong actor, wrong status, missing reason, not instant") {
  auto r = CheckTransition(S::kAccepted, "approve", {A::kStation, false, false});
  CHECK(r.status().code() == ErrorCode::kPermissionDenied);
  CHECK_THAT(r.status().message(), Catch::Contains("only by back_office"));

  r = CheckTransition(S::kClosed, "approve", {A::kBackOffice, false, false});
  CHECK(r.status().code() == ErrorCode::kFailedPrecondition);
  CHECK_THAT(r.status().message(), Catch::Contains("allowed from: accepted"));

  r = CheckTransition(S::kAccepted, "deny", {A::kBackOffice, false, false});
  CHECK(r.status().code() == ErrorCode::kInvalidArgument);
  CHECK_THAT(r.status().message(), Catch::Contains("needs a reason"));

  r = CheckTransition(S::kReceived, "complete_on_spot", {A::kStation, false, false});
  CHECK(r.status().code() == ErrorCode::kFailedPrecondition);
  CHECK_THAT(r.status().message(), Catch::Contains("instant"));

  r = CheckTransition(S::kReceived, "fly", {A::kStation, false, false});
  CHECK_THAT(r.status().message(), Catch::Contains("unknown action"));
}

TEST_CASE("a station is offered only window actions") {
  const auto at_window = AvailableActions(S::kReceived, {A::kStation, false, false});
  CHECK(std::set<std::string_view>(at_window.begin(), at_window.end()) ==
        std::set<std::string_view>{"withdraw"});
  const auto office = AvailableActions(S::kAccepted, {A::kBackOffice, false, false});
  CHECK(std::find(office.begin(), office.end(), "approve") != office.end());
  CHECK(std::find(office.begin(), office.end(), "deliver") == office.end());
}

TEST_CASE("status names round-trip") {
  for (int s = 0; s < kCaseStatusCount; ++s) {
    const auto st = static_cast<S>(s);
    CHECK(*ParseCaseStatus(CaseStatusName(st)) == st);
    CHECK_FALSE(CaseStatusLabel(st).empty());
  }
  CHECK_FALSE(ParseCaseStatus("done").ok());
}
