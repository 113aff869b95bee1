// Chinese for the messages raised in node/src/domain: identity numbers, the case
// state machine, case codes, staff roles, service-mode rules, the calendar, replicated
// fields and the catalog.
#include "catalog.h"

namespace tongban::node::catalog {
namespace {

constexpr Translation kPart[] = {
    // identity.cpp
    {"identity.id_length", "身份证号码应为 18 位，这个号码有 {0} 位"},
    {"identity.id_digit", "身份证号码前 17 位只能是数字（第 {0} 位是“{1}”）"},
    {"identity.id_last", "身份证号码最后一位只能是数字或 X"},
    {"identity.id_area", "身份证号码的地区码 000000 无效"},
    {"identity.id_birth_not_date", "身份证号码中的出生日期 {0} 不是有效日期"},
    {"identity.id_check", "身份证号码校验位不对（应为 {0}，实为 {1}），请重新核对号码"},
    {"identity.id_birth_future", "身份证号码中的出生日期 {0} 晚于今天（{1}），请重新核对号码"},
    {"identity.id_birth_old", "身份证号码中的出生日期 {0} 在 150 年以前，请重新核对号码"},
    {"identity.credit_length", "统一社会信用代码应为 18 位，这个代码有 {0} 位"},
    {"identity.credit_char", "统一社会信用代码第 {1} 位的“{0}”无效（不使用 I、O、S、V、Z）"},
    {"identity.credit_check",
     "统一社会信用代码校验位不对（应为 {0}，实为 {1}）；少数早期代码通不过校验，窗口可注明理由后放行"},
    // case_state_machine.cpp
    {"case.unknown_status", "未知的办件状态“{0}”，可选：{1:statuses}"},
    {"case.unknown_action", "未知的操作“{0}”（可用：{1:actions}）"},
    {"case.actor_denied", "“{0:action}”只能由{1:actors}办理，{2:actor}不能办理"},
    {"case.instant_only", "只有即办事项才能当场办结"},
    {"case.needs_reason", "“{0:action}”需要填写理由"},
    {"case.wrong_status", "办件当前为“{1:status}”，不能“{0:action}”；只有{2:statuses}状态下才可以"},
    // case.cpp
    {"case.bad_channel", "办理渠道“{0}”无效，可选：{1:channels}"},
    {"case.bad_material_state", "材料状态“{0}”无效，可选：{1:material_states}"},
    {"case.not_scan_code", "“{0}”不是通办回执或告知书上的二维码"},
    {"case.scan_check", "办件 {0} 的二维码校验不符（读到 {1}，应为 {2}），请重新扫码"},
    // staff.cpp
    {"staff.bad_role", "角色“{0}”无效，应为收件员、承办人员、外勤人员或管理员"},
    {"staff.bad_node_kind", "节点类型“{0}”无效，应为服务站、乡镇、县直部门或流动服务点"},
    // service_modes.cpp
    {"service_rules.unknown_appointment_state", "未知的预约状态“{0}”（可用：{1}）"},
    {"service_rules.unknown_visit_state", "未知的上门服务状态“{0}”（可用：{1}）"},
    {"service_rules.unknown_shipment_state", "未知的寄递状态“{0}”（可用：{1}）"},
    {"service_rules.rule_no_item", "预约规则须填写事项编码，或填“*”表示所有事项"},
    {"service_rules.rule_hours", "预约时段须在同一天内，且开始时间早于结束时间"},
    {"service_rules.slot_length", "每个预约时段应为 5 分钟至 8 小时"},
    {"service_rules.slot_capacity", "每个预约时段可约 1 至 100 人"},
    {"service_rules.bad_direction",
     "寄递方向“{0}”无效，应为寄来材料或寄出结果"},
    {"service_rules.bad_waybill", "运单号“{0}”无效，应为 8 至 30 位大写字母或数字"},
    {"service_rules.unknown_indicator", "未知的评价指标“{0}”，可选：{1:indicators}"},
    // work_calendar.cpp
    {"calendar.date_form", "日期“{0}”格式不对，应为“2026-03-01”这样的年-月-日"},
    {"calendar.no_such_date", "日期“{0}”不存在，请核对"},
    {"calendar.time_form", "时间“{0}”格式不对，应为“2026-03-01”或“2026-03-01 09:30”这样的形式"},
    {"calendar.bad_unit", "时限单位“{0}”无效，应为工作日、自然日或小时"},
    {"calendar.file_not_json", "日历文件无法读取，请确认文件完整、未被改动"},
    {"calendar.file_format", "这不是通办工作日历文件（格式应为 {0}）"},
    {"calendar.file_field", "日历文件缺少字段或字段类型不对：{0}"},
    {"calendar.ctx_calendar", "工作日历"},
    {"calendar.ctx_override", "工作日历调整"},
    // replication_schema.cpp
    {"replication.unknown_table", "未知的数据表“{0}”"},
    {"replication.column_not_text", "{0:table}中有字段名不是可读文字"},
    {"replication.value_not_text", "{0:table}的字段 {1} 的内容不是可读文字"},
    {"replication.bad_material_code", "材料编码“{0}”无效"},
    {"replication.not_material_state", "{0:table}的字段 {1} 应为材料状态"},
    {"replication.unknown_column", "{0:table}没有字段 {1}"},
    {"replication.wrong_type", "{0:table}的字段 {1} 的取值类型不对"},
    {"replication.not_case_status", "{0:table}的字段 {1} 应为办件状态，实为 {2}"},
    {"replication.not_channel", "{0:table}的字段 {1} 应为办理渠道，实为 {2}"},
    {"replication.not_priority", "{0:table}的字段 {1} 只能是普通或绿色通道"},
    {"replication.unknown_code", "{0:table}的字段 {1} 含未知代码 {2}"},
    {"replication.bad_score", "{0:table}的字段 {1} 应为 1 至 5 的整数"},
    // catalog.cpp
    {"catalog.bad_mode", "办理类型“{0}”无效，应为即办件或承诺件"},
    {"catalog.bad_scope", "通办范围“{0}”无效，应为本站、本乡镇或全县"},
    {"catalog.bad_form", "材料形式“{0}”无效，应为纸质、电子或二者均可"},
    {"catalog.empty_name", "事项 {0} 缺少事项名称"},
    {"catalog.long_name", "事项 {0} 的事项名称太长"},
    {"catalog.empty_department", "事项 {0} 缺少实施部门"},
    {"catalog.long_department", "事项 {0} 的实施部门名称太长"},
    {"catalog.empty_office", "事项 {0} 缺少承办部门"},
    {"catalog.long_office", "事项 {0} 的承办部门太长"},
    {"catalog.empty_basic_code", "事项 {0} 缺少基本编码"},
    {"catalog.long_basic_code", "事项 {0} 的基本编码太长"},
    {"catalog.empty_material_name", "事项 {0} 有材料缺少名称"},
    {"catalog.long_material_name", "事项 {0} 有材料名称太长"},
    {"catalog.long_material_note", "事项 {0} 有材料备注太长"},
    {"catalog.no_impl_code", "目录中有事项缺少实施编码"},
    {"catalog.bad_version", "事项 {0} 的版本号应不小于 1"},
    {"catalog.negative_limit", "事项 {0} 的办理时限不能为负数"},
    {"catalog.no_promised_limit", "事项 {0} 是承诺件，须填写承诺时限"},
    {"catalog.in_person_proxy", "事项 {0} 须本人办理，不能同时允许代办"},
    {"catalog.commitment_limit", "事项 {0} 的承诺补交期限须大于零"},
    {"catalog.too_many_materials", "事项 {0} 的材料项数超过上限"},
    {"catalog.material_code", "事项 {0} 的材料编码“{1}”为空或重复"},
    {"catalog.item_not_json", "目录事项的内容无法读取"},
    {"catalog.ctx_item", "目录事项"},
    {"catalog.item_field", "目录事项缺少字段或字段类型不对：{0}"},
    {"catalog.file_not_json", "事项目录文件无法读取，请确认文件完整、未被改动"},
    {"catalog.file_format", "这不是通办事项目录文件（格式应为“{0}”）"},
    {"catalog.no_items", "事项目录文件中没有事项清单"},
    {"catalog.too_many_items", "事项目录文件中的事项数量超过上限"},
    {"catalog.item_twice", "目录中事项 {0} 出现了两次"},
    {"catalog.ctx_item_no", "目录第 {0} 个事项"},
    {"catalog.item_no_field", "目录第 {0} 个事项缺少字段或字段类型不对：{1}"},
};

}  // namespace

std::span<const Translation> DomainPart() { return kPart; }

}  // namespace tongban::node::catalog
