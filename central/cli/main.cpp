// tongban-central: the county hub and its admin commands. Argument parsing only.
// Help in the reader's language (Say, help_format.h); option and command names are
// the interface and stay as they are.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <functional>

#include "commands.h"
#include "tongban/node/messages/command_text.h"
#include "tongban/node/messages/help_format.h"  // the help screens, shared with tongban
#include "tongban/node/messages/option_words.h"
#include "tongban/sync/request_tags.h"

int main(int argc, char** argv) {
  using namespace tongban::central::cli;
  using tongban::node::Say;
  using tongban::cli::Choices;
  using tongban::cli::RunCommandLine;
  using tongban::cli::TakesNames;
  CLI::App app{Say("tongban-central：通办系统的县级中心及其管理命令",
                   "tongban-central — the county hub of the Tongban government service system")};
  tongban::cli::SetUpHelp(app);
  app.set_version_flag("--version", std::string("tongban-central ") + std::string(tongban::sync::kSoftwareVersion),
                       Say("显示版本后退出", "Print the version and exit"));
  app.require_subcommand(1);
  // The hub service reads its settings from a file (/etc/tongban/hub.conf when packaged):
  // its [serve] section holds serve's options; the command line wins over the file.
  app.set_config("--config", "",
                 Say("配置文件（TOML）：[serve] 一节写 serve 的选项，如 data、listen；"
                     "命令行上给出的优先",
                     "Settings file (TOML): its [serve] section holds serve's options, such as "
                     "data and listen; the command line wins"));
  // A mistyped setting is an error, not a setting silently without effect.
  app.allow_config_extras(CLI::config_extras_mode::error);
  std::function<tongban::Status()> run;
  std::string data;
  bool json = false;
  const char* const kDataHelp = Say("中心数据目录", "Hub data folder");
  auto data_opt = [&](CLI::App* c) {
    c->add_option("--data", data, kDataHelp)->required();
    c->add_flag("--json", json, Say("输出 JSON", "Print JSON"));
  };

  ServeOptions serve;
  auto* c_serve = app.add_subcommand(
      "serve", Say("运行中心，通过 HTTP(S) 为各站点服务", "Serve nodes over HTTP(S)"));
  c_serve->add_option("--data", serve.data, kDataHelp)->required();
  c_serve->add_option("--listen", serve.listen,
                      Say("监听地址 主机:端口（端口写 0 则自动选一个空闲的）",
                          "HOST:PORT (port 0 picks a free one)"));
  c_serve->add_option("--tls-cert", serve.tls_cert,
                      Say("证书（PEM 文件）：以 HTTPS 服务", "PEM certificate: serve HTTPS"));
  c_serve->add_option("--tls-key", serve.tls_key, Say("私钥（PEM 文件）", "PEM private key"));
  c_serve->add_option("--threads", serve.threads, Say("网络处理线程数", "I/O threads"));
  c_serve->callback([&] { run = [&] { return Serve(serve); }; });

  auto* c_station = app.add_subcommand("station", Say("站点及其他节点", "Stations and other nodes"))
                        ->require_subcommand(1);
  std::string code, name, kind = "station", township;
  auto* c_add = c_station->add_subcommand(
      "add", Say("登记一个节点；最后一行输出一次性注册码",
                 "Announce a node; prints a one-time enrollment code on the last line"));
  data_opt(c_add);
  c_add->add_option("--code", code, Say("节点编码", "Node code"))->required();
  c_add->add_option("--name", name, Say("名称", "Name"))->required();
  c_add->add_option("--kind", kind, Say("类型：", "") + Choices("node_kind"))
      ->transform(TakesNames("node_kind"));
  c_add->add_option("--township", township,
                    Say("上级乡镇便民服务中心", "Township center above it"));
  c_add->callback([&] { run = [&] { return StationAdd(data, code, name, kind, township, json); }; });
  auto* c_list = c_station->add_subcommand(
      "list", Say("节点列表：最近联系时间（含 U 盘交换包）、落后的变更数、软件版本和时钟偏差",
                  "Nodes with last seen (bundles count), lag, software version and clock offset"));
  data_opt(c_list);
  c_list->callback([&] { run = [&] { return StationList(data, json); }; });
  auto* c_audit = app.add_subcommand("audit", Say("各节点的审计记录", "The nodes' audit trails"))
                      ->require_subcommand(1);
  std::string audit_node;
  auto* c_audit_verify = c_audit->add_subcommand(
      "verify", Say("逐条核对审计记录的 SM3 链，指出第一处断开", "Check each audit trail's SM3 "
                                                            "chain and name the first broken link"));
  data_opt(c_audit_verify);
  c_audit_verify->add_option("--node", audit_node, Say("只核对这个节点", "Only this node"));
  c_audit_verify->callback([&] { run = [&] { return AuditVerify(data, audit_node, json); }; });
  auto* c_revoke = c_station->add_subcommand(
      "revoke", Say("停用节点：它下次同步时交出尚未上传的内容，然后清除本机数据",
                    "Revoke a node: at its next sync it sends what it holds, then erases its data"));
  data_opt(c_revoke);
  c_revoke->add_option("--code", code, Say("节点编码", "Node code"))->required();
  bool revoke_now = false;
  c_revoke->add_flag("--now", revoke_now,
                     Say("丢失或被盗的电脑：不再接收它的任何内容，下次联系即清除",
                         "A lost or stolen computer: take nothing more from it, erase at next contact"));
  c_revoke->callback([&] { run = [&] { return StationRevoke(data, code, revoke_now); }; });
  auto* c_reenroll = c_station->add_subcommand(
      "reenroll",
      Say("为已有节点重新发一次性注册码（从备份恢复的站点、替换丢失的笔记本）；旧密钥随即失效",
          "A new one-time enrollment code for a known node (restored from a backup, a new laptop "
          "for a lost one); its old secret stops working"));
  data_opt(c_reenroll);
  c_reenroll->add_option("--code", code, Say("节点编码", "Node code"))->required();
  c_reenroll->callback([&] { run = [&] { return StationReenroll(data, code, json); }; });
  auto* c_keys = c_station->add_subcommand(
      "require-keys",
      Say("只为有签名密钥对的节点服务（新建的中心默认如此）；不加参数则显示当前设置和尚无密钥的节点",
          "Serve only nodes with key pairs (new hubs do); without an argument, show the setting "
          "and the nodes without keys"));
  data_opt(c_keys);
  std::string keys_switch;
  c_keys->add_option("state", keys_switch, Say("on 或 off", "on or off"))
      ->check(CLI::IsMember({"on", "off"}));
  c_keys->callback([&] { run = [&] { return StationRequireKeys(data, keys_switch); }; });

  std::string backup_file;
  bool restore_replace = false;
  auto* c_backup = app.add_subcommand(
      "backup", Say("备份中心数据（中心运行时也可以，得到一致的副本）",
                    "Back up the hub's data (also while it serves: a consistent copy)"));
  c_backup->add_option("--data", data, kDataHelp)->required();
  c_backup->add_option("--out", backup_file, Say("备份文件（新文件）", "Backup file (new)"))->required();
  c_backup->callback([&] { run = [&] { return HubBackup(data, backup_file); }; });
  auto* c_restore = app.add_subcommand(
      "restore", Say("从备份恢复中心数据（须先停止中心）", "Restore the hub's data from a backup "
                                                          "(the hub stopped)"));
  c_restore->add_option("--data", data, kDataHelp)->required();
  c_restore->add_option("--from", backup_file, Say("备份文件", "Backup file"))->required();
  c_restore->add_flag("--replace", restore_replace,
                      Say("替换现有数据（留作 hub.db.before-restore）",
                          "Replace the data there (kept as hub.db.before-restore)"));
  c_restore->callback([&] { run = [&] { return HubRestore(data, backup_file, restore_replace); }; });

  auto* c_conf =
      app.add_subcommand("conflicts", Say("冲突待办", "The conflict inbox"))->require_subcommand(1);
  bool all = false;
  long long id = 0;
  std::string take, value, note, admin = "admin";
  const char* const kConflictNo = Say("冲突编号", "id");
  auto* c_clist = c_conf->add_subcommand("list", Say("未解决的冲突（加 --all 则已解决的也列出）",
                                                     "Open conflicts (--all: resolved too)"));
  data_opt(c_clist);
  c_clist->add_flag("--all", all, Say("已解决的也列出", "Include resolved ones"));
  c_clist->callback([&] { run = [&] { return ConflictsList(data, all, json); }; });
  auto* c_cshow =
      c_conf->add_subcommand("show", Say("查看一个冲突：原值、站点的值和中心的值",
                                         "One conflict with base, local and hub values"));
  data_opt(c_cshow);
  c_cshow->add_option(kConflictNo, id, Say("冲突编号", "Conflict number"))->required();
  c_cshow->callback([&] { run = [&] { return ConflictsShow(data, id, json); }; });
  auto* c_res = c_conf->add_subcommand(
      "resolve", Say("解决冲突；结果会同步到每个节点", "Resolve; the choice reaches every node"));
  data_opt(c_res);
  c_res->add_option(kConflictNo, id, Say("冲突编号", "Conflict number"))->required();
  c_res
      ->add_option(
          "--take", take, Say("采用：", "") + Choices("take"))
      ->required()
      ->transform(TakesNames("take"));
  c_res->add_option("--value", value,
                    Say("与 --take value 同用：采用的值（JSON 或文字）",
                        "The value (JSON or text) with --take value"));
  c_res->add_option("--note", note, Say("理由", "Why"))->required();
  c_res->add_option("--admin", admin, Say("处理人", "Who resolves"));
  c_res->callback([&] {
    run = [&] { return ConflictsResolve(data, id, take, value, note, admin, json); };
  });

  auto* c_cat =
      app.add_subcommand("catalog", Say("事项目录", "Service catalog"))->require_subcommand(1);
  std::string file;
  auto* c_pub =
      c_cat->add_subcommand("publish", Say("把事项目录文件（tongban-catalog/1 格式）发布到每个节点",
                                           "Publish a tongban-catalog/1 file to every node"));
  data_opt(c_pub);
  c_pub
      ->add_option(Say("目录文件", "file"), file,
                   Say("事项目录文件；写 sample 则用内置的示例目录", "Catalog file, or 'sample'"))
      ->required();
  c_pub->callback([&] { run = [&] { return CatalogPublish(data, file, json); }; });

  auto* c_cal = app.add_subcommand("calendar", Say("工作日历", "Working-day calendars"))
                    ->require_subcommand(1);
  std::string cal_name, cal_to;
  auto* c_cal_pub = c_cal->add_subcommand(
      "publish", Say("把工作日历文件（tongban-calendar/1 格式：新的一年或调整）发布到各节点",
                     "Publish a tongban-calendar/1 file (a new year, or overrides) to the nodes"));
  c_cal_pub->add_option("--data", data, kDataHelp)->required();
  c_cal_pub->add_option(Say("日历文件", "file"), file, Say("工作日历文件", "Calendar file"))
      ->required();
  c_cal_pub
      ->add_option("--name", cal_name,
                   Say("日历名称，如 national-2027；同名的会被替换",
                       "Name, e.g. national-2027; the same name replaces"))
      ->required();
  c_cal_pub->add_option("--applies-to", cal_to,
                        Say("适用的节点编码，用逗号分隔（默认全部节点）",
                            "Comma-separated node codes (default: every node)"));
  c_cal_pub->callback([&] { run = [&] { return CalendarPublish(data, file, cal_name, cal_to); }; });

  bool esc_all = false;
  auto* c_esc = app.add_subcommand(
      "escalations", Say("各节点上报的超时问责", "Overdue timers the nodes escalated (超时问责)"));
  data_opt(c_esc);
  c_esc->add_flag("--all", esc_all, Say("已关闭的也列出", "Closed ones too"));
  c_esc->callback([&] { run = [&] { return EscalationsList(data, esc_all, json); }; });

  std::string stats_from, stats_to;
  auto* c_stats = app.add_subcommand(
      "stats", Say("全县办件统计（默认本月）", "County service figures (default: this month)"));
  data_opt(c_stats);
  c_stats->add_option("--from", stats_from, Say("起始日，如 2026-03-01", "First day YYYY-MM-DD"));
  c_stats->add_option("--to", stats_to, Say("截止日，如 2026-03-31", "Last day YYYY-MM-DD"));
  c_stats->callback([&] { run = [&] { return CountyStats(data, stats_from, stats_to, json); }; });

  auto* c_token =
      app.add_subcommand("admin-token", Say("生成新的管理接口令牌（旧令牌随即失效）",
                                            "Issue a new admin API token (old one stops working)"));
  c_token->add_option("--data", data, kDataHelp)->required();
  c_token->callback([&] { run = [&] { return AdminToken(data); }; });

  auto* c_escrow = app.add_subcommand("escrow", Say("加密站点密钥的托管", "Key escrow of encrypted stations"))
                       ->require_subcommand(1);
  std::string escrow_out, escrow_key, escrow_node, escrow_old_key;
  bool escrow_replace = false, escrow_old_key_lost = false;
  auto* c_escrow_init = c_escrow->add_subcommand(
      "init", Say("生成县里的托管密钥：中心只留公钥，私钥写到文件里交离线保管",
                  "Make the county's escrow key: the hub keeps the public half, the private half "
                  "goes to a file kept offline"));
  c_escrow_init->add_option("--data", data, kDataHelp)->required();
  c_escrow_init->add_option("--out", escrow_out, Say("私钥文件（新文件）", "Private key file (new)"))
      ->required();
  auto* replace_opt = c_escrow_init->add_flag("--replace", escrow_replace,
                          Say("换一把新的托管密钥", "Replace the escrow key the hub has"));
  auto* old_key_opt = c_escrow_init->add_option("--old-key", escrow_old_key,
                            Say("换密钥时：现有托管密钥的私钥文件，用它为新密钥签名背书",
                                "With --replace: the current escrow key's private key file, which "
                                "endorses the new key"));
  auto* old_key_lost_opt = c_escrow_init->add_flag("--old-key-lost", escrow_old_key_lost,
                          Say("换密钥时：现有私钥已遗失，新密钥无背书（各站管理员须确认新密钥）",
                              "With --replace: the current private key is lost; the new key goes "
                              "unendorsed (each station's admin confirms it)"));
  old_key_opt->excludes(old_key_lost_opt)->needs(replace_opt);
  old_key_lost_opt->needs(replace_opt);
  c_escrow_init->callback([&] {
    run = [&] {
      return EscrowInit(data, escrow_out, escrow_replace, escrow_old_key, escrow_old_key_lost);
    };
  });
  auto* c_escrow_open = c_escrow->add_subcommand(
      "open", Say("用托管私钥打开一个站点的托管码（全部密码遗失时恢复用）",
                  "Open a station's escrow code with the escrow private key (when every "
                  "password is lost)"));
  data_opt(c_escrow_open);
  c_escrow_open->add_option("--node", escrow_node, Say("节点编码", "Node code"))->required();
  c_escrow_open->add_option("--key", escrow_key, Say("托管私钥文件", "Escrow private key file"))
      ->required();
  c_escrow_open->callback([&] { run = [&] { return EscrowOpen(data, escrow_node, escrow_key, json); }; });

  auto* c_bundle =
      app.add_subcommand("bundle", Say("用文件同步（U 盘拷送数据包）", "Sync by file (USB stick)"))
          ->require_subcommand(1);
  std::string bundle_file, reply_file;
  auto* c_bimp = c_bundle->add_subcommand(
      "import",
      Say("导入节点的数据包并写出回复数据包", "Apply a node's bundle and write its reply"));
  data_opt(c_bimp);
  c_bimp
      ->add_option(Say("数据包", "file"), bundle_file,
                   Say("节点送来的数据包", "Bundle from a node"))
      ->required();
  c_bimp->add_option("--reply", reply_file,
                     Say("要写的回复数据包（默认为数据包文件名加 .reply）",
                         "Reply bundle to write (default FILE.reply)"));
  c_bimp->callback([&] {
    run = [&] {
      return BundleImport(data, bundle_file, reply_file.empty() ? bundle_file + ".reply" : reply_file, json);
    };
  });

  auto* c_status = app.add_subcommand("status", Say("中心概况：变更日志、记录、冲突、节点",
                                                    "Hub figures: log, records, conflicts, nodes"));
  data_opt(c_status);
  c_status->callback([&] { run = [&] { return HubStatus(data, json); }; });

  tongban::cli::FinishHelp(app);

  return RunCommandLine(app, argc, argv, [&] { return run(); });
}
