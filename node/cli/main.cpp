// tongban: the station node's command-line tool. Argument parsing only; the
// commands live in commands.cpp. Help in the reader's language (Say, help_format.h);
// option and command names are the interface and stay as they are.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <functional>

#include "commands.h"
#include "tongban/node/messages/help_format.h"
#include "tongban/node/messages/command_text.h"
#include "tongban/node/messages/option_words.h"
#include "tongban/node/store/station_path.h"
#include "tongban/sync/request_tags.h"

int main(int argc, char** argv) {
  using namespace tongban::cli;
  using tongban::node::Say;
  CLI::App app{Say("tongban：通办系统的站点节点（便民服务站、乡镇中心、县级部门、上门服务终端）",
                   "tongban — station node of the Tongban government service system")};
  SetUpHelp(app);
  app.set_version_flag("--version", std::string("tongban ") + std::string(tongban::sync::kSoftwareVersion),
                       Say("显示版本后退出", "Print the version and exit"));
  app.require_subcommand(1);
  Common common;
  std::function<tongban::Status()> run;
  // Positional arguments are named for the reader; they are not typed.
  const char* const kNumber = Say("办件编号", "number");
  const char* const kCipherChoiceZh = "加密算法：sm4-gcm（默认）、sm4-ctr+hmac-sm3 或 aes-256-gcm";
  const char* const kCipherChoiceEn = "Cipher suite: sm4-gcm (default), sm4-ctr+hmac-sm3 or aes-256-gcm";

  // Every command on a station file takes --user: an encrypted station opens only for
  // a person signing in. Commands that act as someone require it.
  // Without --db, a command works on this account's station (station_path.h).
  auto db_opt = [&](CLI::App* cmd, bool defaults = true, bool signs_in = true) {
    cmd->add_option("--db", common.db,
                    defaults ? Say("站点数据库文件（默认用本账号的站点：TONGBAN_DB，"
                                   "或 ~/.local/share/tongban/station.db）",
                                   "Station database file (default: this account's station, "
                                   "TONGBAN_DB or ~/.local/share/tongban/station.db)")
                             : Say("站点数据库文件", "Station database file"));
    if (defaults)
      cmd->preparse_callback([&common](std::size_t) {
        if (common.db.empty()) common.db = tongban::node::DefaultStationPath();
      });
    cmd->add_flag("--json", common.json, Say("输出 JSON", "Print JSON"));
    if (signs_in)
      cmd->add_option("--user", common.user,
                      Say("工作人员登录名（密码取自 TONGBAN_PASSWORD，或在终端输入；"
                          "加密的站点凭它解锁，也可用 TONGBAN_USER）",
                          "Staff login (password from TONGBAN_PASSWORD or a prompt; unlocks an "
                          "encrypted station, as TONGBAN_USER does)"));
  };
  auto user_opt = [&](CLI::App* cmd) { cmd->get_option("--user")->required(); };

  InitOptions init;
  auto* c_init = app.add_subcommand("init", Say("创建站点数据库", "Create a station database"));
  db_opt(c_init, true, false);
  // Stations are encrypted unless asked otherwise; --encrypt stays for older scripts.
  c_init->add_flag("--encrypt")->description(Say("（默认如此）加密数据库", "(the default) Encrypt the database"));
  c_init->add_flag("--plain", init.plain,
                   Say("不加密数据库（仅限测试，或整盘已加密的机器）；默认用国密 SM4 加密，"
                       "密钥由各人密码和恢复码保护",
                       "Do not encrypt the database (tests, or a machine with full-disk "
                       "encryption); by default it is sealed with SM4, the key wrapped by each "
                       "password and a recovery code"))
      ->excludes("--encrypt");
  c_init->add_option("--cipher", init.cipher,
                     Say(kCipherChoiceZh, kCipherChoiceEn))
      ->capture_default_str()
      ->excludes("--plain");
  c_init
      ->add_option("--station", init.station,
                   Say("站点编码，全县唯一", "Station code, unique in the county"))
      ->required();
  c_init->add_option(
      "--name", init.name,
      Say("站点名称（向中心注册时由中心给出）", "Station name (from the hub when enrolling)"));
  c_init->add_option("--kind", init.kind, Say("站点类型：", "") + Choices("node_kind"))
      ->transform(TakesNames("node_kind"));
  c_init->add_option("--township", init.township,
                     Say("上级乡镇便民服务中心的编码", "Code of the township center above it"));
  c_init->add_option("--admin", init.admin,
                     Say("第一个管理员账号的登录名", "Login of the first admin account"));
  c_init->add_option(
      "--central", init.central,
      Say("中心地址，如 http://127.0.0.1:8610", "Hub address, e.g. http://127.0.0.1:8610"));
  c_init->add_option(
      "--enroll", init.enroll,
      Say("中心管理员给出的一次性注册码", "One-time enrollment code from the central admin"));
  c_init->add_option("--pin", init.pin,
                     Say("HTTPS 时认定的中心公钥（sha256//BASE64）",
                         "Pinned hub public key (sha256//BASE64) for HTTPS"));
  c_init->add_option(
      "--ca-file", init.ca_file,
      Say("HTTPS 时信任的中心证书（PEM 文件）", "PEM certificate of the hub to trust (HTTPS)"));
  c_init->callback([&] { run = [&] { return Init(common, init); }; });
  auto* c_enroll = app.add_subcommand(
      "enroll", Say("让先离线开办的站点向中心登记（由站点管理员）",
                    "Enroll a station that began offline with a hub (by its admin)"));
  db_opt(c_enroll);
  user_opt(c_enroll);
  c_enroll->add_option("--central", init.central, Say("中心地址，如 http://127.0.0.1:8610",
                                                      "Hub address, e.g. http://127.0.0.1:8610"))
      ->required();
  c_enroll
      ->add_option("--enroll", init.enroll,
                   Say("中心管理员给出的一次性注册码", "One-time enrollment code from the central admin"))
      ->required();
  c_enroll->add_option("--pin", init.pin,
                       Say("HTTPS 时认定的中心公钥（sha256//BASE64）",
                           "Pinned hub public key (sha256//BASE64) for HTTPS"));
  c_enroll->add_option("--ca-file", init.ca_file,
                       Say("HTTPS 时信任的中心证书（PEM 文件）",
                           "PEM certificate of the hub to trust (HTTPS)"));
  c_enroll->add_flag("--again", init.again,
                     Say("已登记的站点用中心管理员新发的注册码重新登记（从备份恢复后）",
                         "An enrolled station takes a new code from the central admin (after a "
                         "restore from a backup)"));
  c_enroll->callback([&] { run = [&] { return Enroll(common, init); }; });

  auto* c_staff =
      app.add_subcommand("staff", Say("工作人员账号", "Staff accounts"))->require_subcommand(1);
  StaffAddOptions staff;
  auto* c_staff_add =
      c_staff->add_subcommand("add", Say("添加账号（新密码从标准输入读取）",
                                         "Add an account (new password read from standard input)"));
  db_opt(c_staff_add);
  user_opt(c_staff_add);
  c_staff_add->add_option("--login", staff.login, Say("新账号的登录名", "New login"))->required();
  c_staff_add->add_option("--name", staff.name, Say("姓名", "Full name"))->required();
  c_staff_add
      ->add_option(
          "--role", staff.role, Say("角色：", "") + Choices("role"))
      ->required()
      ->transform(TakesNames("role"));
  c_staff_add->callback([&] { run = [&] { return StaffAdd(common, staff); }; });
  std::string reset_login;
  auto* c_staff_reset = c_staff->add_subcommand(
      "reset-password", Say("管理员为账号重设密码并解锁（新密码从标准输入读取）",
                            "An admin sets a new password and unlocks the account (read from "
                            "standard input)"));
  db_opt(c_staff_reset);
  user_opt(c_staff_reset);
  c_staff_reset->add_option("--login", reset_login, Say("要重设的登录名", "Login to reset"))->required();
  c_staff_reset->callback([&] { run = [&] { return StaffResetPassword(common, reset_login); }; });
  auto* c_staff_passwd = c_staff->add_subcommand(
      "passwd", Say("更改自己的密码（新密码从标准输入读取）",
                    "Change your own password (the new one read from standard input)"));
  db_opt(c_staff_passwd);
  user_opt(c_staff_passwd);
  c_staff_passwd->callback([&] { run = [&] { return StaffChangePassword(common); }; });
  auto* c_staff_list = c_staff->add_subcommand("list", Say("列出账号", "List accounts"));
  db_opt(c_staff_list);
  c_staff_list->callback([&] { run = [&] { return StaffList(common); }; });

  auto* c_audit = app.add_subcommand("audit", Say("本站的审计记录", "This station's audit trail"))
                      ->require_subcommand(1);
  auto* c_audit_verify = c_audit->add_subcommand(
      "verify", Say("逐条核对审计记录的 SM3 链，指出第一处断开",
                    "Check the audit trail's SM3 chain and name the first broken link"));
  db_opt(c_audit_verify);
  c_audit_verify->callback([&] { run = [&] { return AuditVerify(common); }; });
  int audit_limit = 50;
  auto* c_audit_list = c_audit->add_subcommand(
      "list", Say("列出最近的审计记录：谁在何时修改、查看证件号、打印或导出了什么",
                  "List the latest audit entries: who changed, saw a full ID, printed or "
                  "exported what, and when"));
  db_opt(c_audit_list);
  c_audit_list->add_option("--limit", audit_limit, Say("最多列出几条", "How many at most"))
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  c_audit_list->callback([&] { run = [&] { return AuditList(common, audit_limit); }; });

  std::string cipher{tongban::sync::CipherSuiteName(tongban::sync::kDefaultCipherSuite)};
  auto* c_encrypt = app.add_subcommand(
      "encrypt", Say("就地加密本站数据库（管理员；其他账号须重设密码）",
                     "Encrypt this station's database in place (an admin; other accounts need "
                     "a password reset)"));
  db_opt(c_encrypt);
  user_opt(c_encrypt);
  c_encrypt->add_option("--cipher", cipher,
                        Say(kCipherChoiceZh, kCipherChoiceEn))
      ->capture_default_str();
  c_encrypt->callback([&] { run = [&] { return Encrypt(common, cipher); }; });

  std::string backup_file;
  auto* c_backup = app.add_subcommand(
      "backup", Say("备份本站（管理员；前台开着也可以，得到的是最近一次提交时的完整数据）",
                    "Back up this station (an admin; also while the desk runs: the data as of "
                    "the last commit)"));
  db_opt(c_backup);
  user_opt(c_backup);
  c_backup->add_option("--out", backup_file, Say("备份文件（加密站点另有同名 .keys 文件）",
                                                 "Backup file (an encrypted station's has a .keys file beside)"))
      ->required();
  c_backup->callback([&] { run = [&] { return Backup(common, backup_file); }; });
  bool restore_replace = false;
  auto* c_restore = app.add_subcommand(
      "restore", Say("用备份恢复本站（先关闭前台）", "Put a backup in place of this station (close the desk first)"));
  db_opt(c_restore, true, false);
  c_restore->add_option("--from", backup_file, Say("备份文件", "Backup file"))->required();
  c_restore->add_flag("--replace", restore_replace,
                      Say("已有站点时，把它留在一旁（.before-restore）再恢复",
                          "Keep a station already there beside it (.before-restore), then restore"));
  c_restore->callback([&] { run = [&] { return Restore(common, backup_file, restore_replace); }; });

  auto* c_keys = app.add_subcommand("keys", Say("本站的加密密钥", "This station's encryption key"))
                     ->require_subcommand(1);
  std::string recovery_code, recover_login;
  auto* c_keys_recover = c_keys->add_subcommand(
      "recover", Say("所有密码都丢失时，凭恢复码或县中心开出的托管码为一个账号设新密码（从标准输入读取）",
                     "When every password is lost, set a new password for an account with the "
                     "recovery code, or the escrow code the county opens (read from standard input)"));
  db_opt(c_keys_recover, true, false);
  c_keys_recover->add_option("--code", recovery_code,
                             Say("恢复码（不给时从标准输入第一行读取，新密码在第二行）",
                                 "Recovery code (else the first line of standard input, the new "
                                 "password on the second)"));
  c_keys_recover->add_option("--login", recover_login, Say("要设新密码的登录名", "Login to set"))
      ->required();
  c_keys_recover->callback(
      [&] { run = [&] { return KeysRecover(common, recovery_code, recover_login); }; });
  std::string escrow_id;
  auto* c_keys_trust = c_keys->add_subcommand(
      "trust-escrow",
      Say("县里换掉了遗失的托管密钥后，由管理员指定本站今后托管到的新密钥",
          "After the county replaced a lost escrow key, name the key this station escrows to "
          "from now on (an admin)"));
  db_opt(c_keys_trust);
  c_keys_trust->add_option("--id", escrow_id,
                           Say("新托管密钥的编号（至少前 32 位，tongban-central escrow init 打印的，须向县里核实）",
                               "The new escrow key's id (32 digits or more, as tongban-central "
                               "escrow init printed it; check it with the county)"))
      ->required();
  c_keys_trust->callback([&] { run = [&] { return KeysTrustEscrow(common, escrow_id); }; });

  auto* c_check = app.add_subcommand(
      "check", Say("逐页检查本站数据库是否完好，指出损坏之处",
                   "Check every page of this station's database and name any damage"));
  db_opt(c_check);
  c_check->callback([&] { run = [&] { return Check(common); }; });

  auto* c_cat =
      app.add_subcommand("catalog", Say("事项目录", "Service item catalog"))->require_subcommand(1);
  std::string catalog_file;
  auto* c_cat_import = c_cat->add_subcommand(
      "import",
      Say("导入事项目录文件（tongban-catalog/1 格式）", "Import a tongban-catalog/1 file"));
  db_opt(c_cat_import);
  user_opt(c_cat_import);
  c_cat_import
      ->add_option(Say("目录文件", "file"), catalog_file,
                   Say("事项目录 JSON 文件；写 sample 则用内置的示例目录",
                       "Catalog JSON file, or 'sample' for the built-in one"))
      ->required();
  c_cat_import->callback([&] { run = [&] { return CatalogImport(common, catalog_file); }; });
  auto* c_cat_list = c_cat->add_subcommand(
      "list", Say("列出每个事项的最新版本", "List the latest version of each item"));
  db_opt(c_cat_list);
  c_cat_list->callback([&] { run = [&] { return CatalogList(common); }; });
  auto* c_cat_export = c_cat->add_subcommand(
      "export",
      Say("输出事项目录（tongban-catalog/1 格式）", "Print the catalog as tongban-catalog/1"));
  db_opt(c_cat_export);
  c_cat_export->callback([&] { run = [&] { return CatalogExport(common); }; });

  auto* c_case = app.add_subcommand("case", Say("办件", "Cases (办件)"))->require_subcommand(1);
  IntakeOptions in;
  auto* c_intake = c_case->add_subcommand(
      "intake", Say("收件，输出办件编号", "Receive a case; prints its number"));
  db_opt(c_intake);
  user_opt(c_intake);
  c_intake
      ->add_option("--item", in.item,
                   Say("事项实施编码或事项全称", "Item implementation code or exact name"))
      ->required();
  c_intake->add_option("--applicant", in.applicant, Say("申请人姓名或单位名称", "Applicant name"))
      ->required();
  c_intake
      ->add_option(
          "--id", in.id_number,
          Say("居民身份证号或统一社会信用代码", "Resident ID or unified social credit code"))
      ->required();
  c_intake->add_flag(
      "--enterprise", in.enterprise,
      Say("申请人是企业（填统一社会信用代码）", "Applicant is an enterprise (credit code)"));
  c_intake->add_option("--id-override", in.id_override,
                       Say("信用代码校验不通过时仍然收件，写明原因",
                           "Accept a credit code failing its check, with this reason"));
  c_intake->add_option("--phone", in.phone, Say("申请人电话", "Applicant phone"));
  c_intake->add_option("--channel", in.channel, Say("收件渠道：", "") + Choices("channel"))
      ->transform(TakesNames("channel"));
  c_intake->add_option("--green", in.green,
                       Say("走绿色通道，写明原因", "Green channel, with its reason"));
  c_intake->add_option("--note", in.note,
                       Say("备注（办理单位也能看到），至多 500 字",
                           "A remark the processing office sees too, at most 500 characters"));
  // The states a material can have at intake (and when an appointment turns into a case).
  const std::string intake_states =
      Choices("material_state", {"received", "tolerated", "committed", "absent"});
  c_intake
      ->add_option("--material", in.materials,
                   Say("材料编码=情况（", "CODE=STATE (") + intake_states +
                       Say("）；可多次给出", "); repeatable"))
      ->transform(TakesNames("material_state"));
  c_intake->add_option("--agent-name", in.agent_name, Say("代办人姓名", "Agent (代办人) name"));
  c_intake->add_option("--agent-id", in.agent_id, Say("代办人身份证号", "Agent resident ID"));
  c_intake->add_option("--agent-phone", in.agent_phone, Say("代办人电话", "Agent phone"));
  c_intake->add_option("--agent-auth", in.agent_auth,
                       Say("已签授权委托书的编号", "Reference of the signed authorization"));
  c_intake->add_option("--agent-scope", in.agent_scope,
                       Say("委托范围", "Scope of the authorization"));
  c_intake->add_option("--agent-expires", in.agent_expires,
                       Say("委托到期日，如 2026-12-31", "Authorization expiry YYYY-MM-DD"));
  c_intake->add_option("--received-at", in.received_at,
                       Say("收件时间（默认现在）", "Reception time (default now)"));
  c_intake->callback([&] { run = [&] { return CaseIntake(common, in); }; });

  std::string cases_file;
  auto* c_import = c_case->add_subcommand("import", Say("批量导入办件文件（tongban-cases/1 格式）",
                                                        "Bulk-load a tongban-cases/1 file"));
  db_opt(c_import);
  user_opt(c_import);
  c_import
      ->add_option(Say("办件文件", "file"), cases_file, Say("办件 JSON 文件", "Cases JSON file"))
      ->required();
  c_import->callback([&] { run = [&] { return CaseImport(common, cases_file); }; });

  SearchOptions search;
  auto* c_list = c_case->add_subcommand("list", Say("列出最近的办件", "List recent cases"));
  db_opt(c_list);
  c_list->add_option("--status", search.status,
                     Say("只列这个状态的：", "Only this status: ") + Choices("status", {}, Say("、", ", ")))
      ->transform(TakesNames("status"));
  c_list->add_option("--limit", search.limit, Say("最多列出几件", "At most this many"));
  c_list->callback([&] { run = [&] { return CaseSearch(common, search); }; });
  auto* c_search = c_case->add_subcommand("search", Say("查找办件", "Find cases"));
  db_opt(c_search);
  c_search->add_option("--no", search.case_no, Say("办件编号", "Case number"));
  c_search->add_option("--id", search.id_number, Say("申请人证件号码", "Applicant ID number"));
  c_search->add_option("--name", search.name,
                       Say("申请人姓名（开头几个字）", "Applicant name prefix"));
  c_search->add_option("--status", search.status,
                       Say("办件状态：", "Status: ") + Choices("status", {}, Say("、", ", ")))
      ->transform(TakesNames("status"));
  c_search->add_option("--limit", search.limit, Say("最多列出几件", "At most this many"));
  c_search->callback([&] { run = [&] { return CaseSearch(common, search); }; });

  std::string case_no, action, reason, delivery = "window";
  auto* c_show = c_case->add_subcommand(
      "show", Say("查看一件办件及其办理过程", "Show one case with its timeline"));
  db_opt(c_show);
  c_show->add_option(kNumber, case_no, Say("办件编号", "Case number"))->required();
  bool full_id = false;
  c_show->add_flag("--full-id", full_id,
                   Say("显示完整证件号（需登录，记入审计记录）",
                       "Show the full ID number (signs in; recorded on the audit trail)"));
  c_show->callback([&] { run = [&] { return CaseShow(common, case_no, full_id); }; });
  auto* c_tr = c_case->add_subcommand(
      "transition",
      Say("办理一步：受理、准予、送达……", "Move a case: accept, approve, deliver, …"));
  db_opt(c_tr);
  user_opt(c_tr);
  c_tr->add_option(kNumber, case_no, Say("办件编号", "Case number"))->required();
  c_tr->add_option(
          Say("操作", "action"), action,
          Choices("action",
                  {"accept", "not_accept", "request_supplement", "supply",
                   "start_special_procedure", "end_special_procedure", "approve",
                   "approve_with_tolerance", "deny", "request_withdrawal", "withdraw",
                   "refuse_withdrawal", "issue_result", "deliver", "close", "revoke"},
                  Say("、", ", ")) +
              Say("（按办件当前的状态和您的岗位，只有其中几项可做）",
                  " (the case's status and your role allow only some)"))
      ->required()
      ->transform(TakesNames("action"));
  c_tr->add_option("--reason", reason, Say("原因或说明", "Reason or note"));
  c_tr->add_option("--delivery", delivery,
                   Say("送达时的方式：", "For deliver: ") +
                       Choices("channel", {"window", "post", "door"}))
      ->transform(TakesNames("channel"));
  c_tr->callback([&] {
    run = [&] { return CaseTransition(common, case_no, action, reason, delivery); };
  });
  std::vector<std::string> sets;
  auto* c_mat = c_case->add_subcommand(
      "materials", Say("登记材料已补交或已核验", "Record materials supplied or verified"));
  db_opt(c_mat);
  user_opt(c_mat);
  c_mat->add_option(kNumber, case_no, Say("办件编号", "Case number"))->required();
  c_mat
      ->add_option("--set", sets,
                   Say("材料编码=情况（", "CODE=STATE (") +
                       Choices("material_state", {"supplied", "verified"}) +
                       Say("）；可多次给出", "); repeatable"))
      ->required()
      ->transform(TakesNames("material_state"));
  c_mat->callback([&] { run = [&] { return CaseMaterials(common, case_no, sets); }; });

  NoticeOptions notice;
  auto* c_notice = app.add_subcommand(
      "notice", Say("输出一次性告知书", "Print the one-time notice (一次性告知书)"));
  db_opt(c_notice);
  c_notice->add_option(kNumber, notice.case_no, Say("办件编号", "Case number"));
  c_notice->add_option(
      "--item", notice.item,
      Say("或者：事项（尚未收件的申请）", "Or: an item, for an application not received"));
  c_notice
      ->add_option("--have", notice.have,
                   Say("与 --item 同用：已带来的材料编码", "With --item: material codes in hand"))
      ->delimiter(',');
  c_notice->callback([&] { run = [&] { return Notice(common, notice); }; });

  PrintOptions print;
  auto* c_print =
      app.add_subcommand("print", Say("生成可打印的 PDF：一次性告知书、受理回执、不予受理通知书",
                                      "Write a printable PDF: notice, receipt, non-acceptance"));
  db_opt(c_print);
  c_print->add_option("--case", print.case_no, Say("办件编号", "Case number"));
  c_print->add_option("--item", print.item,
                      Say("或者：事项（还没有办件时的告知书）",
                          "Or: an item, for a notice before any case exists"));
  c_print
      ->add_option(
          "--kind", print.kind, Say("文书：", "") + Choices("document_kind"))
      ->required()
      ->transform(TakesNames("document_kind"));
  c_print->add_option("--out", print.out, Say("要写的 PDF 文件", "PDF file to write"))->required();
  c_print
      ->add_option("--have", print.have,
                   Say("与 --item 同用：已带来的材料编码", "With --item: material codes in hand"))
      ->delimiter(',');
  c_print->callback([&] { run = [&] { return Print(common, print); }; });

  DeadlineOptions dl;
  auto* c_dl = app.add_subcommand(
      "deadline", Say("按工作日历计算期限", "Compute a deadline on the working-day calendar"));
  db_opt(c_dl, false);
  c_dl->add_option("--from", dl.from,
                   Say("起算时间：2026-03-02 或 '2026-03-02 09:30'",
                       "Start: YYYY-MM-DD or 'YYYY-MM-DD HH:MM'"))
      ->required();
  c_dl->add_option("--days,--amount", dl.amount, Say("时限长度", "Length of the limit"))
      ->required();
  c_dl->add_option("--unit", dl.unit, Say("单位：", "") + Choices("time_unit"))
      ->transform(TakesNames("time_unit"));
  c_dl->add_option("--pause", dl.pauses,
                   Say("暂停的时段 起..止；可多次给出", "Paused interval FROM..TO; repeatable"));
  c_dl->callback([&] { run = [&] { return Deadline(common, dl); }; });

  auto* c_cal = app.add_subcommand("calendar", Say("工作日历", "Working-day calendar"))
                    ->require_subcommand(1);
  std::string cal_date, cal_reason;
  bool cal_off = false, cal_work = false;
  auto* c_ovr = c_cal->add_subcommand(
      "override", Say("把本站某一天设为休息或上班", "Mark a date off or working at this node"));
  db_opt(c_ovr);
  user_opt(c_ovr);
  c_ovr->add_option("--date", cal_date, Say("日期，如 2026-10-08", "YYYY-MM-DD"))->required();
  auto* off = c_ovr->add_flag("--off", cal_off, Say("当天休息", "Closed that day"));
  auto* work = c_ovr->add_flag("--work", cal_work, Say("当天上班", "Working that day"));
  off->excludes(work);
  c_ovr->add_option("--reason", cal_reason, Say("原因", "Why"))->required();
  c_ovr->callback([&] {
    run = [&] { return CalendarOverride(common, cal_date, cal_work && !cal_off, cal_reason); };
  });

  long after = 0;
  int limit = 100;
  auto* c_changes = app.add_subcommand(
      "changes", Say("从某个位置起读变更记录", "Read the change log from a cursor"));
  db_opt(c_changes);
  c_changes->add_option("--after", after,
                        Say("位置：已读到的最后一个序号", "Cursor: last sequence already read"));
  c_changes->add_option("--limit", limit, Say("最多读几条", "At most this many"));
  c_changes->callback([&] { run = [&] { return Changes(common, after, limit); }; });

  SyncCliOptions sync_opts;
  auto* c_sync = app.add_subcommand("sync", Say("与中心同步：先上传本站的变更，再下载",
                                                "Push local changes to the hub, then pull"));
  db_opt(c_sync);
  c_sync->add_flag(
      "--watch", sync_opts.watch,
      Say("持续同步，失败后逐步拉长间隔重试", "Keep syncing, with backoff after failures"));
  c_sync->add_option("--interval", sync_opts.interval_s,
                     Say("持续同步时每轮间隔的秒数", "Seconds between rounds with --watch"));
  c_sync->add_option("--batch", sync_opts.batch, Say("每批的变更条数", "Changes per batch"));
  c_sync->add_flag("--unattended", sync_opts.unattended,
                   Say("后台运行：没有站点、或站点已加密而无人登录时跳过，不算失败",
                       "Run in the background: skip, without failing, when there is no station "
                       "or it is encrypted and nobody signed in"));
  c_sync->add_flag("-v,--verbose", sync_opts.verbose,
                   Say("另外列出每个超时问责和每个扫描件错误",
                       "Also print each overdue timer escalated and each scan error"));
  c_sync->callback([&] {
    if (c_sync->get_subcommands().empty()) run = [&] { return Sync(common, sync_opts); };
  });
  auto* c_sync_status = c_sync->add_subcommand(
      "status", Say("待上传的变更、上次成功的时间、冲突", "Queue depth, last success, conflicts"));
  db_opt(c_sync_status);
  c_sync_status->callback([&] { run = [&] { return SyncStatusCmd(common); }; });
  auto* c_sync_verify = c_sync->add_subcommand(
      "verify", Say("核对本站与中心的数据是否一致", "Compare this node's digest with the hub's"));
  db_opt(c_sync_verify);
  c_sync_verify->callback([&] { run = [&] { return SyncVerify(common, false); }; });
  auto* c_sync_repair =
      c_sync->add_subcommand("repair", Say("重新下载本站范围内的全部数据，未上传的变更保留",
                                           "Re-pull the whole scope, keeping unsent changes"));
  db_opt(c_sync_repair);
  c_sync_repair->callback([&] { run = [&] { return SyncVerify(common, true); }; });

  std::string stats_from, stats_to;
  auto* c_stats = app.add_subcommand(
      "stats",
      Say("某段时间的办件统计（默认本月）", "Service figures for a period (default: this month)"));
  db_opt(c_stats);
  c_stats->add_option("--from", stats_from, Say("起始日，如 2026-03-01", "First day YYYY-MM-DD"));
  c_stats->add_option("--to", stats_to, Say("截止日，如 2026-03-31", "Last day YYYY-MM-DD"));
  c_stats->callback([&] { run = [&] { return Stats(common, stats_from, stats_to); }; });

  // The service modes beyond the window (modes_command.cpp).
  ModeOptions mode;
  std::string appt_action;
  auto* c_appt = app.add_subcommand("appointment", Say("预约办", "Appointments (预约办)"))
                     ->require_subcommand(1);
  auto* c_slots = c_appt->add_subcommand(
      "slots",
      Say("某事项某一天的预约时段（空闲和已约）", "Free and booked slots of a day for an item"));
  db_opt(c_slots);
  c_slots->add_option("--item", mode.item, Say("事项编码", "Item code"))->required();
  c_slots->add_option("--day", mode.day, Say("日期，如 2026-03-02", "YYYY-MM-DD"))->required();
  c_slots->callback([&] { run = [&] { return AppointmentSlotsCmd(common, mode); }; });
  auto* c_book = c_appt->add_subcommand("book", Say("预约一个时段", "Book a slot"));
  db_opt(c_book);
  user_opt(c_book);
  c_book->add_option("--item", mode.item, Say("事项编码", "Item code"))->required();
  c_book
      ->add_option("--at", mode.at,
                   Say("时段开始，如 '2026-03-02 09:30'", "Slot start, YYYY-MM-DD HH:MM"))
      ->required();
  c_book->add_option("--name", mode.name, Say("申请人姓名", "Applicant name"))->required();
  c_book
      ->add_option("--id", mode.id_number,
                   Say("居民身份证号或信用代码", "Resident ID or credit code"))
      ->required();
  c_book->add_option("--phone", mode.phone, Say("联系电话", "Contact phone"));
  c_book->callback([&] { run = [&] { return AppointmentBook(common, mode); }; });
  auto* c_alist =
      c_appt->add_subcommand("list", Say("某段时间的预约（默认今后 7 天）",
                                         "Appointments of a period (default: the next 7 days)"));
  db_opt(c_alist);
  c_alist->add_option("--from", mode.day, Say("起始日，如 2026-03-02", "First day YYYY-MM-DD"));
  c_alist->add_option("--to", mode.to, Say("截止日，如 2026-03-08", "Last day YYYY-MM-DD"));
  c_alist->callback([&] { run = [&] { return AppointmentList(common, mode); }; });
  for (const char* verb : {"checkin", "cancel", "convert"}) {
    const std::string v = verb;
    auto* cmd = c_appt->add_subcommand(
        verb, v == "checkin"  ? Say("申请人已到", "The applicant has arrived")
              : v == "cancel" ? Say("取消预约，写明原因", "Cancel with a reason")
                              : Say("把预约转为收件", "Receive the case the appointment was for"));
    db_opt(cmd);
    user_opt(cmd);
    cmd->add_option(Say("预约编号", "ref"), mode.ref, Say("预约编号", "Appointment reference"))
        ->required();
    if (v == "cancel") cmd->add_option("--reason", mode.note, Say("原因", "Why"))->required();
    if (v == "convert")
      cmd->add_option("--material", mode.materials,
                      Say("材料编码=情况（", "CODE=STATE (") + intake_states + Say("）", ")"))
          ->transform(TakesNames("material_state"));
    cmd->callback([&, chosen = v] {
      appt_action = chosen;
      run = [&] { return AppointmentMove(common, mode, appt_action); };
    });
  }

  auto* c_visit =
      app.add_subcommand("visit", Say("上门办", "Door visits (上门办)"))->require_subcommand(1);
  auto* c_vplan = c_visit->add_subcommand(
      "plan", Say("为上门服务终端安排一次上门", "Plan a visit for a field laptop"));
  db_opt(c_vplan);
  user_opt(c_vplan);
  c_vplan->add_option("--field", mode.field_node, Say("上门服务终端的编码", "Field node code"))
      ->required();
  c_vplan->add_option("--day", mode.day, Say("日期，如 2026-03-02", "YYYY-MM-DD"))->required();
  c_vplan->add_option("--name", mode.name, Say("上门服务对象", "Who is visited"))->required();
  c_vplan->add_option("--address", mode.address, Say("地址", "Where"))->required();
  c_vplan->add_option("--item", mode.item, Say("事项编码", "Item code"));
  c_vplan->add_option("--id", mode.id_number, Say("居民身份证号", "Resident ID"));
  c_vplan->add_option("--phone", mode.phone, Say("联系电话", "Contact phone"));
  c_vplan->add_option("--purpose", mode.note, Say("上门要办的事", "What to do there"));
  c_vplan->callback([&] { run = [&] { return VisitPlan(common, mode); }; });
  auto* c_vlist =
      c_visit->add_subcommand("list", Say("本站的上门安排", "Visits held on this node"));
  db_opt(c_vlist);
  c_vlist->add_option("--state", mode.state, Say("情况：", "") + Choices("visit_state"))
      ->transform(TakesNames("visit_state"));
  c_vlist->callback([&] { run = [&] { return VisitList(common, mode); }; });
  auto* c_vrec = c_visit->add_subcommand("record", Say("登记上门结果（在上门服务终端上）",
                                                       "Record the outcome (on the field laptop)"));
  db_opt(c_vrec);
  user_opt(c_vrec);
  c_vrec->add_option(Say("上门编号", "ref"), mode.ref, Say("上门编号", "Visit reference"))
      ->required();
  c_vrec
      ->add_option("--outcome", mode.state,
                   Say("结果：", "") + Choices("visit_state", {"visited", "failed", "cancelled"}))
      ->required()
      ->transform(TakesNames("visit_state"));
  c_vrec->add_option("--note", mode.note, Say("经过", "What happened"));
  c_vrec->add_option("--case", mode.case_no,
                     Say("上门收件的办件编号", "Case received at the door"));
  c_vrec->callback([&] { run = [&] { return VisitRecord(common, mode); }; });

  auto* c_ship =
      app.add_subcommand("shipment", Say("邮递办", "Post (邮递办)"))->require_subcommand(1);
  auto* c_ship_create =
      c_ship->add_subcommand("create", Say("为办件登记运单", "Register a waybill for a case"));
  db_opt(c_ship_create);
  user_opt(c_ship_create);
  c_ship_create->add_option("--case", mode.case_no, Say("办件编号", "Case number"))->required();
  c_ship_create->add_option(
          "--direction", mode.direction, Say("方向：", "") + Choices("direction"))
      ->transform(TakesNames("direction"));
  c_ship_create->add_option("--carrier", mode.carrier,
                            Say("承运方（默认中国邮政 EMS）", "Carrier (default 中国邮政 EMS)"));
  c_ship_create->add_option("--waybill", mode.waybill, Say("运单号", "Waybill number"))->required();
  c_ship_create->add_option("--address", mode.address, Say("邮寄地址", "Postal address"))
      ->required();
  c_ship_create->callback([&] { run = [&] { return ShipmentCreate(common, mode); }; });
  auto* c_ship_track =
      c_ship->add_subcommand("track", Say("登记一条物流动态", "Add a tracking event"));
  db_opt(c_ship_track);
  user_opt(c_ship_track);
  c_ship_track->add_option(Say("邮件编号", "ref"), mode.ref, Say("邮件编号", "Shipment reference"))
      ->required();
  c_ship_track
      ->add_option("--state", mode.state,
                   Say("情况：", "") +
                       Choices("shipment_state", {"sent", "delivered", "returned", "lost"}))
      ->required()
      ->transform(TakesNames("shipment_state"));
  c_ship_track->add_option("--place", mode.address, Say("地点", "Where"));
  c_ship_track->add_option("--note", mode.note, Say("备注", "Remarks"));
  c_ship_track->callback([&] { run = [&] { return ShipmentTrack(common, mode); }; });
  auto* c_ship_list = c_ship->add_subcommand(
      "list", Say("邮件：某件办件的，或全部", "Shipments, of one case or all"));
  db_opt(c_ship_list);
  c_ship_list->add_option("--case", mode.case_no, Say("办件编号", "Case number"));
  c_ship_list->callback([&] { run = [&] { return ShipmentList(common, mode); }; });

  auto* c_rate = app.add_subcommand(
      "rate", Say("登记申请人的好差评", "Record the applicant's rating (好差评)"));
  db_opt(c_rate);
  user_opt(c_rate);
  c_rate->add_option("--case", mode.case_no, Say("办件编号", "Case number"))->required();
  c_rate
      ->add_option("--score", mode.score,
                   Say("1（非常不满意）到 5（非常满意）", "1 (very bad) to 5 (very good)"))
      ->required();
  c_rate->add_option("--indicator", mode.indicators,
                     Say("评价指标：", "") + Choices("indicator", {}, Say("、", ", ")))
      ->transform(TakesNames("indicator"));
  c_rate->add_option("--comment", mode.note, Say("评价内容", "Free text"));
  c_rate->callback([&] { run = [&] { return Rate(common, mode); }; });
  auto* c_rectify = app.add_subcommand(
      "rectify", Say("登记差评的整改情况", "Record how a bad rating was put right"));
  db_opt(c_rectify);
  user_opt(c_rectify);
  c_rectify->add_option("--case", mode.case_no, Say("办件编号", "Case number"))->required();
  c_rectify->add_option("--note", mode.note, Say("整改做了什么", "What was done"))->required();
  c_rectify->callback([&] { run = [&] { return Rectify(common, mode); }; });

  auto* c_timers = app.add_subcommand(
      "timers", Say("检查各项时限：预约爽约、承诺逾期、超时问责",
                    "Run the timers: no-shows, breached commitments, escalations"));
  db_opt(c_timers);
  user_opt(c_timers);
  c_timers->callback([&] { run = [&] { return Timers(common); }; });
  bool esc_all = false;
  auto* c_esc =
      app.add_subcommand("escalations", Say("超时问责", "Overdue timers escalated (超时问责)"));
  db_opt(c_esc);
  c_esc->add_flag("--all", esc_all, Say("已关闭的也列出", "Closed ones too"));
  c_esc->callback([&] { run = [&] { return Escalations(common, esc_all); }; });

  auto* c_bundle =
      app.add_subcommand("bundle", Say("用文件同步（U 盘拷送数据包）", "Sync by file (USB stick)"))
          ->require_subcommand(1);
  std::string bundle_out, bundle_in;
  auto* c_bexp = c_bundle->add_subcommand(
      "export",
      Say("把中心还没确认的全部变更写成数据包", "Write every unacknowledged change to a file"));
  db_opt(c_bexp);
  user_opt(c_bexp);  // on the audit trail
  c_bexp->add_option("--out", bundle_out, Say("要写的数据包文件", "Bundle file to write"))
      ->required();
  c_bexp->callback([&] { run = [&] { return BundleExport(common, bundle_out); }; });
  auto* c_bimp = c_bundle->add_subcommand(
      "import", Say("导入中心的回复数据包", "Apply the hub's reply bundle"));
  db_opt(c_bimp);
  c_bimp
      ->add_option(Say("回复数据包", "file"), bundle_in,
                   Say("中心给出的回复数据包", "Reply bundle from the hub"))
      ->required();
  c_bimp->callback([&] { run = [&] { return BundleImport(common, bundle_in); }; });

  auto* c_scan = app.add_subcommand("scan", Say("办件材料的扫描件（JPEG、PNG、PDF）",
                                                "Scans of a case's materials (JPEG, PNG, PDF)"))
                     ->require_subcommand(1);
  ScanAttachOptions scan;
  std::string scan_sha, scan_out;
  auto* c_scan_attach = c_scan->add_subcommand(
      "attach", Say("给办件的一项材料附上扫描件", "Attach a scan to a material of a case"));
  db_opt(c_scan_attach);
  user_opt(c_scan_attach);
  c_scan_attach->add_option("--case", scan.case_no, Say("办件编号", "Case number"))->required();
  c_scan_attach
      ->add_option("--material", scan.material, Say("材料编码，如 M01", "Material code, e.g. M01"))
      ->required();
  c_scan_attach
      ->add_option(
          Say("扫描件文件", "file"), scan.file,
          Say("JPEG、PNG 或 PDF 文件，最大 20 MiB", "JPEG, PNG or PDF file, at most 20 MiB"))
      ->required();
  c_scan_attach->callback([&] { run = [&] { return ScanAttach(common, scan); }; });
  auto* c_scan_list =
      c_scan->add_subcommand("list", Say("列出办件的扫描件", "List the scans of a case"));
  db_opt(c_scan_list);
  c_scan_list->add_option("--case", scan.case_no, Say("办件编号", "Case number"))->required();
  c_scan_list->callback([&] { run = [&] { return ScanList(common, scan.case_no); }; });
  auto* c_scan_export = c_scan->add_subcommand(
      "export", Say("把扫描件的内容写到文件", "Write a scan's content to a file"));
  db_opt(c_scan_export);
  user_opt(c_scan_export);  // on the audit trail
  c_scan_export
      ->add_option(
          "--sha", scan_sha,
          Say("扫描件的 SHA-256（scan list 可查）", "The scan's SHA-256 (scan list shows it)"))
      ->required();
  c_scan_export->add_option("--out", scan_out, Say("要写的文件", "File to write"))->required();
  c_scan_export->callback([&] { run = [&] { return ScanExport(common, scan_sha, scan_out); }; });

  FinishHelp(app);

  return RunCommandLine(app, argc, argv, [&] { return run(); });
}
