// Chinese for the messages raised in central/.
#include "catalog.h"

namespace tongban::node::catalog {
namespace {

constexpr Translation kPart[] = {
    // hub_service.cpp
    {"hub.body_too_deep", "请求内容嵌套层数过多"},
    {"hub.body_too_large", "请求内容过大"},
    {"hub.body_not_object", "请求内容格式不对，应为一个对象"},
    {"hub.header_not_number", "请求头 {0} 应为数字"},
    {"hub.log_open", "无法打开中心日志：{0}"},
    {"hub.batch_too_large", "每批上传最多 {0} 条变更，这一批标明有 {1} 条"},
    {"hub.node_credentials_missing", "缺少本机的登录凭据，请先注册本机"},
    {"hub.admin_token_required", "需要管理员令牌"},
    {"hub.admin_token_wrong", "管理员令牌不正确"},
    {"hub.body_not_zstd", "同步数据必须经过压缩，请升级本程序"},
    {"hub.schema_mismatch", "节点 {0} 的数据版本（{1}）与中心（{2}）不一致，请先升级版本较旧的一方"},
    {"hub.batch_other_node", "这批变更标明属于另一个节点"},
    {"hub.batch_count_mismatch", "上传的变更条数与标明的不一致"},
    {"hub.no_such_conflict", "没有这条冲突记录"},
    {"hub.bad_take", "处理冲突时只能选择采用本机值、中心值或指定值"},
    {"hub.take_needs_value", "选择“指定值”时需要给出值"},
    {"hub.bad_days", "天数应在 1 到 3660 之间"},
    {"hub.bad_calendar", "工作日历格式不对"},
    {"hub.no_admin_endpoint", "中心没有这项管理功能（{0} {1}）"},
    {"hub.bad_enroll", "注册请求须包含节点编码和注册码"},
    {"hub.no_endpoint", "中心没有这项功能（{0} {1}），请核对程序版本"},
    {"hub.ctx_push", "上传"},
    {"hub.ctx_pull", "下载"},
    // scan_routes.cpp
    {"hub.scan_bad_address", "扫描件编号“{0}”无效"},
    {"hub.scan_bad_offset", "起始位置应为整数字节"},
    {"hub.scan_no_endpoint", "中心没有这项扫描件功能（{0} {1}）"},
    {"hub.scan_out_of_scope", "节点 {0} 的办件中没有扫描件 {1}，不能传送"},
    {"hub.scan_incomplete", "中心尚未收齐扫描件 {0}（已收 {1} / {2} 字节），下一轮同步会再取"},
    {"hub.scan_past_end", "起始位置 {0} 超出了扫描件末尾"},
    {"hub.scan_needs_size", "上传扫描件时须注明总大小"},
    {"hub.scan_too_large", "扫描件最大 20 兆字节，这份有 {0} 字节"},
    {"hub.scan_bad_type", "不接受“{0}”类型的扫描件（只收照片、图片和扫描文档）"},
    {"hub.scan_chunk_too_large", "每个扫描件数据块最大 1 兆字节"},
    {"hub.scan_chunk_damaged", "从第 {0} 字节起的数据块传输中损坏（校验值不符），未保存，请重新发送"},
    {"hub.ctx_scan_chunk", "扫描件数据块"},
    // hub.cpp
    {"hub.ctx_open_data", "打开中心数据（{0}）"},
    {"hub.audit_broken", "节点 {0} 的审计记录在第 {1} 条处断开，接不上中心已存的记录"},
    {"hub.audit_other_node", "节点 {0} 上传了节点 {1} 的审计记录"},
    {"hub.audit_gap", "中心只存有节点 {0} 的审计记录至第 {1} 条，节点将从那里重新上传"},
    {"hub.bad_audit", "审计记录上传格式不对：应为带序号的记录列表"},
    {"hub.enroll_refused", "注册码不正确、已用过，或中心没有这个节点"},
    {"hub.node_secret_wrong", "中心不认识节点 {0}，或其密钥不对"},
    {"hub.bundle_changed", "读取过程中 {0} 发生了变化，请重新导入"},
    {"hub.node_wipe", "节点 {0} 已被停用：已交中心的内容都已保留，本机现在清除数据"},
    {"hub.node_revoked", "节点 {0} 已被停用，请联系县中心管理员"},
    {"hub.escrow_no_key", "中心还没有托管密钥，请用“{0}”生成"},
    {"hub.escrow_other_key", "托管码封给的不是中心现在的托管密钥；节点下次同步时会重新封装"},
    {"hub.escrow_bad", "托管的内容为空或过大"},
    {"hub.escrow_none", "节点 {0} 还没有把密钥托管到中心"},
    {"hub.escrow_key_none", "中心还没有托管密钥"},
    {"hub.node_key_other", "中心为节点 {0} 保存的是另一把签名公钥，请重新注册该节点"},
    {"hub.node_key_required", "节点 {0} 没有签名密钥对，而本中心只为签名的节点服务：请升级该节点的软件并重新注册"},
    {"hub.keyless_nodes_left", "以下节点还没有签名密钥对，开启后会被拒之门外：{0}；它们用新版软件下次同步时会登记各自的密钥"},
    {"hub.bundle_unknown_node", "数据包来自节点 {0}，中心没有这个节点"},
    {"hub.ctx_change", "第 {0} 条变更"},
    {"hub.scan_chunk_misfit", "从第 {0} 字节起的数据块超出了 {1} 字节的扫描件"},
    {"hub.scan_other_size", "中心保存的这份扫描件有 {0} 字节，不是 {1} 字节"},
    {"hub.scan_content_mismatch", "扫描件内容与其校验值 {0} 不符；中心已丢弃收到的部分，请重新发送"},
    // hub_engine.cpp
    {"hub.resolve_needs_note", "处理冲突时需要写明理由"},
    {"hub.conflict_resolved_already", "冲突 #{0} 已经处理过了"},
    {"hub.resolve_status_choice",
     "办件状态只能定为某个节点实际到达的状态：{0}（采用站点的值）或 {1}（采用中心的值），不能是 {2}"},
    // bundle_import.cpp
    {"hub.bundle_is_reply", "{0} 是回复数据包，请在收件的节点上导入"},
    {"hub.bundle_schema_mismatch", "数据包的数据版本（{0}）与中心（{1}）不一致，请先升级版本较旧的一方"},
    {"hub.bundle_reply_too_large", "回复内容过多，一个数据包装不下，请联系县信息中心"},
    {"hub.bundle_change_too_large", "第 {0} 条之后的一条变更过大，数据包装不下，请联系县信息中心"},
    {"hub.bundle_scan_incomplete", "中心保存的扫描件 {0} 不完整"},
    {"hub.bundle_scan_too_large", "扫描件 {0} 过大，数据包装不下"},
    {"hub.bundle_held_too_large", "中心已有扫描件的清单过长，数据包装不下，请联系县信息中心"},
    // http_server.cpp
    {"hub.ctx_listen", "无法在 {0} 上提供服务"},
    {"hub.listen_no_handler", "没有设置请求处理程序"},
    {"hub.listen_threads", "线程数和工作线程数至少为 1，现为 {0} 和 {1}"},
    {"hub.listen_limits", "最大连接数和每个地址未完成请求数至少为 1"},
    {"hub.listen_tls_pair", "加密连接需要同时提供证书文件和私钥文件"},
    {"hub.listen_host_not_ip", "监听地址须为网络地址，例如 127.0.0.1 或 0.0.0.0"},
    {"hub.listen_start_threads", "无法启动线程：{0}"},
    {"hub.tls_cert_unreadable", "无法读取证书文件 {0}：{1}"},
    {"hub.tls_key_unreadable", "无法读取私钥文件 {0}：{1}"},
    {"hub.tls_cert_not_pem", "无法加载证书文件 {0}：{1}（应为文本格式的证书）"},
    {"hub.tls_key_not_pem", "无法加载私钥文件 {0}：{1}（应为文本格式的私钥）"},
    {"hub.tls_key_mismatch", "私钥文件 {0} 与证书 {1} 不匹配"},
    // record_codec.cpp
    {"hub.record_fields_empty", "中心数据已损坏：{0:table}记录 {1} 的内容为空；未做任何修改，请从备份恢复中心数据库"},
    {"hub.record_fields_incomplete", "中心数据已损坏：{0:table}记录 {1} 的内容不完整；未做任何修改，请从备份恢复中心数据库"},
    {"hub.record_fields_damaged", "中心数据已损坏：{0:table}记录 {1} 的内容无法读取（{2}）；未做任何修改，请从备份恢复中心数据库"},
    {"hub.log_fields_damaged", "中心数据已损坏：{0:table}记录 {1} 的一条变更日志无法读取；请从备份恢复中心数据库"},
    // sqlite_hub_storage.cpp
    {"hub.node_exists", "编码为 {0} 的节点已经存在"},
    {"hub.no_node", "没有编码为 {0} 的节点"},
    {"hub.clock_damaged", "中心数据已损坏：记录的时钟值“{0}”不是数字"},
    {"hub.no_conflict", "没有冲突 #{0}"},
    {"hub.cannot_create_dir", "无法创建目录 {0}：{1:os_error}"},
    {"hub.ctx_open_storage", "打开中心数据（{0}）"},
    {"hub.ctx_case_record", "办件的一条记录"},
    {"hub.ctx_log_entry", "中心变更日志第 {0} 条"},
    {"hub.ctx_record", "一条{0:table}记录"},
    {"hub.ctx_conflict", "冲突 #{0}"},
    // supervision.cpp
    {"hub.calendar_name", "工作日历名称应为 1 到 64 个字符"},
    {"hub.calendar_no_node", "没有节点 {0}，无法向其发布工作日历"},
    // tls_pin.cpp
    {"hub.pin_cannot_read", "无法读取证书 {0}"},
    {"hub.pin_not_pem", "{0} 不是文本格式的证书"},
};

}  // namespace

std::span<const Translation> HubPart() { return kPart; }

}  // namespace tongban::node::catalog
