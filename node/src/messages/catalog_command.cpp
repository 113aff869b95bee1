// Chinese for the messages raised in the CLIs and the desk.
#include "catalog.h"

namespace tongban::node::catalog {
namespace {

constexpr Translation kPart[] = {
    // node/cli: tongban
    {"cli.no_password", "没有密码：请设置环境变量 {0}，或在终端中运行"},
    {"cli.cannot_read", "读不到文件 {0}：{1:os_error}"},
    {"cli.file_too_large", "文件 {0} 大于 256 兆字节"},
    {"cli.read_failed", "读取文件 {0} 时出错"},
    {"cli.material_form", "材料“{0}”应写成 {1}（材料编码=情况）"},
    {"cli.join_needs_both", "向中心注册需要同时给出 {0} 和 {1}"},
    {"cli.db_exists", "数据库 {0} 已存在，请换一个文件名"},
    {"cli.cannot_probe", "无法在 {0} 所在的文件夹中创建文件（文件夹是否存在？）；注册码没有用掉"},
    {"cli.required", "缺少参数 {0}"},
    {"cli.new_password_stdin", "新账号的密码要从标准输入给出"},
    {"cli.full_id_needs_user", "{0} 须与 {1} 同用：谁看了完整证件号要记入审计记录"},
    {"cli.audit_broken", "本站审计记录在第 {0} 条处断开：那里有记录被改动、删除或调换了顺序"},
    {"cli.material_not_listed", "材料“{0}”不在“{1}”的材料清单中"},
    {"cli.notice_needs_what", "请给出办件编号；尚未收件的申请请用 {0} 指明事项"},
    {"cli.days_range", "{0} 应在 0 到 3650 之间"},
    {"cli.pause_form", "{0} 应写成 {1}（起..止）"},
    {"cli.pause_backwards", "{0} {1}：结束早于开始"},
    {"cli.to_before_from", "截止日（{0}）早于起始日（{1}）"},
    {"cli.ctx_sync", "同步"},
    {"cli.ctx_repair", "修复"},
    {"cli.still_differ", "修复后本站与中心的数据仍不一致：请查看未上传的变更（{0}），或请中心管理员处理"},
    {"cli.differ", "本站与中心的数据不一致：请运行 {0}（上传未上传的变更）或 {1}"},
    {"cli.print_case_or_item", "请用 {0} 指明已收件的办件，或用 {1} 指明尚未收件的事项，二者选一"},
    {"cli.print_item_notice_only", "按事项只能打印一次性告知书；{0} 需要用 {1} 指明办件"},
    {"cli.have_with_item", "{0} 要与 {1} 一起使用"},
    // central/cli: tongban-central
    {"central_cli.cannot_read", "读不到文件 {0}"},
    {"central_cli.audit_broken", "节点 {0} 的审计记录在第 {1} 条处断开：那里有记录被改动、删除或调换了顺序"},
    {"central_cli.no_hub_data", "{0} 中没有中心数据（请先运行一次 {1} 启动中心）"},
    {"central_cli.listen_form", "{0} 应写成 {1}（主机:端口）"},
    {"central_cli.listen_port", "{0} 的端口“{1}”应为 0 到 65535 之间的数字"},
    {"central_cli.tls_both", "{0} 和 {1} 要么都给出，要么都不给"},
    {"central_cli.plain_loopback", "不加密的 {0} 只能在本机回环地址上提供；要在 {3} 上监听，请给出 {1} 和 {2}"},
    {"central_cli.bad_node_code", "节点编码“{0}”应为 2 到 32 个字母、数字或连字符"},
    {"central_cli.bad_kind", "{0} 应为便民服务站、乡镇便民服务中心、县级部门或上门服务终端"},
    {"central_cli.bad_take", "{0} 应为采用站点的值、采用中心的值或另给一个值"},
    {"central_cli.take_value_needs_value", "{0} 需要同时给出 {1}"},
    {"central_cli.to_before_from", "截止日（{0}）早于起始日（{1}）"},
    // ui/src: the desk
    {"desk.no_station_open", "还没有打开站点数据库"},
    {"desk.demo_item_missing", "示例事项 {0} 不在事项目录中"},
    {"desk.demo_no_slot", "今后两周没有空闲的预约时段"},
    {"desk.demo_bad_kind", "演示站点的类型应为便民服务站、乡镇便民服务中心或上门服务终端，不是“{0}”"},
    {"desk.demo_too_many", "演示数据最多另加 1,000,000 件办件"},
    {"desk.demo_cannot_create", "无法创建目录 {0}：{1:os_error}"},
    {"desk.print_folder", "无法创建打印文件夹 {0}"},
    {"desk.printer_missing", "这台电脑上没有名为“{0}”的打印机"},
    {"desk.scanner_gone", "连不上扫描仪 {0}（{1}），请查看电源和连线"},
    {"desk.scanner_feeder", "扫描仪 {0} 停了下来（{1}），请查看进纸器和盖板"},
    {"desk.scanner_format", "扫描仪 {0} 送来的页面格式无法读取（{1}），请在扫描仪设置中改用 8 位灰度或彩色"},
    {"desk.scanner_too_large", "扫描仪 {0} 送来的页面过大，请缩小扫描范围"},
    {"desk.scanner_silent", "扫描仪 {0} 在 {1} 秒内没有送来这一页，请查看扫描仪后重扫"},
    {"desk.scanner_crashed", "扫描仪 {0} 的驱动程序意外停止，请重新插好扫描仪后重扫"},
    {"desk.scanner_helper_missing", "找不到扫描组件，请重新安装通办前台"},
    {"desk.scanner_stopped", "已停止扫描仪 {0} 的扫描"},
    {"desk.scanner_list_silent", "查找扫描仪超过 {0} 秒仍无结果，请查看网络扫描仪后重试"},
    {"desk.printer_refuses", "打印机“{0}”现在不接收打印任务：{1}"},
    {"desk.printer_refuses_silently", "打印机“{0}”现在不接收打印任务，请查看打印机是否暂停或出错"},
    {"desk.printer_no_cups", "本机的打印服务没有响应（{0}），请重启电脑后再打印"},
    {"desk.printer_not_taken", "打印机“{0}”没有接收这份文书：{1}"},
    {"desk.cannot_open_file", "无法打开文件 {0}"},
    {"desk.file_too_large", "文件 {0} 大于 8 兆字节"},
    {"desk.hub_conflict_unclear", "看不懂中心发来的冲突记录"},
    {"desk.hub_not_json", "中心的回答格式不对：这个地址是通办中心吗？"},
    {"desk.no_hub_address", "本机没有登记中心地址"},
    {"desk.hub_answer_too_large", "{0}：中心的回答太大"},
    {"desk.hub_conflicts_unclear", "看不懂中心发来的冲突列表"},
    {"desk.not_a_number", "这个字段应填数字，“{0}”不是数字"},
    {"desk.hub_nodes_unclear", "看不懂中心发来的节点列表"},
    {"desk.hub_catalog_unclear", "看不懂中心对事项目录的回答"},
    {"desk.calendar_needs_name", "发布的工作日历需要名称"},
    {"desk.calendar_not_object", "工作日历文件的格式不对"},
    {"desk.ctx_sync", "同步"},
    {"desk.ctx_remember_sync", "记录这次同步"},
};

}  // namespace

std::span<const Translation> CommandPart() { return kPart; }

}  // namespace tongban::node::catalog
