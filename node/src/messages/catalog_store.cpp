// Chinese for the messages raised in node/src/store: the station's store, staff,
// intake, case moves, calendar overrides and case import.
#include "catalog.h"

namespace tongban::node::catalog {
namespace {

constexpr Translation kPart[] = {
    // store_util.h
    {"store.bad_phone", "电话号码“{0}”无效，应为 7 至 20 位数字（可含“-”）"},
    {"store.row_damaged", "{0}的数据已损坏（请联系县信息中心）"},
    {"store.value_not_text", "其中有内容不是可读文字"},
    {"store.bad_ref", "“{0}”不是有效的编号（{1}）"},
    // node_store.cpp: the station
    {"store.bad_station_code", "服务站编码“{0}”无效，应为 2 至 32 位字母、数字或短横线"},
    {"store.station_name", "请填写服务站名称（不超过 200 字节）"},
    {"store.bad_township", "乡镇编码“{0}”无效"},
    {"store.database_exists", "数据库文件 {0} 已存在，请换一个文件名"},
    {"store.no_database", "在 {0} 找不到服务站数据库，请先用“{1}”命令创建"},
    {"store.ctx_open", "打开 {0}"},
    {"store.not_station_database", "{0} 不是通办服务站数据库（请用“{1}”命令创建）"},
    {"store.no_identity", "数据库中没有服务站身份信息，请联系县信息中心"},
    {"store.damaged_node_kind", "本节点的类型数据已损坏（请联系县信息中心）"},
    {"store.damaged_calendar", "中心发布的工作日历“{0}”已损坏（请联系县信息中心）"},
    {"store.ctx_calendar_override", "工作日历调整"},
    {"store.clock_offset_unreadable", "本站记录的与中心的时间差已损坏（{0}：{1}），请联系县信息中心"},
    {"store.clock_unreadable", "本站记录的时钟已损坏（{0}），请联系县信息中心"},
    // staff
    {"store.wrong_login", "登录名或密码不对"},
    {"store.account_disabled", "账号“{0}”已停用，请联系管理员"},
    {"store.damaged_staff", "工作人员账号 {0} 的数据已损坏（请联系县信息中心）"},
    {"store.account_locked", "账号“{0}”已连续 {1} 次密码错误，暂时锁定：请 {2} 秒后再试，或请管理员重设密码"},
    {"store.reset_password_denied", "只有管理员可以重设别人的密码"},
    {"store.wrong_old_password", "当前密码不对"},
    {"store.add_staff_denied", "只有管理员可以添加工作人员账号"},
    {"store.bad_login", "登录名“{0}”无效，应为 1 至 32 位小写字母、数字或“.”“_”“-”"},
    {"store.staff_name", "请填写工作人员姓名（不超过 200 字节）"},
    {"store.short_password", "密码至少要 8 位"},
    {"store.staff_exists", "工作人员账号“{0}”已存在"},
    {"store.remove_staff_denied", "只有管理员可以删除工作人员账号"},
    {"store.remove_self", "管理员不能删除自己的账号"},
    {"store.no_staff", "没有工作人员账号“{0}”"},
    // the catalog
    {"store.import_catalog_denied", "只有管理员可以导入事项目录"},
    {"store.ctx_catalog_import", "导入事项目录"},
    {"store.damaged_some_item", "本站目录中有一个事项的数据已损坏（请联系县信息中心）"},
    {"store.damaged_item", "本站目录中事项“{0}”的数据已损坏（请联系县信息中心）"},
    {"store.no_item", "本站事项目录中没有“{0}”"},
    {"store.no_item_version", "本站事项目录中没有“{0}”的第 {1} 版"},
    // intake
    {"store.no_applicant_name", "请填写申请人姓名"},
    {"store.long_applicant_name", "申请人姓名太长"},
    {"store.no_proxy", "事项“{0}”须申请人本人办理，不能代办"},
    {"store.no_agent_name", "请填写代办人姓名"},
    {"store.ctx_agent", "代办人"},
    {"store.no_authorization", "代办须填写已签署的授权委托书编号"},
    {"store.no_scope", "授权委托书须写明委托事项"},
    {"store.authorization_expired", "代办人的授权委托已于 {0} 到期"},
    {"store.no_post", "事项“{0}”不能邮寄申请"},
    {"store.no_door_visit", "事项“{0}”不提供上门办理"},
    {"store.green_reason", "走绿色通道须填写理由（如老年人、残疾人、军人、孕妇、企业开办、重大项目等）"},
    {"store.unlisted_material", "材料“{0}”不在事项“{1}”的材料清单中（清单：{2}）"},
    {"store.not_tolerable", "本事项的“{0}”（{1}）不能容缺受理"},
    {"store.no_commitment", "“{0}”（{1}）不能以书面承诺代替"},
    {"store.missing_material", "缺少必交材料“{0}”（{1}），请改为打印一次性告知书"},
    {"store.intake_material_state", "“{0}”（{1}）：收件时材料只能是已收、容缺、承诺或未交"},
    {"store.future_intake", "收件时间（{0}）不能晚于现在"},
    {"store.intake_denied", "只有窗口收件员和外勤人员可以收件（当前角色：{0:role}）"},
    // cases as stored
    {"store.no_case", "本站没有编号为“{0}”的办件"},
    {"store.ctx_case", "办件 {0}"},
    {"store.damaged_case", "办件 {0} 的数据已损坏（请联系县信息中心）"},
    {"store.item_code_not_text", "事项编码不是可读文字"},
    {"store.station_not_text", "收件站编码不是可读文字"},
    {"store.office_not_text", "承办部门编码不是可读文字"},
    {"store.damaged_material", "办件 {0} 的一项材料数据已损坏（请联系县信息中心）"},
    {"store.ctx_commitment", "办件 {0} 的一项承诺"},
    {"store.ctx_event", "办件 {0} 的一条办理记录"},
    // case moves
    {"store.long_reason", "理由太长，请精简"},
    {"store.admin_no_moves", "管理员账号只管理本站，不办理办件；请用收件员或承办人员账号登录"},
    {"store.bad_delivery", "送达方式只能是窗口领取、邮寄或上门送达"},
    {"store.not_processing_office", "只有承办部门 {0} 可以承办办件 {1}，本节点是 {2}"},
    {"store.not_receiving_station", "办件 {0} 由 {1} 收件，窗口环节只能由该站办理"},
    {"store.ctx_item_version", "本站缺少该办件收件时依据的事项版本"},
    {"store.reroute_denied", "只有承办部门的承办人员可以转办办件"},
    {"store.bad_office", "部门编码“{0}”无效"},
    {"store.reroute_reason", "转办须填写理由"},
    {"store.reroute_not_office", "只有承办部门 {0} 可以转办办件 {1}"},
    {"store.already_with", "该办件已在 {0} 办理"},
    {"store.reroute_status", "办件 {0} 当前为“{1:status}”，只有尚未作出决定的办件才能转办"},
    {"store.admin_no_changes", "管理员账号不能修改办件"},
    {"store.bad_document", "“{0}”不是可打印的文书（受理回执、一次性告知书、不予受理通知书）"},
    {"store.admin_no_material_moves", "管理员账号不能办理办件"},
    {"store.not_case_material", "办件 {1} 中没有材料“{0}”"},
    {"store.material_move",
     "{3:actor}不能把材料 {0} 从“{1:material_state}”改为“{2:material_state}”（收件窗口登记补交，承办部门核验）"},
    // the calendar
    {"store.calendar_denied", "只有管理员可以调整工作日历"},
    {"store.override_reason", "调整工作日历须填写理由"},
    // case_import.cpp
    {"store.import_applicant_kind", "申请人类型只能是个人或企业"},
    {"store.import_denied", "只有管理员或收件员可以导入办件"},
    {"store.import_not_json", "办件文件无法读取，请确认文件完整、未被改动"},
    {"store.import_format", "这不是通办办件文件（格式应为“{0}”）"},
    {"store.import_no_list", "办件文件中没有办件清单"},
    {"store.import_too_many", "办件文件中的办件超过 {0} 件，请拆分后分批导入"},
    {"store.import_field", "字段缺失或类型不对（{0}）"},
    {"store.ctx_import_case", "第 {0} 件"},
    {"store.ctx_import_legacy_case", "第 {0} 件（原编号 {1}）"},
    {"store.ctx_import", "导入办件（未导入任何办件）"},
};

}  // namespace

std::span<const Translation> StorePart() { return kPart; }

}  // namespace tongban::node::catalog
