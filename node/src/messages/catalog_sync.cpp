// Chinese for the messages raised in sync/.
#include "catalog.h"

namespace tongban::node::catalog {
namespace {

constexpr Translation kPart[] = {
    // sync_client.cpp
    {"sync.hub_refused", "中心拒绝了请求（{0:hub_call}）"},
    {"sync.bad_audit_entry", "审计记录格式不对：应为带序号和各文字字段的记录"},
    {"sync.hub_http_status", "中心返回错误代码 {0}"},
    {"sync.hello_not_json", "中心的应答无法识别，请核对中心地址是否正确"},
    {"sync.schema_mismatch", "中心的数据版本（{0}）与本机（{1}）不一致，请先升级版本较旧的一方再同步"},
    {"sync.digest_not_json", "中心的核对应答无法识别，请稍后再试"},
    {"sync.behind_hub_missing",
     "本机数据库比中心旧（可能是从备份恢复的）：中心已有本机第 {0} 条变更，本机却没有；未发送任何内容，请联系县中心管理员重新注册本机"},
    {"sync.behind_hub_different",
     "本机数据库比中心旧（可能是从备份恢复的）：中心已有本机第 {0} 条变更，本机的却不一样；未发送任何内容，请联系县中心管理员重新注册本机"},
    {"sync.acked_unsent", "中心确认了本机从未发出的变更（数据库是否从备份恢复过？）；已停止发送，请联系县信息中心"},
    {"sync.ctx_reply_to", "中心对 {0} 的应答"},
    {"sync.ctx_push", "上传"},
    {"sync.ctx_push_batch", "上传第 {0} 批"},
    {"sync.ctx_pull_batch", "下载第 {0} 批"},
    {"sync.ctx_restamp", "上传第 {0} 批（第 {1} 条变更被暂缓后重新标记时间）"},
    {"sync.ctx_defer", "上传第 {0} 批（将暂缓的第 {1} 条变更后移）"},
    // scan_transfer.cpp
    {"sync.scan_hub_refused", "中心拒收扫描件 {0}"},
    {"sync.scan_hub_mismatch", "扫描件内容与其校验值不符"},
    {"sync.ctx_scan", "扫描件 {0}"},
    {"sync.scan_remote_not_understood", "中心关于扫描件的应答无法识别"},
    {"sync.scan_hub_holds_more", "中心保存的字节数比扫描件本身还多，请联系县信息中心"},
    {"sync.scan_local_shorter", "本机保存的扫描件比记录的大小短，文件可能已损坏"},
    {"sync.scan_bad_size", "扫描件 {0} 记录的大小为 {1} 字节；扫描件应在 1 字节到 20 兆字节之间"},
    {"sync.scan_other_size", "中心保存的扫描件大小与记录不一致"},
    {"sync.scan_chunk_misfit", "中心发来的数据块与扫描件对不上"},
    {"sync.scan_chunk_damaged", "收到的数据块已损坏（校验值不符），下次同步会重新下载"},
    {"sync.ctx_scan_upload", "上传扫描件"},
    {"sync.ctx_scan_download", "下载扫描件"},
    // bundle.cpp
    {"sync.bundle_scan_damaged", "数据包内容已损坏（某个扫描件）"},
    {"sync.bundle_scan_fields", "数据包内容已损坏（某个扫描件的编号、类型或大小有误）"},
    {"sync.bundle_scan_sha", "数据包中的扫描件 {0} 已损坏（校验值不符）；未导入任何内容"},
    {"sync.bundle_scan_list", "数据包内容已损坏（扫描件清单）"},
    {"sync.bundle_scan_address", "数据包内容已损坏（扫描件编号）"},
    {"sync.bundle_section_unknown", "数据包中有无法识别的分段（类型 {0}），请升级本程序"},
    {"sync.bundle_section_foreign", "数据包中含有不属于此类数据包的分段"},
    {"sync.bundle_section_order", "数据包的分段顺序有误"},
    {"sync.bundle_scans_too_large", "数据包中的扫描件总量超过上限"},
    {"sync.bundle_no_push", "数据包已损坏（缺少变更内容）"},
    {"sync.bundle_not_bundle", "这不是通办数据包文件（或文件不完整）"},
    {"sync.bundle_format_new", "不支持第 {0} 版数据包格式，请升级本程序"},
    {"sync.bundle_kind_unknown", "数据包类型无法识别"},
    {"sync.bundle_header_length", "数据包已损坏（文件头）"},
    {"sync.bundle_header_damaged", "数据包文件头已损坏"},
    {"sync.bundle_other_node", "数据包内容标明属于另一个节点"},
    {"sync.bundle_cut_short", "数据包已损坏或不完整，请重新拷贝"},
    {"sync.bundle_cannot_read", "无法读取数据包 {0}：{1:os_error}"},
    {"sync.bundle_too_large", "数据包 {0} 超过 512 兆字节"},
    {"sync.bundle_read_error", "读取数据包失败：{0}"},
    {"sync.bundle_changed", "读取过程中优盘上的数据包发生了变化，请重新导入"},
    {"sync.bundle_signature", "数据包被改动过，或并非来自节点 {0}（签名不符）；未导入任何内容"},
    {"sync.bundle_size_mismatch", "数据包已损坏或不完整：现有 {0} 字节，写入时为 {1} 字节，请重新拷贝"},
    {"sync.bundle_payload_damaged", "数据包内容已损坏"},
    {"sync.bundle_payload_scans", "数据包内容已损坏（扫描件部分）"},
    {"sync.bundle_section_length", "数据包已损坏（分段长度有误）"},
    {"sync.bundle_trailing", "数据包已损坏（结尾之后还有多余内容）"},
    {"sync.bundle_write_format", "无法写出第 {0} 版格式的数据包"},
    // compression.cpp
    {"sync.zstd_not_frame", "收到的压缩数据格式有误"},
    {"sync.zstd_no_size", "收到的压缩数据未注明大小"},
    {"sync.zstd_too_large", "数据解压后有 {0} 字节，超过上限 {1} 字节"},
    {"sync.zstd_no_dictionary", "数据使用了本机没有的压缩字典（{0}），请升级本程序"},
    {"sync.zstd_damaged", "压缩数据已损坏或不完整（{0}）"},
    {"sync.zstd_truncated", "压缩数据不完整"},
    // curl_transport.cpp
    {"sync.hub_url_scheme", "中心地址“{0}”格式不对，请填写完整的网址（包括开头的协议名）"},
    {"sync.hub_url_plain", "只有本机上的中心才能使用不加密的连接；连接 {0} 请改用加密的安全网址"},
    {"sync.request_cancelled", "已取消（{0:hub_call}）"},
    {"sync.hub_timed_out", "与中心的传输中断或超时（{0:hub_call}），请稍后再同步"},
    {"sync.hub_unreachable", "连接不上中心（{0:hub_call}），请检查网络后再同步"},
    {"sync.hub_pin_mismatch", "中心的证书与登记的不一致（{0:hub_call}），请联系县信息中心"},
    {"sync.hub_transfer_failed", "与中心通信失败（{0:hub_call}）：{1}"},
    // durable_file.cpp
    {"sync.write_disk_full", "无法写入 {0}：磁盘空间已满，请清理后重试"},
    {"sync.write_failed", "无法写入 {0}：{1}"},
    {"sync.write_finished", "无法写入 {0}：文件已写完"},
    // sqlite.cpp
    {"sync.db_locked", "数据库正被另一个程序占用，请稍后再试（{0:sqlite_context}）"},
    {"sync.db_disk_full", "磁盘空间已满，未保存任何内容，请清理后重试（{0:sqlite_context}）"},
    {"sync.db_corrupt", "文件不是通办数据库或已损坏，请联系县信息中心（{0:sqlite_context}）"},
    {"sync.db_cannot_open", "无法打开数据库文件（{0:sqlite_context}）：{1:os_error}"},
    {"sync.db_read_only", "数据库文件是只读的，不能写入（{0:sqlite_context}）"},
    {"sync.db_io_error", "读写磁盘出错（{0:sqlite_context}）：{1:os_error}"},
    {"sync.db_id_damaged", "数据库中的一条记录编号已损坏（{0} 字节，应为 16 字节）；请从备份恢复数据库"},
    {"sync.db_schema_newer", "{0}的数据版本 {1} 比本程序支持的（{2}）更新；请升级 {3}"},
    {"sync.ctx_schema_migration", "数据库升级第 {0} 步"},
    // wire.cpp
    {"sync.wire_not_msgpack", "收到的数据（{0}）格式有误"},
    {"sync.wire_too_many_items", "收到的数据（{0}）条目过多"},
    {"sync.wire_too_deep", "收到的数据（{0}）嵌套过深"},
    {"sync.wire_not_map", "收到的数据（{0}）格式有误"},
    {"sync.wire_malformed", "收到的数据（{0}）格式有误：{1}"},
};

}  // namespace

std::span<const Translation> SyncPart() { return kPart; }

}  // namespace tongban::node::catalog
