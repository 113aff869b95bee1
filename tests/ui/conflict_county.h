// ConflictCounty: a county for the desk's hub tests — a real hub process on a
// loopback port, a village station (QS-JX01) and its township center (QS-JX),
// both enrolled and synced, and one conflict in the hub's inbox: the phone of
// one case changed on both nodes before either had synced.
//
// Shared by the model tests (HubAdmin against the hub) and desk_hub_fixture,
// which runs the QML conflict test and the conflicts screenshot against it.
#pragma once

#include <memory>
#include <string>

#include "hub_process.h"
#include "tongban/status.h"

namespace tongban::desk::test {

class ConflictCounty {
 public:
  // Builds everything under `dir` (which must exist); `central` is the
  // tongban-central binary. The hub keeps running until the county is destroyed.
  static Result<std::unique_ptr<ConflictCounty>> Create(const std::string& dir,
                                                        const std::string& central);

  std::string hub_url() const { return hub_.url(); }
  const std::string& admin_token() const { return token_; }
  const std::string& station_db() const { return station_db_; }  // admin / demo-admin-pass
  const std::string& case_no() const { return case_no_; }
  const std::string& station_phone() const { return station_phone_; }  // what the station typed
  const std::string& center_phone() const { return center_phone_; }    // what the center typed
  // Syncs the station and returns the case's phone as it now holds it.
  Result<std::string> SyncedStationPhone();
  // Runs `tongban-central ARGS --data HUB`; its output, or why it failed.
  Result<std::string> Central(const std::string& args);
  void StopHub() { hub_.Stop(); }

 private:
  ConflictCounty(const std::string& dir, const std::string& central);

  std::string dir_, central_;
  tools::HubProcess hub_;
  std::string token_, station_db_, center_db_, case_no_;
  std::string station_phone_ = "13900001111", center_phone_ = "13700002222";
};

}  // namespace tongban::desk::test
