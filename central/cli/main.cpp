// tongban-central: the county hub and its admin commands. Argument parsing only.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <functional>

#include "commands.h"

int main(int argc, char** argv) {
  using namespace tongban::central::cli;
  CLI::App app{"tongban-central — the county hub of the Tongban government service system"};
  app.require_subcommand(1);
  std::function<tongban::Status()> run;
  std::string data;
  bool json = false;
  auto data_opt = [&](CLI::App* c) {
    c->add_option("--data", data, "Hub data folder")->required();
    c->add_flag("--json", json, "Print JSON");
  };

  ServeOptions serve;
  auto* c_serve = app.add_subcommand("serve", "Serve nodes over HTTP(S)");
  c_serve->add_option("--data", serve.data, "Hub data folder")->required();
  c_serve->add_option("--listen", serve.listen, "HOST:PORT (port 0 picks a free one)");
  c_serve->add_option("--tls-cert", serve.tls_cert, "PEM certificate: serve HTTPS");
  c_serve->add_option("--tls-key", serve.tls_key, "PEM private key");
  c_serve->add_option("--threads", serve.threads, "I/O threads");
  c_serve->callback([&] { run = [&] { return Serve(serve); }; });

  auto* c_station = app.add_subcommand("station", "Stations and other nodes")->require_subcommand(1);
  std::string code, name, kind = "station", township;
  auto* c_add = c_station->add_subcommand(
      "add", "Announce a node; prints a one-time enrollment code on the last line");
  data_opt(c_add);
  c_add->add_option("--code", code, "Node code")->required();
  c_add->add_option("--name", name, "Name")->required();
  c_add->add_option("--kind", kind, "station | township | county-office | field");
  c_add->add_option("--township", township, "Township center above it");
  c_add->callback([&] { run = [&] { return StationAdd(data, code, name, kind, township, json); }; });
  auto* c_list = c_station->add_subcommand("list", "Nodes with last-seen and lag");
  data_opt(c_list);
  c_list->callback([&] { run = [&] { return StationList(data, json); }; });
  auto* c_revoke = c_station->add_subcommand("revoke", "Refuse every further request of a node");
  data_opt(c_revoke);
  c_revoke->add_option("--code", code, "Node code")->required();
  c_revoke->callback([&] { run = [&] { return StationRevoke(data, code); }; });

  auto* c_conf = app.add_subcommand("conflicts", "The conflict inbox")->require_subcommand(1);
  bool all = false;
  long long id = 0;
  std::string take, value, note, admin = "admin";
  auto* c_clist = c_conf->add_subcommand("list", "Open conflicts (--all: resolved too)");
  data_opt(c_clist);
  c_clist->add_flag("--all", all, "Include resolved ones");
  c_clist->callback([&] { run = [&] { return ConflictsList(data, all, json); }; });
  auto* c_cshow = c_conf->add_subcommand("show", "One conflict with base, local and hub values");
  data_opt(c_cshow);
  c_cshow->add_option("id", id, "Conflict number")->required();
  c_cshow->callback([&] { run = [&] { return ConflictsShow(data, id, json); }; });
  auto* c_res = c_conf->add_subcommand("resolve", "Resolve; the choice reaches every node");
  data_opt(c_res);
  c_res->add_option("id", id, "Conflict number")->required();
  c_res->add_option("--take", take, "local | hub | value")->required();
  c_res->add_option("--value", value, "The value (JSON or text) with --take value");
  c_res->add_option("--note", note, "Why")->required();
  c_res->add_option("--admin", admin, "Who resolves");
  c_res->callback([&] {
    run = [&] { return ConflictsResolve(data, id, take, value, note, admin, json); };
  });

  auto* c_cat = app.add_subcommand("catalog", "Service catalog")->require_subcommand(1);
  std::string file;
  auto* c_pub = c_cat->add_subcommand("publish", "Publish a tongban-catalog/1 file to every node");
  data_opt(c_pub);
  c_pub->add_option("file", file, "Catalog file, or 'sample'")->required();
  c_pub->callback([&] { run = [&] { return CatalogPublish(data, file, json); }; });

  auto* c_cal = app.add_subcommand("calendar", "Working-day calendars")->require_subcommand(1);
  std::string cal_name, cal_to;
  auto* c_cal_pub = c_cal->add_subcommand(
      "publish", "Publish a tongban-calendar/1 file (a new year, or overrides) to the nodes");
  c_cal_pub->add_option("--data", data, "Hub data folder")->required();
  c_cal_pub->add_option("file", file, "Calendar file")->required();
  c_cal_pub->add_option("--name", cal_name, "Name, e.g. national-2027; the same name replaces")->required();
  c_cal_pub->add_option("--applies-to", cal_to, "Comma-separated node codes (default: every node)");
  c_cal_pub->callback([&] { run = [&] { return CalendarPublish(data, file, cal_name, cal_to); }; });

  bool esc_all = false;
  auto* c_esc = app.add_subcommand("escalations", "Overdue timers the nodes escalated (超时问责)");
  data_opt(c_esc);
  c_esc->add_flag("--all", esc_all, "Closed ones too");
  c_esc->callback([&] { run = [&] { return EscalationsList(data, esc_all, json); }; });

  std::string stats_from, stats_to;
  auto* c_stats = app.add_subcommand("stats", "County service figures (default: this month)");
  data_opt(c_stats);
  c_stats->add_option("--from", stats_from, "First day YYYY-MM-DD");
  c_stats->add_option("--to", stats_to, "Last day YYYY-MM-DD");
  c_stats->callback([&] { run = [&] { return CountyStats(data, stats_from, stats_to, json); }; });

  auto* c_token = app.add_subcommand("admin-token", "Issue a new admin API token (old one stops working)");
  c_token->add_option("--data", data, "Hub data folder")->required();
  c_token->callback([&] { run = [&] { return AdminToken(data); }; });

  auto* c_bundle = app.add_subcommand("bundle", "Sync by file (USB stick)")->require_subcommand(1);
  std::string bundle_file, reply_file;
  auto* c_bimp = c_bundle->add_subcommand("import", "Apply a node's bundle and write its reply");
  data_opt(c_bimp);
  c_bimp->add_option("file", bundle_file, "Bundle from a node")->required();
  c_bimp->add_option("--reply", reply_file, "Reply bundle to write (default FILE.reply)");
  c_bimp->callback([&] {
    run = [&] {
      return BundleImport(data, bundle_file, reply_file.empty() ? bundle_file + ".reply" : reply_file, json);
    };
  });

  auto* c_status = app.add_subcommand("status", "Hub figures: log, records, conflicts, nodes");
  data_opt(c_status);
  c_status->callback([&] { run = [&] { return HubStatus(data, json); }; });

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
