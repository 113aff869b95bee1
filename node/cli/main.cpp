// tongban: the station node's command-line tool. Argument parsing only; the
// commands live in commands.cpp.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <functional>

#include "commands.h"

int main(int argc, char** argv) {
  using namespace tongban::cli;
  CLI::App app{"tongban — station node of the Tongban government service system"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show help for every command");
  Common common;
  std::function<tongban::Status()> run;

  auto db_opt = [&](CLI::App* cmd, bool required = true) {
    auto* o = cmd->add_option("--db", common.db, "Station database file");
    if (required) o->required();
    cmd->add_flag("--json", common.json, "Print JSON");
  };
  auto user_opt = [&](CLI::App* cmd) {
    cmd->add_option("--user", common.user,
                    "Staff login (password from TONGBAN_PASSWORD or a prompt)")
        ->required();
  };

  InitOptions init;
  auto* c_init = app.add_subcommand("init", "Create a station database");
  db_opt(c_init);
  c_init->add_option("--station", init.station, "Station code, unique in the county")->required();
  c_init->add_option("--name", init.name, "Station name (from the hub when enrolling)");
  c_init->add_option("--kind", init.kind, "station | township | county-office | field");
  c_init->add_option("--township", init.township, "Code of the township center above it");
  c_init->add_option("--admin", init.admin, "Login of the first admin account");
  c_init->add_option("--central", init.central, "Hub address, e.g. http://127.0.0.1:8610");
  c_init->add_option("--enroll", init.enroll, "One-time enrollment code from the central admin");
  c_init->add_option("--pin", init.pin, "Pinned hub public key (sha256//BASE64) for HTTPS");
  c_init->add_option("--ca-file", init.ca_file, "PEM certificate of the hub to trust (HTTPS)");
  c_init->callback([&] { run = [&] { return Init(common, init); }; });

  auto* c_staff = app.add_subcommand("staff", "Staff accounts")->require_subcommand(1);
  StaffAddOptions staff;
  auto* c_staff_add =
      c_staff->add_subcommand("add", "Add an account (new password read from standard input)");
  db_opt(c_staff_add);
  user_opt(c_staff_add);
  c_staff_add->add_option("--login", staff.login, "New login")->required();
  c_staff_add->add_option("--name", staff.name, "Full name")->required();
  c_staff_add->add_option("--role", staff.role, "clerk | processor | field | admin")->required();
  c_staff_add->callback([&] { run = [&] { return StaffAdd(common, staff); }; });
  auto* c_staff_list = c_staff->add_subcommand("list", "List accounts");
  db_opt(c_staff_list);
  c_staff_list->callback([&] { run = [&] { return StaffList(common); }; });

  auto* c_cat = app.add_subcommand("catalog", "Service item catalog")->require_subcommand(1);
  std::string catalog_file;
  auto* c_cat_import = c_cat->add_subcommand("import", "Import a tongban-catalog/1 file");
  db_opt(c_cat_import);
  user_opt(c_cat_import);
  c_cat_import->add_option("file", catalog_file, "Catalog JSON file, or 'sample' for the built-in one")
      ->required();
  c_cat_import->callback([&] { run = [&] { return CatalogImport(common, catalog_file); }; });
  auto* c_cat_list = c_cat->add_subcommand("list", "List the latest version of each item");
  db_opt(c_cat_list);
  c_cat_list->callback([&] { run = [&] { return CatalogList(common); }; });
  auto* c_cat_export = c_cat->add_subcommand("export", "Print the catalog as tongban-catalog/1");
  db_opt(c_cat_export);
  c_cat_export->callback([&] { run = [&] { return CatalogExport(common); }; });

  auto* c_case = app.add_subcommand("case", "Cases (办件)")->require_subcommand(1);
  IntakeOptions in;
  auto* c_intake = c_case->add_subcommand("intake", "Receive a case; prints its number");
  db_opt(c_intake);
  user_opt(c_intake);
  c_intake->add_option("--item", in.item, "Item implementation code or exact name")->required();
  c_intake->add_option("--applicant", in.applicant, "Applicant name")->required();
  c_intake->add_option("--id", in.id_number, "Resident ID or unified social credit code")
      ->required();
  c_intake->add_flag("--enterprise", in.enterprise, "Applicant is an enterprise (credit code)");
  c_intake->add_option("--id-override", in.id_override,
                       "Accept a credit code failing its check, with this reason");
  c_intake->add_option("--phone", in.phone, "Applicant phone");
  c_intake->add_option("--channel", in.channel, "window | online | door | post");
  c_intake->add_option("--green", in.green, "Green channel, with its reason");
  c_intake->add_option("--material", in.materials,
                       "CODE=STATE (received|tolerated|committed|absent); repeatable");
  c_intake->add_option("--agent-name", in.agent_name, "Agent (代办人) name");
  c_intake->add_option("--agent-id", in.agent_id, "Agent resident ID");
  c_intake->add_option("--agent-phone", in.agent_phone, "Agent phone");
  c_intake->add_option("--agent-auth", in.agent_auth, "Reference of the signed authorization");
  c_intake->add_option("--agent-scope", in.agent_scope, "Scope of the authorization");
  c_intake->add_option("--agent-expires", in.agent_expires, "Authorization expiry YYYY-MM-DD");
  c_intake->add_option("--received-at", in.received_at, "Reception time (default now)");
  c_intake->callback([&] { run = [&] { return CaseIntake(common, in); }; });

  std::string cases_file;
  auto* c_import = c_case->add_subcommand("import", "Bulk-load a tongban-cases/1 file");
  db_opt(c_import);
  user_opt(c_import);
  c_import->add_option("file", cases_file, "Cases JSON file")->required();
  c_import->callback([&] { run = [&] { return CaseImport(common, cases_file); }; });

  SearchOptions search;
  auto* c_list = c_case->add_subcommand("list", "List recent cases");
  db_opt(c_list);
  c_list->add_option("--status", search.status, "Only this status");
  c_list->add_option("--limit", search.limit, "At most this many");
  c_list->callback([&] { run = [&] { return CaseSearch(common, search); }; });
  auto* c_search = c_case->add_subcommand("search", "Find cases");
  db_opt(c_search);
  c_search->add_option("--no", search.case_no, "Case number");
  c_search->add_option("--id", search.id_number, "Applicant ID number");
  c_search->add_option("--name", search.name, "Applicant name prefix");
  c_search->add_option("--status", search.status, "Status");
  c_search->add_option("--limit", search.limit, "At most this many");
  c_search->callback([&] { run = [&] { return CaseSearch(common, search); }; });

  std::string case_no, action, reason, delivery = "window";
  auto* c_show = c_case->add_subcommand("show", "Show one case with its timeline");
  db_opt(c_show);
  c_show->add_option("number", case_no, "Case number")->required();
  c_show->callback([&] { run = [&] { return CaseShow(common, case_no); }; });
  auto* c_tr = c_case->add_subcommand("transition", "Move a case: accept, approve, deliver, …");
  db_opt(c_tr);
  user_opt(c_tr);
  c_tr->add_option("number", case_no, "Case number")->required();
  c_tr->add_option("action", action,
                   "accept, not_accept, request_supplement, supply, start_special_procedure, "
                   "end_special_procedure, approve, approve_with_tolerance, deny, "
                   "request_withdrawal, withdraw, refuse_withdrawal, issue_result, deliver, close, "
                   "revoke (`case show` lists the ones open to you)")
      ->required();
  c_tr->add_option("--reason", reason, "Reason or note");
  c_tr->add_option("--delivery", delivery, "For deliver: window | post | door");
  c_tr->callback([&] {
    run = [&] { return CaseTransition(common, case_no, action, reason, delivery); };
  });
  std::vector<std::string> sets;
  auto* c_mat = c_case->add_subcommand("materials", "Record materials supplied or verified");
  db_opt(c_mat);
  user_opt(c_mat);
  c_mat->add_option("number", case_no, "Case number")->required();
  c_mat->add_option("--set", sets, "CODE=supplied|verified; repeatable")->required();
  c_mat->callback([&] { run = [&] { return CaseMaterials(common, case_no, sets); }; });

  NoticeOptions notice;
  auto* c_notice = app.add_subcommand("notice", "Print the one-time notice (一次性告知书)");
  db_opt(c_notice);
  c_notice->add_option("number", notice.case_no, "Case number");
  c_notice->add_option("--item", notice.item, "Or: an item, for an application not received");
  c_notice->add_option("--have", notice.have, "With --item: material codes in hand")
      ->delimiter(',');
  c_notice->callback([&] { run = [&] { return Notice(common, notice); }; });

  PrintOptions print;
  auto* c_print =
      app.add_subcommand("print", "Write a printable PDF: notice, receipt, non-acceptance");
  db_opt(c_print);
  c_print->add_option("--case", print.case_no, "Case number");
  c_print->add_option("--item", print.item, "Or: an item, for a notice before any case exists");
  c_print->add_option("--kind", print.kind, "notice | receipt | non-acceptance")->required();
  c_print->add_option("--out", print.out, "PDF file to write")->required();
  c_print->add_option("--have", print.have, "With --item: material codes in hand")
      ->delimiter(',');
  c_print->callback([&] { run = [&] { return Print(common, print); }; });

  DeadlineOptions dl;
  auto* c_dl = app.add_subcommand("deadline", "Compute a deadline on the working-day calendar");
  db_opt(c_dl, false);
  c_dl->add_option("--from", dl.from, "Start: YYYY-MM-DD or 'YYYY-MM-DD HH:MM'")->required();
  c_dl->add_option("--days,--amount", dl.amount, "Length of the limit")->required();
  c_dl->add_option("--unit", dl.unit, "workday | day | hour");
  c_dl->add_option("--pause", dl.pauses, "Paused interval FROM..TO; repeatable");
  c_dl->callback([&] { run = [&] { return Deadline(common, dl); }; });

  auto* c_cal = app.add_subcommand("calendar", "Working-day calendar")->require_subcommand(1);
  std::string cal_date, cal_reason;
  bool cal_off = false, cal_work = false;
  auto* c_ovr = c_cal->add_subcommand("override", "Mark a date off or working at this node");
  db_opt(c_ovr);
  user_opt(c_ovr);
  c_ovr->add_option("--date", cal_date, "YYYY-MM-DD")->required();
  auto* off = c_ovr->add_flag("--off", cal_off, "Closed that day");
  auto* work = c_ovr->add_flag("--work", cal_work, "Working that day");
  off->excludes(work);
  c_ovr->add_option("--reason", cal_reason, "Why")->required();
  c_ovr->callback([&] {
    run = [&] { return CalendarOverride(common, cal_date, cal_work && !cal_off, cal_reason); };
  });

  long after = 0;
  int limit = 100;
  auto* c_changes = app.add_subcommand("changes", "Read the change log from a cursor");
  db_opt(c_changes);
  c_changes->add_option("--after", after, "Cursor: last sequence already read");
  c_changes->add_option("--limit", limit, "At most this many");
  c_changes->callback([&] { run = [&] { return Changes(common, after, limit); }; });

  SyncCliOptions sync_opts;
  auto* c_sync = app.add_subcommand("sync", "Push local changes to the hub, then pull");
  db_opt(c_sync, false);
  c_sync->add_flag("--watch", sync_opts.watch, "Keep syncing, with backoff after failures");
  c_sync->add_option("--interval", sync_opts.interval_s, "Seconds between rounds with --watch");
  c_sync->add_option("--batch", sync_opts.batch, "Changes per batch");
  c_sync->add_flag("-v,--verbose", sync_opts.verbose,
                   "Also print each overdue timer escalated and each scan error");
  c_sync->callback([&] {
    if (c_sync->get_subcommands().empty()) run = [&] { return Sync(common, sync_opts); };
  });
  auto* c_sync_status = c_sync->add_subcommand("status", "Queue depth, last success, conflicts");
  db_opt(c_sync_status);
  c_sync_status->callback([&] { run = [&] { return SyncStatusCmd(common); }; });
  auto* c_sync_verify = c_sync->add_subcommand("verify", "Compare this node's digest with the hub's");
  db_opt(c_sync_verify);
  c_sync_verify->callback([&] { run = [&] { return SyncVerify(common, false); }; });
  auto* c_sync_repair =
      c_sync->add_subcommand("repair", "Re-pull the whole scope, keeping unsent changes");
  db_opt(c_sync_repair);
  c_sync_repair->callback([&] { run = [&] { return SyncVerify(common, true); }; });

  std::string stats_from, stats_to;
  auto* c_stats = app.add_subcommand("stats", "Service figures for a period (default: this month)");
  db_opt(c_stats);
  c_stats->add_option("--from", stats_from, "First day YYYY-MM-DD");
  c_stats->add_option("--to", stats_to, "Last day YYYY-MM-DD");
  c_stats->callback([&] { run = [&] { return Stats(common, stats_from, stats_to); }; });

  // The service modes beyond the window (modes_command.cpp).
  ModeOptions mode;
  std::string appt_action;
  auto* c_appt = app.add_subcommand("appointment", "Appointments (预约办)")->require_subcommand(1);
  auto* c_slots = c_appt->add_subcommand("slots", "Free and booked slots of a day for an item");
  db_opt(c_slots);
  c_slots->add_option("--item", mode.item, "Item code")->required();
  c_slots->add_option("--day", mode.day, "YYYY-MM-DD")->required();
  c_slots->callback([&] { run = [&] { return AppointmentSlotsCmd(common, mode); }; });
  auto* c_book = c_appt->add_subcommand("book", "Book a slot");
  db_opt(c_book);
  user_opt(c_book);
  c_book->add_option("--item", mode.item, "Item code")->required();
  c_book->add_option("--at", mode.at, "Slot start, YYYY-MM-DD HH:MM")->required();
  c_book->add_option("--name", mode.name, "Applicant name")->required();
  c_book->add_option("--id", mode.id_number, "Resident ID or credit code")->required();
  c_book->add_option("--phone", mode.phone, "Contact phone");
  c_book->callback([&] { run = [&] { return AppointmentBook(common, mode); }; });
  auto* c_alist = c_appt->add_subcommand("list", "Appointments of a period (default: the next 7 days)");
  db_opt(c_alist);
  c_alist->add_option("--from", mode.day, "First day YYYY-MM-DD");
  c_alist->add_option("--to", mode.to, "Last day YYYY-MM-DD");
  c_alist->callback([&] { run = [&] { return AppointmentList(common, mode); }; });
  for (const char* verb : {"checkin", "cancel", "convert"}) {
    auto* cmd = c_appt->add_subcommand(verb, std::string(verb) == "checkin" ? "The applicant has arrived"
                                               : std::string(verb) == "cancel" ? "Cancel with a reason"
                                                                                 : "Receive the case the appointment was for");
    db_opt(cmd);
    user_opt(cmd);
    cmd->add_option("ref", mode.ref, "Appointment reference")->required();
    if (std::string(verb) == "cancel") cmd->add_option("--reason", mode.note, "Why")->required();
    if (std::string(verb) == "convert")
      cmd->add_option("--material", mode.materials, "CODE=STATE (received, tolerated, committed, absent)");
    cmd->callback([&, chosen = std::string(verb)] {
      appt_action = chosen;
      run = [&] { return AppointmentMove(common, mode, appt_action); };
    });
  }

  auto* c_visit = app.add_subcommand("visit", "Door visits (上门办)")->require_subcommand(1);
  auto* c_vplan = c_visit->add_subcommand("plan", "Plan a visit for a field laptop");
  db_opt(c_vplan);
  user_opt(c_vplan);
  c_vplan->add_option("--field", mode.field_node, "Field node code")->required();
  c_vplan->add_option("--day", mode.day, "YYYY-MM-DD")->required();
  c_vplan->add_option("--name", mode.name, "Who is visited")->required();
  c_vplan->add_option("--address", mode.address, "Where")->required();
  c_vplan->add_option("--item", mode.item, "Item code");
  c_vplan->add_option("--id", mode.id_number, "Resident ID");
  c_vplan->add_option("--phone", mode.phone, "Contact phone");
  c_vplan->add_option("--purpose", mode.note, "What to do there");
  c_vplan->callback([&] { run = [&] { return VisitPlan(common, mode); }; });
  auto* c_vlist = c_visit->add_subcommand("list", "Visits held on this node");
  db_opt(c_vlist);
  c_vlist->add_option("--state", mode.state, "planned | visited | failed | cancelled");
  c_vlist->callback([&] { run = [&] { return VisitList(common, mode); }; });
  auto* c_vrec = c_visit->add_subcommand("record", "Record the outcome (on the field laptop)");
  db_opt(c_vrec);
  user_opt(c_vrec);
  c_vrec->add_option("ref", mode.ref, "Visit reference")->required();
  c_vrec->add_option("--outcome", mode.state, "visited | failed | cancelled")->required();
  c_vrec->add_option("--note", mode.note, "What happened");
  c_vrec->add_option("--case", mode.case_no, "Case received at the door");
  c_vrec->callback([&] { run = [&] { return VisitRecord(common, mode); }; });

  auto* c_ship = app.add_subcommand("shipment", "Post (邮递办)")->require_subcommand(1);
  auto* c_ship_create = c_ship->add_subcommand("create", "Register a waybill for a case");
  db_opt(c_ship_create);
  user_opt(c_ship_create);
  c_ship_create->add_option("--case", mode.case_no, "Case number")->required();
  c_ship_create->add_option("--direction", mode.direction, "in (materials) | out (result)");
  c_ship_create->add_option("--carrier", mode.carrier, "Carrier (default 中国邮政 EMS)");
  c_ship_create->add_option("--waybill", mode.waybill, "Waybill number")->required();
  c_ship_create->add_option("--address", mode.address, "Postal address")->required();
  c_ship_create->callback([&] { run = [&] { return ShipmentCreate(common, mode); }; });
  auto* c_ship_track = c_ship->add_subcommand("track", "Add a tracking event");
  db_opt(c_ship_track);
  user_opt(c_ship_track);
  c_ship_track->add_option("ref", mode.ref, "Shipment reference")->required();
  c_ship_track->add_option("--state", mode.state, "sent | delivered | returned | lost")->required();
  c_ship_track->add_option("--place", mode.address, "Where");
  c_ship_track->add_option("--note", mode.note, "Remarks");
  c_ship_track->callback([&] { run = [&] { return ShipmentTrack(common, mode); }; });
  auto* c_ship_list = c_ship->add_subcommand("list", "Shipments, of one case or all");
  db_opt(c_ship_list);
  c_ship_list->add_option("--case", mode.case_no, "Case number");
  c_ship_list->callback([&] { run = [&] { return ShipmentList(common, mode); }; });

  auto* c_rate = app.add_subcommand("rate", "Record the applicant's rating (好差评)");
  db_opt(c_rate);
  user_opt(c_rate);
  c_rate->add_option("--case", mode.case_no, "Case number")->required();
  c_rate->add_option("--score", mode.score, "1 (very bad) to 5 (very good)")->required();
  c_rate->add_option("--indicator", mode.indicators, "attitude, efficiency, notice, trips, environment, fairness");
  c_rate->add_option("--comment", mode.note, "Free text");
  c_rate->callback([&] { run = [&] { return Rate(common, mode); }; });
  auto* c_rectify = app.add_subcommand("rectify", "Record how a bad rating was put right");
  db_opt(c_rectify);
  user_opt(c_rectify);
  c_rectify->add_option("--case", mode.case_no, "Case number")->required();
  c_rectify->add_option("--note", mode.note, "What was done")->required();
  c_rectify->callback([&] { run = [&] { return Rectify(common, mode); }; });

  auto* c_timers = app.add_subcommand("timers", "Run the timers: no-shows, breached commitments, escalations");
  db_opt(c_timers);
  user_opt(c_timers);
  c_timers->callback([&] { run = [&] { return Timers(common); }; });
  bool esc_all = false;
  auto* c_esc = app.add_subcommand("escalations", "Overdue timers escalated (超时问责)");
  db_opt(c_esc);
  c_esc->add_flag("--all", esc_all, "Closed ones too");
  c_esc->callback([&] { run = [&] { return Escalations(common, esc_all); }; });

  auto* c_bundle = app.add_subcommand("bundle", "Sync by file (USB stick)")->require_subcommand(1);
  std::string bundle_out, bundle_in;
  auto* c_bexp = c_bundle->add_subcommand("export", "Write every unacknowledged change to a file");
  db_opt(c_bexp);
  c_bexp->add_option("--out", bundle_out, "Bundle file to write")->required();
  c_bexp->callback([&] { run = [&] { return BundleExport(common, bundle_out); }; });
  auto* c_bimp = c_bundle->add_subcommand("import", "Apply the hub's reply bundle");
  db_opt(c_bimp);
  c_bimp->add_option("file", bundle_in, "Reply bundle from the hub")->required();
  c_bimp->callback([&] { run = [&] { return BundleImport(common, bundle_in); }; });

  auto* c_scan = app.add_subcommand("scan", "Scans of a case's materials (JPEG, PNG, PDF)")
                     ->require_subcommand(1);
  ScanAttachOptions scan;
  std::string scan_sha, scan_out;
  auto* c_scan_attach = c_scan->add_subcommand("attach", "Attach a scan to a material of a case");
  db_opt(c_scan_attach);
  user_opt(c_scan_attach);
  c_scan_attach->add_option("--case", scan.case_no, "Case number")->required();
  c_scan_attach->add_option("--material", scan.material, "Material code, e.g. M01")->required();
  c_scan_attach->add_option("file", scan.file, "JPEG, PNG or PDF file, at most 20 MiB")->required();
  c_scan_attach->callback([&] { run = [&] { return ScanAttach(common, scan); }; });
  auto* c_scan_list = c_scan->add_subcommand("list", "List the scans of a case");
  db_opt(c_scan_list);
  c_scan_list->add_option("--case", scan.case_no, "Case number")->required();
  c_scan_list->callback([&] { run = [&] { return ScanList(common, scan.case_no); }; });
  auto* c_scan_export = c_scan->add_subcommand("export", "Write a scan's content to a file");
  db_opt(c_scan_export);
  c_scan_export->add_option("--sha", scan_sha, "The scan's SHA-256 (scan list shows it)")->required();
  c_scan_export->add_option("--out", scan_out, "File to write")->required();
  c_scan_export->callback([&] { run = [&] { return ScanExport(common, scan_sha, scan_out); }; });


  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // One line and exit code 2 for every command-line mistake (see the README).
    std::fprintf(stderr, "error: %s (see --help)\n", e.what());
    return 2;
  }
  const tongban::Status st = run();
  if (!st.ok()) {
    std::fprintf(stderr, "error: %s\n", st.message().c_str());
    return tongban::ExitCodeFor(st);
  }
  return 0;
}
