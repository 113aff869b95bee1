<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ActionDialog</name>
    <message>
        <source>确认：%1</source>
        <translation>Confirm: %1</translation>
    </message>
    <message>
        <source>办件 %1</source>
        <translation>Case %1</translation>
    </message>
    <message>
        <source>原因（必填）</source>
        <translation>Reason (required)</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>确认</source>
        <translation>Confirm</translation>
    </message>
</context>
<context>
    <name>AppointmentsPage</name>
    <message>
        <source>上一周</source>
        <translation>Previous week</translation>
    </message>
    <message>
        <source>前一天</source>
        <translation>Previous day</translation>
    </message>
    <message>
        <source>今天</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>下一周</source>
        <translation>Next week</translation>
    </message>
    <message>
        <source>后一天</source>
        <translation>Next day</translation>
    </message>
    <message>
        <source>日</source>
        <translation>Day</translation>
    </message>
    <message>
        <source>周</source>
        <translation>Week</translation>
    </message>
    <message>
        <source>登记爽约</source>
        <translation>Record no-shows</translation>
    </message>
    <message>
        <source>预约名单（%1）</source>
        <translation>Appointments (%1)</translation>
    </message>
    <message>
        <source>错时</source>
        <translation>Off-hours</translation>
    </message>
    <message>
        <source>签到</source>
        <translation>Check in</translation>
    </message>
    <message>
        <source>转为办件</source>
        <translation>Make a case</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>取消 %1 的预约</source>
        <translation>Cancel the appointment of %1</translation>
    </message>
    <message>
        <source>这一天没有预约</source>
        <translation>No appointments on this day</translation>
    </message>
    <message>
        <source>本周预约（%1）</source>
        <translation>This week (%1)</translation>
    </message>
    <message>
        <source>%1 个</source>
        <translation>%1</translation>
    </message>
    <message>
        <source>新预约&#x3000;%1</source>
        <translation>New appointment  %1</translation>
    </message>
    <message>
        <source>已过</source>
        <translation>Past</translation>
    </message>
    <message>
        <source>余 %1</source>
        <translation>%1 left</translation>
    </message>
    <message>
        <source>已满</source>
        <translation>Full</translation>
    </message>
    <message>
        <source>这一天不接受此事项的预约</source>
        <translation>No appointments for this item on this day</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>联系电话（可不填）</source>
        <translation>Phone (optional)</translation>
    </message>
    <message>
        <source>身份证号码</source>
        <translation>Resident ID number</translation>
    </message>
    <message>
        <source>预约</source>
        <translation>Book</translation>
    </message>
</context>
<context>
    <name>BackofficePage</name>
    <message>
        <source>待办理（%1 件）</source>
        <translation>To decide (%1)</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>绿色通道 %1 件&#x3000;已超期 %2 件</source>
        <translation>Green channel %1  Overdue %2</translation>
    </message>
    <message>
        <source>（只列出每种状态的前 1000 件）</source>
        <translation> (at most 1000 per status listed)</translation>
    </message>
    <message>
        <source>正在读取…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>本中心没有待办理的办件</source>
        <translation>Nothing waits for this office</translation>
    </message>
    <message>
        <source>办件</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>查看完整办件</source>
        <translation>Open the case</translation>
    </message>
    <message>
        <source>请在左侧选择办件。</source>
        <translation>Choose a case on the left.</translation>
    </message>
    <message>
        <source>绿色通道：%1</source>
        <translation>Green channel: %1</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>代办人</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <source>收件</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>办结期限</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>（暂定）</source>
        <translation> (provisional)</translation>
    </message>
    <message>
        <source>材料</source>
        <translation>Materials</translation>
    </message>
    <message>
        <source>审批操作</source>
        <translation>Back-office moves</translation>
    </message>
    <message>
        <source>本岗位在本中心对此件没有可办理的操作。</source>
        <translation>Your role has no move on this case at this office.</translation>
    </message>
</context>
<context>
    <name>BarList</name>
    <message>
        <source>本期没有数据</source>
        <translation>No data for this period</translation>
    </message>
</context>
<context>
    <name>CaseDetail</name>
    <message>
        <source>办件状态</source>
        <translation>Case status</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>承办部门</source>
        <translation>processing office</translation>
    </message>
    <message>
        <source>送达方式</source>
        <translation>Delivery</translation>
    </message>
    <message>
        <source>办理结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>办结期限</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Remark</translation>
    </message>
</context>
<context>
    <name>CasePage</name>
    <message>
        <source>返回列表</source>
        <translation>Back to the list</translation>
    </message>
    <message>
        <source>绿色通道</source>
        <translation>Green channel</translation>
    </message>
    <message>
        <source>办结期限 %1%2</source>
        <translation>Due %1%2</translation>
    </message>
    <message>
        <source>（暂定）</source>
        <translation> (provisional)</translation>
    </message>
    <message>
        <source>正在读取…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>未留</source>
        <translation>none given</translation>
    </message>
    <message>
        <source>代办人</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <source>收件</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>待 %1 受理</source>
        <translation>Waiting for %1 to accept</translation>
    </message>
    <message>
        <source>办理结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>材料</source>
        <translation>Materials</translation>
    </message>
    <message>
        <source>一次性告知书</source>
        <translation>One-time notice</translation>
    </message>
    <message>
        <source>（可选）</source>
        <translation> (optional)</translation>
    </message>
    <message>
        <source>%1：%2，期限 %3</source>
        <translation>%1: %2, due %3</translation>
    </message>
    <message>
        <source>办理过程</source>
        <translation>Timeline</translation>
    </message>
    <message>
        <source>可办理的操作</source>
        <translation>Moves you can make</translation>
    </message>
    <message>
        <source>本岗位在本站对此件没有可办理的操作。</source>
        <translation>Your role has no move on this case at this station.</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>请申请人评价</source>
        <translation>Rating</translation>
    </message>
    <message>
        <source>邮寄</source>
        <translation>Post</translation>
    </message>
    <message>
        <source>评价</source>
        <translation>Rating</translation>
    </message>
    <message>
        <source>%1 分 %2%3%4</source>
        <translation>%1/5 %2%3%4</translation>
    </message>
    <message>
        <source>%1，期限 %2</source>
        <translation>%1, due %2</translation>
    </message>
    <message>
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <source>受理回执</source>
        <translation>Acceptance receipt</translation>
    </message>
    <message>
        <source>不予受理通知书</source>
        <translation>Notice of non-acceptance</translation>
    </message>
    <message>
        <source>扫描件 %1</source>
        <translation>Scans %1</translation>
    </message>
    <message>
        <source>（待下载）</source>
        <translation> (to fetch)</translation>
    </message>
    <message>
        <source>附扫描件</source>
        <translation>Attach scan</translation>
    </message>
    <message>
        <source>为“%1”附加扫描件</source>
        <translation>Attach a scan to “%1”</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>附加</source>
        <translation>Attach</translation>
    </message>
    <message>
        <source>状态有冲突</source>
        <translation>Status in conflict</translation>
    </message>
    <message>
        <source>冲突待裁决：%1。中心管理员裁决前，这里显示的是暂定值，裁决结果会随下次同步到达。</source>
        <translation>In conflict: %1. Until a central admin decides, the values shown are provisional; the decision arrives with the next sync.</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>（冲突待裁决，暂定值）</source>
        <translation> (in conflict, provisional)</translation>
    </message>
    <message>
        <source>冲突待裁决</source>
        <translation>In conflict</translation>
    </message>
    <message>
        <source>%1：%2&#x3000;%3 %4</source>
        <translation>%1: %2  %3 %4</translation>
    </message>
    <message>
        <source>选择文件…</source>
        <translation>Choose a file…</translation>
    </message>
    <message>
        <source>例如 U 盘上的扫描件</source>
        <translation>e.g. a scan on a USB stick</translation>
    </message>
    <message>
        <source>选择扫描件</source>
        <translation>Choose a scan</translation>
    </message>
    <message>
        <source>扫描件 (*.jpg *.jpeg *.png *.pdf)</source>
        <translation>Scans (*.jpg *.jpeg *.png *.pdf)</translation>
    </message>
    <message>
        <source>从扫描仪扫描，或选择 JPEG、PNG、PDF 文件，不超过 20 MB。扫描件随下次同步送往办理机构。</source>
        <translation>Scan from the scanner, or choose a JPEG, PNG or PDF file of at most 20 MB. It goes to the processing office with the next sync.</translation>
    </message>
    <message>
        <source>彩色</source>
        <translation>Color</translation>
    </message>
    <message>
        <source>正在扫描…</source>
        <translation>Scanning…</translation>
    </message>
    <message>
        <source>再扫一页</source>
        <translation>Scan another page</translation>
    </message>
    <message>
        <source>扫描</source>
        <translation>Scan</translation>
    </message>
    <message>
        <source>正在查找扫描仪…</source>
        <translation>Looking for scanners…</translation>
    </message>
    <message>
        <source>没有找到扫描仪。接好扫描仪后重新打开本窗口，或从 U 盘选择文件。</source>
        <translation>No scanner found. Connect one and open this window again, or choose a file on a USB stick.</translation>
    </message>
    <message>
        <source>第 %1 页</source>
        <translation>Page %1</translation>
    </message>
    <message>
        <source>已扫 %1 页，附加时合成一个 PDF</source>
        <translation>%1 pages scanned; attached as one PDF</translation>
    </message>
    <message>
        <source>删去最后一页</source>
        <translation>Remove the last page</translation>
    </message>
    <message>
        <source>停止</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>隐藏证件号</source>
        <translation>Hide ID</translation>
    </message>
    <message>
        <source>查看证件号（留痕）</source>
        <translation>Show ID (logged)</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Remark</translation>
    </message>
</context>
<context>
    <name>CaseRow</name>
    <message>
        <source>绿色通道</source>
        <translation>Green channel</translation>
    </message>
    <message>
        <source>收件 %1</source>
        <translation>received %1</translation>
    </message>
    <message>
        <source>期限 %1%2</source>
        <translation>due %1%2</translation>
    </message>
    <message>
        <source>（暂定）</source>
        <translation> (provisional)</translation>
    </message>
</context>
<context>
    <name>ConflictsPage</name>
    <message>
        <source>连接县级中心管理接口</source>
        <translation>Connect to the county hub admin API</translation>
    </message>
    <message>
        <source>正在读取本站的中心地址…</source>
        <translation>Reading the hub address of this station…</translation>
    </message>
    <message>
        <source>中心地址：%1（取自本站的接入设置）</source>
        <translation>Hub: %1 (from this station&apos;s link)</translation>
    </message>
    <message>
        <source>本站尚未接入县级中心，无法打开管理接口。</source>
        <translation>This station is not linked to a county hub; the admin console is not available.</translation>
    </message>
    <message>
        <source>管理令牌（由县级中心发放，只在本次登录期间保存在内存中）</source>
        <translation>Admin token (issued by the county hub; kept in memory for this login only)</translation>
    </message>
    <message>
        <source>正在连接…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <source>连接</source>
        <translation>Connect</translation>
    </message>
    <message>
        <source>已连接 %1</source>
        <translation>Connected to %1</translation>
    </message>
    <message>
        <source>显示已解决</source>
        <translation>Show resolved</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>发布事项目录和日历</source>
        <translation>Publish catalog and calendar</translation>
    </message>
    <message>
        <source>断开</source>
        <translation>Disconnect</translation>
    </message>
    <message>
        <source>全部冲突（%1）</source>
        <translation>All conflicts (%1)</translation>
    </message>
    <message>
        <source>待处理冲突（%1）</source>
        <translation>Open conflicts (%1)</translation>
    </message>
    <message>
        <source>待处理</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>已解决</source>
        <translation>Resolved</translation>
    </message>
    <message>
        <source>%1：%2 与 %3</source>
        <translation>%1: %2 and %3</translation>
    </message>
    <message>
        <source>没有待处理的冲突</source>
        <translation>No open conflicts</translation>
    </message>
    <message>
        <source>各站同步情况（%1）</source>
        <translation>Stations (%1)</translation>
    </message>
    <message>
        <source>从未连接</source>
        <translation>never seen</translation>
    </message>
    <message>
        <source>落后 %1</source>
        <translation>lag %1</translation>
    </message>
    <message>
        <source>冲突 #%1&#x3000;%2</source>
        <translation>Conflict #%1  %2</translation>
    </message>
    <message>
        <source>冲突</source>
        <translation>Conflict</translation>
    </message>
    <message>
        <source>请在左侧选择冲突。</source>
        <translation>Choose a conflict on the left.</translation>
    </message>
    <message>
        <source>字段：%1&#x3000;&#x3000;发现于 %2</source>
        <translation>Field: %1    found %2</translation>
    </message>
    <message>
        <source>共同的基础版本</source>
        <translation>Common base version</translation>
    </message>
    <message>
        <source>站点 %1 的值</source>
        <translation>Station %1</translation>
    </message>
    <message>
        <source>%1，%2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>中心（来自 %1）的值</source>
        <translation>Hub (from %1)</translation>
    </message>
    <message>
        <source>已解决：%1</source>
        <translation>Resolved: %1</translation>
    </message>
    <message>
        <source>未解决前各站暂时显示：%1</source>
        <translation>Until resolved every node shows: %1</translation>
    </message>
    <message>
        <source>处理说明（必填，记入冲突记录）</source>
        <translation>Note (required, kept with the conflict)</translation>
    </message>
    <message>
        <source>例如：已电话核实，以窗口登记为准</source>
        <translation>e.g. checked by phone, the window&apos;s entry is right</translation>
    </message>
    <message>
        <source>采用站点的值</source>
        <translation>Take the station&apos;s</translation>
    </message>
    <message>
        <source>采用中心的值</source>
        <translation>Take the hub&apos;s</translation>
    </message>
    <message>
        <source>或者填写新值（数字）</source>
        <translation>Or type a new value (a number)</translation>
    </message>
    <message>
        <source>或者填写新值</source>
        <translation>Or type a new value</translation>
    </message>
    <message>
        <source>采用新值</source>
        <translation>Take this value</translation>
    </message>
    <message>
        <source>无（此前未填写）</source>
        <translation>none (the field was empty)</translation>
    </message>
    <message>
        <source>向各站发布</source>
        <translation>Publish to the nodes</translation>
    </message>
    <message>
        <source>发布目录</source>
        <translation>Publish catalog</translation>
    </message>
    <message>
        <source>日历（tongban-calendar/1 文件）</source>
        <translation>Calendar (a tongban-calendar/1 file)</translation>
    </message>
    <message>
        <source>名称（同名的旧日历被替换）</source>
        <translation>Name (replaces a calendar of the same name)</translation>
    </message>
    <message>
        <source>适用站点（逗号分隔，空为全部）</source>
        <translation>Nodes (comma-separated; empty for all)</translation>
    </message>
    <message>
        <source>发布日历</source>
        <translation>Publish calendar</translation>
    </message>
    <message>
        <source>正在发布…</source>
        <translation>Publishing…</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>站点修改时所依据的值（%1）</source>
        <translation>The value the station edited (%1)</translation>
    </message>
    <message>
        <source>站点修改时所依据的版本</source>
        <translation>The version the station edited</translation>
    </message>
    <message>
        <source>选择事项目录文件</source>
        <translation>Choose a catalog file</translation>
    </message>
    <message>
        <source>选择日历文件</source>
        <translation>Choose a calendar file</translation>
    </message>
    <message>
        <source>事项目录（tongban-catalog/1 文件，或随附的示例目录）</source>
        <translation>Service catalog (a tongban-catalog/1 file, or the sample catalog that comes with Tongban)</translation>
    </message>
    <message>
        <source>选择文件…</source>
        <translation>Choose a file…</translation>
    </message>
    <message>
        <source>示例目录</source>
        <translation>Sample catalog</translation>
    </message>
    <message>
        <source>随附的示例目录</source>
        <translation>the sample catalog that comes with Tongban</translation>
    </message>
    <message>
        <source>尚未选择</source>
        <translation>none chosen</translation>
    </message>
</context>
<context>
    <name>DeskApp</name>
    <message>
        <source>演示站点：%1</source>
        <translation>Demo station: %1</translation>
    </message>
</context>
<context>
    <name>FieldPage</name>
    <message>
        <source>待上门 %1 户</source>
        <translation>%1 visits to make</translation>
    </message>
    <message>
        <source>显示已完成</source>
        <translation>Show finished</translation>
    </message>
    <message>
        <source>上门收件（无计划）</source>
        <translation>Receive at a door (unplanned)</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>今天</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>办件 %1</source>
        <translation>Case %1</translation>
    </message>
    <message>
        <source>上门收件</source>
        <translation>Receive case</translation>
    </message>
    <message>
        <source>已上门</source>
        <translation>Visited</translation>
    </message>
    <message>
        <source>未见到</source>
        <translation>Not met</translation>
    </message>
    <message>
        <source>原因（如家中无人、已搬走）</source>
        <translation>Why (nobody home, moved away…)</translation>
    </message>
    <message>
        <source>%1：未见到</source>
        <translation>%1: nobody met</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>取消原因（必填）</source>
        <translation>Reason for cancelling (required)</translation>
    </message>
    <message>
        <source>取消对 %1 的上门</source>
        <translation>Cancel the visit to %1</translation>
    </message>
    <message>
        <source>正在读取…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>没有待上门的计划</source>
        <translation>No visits planned</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <source>今日收件</source>
        <translation>Received today</translation>
    </message>
    <message>
        <source>即将到期</source>
        <translation>Due soon</translation>
    </message>
    <message>
        <source>已超期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>待出件</source>
        <translation>To hand out</translation>
    </message>
    <message>
        <source>新收件</source>
        <translation>New intake</translation>
    </message>
    <message>
        <source>今日办件（绿色通道优先）</source>
        <translation>Today&apos;s cases (green channel first)</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>正在读取…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>今天还没有收件</source>
        <translation>Nothing received today yet</translation>
    </message>
    <message>
        <source>在办绿色通道</source>
        <translation>Green channel open</translation>
    </message>
    <message>
        <source>今日预约（%1）</source>
        <translation>Today&apos;s appointments (%1)</translation>
    </message>
    <message>
        <source>预约</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>今天没有预约</source>
        <translation>No appointments today</translation>
    </message>
    <message>
        <source>即将到期的承诺（%1）</source>
        <translation>Commitments falling due (%1)</translation>
    </message>
    <message>
        <source>已过期 %1</source>
        <translation>expired %1</translation>
    </message>
    <message>
        <source>期限 %1</source>
        <translation>due %1</translation>
    </message>
    <message>
        <source>五个工作日内没有到期的承诺</source>
        <translation>No commitment falls due within five working days</translation>
    </message>
</context>
<context>
    <name>IntakeMaterialsModel</name>
    <message>
        <source>原件 %1 份，复印件 %2 份</source>
        <translation>originals %1, copies %2</translation>
    </message>
</context>
<context>
    <name>IntakePage</name>
    <message>
        <source>1. 选择事项</source>
        <translation>1. Choose the item</translation>
    </message>
    <message>
        <source>名称、编码或拼音首字母</source>
        <translation>Name, code or pinyin initials</translation>
    </message>
    <message>
        <source>没有相符的事项</source>
        <translation>No matching item</translation>
    </message>
    <message>
        <source>2. 申请人与材料</source>
        <translation>2. Applicant and materials</translation>
    </message>
    <message>
        <source>请先在左侧选择要办理的事项。</source>
        <translation>First choose the item on the left.</translation>
    </message>
    <message>
        <source>您的岗位不能收件，请由窗口人员办理。</source>
        <translation>Your role does not receive cases; a window clerk does.</translation>
    </message>
    <message>
        <source>&#x3000;即办件</source>
        <translation>  instant</translation>
    </message>
    <message>
        <source>&#x3000;承诺件</source>
        <translation>  promised</translation>
    </message>
    <message>
        <source>2. 申请人</source>
        <translation>2. Applicant</translation>
    </message>
    <message>
        <source>个人</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>企业或个体户</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <source>身份证号码</source>
        <translation>Resident ID number</translation>
    </message>
    <message>
        <source>号码校验通过</source>
        <translation>Number checked</translation>
    </message>
    <message>
        <source>联系电话（可不填）</source>
        <translation>Phone (optional)</translation>
    </message>
    <message>
        <source>绿色通道</source>
        <translation>Green channel</translation>
    </message>
    <message>
        <source>老年人、残疾人等优先办理</source>
        <translation>elderly, disabled… served first</translation>
    </message>
    <message>
        <source>绿色通道原因</source>
        <translation>Green channel reason</translation>
    </message>
    <message>
        <source>请填写原因</source>
        <translation>Please give the reason</translation>
    </message>
    <message>
        <source>3. 材料清单（%1 项）</source>
        <translation>3. Materials (%1)</translation>
    </message>
    <message>
        <source>必需</source>
        <translation>Required</translation>
    </message>
    <message>
        <source>可选</source>
        <translation>Optional</translation>
    </message>
    <message>
        <source>缺少必需材料，不能受理。请打印一次性告知书，告知申请人一次补齐。</source>
        <translation>A required material is missing: the case cannot be received. Print the one-time notice so the applicant brings everything next time.</translation>
    </message>
    <message>
        <source>打印一次性告知书</source>
        <translation>Print one-time notice</translation>
    </message>
    <message>
        <source>正在受理…</source>
        <translation>Receiving…</translation>
    </message>
    <message>
        <source>受理并出具回执</source>
        <translation>Receive and give receipt</translation>
    </message>
    <message>
        <source>一次性告知书（未受理）</source>
        <translation>One-time notice (not received)</translation>
    </message>
    <message>
        <source>查看办件</source>
        <translation>Open the case</translation>
    </message>
    <message>
        <source>预约转办件</source>
        <translation>From an appointment</translation>
    </message>
    <message>
        <source>计划上门收件</source>
        <translation>Planned door visit</translation>
    </message>
    <message>
        <source>收件方式：%1</source>
        <translation>Channel: %1</translation>
    </message>
    <message>
        <source>校验未通过仍要受理的原因（将被记录）</source>
        <translation>Reason to accept a code that fails its check (recorded)</translation>
    </message>
    <message>
        <source>代办人办理</source>
        <translation>Through a proxy</translation>
    </message>
    <message>
        <source>代办人 %1，授权书 %2</source>
        <translation>Proxy %1, authorization %2</translation>
    </message>
    <message>
        <source>请填写代办人信息</source>
        <translation>Please fill in the proxy</translation>
    </message>
    <message>
        <source>代办人信息</source>
        <translation>Proxy (代办人)</translation>
    </message>
    <message>
        <source>代办人姓名</source>
        <translation>Proxy name</translation>
    </message>
    <message>
        <source>代办人身份证号码</source>
        <translation>Proxy resident ID</translation>
    </message>
    <message>
        <source>授权委托书编号</source>
        <translation>Authorization reference</translation>
    </message>
    <message>
        <source>代办人电话（可不填）</source>
        <translation>Proxy phone (optional)</translation>
    </message>
    <message>
        <source>有效期至（可不填）</source>
        <translation>Valid until (optional)</translation>
    </message>
    <message>
        <source>不用代办人</source>
        <translation>No proxy</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>修改</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>打印告知书</source>
        <translation>Print notice</translation>
    </message>
    <message>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <source>%1：%2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>打印回执（Ctrl+P）</source>
        <translation>Print receipt (Ctrl+P)</translation>
    </message>
    <message>
        <source>继续收件（Enter）</source>
        <translation>Next applicant (Enter)</translation>
    </message>
    <message>
        <source>委托范围</source>
        <translation>Scope of the authorization</translation>
    </message>
    <message>
        <source>名称或拼音首字母</source>
        <translation>Name or initials</translation>
    </message>
    <message>
        <source>备注（选填，办理单位也看得到）</source>
        <translation>Remark (optional, seen by the office)</translation>
    </message>
</context>
<context>
    <name>ItemListModel</name>
    <message>
        <source>即办</source>
        <translation>instant</translation>
    </message>
    <message>
        <source>%1 个工作日</source>
        <translation>%1 working days</translation>
    </message>
    <message>
        <source>%1 天</source>
        <translation>%1 days</translation>
    </message>
    <message>
        <source>%1 小时</source>
        <translation>%1 hours</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>已收件</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>补正告知</source>
        <translation>Supplement requested</translation>
    </message>
    <message>
        <source>已补正</source>
        <translation>Supplement supplied</translation>
    </message>
    <message>
        <source>已受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>特别程序</source>
        <translation>Special procedure</translation>
    </message>
    <message>
        <source>准予办结</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>不予许可</source>
        <translation>Denied</translation>
    </message>
    <message>
        <source>已撤回</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <source>已撤销</source>
        <translation>Revoked</translation>
    </message>
    <message>
        <source>已送达</source>
        <translation>Delivered</translation>
    </message>
    <message>
        <source>已归档</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>已预约</source>
        <translation>Booked</translation>
    </message>
    <message>
        <source>已签到</source>
        <translation>Checked in</translation>
    </message>
    <message>
        <source>爽约</source>
        <translation>No-show</translation>
    </message>
    <message>
        <source>已转办件</source>
        <translation>Made a case</translation>
    </message>
    <message>
        <source>已取消</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>待上门</source>
        <translation>Planned</translation>
    </message>
    <message>
        <source>已上门</source>
        <translation>Visited</translation>
    </message>
    <message>
        <source>未见到</source>
        <translation>Nobody met</translation>
    </message>
    <message>
        <source>已登记</source>
        <translation>Registered</translation>
    </message>
    <message>
        <source>已寄出</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>已签收</source>
        <translation>Signed for</translation>
    </message>
    <message>
        <source>已退回</source>
        <translation>Returned</translation>
    </message>
    <message>
        <source>已丢失</source>
        <translation>Lost</translation>
    </message>
    <message>
        <source>办件超期</source>
        <translation>Case overdue</translation>
    </message>
    <message>
        <source>承诺超期</source>
        <translation>Commitment overdue</translation>
    </message>
    <message>
        <source>整改超期</source>
        <translation>Rectification overdue</translation>
    </message>
    <message>
        <source>服务态度</source>
        <translation>Courtesy</translation>
    </message>
    <message>
        <source>办事效率</source>
        <translation>Speed</translation>
    </message>
    <message>
        <source>一次告知清楚</source>
        <translation>Told everything at once</translation>
    </message>
    <message>
        <source>少跑腿</source>
        <translation>Fewer trips</translation>
    </message>
    <message>
        <source>窗口环境</source>
        <translation>Window surroundings</translation>
    </message>
    <message>
        <source>公正廉洁</source>
        <translation>Fairness and integrity</translation>
    </message>
    <message>
        <source>待出件</source>
        <translation>To hand out</translation>
    </message>
    <message>
        <source>窗口人员</source>
        <translation>window clerk</translation>
    </message>
    <message>
        <source>审批人员</source>
        <translation>processor</translation>
    </message>
    <message>
        <source>外勤人员</source>
        <translation>field worker</translation>
    </message>
    <message>
        <source>管理员</source>
        <translation>admin</translation>
    </message>
    <message>
        <source>便民服务站</source>
        <translation>service station</translation>
    </message>
    <message>
        <source>乡镇便民服务中心</source>
        <translation>township service center</translation>
    </message>
    <message>
        <source>县级部门</source>
        <translation>county department</translation>
    </message>
    <message>
        <source>窗口</source>
        <translation>Window</translation>
    </message>
    <message>
        <source>网上</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>上门</source>
        <translation>Door-to-door</translation>
    </message>
    <message>
        <source>邮递</source>
        <translation>Post</translation>
    </message>
    <message>
        <source>已收取</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>容缺后补</source>
        <translation>Owed (tolerance)</translation>
    </message>
    <message>
        <source>告知承诺</source>
        <translation>Written commitment</translation>
    </message>
    <message>
        <source>已补交</source>
        <translation>Supplied</translation>
    </message>
    <message>
        <source>已核验</source>
        <translation>Verified</translation>
    </message>
    <message>
        <source>未提供</source>
        <translation>Not provided</translation>
    </message>
    <message>
        <source>容缺受理</source>
        <translation>Tolerance</translation>
    </message>
    <message>
        <source>（待补交）</source>
        <translation> (owed)</translation>
    </message>
    <message>
        <source>（已履行）</source>
        <translation> (fulfilled)</translation>
    </message>
    <message>
        <source>（已违诺）</source>
        <translation> (breached)</translation>
    </message>
    <message>
        <source>非常不满意</source>
        <translation>Very unhappy</translation>
    </message>
    <message>
        <source>不满意</source>
        <translation>Unhappy</translation>
    </message>
    <message>
        <source>基本满意</source>
        <translation>All right</translation>
    </message>
    <message>
        <source>满意</source>
        <translation>Happy</translation>
    </message>
    <message>
        <source>非常满意</source>
        <translation>Very happy</translation>
    </message>
    <message>
        <source>差评整改（整改中）</source>
        <translation>Rectification (open)</translation>
    </message>
    <message>
        <source>差评整改（已整改）</source>
        <translation>Rectification (done)</translation>
    </message>
    <message>
        <source>差评整改（逾期未整改）</source>
        <translation>Rectification (overdue)</translation>
    </message>
    <message>
        <source>收件</source>
        <comment>action</comment>
        <translation>Intake</translation>
    </message>
    <message>
        <source>受理</source>
        <comment>action</comment>
        <translation>Accept</translation>
    </message>
    <message>
        <source>不予受理</source>
        <comment>action</comment>
        <translation>Refuse</translation>
    </message>
    <message>
        <source>补正告知</source>
        <comment>action</comment>
        <translation>Request supplement</translation>
    </message>
    <message>
        <source>已补正</source>
        <comment>action</comment>
        <translation>Mark supplied</translation>
    </message>
    <message>
        <source>启动特别程序</source>
        <comment>action</comment>
        <translation>Start special procedure</translation>
    </message>
    <message>
        <source>结束特别程序</source>
        <comment>action</comment>
        <translation>End special procedure</translation>
    </message>
    <message>
        <source>准予办结</source>
        <comment>action</comment>
        <translation>Approve</translation>
    </message>
    <message>
        <source>容缺办结</source>
        <comment>action</comment>
        <translation>Approve with tolerance</translation>
    </message>
    <message>
        <source>不予许可</source>
        <comment>action</comment>
        <translation>Deny</translation>
    </message>
    <message>
        <source>申请撤回</source>
        <comment>action</comment>
        <translation>Request withdrawal</translation>
    </message>
    <message>
        <source>撤回</source>
        <comment>action</comment>
        <translation>Withdraw</translation>
    </message>
    <message>
        <source>驳回撤回申请</source>
        <comment>action</comment>
        <translation>Refuse withdrawal</translation>
    </message>
    <message>
        <source>出具结果</source>
        <comment>action</comment>
        <translation>Issue result</translation>
    </message>
    <message>
        <source>送达出件</source>
        <comment>action</comment>
        <translation>Hand out</translation>
    </message>
    <message>
        <source>撤销</source>
        <comment>action</comment>
        <translation>Revoke</translation>
    </message>
    <message>
        <source>归档</source>
        <comment>action</comment>
        <translation>Close</translation>
    </message>
    <message>
        <source>当场办结</source>
        <comment>action</comment>
        <translation>Complete on the spot</translation>
    </message>
    <message>
        <source>材料更新</source>
        <comment>action</comment>
        <translation>Materials updated</translation>
    </message>
    <message>
        <source>预约转办件</source>
        <comment>action</comment>
        <translation>From an appointment</translation>
    </message>
    <message>
        <source>邮寄</source>
        <comment>action</comment>
        <translation>Post</translation>
    </message>
    <message>
        <source>评价</source>
        <comment>action</comment>
        <translation>Rated</translation>
    </message>
    <message>
        <source>差评整改完成</source>
        <comment>action</comment>
        <translation>Rectified</translation>
    </message>
    <message>
        <source>转办</source>
        <comment>action</comment>
        <translation>Rerouted</translation>
    </message>
    <message>
        <source>期限重算</source>
        <comment>action</comment>
        <translation>Deadline recomputed</translation>
    </message>
    <message>
        <source>冲突裁决</source>
        <comment>action</comment>
        <translation>Conflict resolved</translation>
    </message>
    <message>
        <source>材料扫描件</source>
        <comment>action</comment>
        <translation>Scan attached</translation>
    </message>
    <message>
        <source>修改电话</source>
        <comment>action</comment>
        <translation>Phone corrected</translation>
    </message>
    <message>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>上门服务终端</source>
        <translation>field laptop</translation>
    </message>
    <message>
        <source>打印文书</source>
        <comment>action</comment>
        <translation>Printed</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>已锁定</source>
        <translation>Locked</translation>
    </message>
    <message>
        <source>%1（%2）离开了窗口，办理中的内容都还在。请输入 %1 的密码继续。</source>
        <translation>%1 (%2) stepped away; everything in progress is kept. Enter the password of %1 to go on.</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>正在核对…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>解锁</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>换人登录</source>
        <translation>Log in as someone else</translation>
    </message>
    <message>
        <source>换人登录会放弃尚未提交的内容。</source>
        <translation>Logging in as someone else discards what has not been submitted.</translation>
    </message>
</context>
<context>
    <name>LoginPage</name>
    <message>
        <source>通办 · 便民服务</source>
        <translation>Tongban · public services</translation>
    </message>
    <message>
        <source>正在打开站点数据库…</source>
        <translation>Opening the station database…</translation>
    </message>
    <message>
        <source>用户名</source>
        <translation>Login</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>正在登录…</source>
        <translation>Logging in…</translation>
    </message>
    <message>
        <source>登录</source>
        <translation>Log in</translation>
    </message>
    <message>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>本站上次所知的旧密码（只需这一次）</source>
        <translation>The old password this station knew (this once only)</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>通办 · %1</source>
        <translation>Tongban · %1</translation>
    </message>
    <message>
        <source>通办</source>
        <translation>Tongban</translation>
    </message>
    <message>
        <source>首页</source>
        <translation>Home</translation>
    </message>
    <message>
        <source>收件</source>
        <translation>Intake</translation>
    </message>
    <message>
        <source>查询</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>审批</source>
        <translation>Back office</translation>
    </message>
    <message>
        <source>上门办</source>
        <translation>Door visits</translation>
    </message>
    <message>
        <source>预约</source>
        <translation>Bookings</translation>
    </message>
    <message>
        <source>邮寄</source>
        <translation>Post</translation>
    </message>
    <message>
        <source>评价</source>
        <translation>Rating</translation>
    </message>
    <message>
        <source>统计</source>
        <translation>Figures</translation>
    </message>
    <message>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>冲突处理</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>退出登录</source>
        <translation>Log out</translation>
    </message>
    <message>
        <source>锁定</source>
        <translation>Lock</translation>
    </message>
</context>
<context>
    <name>PrintSheet</name>
    <message>
        <source>打印%1</source>
        <translation>Print the %1</translation>
    </message>
    <message>
        <source>共 %1 页</source>
        <translation>Pages: %1</translation>
    </message>
    <message>
        <source>打印机</source>
        <translation>Printer</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>正在查找打印机…</source>
        <translation>Looking for printers…</translation>
    </message>
    <message>
        <source>这台电脑没有可用的打印机。可以先把文书另存为 PDF（例如存到 U 盘），接好打印机后再打印。</source>
        <translation>This computer has no printer to use. Save the document as a PDF (on a USB stick, say) and print it once a printer is connected.</translation>
    </message>
    <message>
        <source>这台打印机已暂停或出错%1，请先查看打印机。</source>
        <translation>This printer is paused or in error%1; please check it first.</translation>
    </message>
    <message>
        <source>份数</source>
        <translation>Copies</translation>
    </message>
    <message>
        <source>另存为 PDF…</source>
        <translation>Save as PDF…</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>正在发送…</source>
        <translation>Sending…</translation>
    </message>
    <message>
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <source>另存为 PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
</context>
<context>
    <name>PrintedLine</name>
    <message>
        <source>正在生成 PDF…</source>
        <translation>Writing the PDF…</translation>
    </message>
    <message>
        <source>打开</source>
        <translation>Open</translation>
    </message>
</context>
<context>
    <name>QueueRow</name>
    <message>
        <source>绿色通道</source>
        <translation>Green channel</translation>
    </message>
    <message>
        <source>期限 %1%2</source>
        <translation>due %1%2</translation>
    </message>
    <message>
        <source>（暂定）</source>
        <translation> (provisional)</translation>
    </message>
</context>
<context>
    <name>RatingPage</name>
    <message>
        <source>办件编号</source>
        <translation>Case number</translation>
    </message>
    <message>
        <source>开始评价</source>
        <translation>Start rating</translation>
    </message>
    <message>
        <source>%1&#x3000;%2&#x3000;%3</source>
        <translation>%1  %2  %3</translation>
    </message>
    <message>
        <source>谢谢您的评价！</source>
        <translation>Thank you for your rating!</translation>
    </message>
    <message>
        <source>很抱歉这次没有让您满意。我们已登记整改，将在 %1 个工作日内改进并答复您。</source>
        <translation>We are sorry we did not serve you well. A rectification is on record; we will put it right and answer you within %1 working days.</translation>
    </message>
    <message>
        <source>您的意见会帮助我们把服务做得更好。</source>
        <translation>Your opinion helps us serve better.</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>请窗口人员输入办件编号后开始评价</source>
        <translation>The clerk enters the case number to start the rating</translation>
    </message>
    <message>
        <source>此件已评价，谢谢！</source>
        <translation>This case has been rated. Thank you!</translation>
    </message>
    <message>
        <source>请您对本次服务进行评价</source>
        <translation>How did we serve you today?</translation>
    </message>
    <message>
        <source>还想说点什么？（可不填）</source>
        <translation>Anything else to tell us? (optional)</translation>
    </message>
    <message>
        <source>正在提交…</source>
        <translation>Sending…</translation>
    </message>
    <message>
        <source>提交评价</source>
        <translation>Send rating</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>原因（必填）</source>
        <translation>Reason (required)</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>确认</source>
        <translation>Confirm</translation>
    </message>
</context>
<context>
    <name>SearchPage</name>
    <message>
        <source>清空</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>正在查找…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <source>只列出前 %1 件，请输入更完整的姓名</source>
        <translation>Only the first %1 are listed; type more of the name</translation>
    </message>
    <message>
        <source>找到 %1 件</source>
        <translation>%1 found</translation>
    </message>
    <message>
        <source>全部办件，最新的在前（向下滚动加载更多）</source>
        <translation>All cases, newest first (scroll down for more)</translation>
    </message>
    <message>
        <source>没有找到相符的办件</source>
        <translation>No matching case</translation>
    </message>
    <message>
        <source>还没有办件</source>
        <translation>No cases yet</translation>
    </message>
    <message>
        <source>输入办件编号、身份证号或申请人姓名，或扫回执上的二维码</source>
        <translation>Case number, ID number, applicant name, or scan the receipt&apos;s QR code</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>界面语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>自动同步</source>
        <translation>Automatic sync</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Off</translation>
    </message>
    <message>
        <source>每 %1 分钟</source>
        <translation>Every %1 min</translation>
    </message>
    <message>
        <source>本站尚未接入县级中心，接入后自动同步才会进行。</source>
        <translation>This station is not linked to a county hub; automatic sync starts once it is.</translation>
    </message>
    <message>
        <source>有人登录时，每 %1 分钟在后台与中心同步一次，不影响收件和查询。</source>
        <translation>While someone is logged in, syncs with the hub every %1 minutes in the background; intake and search go on.</translation>
    </message>
    <message>
        <source>只在点“立即同步”时与中心同步。</source>
        <translation>Syncs only when you press &quot;Sync now&quot;.</translation>
    </message>
    <message>
        <source>本站信息（由节点决定，此处只读）</source>
        <translation>This node (decided by the node, read only)</translation>
    </message>
    <message>
        <source>站点</source>
        <translation>Node</translation>
    </message>
    <message>
        <source>%1（%2，%3）</source>
        <translation>%1 (%2, %3)</translation>
    </message>
    <message>
        <source>期限提醒</source>
        <translation>Deadline warning</translation>
    </message>
    <message>
        <source>剩余时间不足办理时限的 %1% 时显示“即将到期”，到期后显示“已超期”。</source>
        <translation>A case shows &quot;Due soon&quot; when less than %1% of its time is left, and &quot;Overdue&quot; once due.</translation>
    </message>
    <message>
        <source>县级中心</source>
        <translation>County hub</translation>
    </message>
    <message>
        <source>未接入</source>
        <translation>not linked</translation>
    </message>
    <message>
        <source>数据库文件</source>
        <translation>Database file</translation>
    </message>
    <message>
        <source>切换后立即生效，下次启动时保持。</source>
        <translation>Takes effect at once and is kept for the next start.</translation>
    </message>
    <message>
        <source>无人操作时锁定</source>
        <translation>Lock when idle</translation>
    </message>
    <message>
        <source>不锁定</source>
        <translation>Never</translation>
    </message>
    <message>
        <source>%1 分钟</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 分钟没有按键或点击时，窗口锁定，输入本人密码继续；离开窗口时也可点右上角“锁定”。</source>
        <translation>After %1 minutes without a key or a click the desk locks, and the same person&apos;s password opens it; when stepping away, press Lock at the top right.</translation>
    </message>
    <message>
        <source>窗口不会自动锁定。离开窗口时请点右上角“锁定”。</source>
        <translation>The desk does not lock by itself. When stepping away, press Lock at the top right.</translation>
    </message>
    <message>
        <source>修改我的密码</source>
        <translation>Change my password</translation>
    </message>
    <message>
        <source>当前密码</source>
        <translation>Current password</translation>
    </message>
    <message>
        <source>新密码（至少 8 位）</source>
        <translation>New password (at least 8 characters)</translation>
    </message>
    <message>
        <source>再输一次新密码</source>
        <translation>New password again</translation>
    </message>
    <message>
        <source>更改密码</source>
        <translation>Change password</translation>
    </message>
    <message>
        <source>为同事重设密码（忘记密码或被锁定时）</source>
        <translation>Reset a colleague&apos;s password (forgotten, or locked out)</translation>
    </message>
    <message>
        <source>账号</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>重设密码并解锁</source>
        <translation>Reset and unlock</translation>
    </message>
    <message>
        <source>（由站点管理员设置）</source>
        <translation> (set by the station admin)</translation>
    </message>
    <message>
        <source>数据加密</source>
        <translation>Encryption</translation>
    </message>
    <message>
        <source>已加密：没有密码或恢复码，数据库文件读不出任何内容</source>
        <translation>Encrypted: without a password or the recovery code, the database file shows nothing</translation>
    </message>
    <message>
        <source>未加密：拿到数据库文件就能读出居民信息。请管理员在本机运行“tongban encrypt”加密。</source>
        <translation>Not encrypted: anyone with a copy of the database file reads the residents&apos; details. An admin should run &quot;tongban encrypt&quot; on this computer.</translation>
    </message>
</context>
<context>
    <name>ShipmentsPage</name>
    <message>
        <source>邮件（在途 %1 件）</source>
        <translation>Shipments (%1 under way)</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>记为%1</source>
        <translation>Mark %1</translation>
    </message>
    <message>
        <source>还没有邮寄记录</source>
        <translation>No shipments yet</translation>
    </message>
    <message>
        <source>登记邮件</source>
        <translation>Register a shipment</translation>
    </message>
    <message>
        <source>办件编号</source>
        <translation>Case number</translation>
    </message>
    <message>
        <source>申请人寄来材料</source>
        <translation>Materials posted in</translation>
    </message>
    <message>
        <source>寄出办理结果</source>
        <translation>Result posted out</translation>
    </message>
    <message>
        <source>快递公司</source>
        <translation>Carrier</translation>
    </message>
    <message>
        <source>中国邮政 EMS</source>
        <translation>China Post EMS</translation>
    </message>
    <message>
        <source>运单号</source>
        <translation>Waybill number</translation>
    </message>
    <message>
        <source>地址（寄件人或收件人）</source>
        <translation>Address (sender or recipient)</translation>
    </message>
    <message>
        <source>登记</source>
        <translation>Register</translation>
    </message>
    <message>
        <source>运单 %1：%2</source>
        <translation>Waybill %1: %2</translation>
    </message>
    <message>
        <source>地点（可不填）</source>
        <translation>Place (optional)</translation>
    </message>
    <message>
        <source>说明（可不填）</source>
        <translation>Note (optional)</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>确认</source>
        <translation>Confirm</translation>
    </message>
</context>
<context>
    <name>StatsPage</name>
    <message>
        <source>今日</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>本周</source>
        <translation>This week</translation>
    </message>
    <message>
        <source>本月</source>
        <translation>This month</translation>
    </message>
    <message>
        <source>本年</source>
        <translation>This year</translation>
    </message>
    <message>
        <source>统计期间 %1 至 %2</source>
        <translation>Period %1 to %2</translation>
    </message>
    <message>
        <source>正在统计…</source>
        <translation>Counting…</translation>
    </message>
    <message>
        <source>收件</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>归档办结</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>超期未结</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>绿色通道</source>
        <translation>Green channel</translation>
    </message>
    <message>
        <source>评价均分（%1 条）</source>
        <translation>Average rating (%1)</translation>
    </message>
    <message>
        <source>收件渠道</source>
        <translation>Channels</translation>
    </message>
    <message>
        <source>办件状态</source>
        <translation>Case status</translation>
    </message>
    <message>
        <source>评价分布</source>
        <translation>Ratings</translation>
    </message>
    <message>
        <source>差评整改未完成 %1 件</source>
        <translation>Rectifications open: %1</translation>
    </message>
    <message>
        <source>服务方式</source>
        <translation>Service modes</translation>
    </message>
    <message>
        <source>预约</source>
        <translation>Appointments</translation>
    </message>
    <message>
        <source>%1 个，爽约 %2 个</source>
        <translation>%1, no-shows %2</translation>
    </message>
    <message>
        <source>上门</source>
        <translation>Door visits</translation>
    </message>
    <message>
        <source>计划 %1 次，已上门 %2 次</source>
        <translation>%1 planned, %2 made</translation>
    </message>
    <message>
        <source>邮寄</source>
        <translation>Post</translation>
    </message>
    <message>
        <source>寄来 %1 件，寄出 %2 件</source>
        <translation>%1 in, %2 out</translation>
    </message>
    <message>
        <source>承诺</source>
        <translation>Commitments</translation>
    </message>
    <message>
        <source>待履行 %1 件，违诺 %2 件</source>
        <translation>%1 open, %2 breached</translation>
    </message>
    <message>
        <source>超时问责</source>
        <translation>Escalations</translation>
    </message>
    <message>
        <source>%1 件未了结</source>
        <translation>%1 open</translation>
    </message>
</context>
<context>
    <name>SyncFooter</name>
    <message>
        <source>读取中…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>未接入县级中心</source>
        <translation>Not linked to a hub</translation>
    </message>
    <message>
        <source>在线</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>离线（照常办理）</source>
        <translation>Offline (work goes on)</translation>
    </message>
    <message>
        <source>待上传 %1 条</source>
        <translation>%1 to upload</translation>
    </message>
    <message>
        <source>上次同步 %1</source>
        <translation>Last sync %1</translation>
    </message>
    <message>
        <source>尚未同步</source>
        <translation>Never synced</translation>
    </message>
    <message>
        <source>冲突 %1 个</source>
        <translation>Conflicts %1</translation>
    </message>
    <message>
        <source>同步中…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>详情</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>本站涉及的办件中有 %1 处冲突：两个站点同时改了同一项内容。县级中心的管理员会裁决；在此之前，各站点显示同一个暂定值，办件照常办理。裁决结果在下次同步时到达，并记入办件的办理记录。</source>
        <translation>%1 conflicts on cases of this station: two stations changed the same thing at once. A central admin at the county hub decides; until then every station shows the same provisional value and the case goes on as usual. The decision arrives with the next sync and enters the case timeline.</translation>
    </message>
    <message>
        <source>本站涉及的办件没有待裁决的冲突。两个站点同时改了同一项内容时，这里会显示数量，由县级中心的管理员裁决。</source>
        <translation>No conflicts wait on cases of this station. When two stations change the same thing at once, the count shows here and a central admin at the county hub decides.</translation>
    </message>
    <message>
        <source>知道了</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>与县级中心同步</source>
        <translation>Sync with the county hub</translation>
    </message>
    <message>
        <source>读取中…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>本站尚未接入县级中心</source>
        <translation>This station is not linked to a hub</translation>
    </message>
    <message>
        <source>在线</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>离线</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>收件、办件都在本机进行。接入中心后，点“立即同步”把本站的变更汇总到县里。</source>
        <translation>Intake and processing happen on this machine. Once linked to a hub, &quot;Sync now&quot; sends this station&apos;s changes to the county.</translation>
    </message>
    <message>
        <source>上次连接中心成功。</source>
        <translation>The last contact with the hub worked.</translation>
    </message>
    <message>
        <source>连不上中心时照常收件、办件，所有变更都保存在本机，恢复联网后点“立即同步”上传。</source>
        <translation>Without the hub, work goes on: every change is kept here; press &quot;Sync now&quot; once the network is back.</translation>
    </message>
    <message>
        <source>中心地址</source>
        <translation>Hub address</translation>
    </message>
    <message>
        <source>未设置</source>
        <translation>not set</translation>
    </message>
    <message>
        <source>待上传变更</source>
        <translation>Changes to upload</translation>
    </message>
    <message>
        <source>%1 条（最早 %2）</source>
        <translation>%1 (oldest %2)</translation>
    </message>
    <message>
        <source>%1 条</source>
        <translation>%1</translation>
    </message>
    <message>
        <source>上次成功同步</source>
        <translation>Last successful sync</translation>
    </message>
    <message>
        <source>从未</source>
        <translation>never</translation>
    </message>
    <message>
        <source>上次尝试</source>
        <translation>Last attempt</translation>
    </message>
    <message>
        <source>未解决冲突</source>
        <translation>Open conflicts</translation>
    </message>
    <message>
        <source>%1 个</source>
        <translation>%1</translation>
    </message>
    <message>
        <source>被中心拒收</source>
        <translation>Refused by the hub</translation>
    </message>
    <message>
        <source>最近错误</source>
        <translation>Last error</translation>
    </message>
    <message>
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>正在同步…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <source>同步先上传本站的变更，再下载中心的更新。网络慢时可以继续办理其他业务。</source>
        <translation>Sync uploads this station&apos;s changes, then downloads the hub&apos;s. Work goes on while the network is slow.</translation>
    </message>
    <message>
        <source>失败</source>
        <translation>failed</translation>
    </message>
    <message>
        <source>本站尚未接入县级中心，接入后才能同步。请中心管理员给出注册码，由本站管理员运行“tongban enroll”接入。</source>
        <translation>This station is not linked to the county hub yet; it syncs once linked. The central admin gives an enrollment code, and the station&apos;s admin links it with “tongban enroll”.</translation>
    </message>
</context>
<context>
    <name>Theme</name>
    <message>
        <source>操作未完成：%1</source>
        <translation>Not done: %1</translation>
    </message>
    <message>
        <source>已超期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>即将到期</source>
        <translation>Due soon</translation>
    </message>
</context>
<context>
    <name>tongban::desk::AccountDesk</name>
    <message>
        <source>两次输入的新密码不一样，请重新输入</source>
        <translation>The two new passwords differ; please type them again</translation>
    </message>
    <message>
        <source>密码已更改，下次登录请用新密码</source>
        <translation>Password changed; use the new one next time you log in</translation>
    </message>
    <message>
        <source>已为“%1”设置新密码；本机上的锁定也已解除</source>
        <translation>“%1” has a new password, and its lock on this station has ended</translation>
    </message>
</context>
<context>
    <name>tongban::desk::AppointmentDesk</name>
    <message>
        <source>周日</source>
        <translation>Sun</translation>
    </message>
    <message>
        <source>周一</source>
        <translation>Mon</translation>
    </message>
    <message>
        <source>周二</source>
        <translation>Tue</translation>
    </message>
    <message>
        <source>周三</source>
        <translation>Wed</translation>
    </message>
    <message>
        <source>周四</source>
        <translation>Thu</translation>
    </message>
    <message>
        <source>周五</source>
        <translation>Fri</translation>
    </message>
    <message>
        <source>周六</source>
        <translation>Sat</translation>
    </message>
    <message>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 至 %2</source>
        <translation>%1 to %2</translation>
    </message>
    <message>
        <source>已预约：%1 %2，%3</source>
        <translation>Booked: %1 %2, %3</translation>
    </message>
    <message>
        <source>%1 已签到</source>
        <translation>%1 checked in</translation>
    </message>
    <message>
        <source>已取消 %1 的预约</source>
        <translation>Cancelled the appointment of %1</translation>
    </message>
    <message>
        <source>已将 %1 个过时未到的预约记为爽约</source>
        <translation>Recorded %1 missed appointments as no-shows</translation>
    </message>
</context>
<context>
    <name>tongban::desk::CaseDetail</name>
    <message>
        <source>已超时 %1 小时</source>
        <translation>%1 hours over</translation>
    </message>
    <message>
        <source>还剩 %1 小时</source>
        <translation>%1 hours left</translation>
    </message>
    <message>
        <source>不足 1 小时</source>
        <translation>under 1 hour left</translation>
    </message>
    <message>
        <source>已超期 %1 天</source>
        <translation>%1 days overdue</translation>
    </message>
    <message>
        <source>已超期 %1 个工作日</source>
        <translation>%1 working days overdue</translation>
    </message>
    <message>
        <source>今天到期</source>
        <translation>Due today</translation>
    </message>
    <message>
        <source>还剩 %1 天</source>
        <translation>%1 days left</translation>
    </message>
    <message>
        <source>还剩 %1 个工作日</source>
        <translation>%1 working days left</translation>
    </message>
    <message>
        <source>%1（%2，授权书 %3）</source>
        <translation>%1 (%2, authorization %3)</translation>
    </message>
    <message>
        <source>%1 %2 %3</source>
        <translation>%1 %2 %3</translation>
    </message>
    <message>
        <source>核验</source>
        <translation>Verify</translation>
    </message>
    <message>
        <source>登记补交</source>
        <translation>Record supplied</translation>
    </message>
    <message>
        <source>整条记录</source>
        <translation>the whole record</translation>
    </message>
    <message>
        <source>材料“%1”</source>
        <translation>material &quot;%1&quot;</translation>
    </message>
    <message>
        <source>承诺</source>
        <translation>Commitments</translation>
    </message>
    <message>
        <source>申请人已寄出</source>
        <translation>Sent by the applicant</translation>
    </message>
    <message>
        <source>已收到</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>申请人已签收</source>
        <translation>Signed for by the applicant</translation>
    </message>
    <message>
        <source>已退回申请人</source>
        <translation>Returned to the applicant</translation>
    </message>
    <message>
        <source>寄来材料</source>
        <translation>Materials posted in</translation>
    </message>
    <message>
        <source>寄出结果</source>
        <translation>Result posted out</translation>
    </message>
    <message>
        <source>扫描件</source>
        <translation>scan</translation>
    </message>
</context>
<context>
    <name>tongban::desk::DeskController</name>
    <message>
        <source>请先登录</source>
        <translation>Please log in first</translation>
    </message>
</context>
<context>
    <name>tongban::desk::DeskSession</name>
    <message>
        <source>请指定站点数据库文件</source>
        <translation>Please name the station database file</translation>
    </message>
    <message>
        <source>站点数据库尚未打开</source>
        <translation>The station database is not open yet</translation>
    </message>
    <message>
        <source>已加密的站点，登录后打开</source>
        <translation>Encrypted station: opens when you sign in</translation>
    </message>
    <message>
        <source>县中心已停用本机：本机的内容都已交中心，本机上的站点数据已清除。</source>
        <translation>The county hub revoked this computer: everything it held went to the hub, and the station&apos;s data on it has been erased.</translation>
    </message>
</context>
<context>
    <name>tongban::desk::DocumentPrinter</name>
    <message>
        <source>通办打印</source>
        <translation>Tongban printouts</translation>
    </message>
    <message>
        <source>%1已生成，请在打印窗口选择打印机</source>
        <translation>The %1 is ready: choose a printer in the print window</translation>
    </message>
    <message>
        <source>（默认）</source>
        <translation> (default)</translation>
    </message>
    <message>
        <source>（已暂停）</source>
        <translation> (paused)</translation>
    </message>
    <message>
        <source>已送打印机“%1”，共 %2 份，正在打印…</source>
        <translation>Sent to printer “%1”, %2 copies, printing…</translation>
    </message>
    <message>
        <source>“%1”已打印完成：%2</source>
        <translation>“%1” has printed the %2</translation>
    </message>
    <message>
        <source>打印机没有说明原因</source>
        <translation>the printer gave no reason</translation>
    </message>
    <message>
        <source>文书已保存：%1</source>
        <translation>Document saved: %1</translation>
    </message>
    <message>
        <source>无法保存到 %1，请换一个位置（U 盘是否已拔出？）</source>
        <translation>Cannot save to %1; choose another place (was the USB stick removed?)</translation>
    </message>
    <message>
        <source>文书已另存为 %1</source>
        <translation>Document saved as %1</translation>
    </message>
    <message>
        <source>受理回执</source>
        <translation>acceptance receipt</translation>
    </message>
    <message>
        <source>不予受理通知书</source>
        <translation>notice of non-acceptance</translation>
    </message>
    <message>
        <source>一次性告知书</source>
        <translation>one-time notice</translation>
    </message>
    <message>
        <source>打印机“%1”两分钟内没有打完，已取消这次打印。请查看打印机的纸张、电源和连线；文书已保存，可以重新打印。</source>
        <translation>Printer “%1” has not finished in two minutes, so this print was cancelled. Please check its paper, power and cable; the document is kept and can be printed again.</translation>
    </message>
    <message>
        <source>打印机“%1”没有打完这份文书：%2。已取消这次打印；文书已保存，可以重新打印或另存为 PDF。</source>
        <translation>Printer “%1” did not finish this document: %2. This print was cancelled; the document is kept, so print it again or save it as a PDF.</translation>
    </message>
</context>
<context>
    <name>tongban::desk::FieldDesk</name>
    <message>
        <source>已记录：%1，%2</source>
        <translation>Recorded: %1, %2</translation>
    </message>
</context>
<context>
    <name>tongban::desk::HubAdmin</name>
    <message>
        <source>整条记录（一方删除，一方修改）</source>
        <translation>Whole record (deleted on one side, edited on the other)</translation>
    </message>
    <message>
        <source>申请人联系电话</source>
        <translation>Applicant&apos;s phone</translation>
    </message>
    <message>
        <source>申请人姓名</source>
        <translation>Applicant&apos;s name</translation>
    </message>
    <message>
        <source>办件状态</source>
        <translation>Case status</translation>
    </message>
    <message>
        <source>办理结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>绿色通道原因</source>
        <translation>Green channel reason</translation>
    </message>
    <message>
        <source>办理机构</source>
        <translation>Processing office</translation>
    </message>
    <message>
        <source>办结期限</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>送达方式</source>
        <translation>Delivery</translation>
    </message>
    <message>
        <source>预约状态</source>
        <translation>Appointment state</translation>
    </message>
    <message>
        <source>上门状态</source>
        <translation>Visit state</translation>
    </message>
    <message>
        <source>邮件状态</source>
        <translation>Shipment state</translation>
    </message>
    <message>
        <source>人员岗位</source>
        <translation>Staff role</translation>
    </message>
    <message>
        <source>材料 %1</source>
        <translation>Material %1</translation>
    </message>
    <message>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>采用站点的值</source>
        <translation>Take the station&apos;s</translation>
    </message>
    <message>
        <source>采用中心的值</source>
        <translation>Take the hub&apos;s</translation>
    </message>
    <message>
        <source>采用新值 %1</source>
        <translation>took the new value %1</translation>
    </message>
    <message>
        <source>%1（%2，%3）：%4</source>
        <translation>%1 (%2, %3): %4</translation>
    </message>
    <message>
        <source>连不上县级中心 %1：%2。请检查网络，稍后再试。</source>
        <translation>Cannot reach the county hub %1: %2. Check the network and try again later.</translation>
    </message>
    <message>
        <source>管理令牌不正确或已失效。请向县级中心索取新的令牌（tongban-central admin-token）。</source>
        <translation>The admin token is wrong or no longer valid. Ask the county hub for a new one (tongban-central admin-token).</translation>
    </message>
    <message>
        <source>操作未完成：%1</source>
        <translation>Not done: %1</translation>
    </message>
    <message>
        <source>冲突 #%1 已解决，各站下次同步时采用。</source>
        <translation>Conflict #%1 resolved; every node takes it on its next sync.</translation>
    </message>
    <message>
        <source>事项目录已发布：新增 %1 项，更新 %2 项，未变 %3 项。各站下次同步时收到。</source>
        <translation>Catalog published: %1 added, %2 updated, %3 unchanged. Nodes receive it on their next sync.</translation>
    </message>
    <message>
        <source>日历 %1 已发布（%2）。各站同步后按新日历重算办结期限。</source>
        <translation>Calendar %1 published (%2). Nodes recompute their deadlines after their next sync.</translation>
    </message>
    <message>
        <source>全部站点</source>
        <translation>all nodes</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Remark</translation>
    </message>
</context>
<context>
    <name>tongban::desk::IntakeForm</name>
    <message>
        <source>受理回执</source>
        <translation>Acceptance receipt</translation>
    </message>
    <message>
        <source>受理地点：%1（%2）</source>
        <translation>Received at: %1 (%2)</translation>
    </message>
    <message>
        <source>办件编号：%1</source>
        <translation>Case number: %1</translation>
    </message>
    <message>
        <source>办理事项：%1</source>
        <translation>Item: %1</translation>
    </message>
    <message>
        <source>申请人：%1&#x3000;证件号码：%2</source>
        <translation>Applicant: %1  ID: %2</translation>
    </message>
    <message>
        <source>代办人：%1&#x3000;证件号码：%2&#x3000;授权书：%3</source>
        <translation>Proxy: %1  ID: %2  Authorization: %3</translation>
    </message>
    <message>
        <source>收件方式：%1</source>
        <translation>Channel: %1</translation>
    </message>
    <message>
        <source>收件时间：%1</source>
        <translation>Received: %1</translation>
    </message>
    <message>
        <source>办结期限：%1%2</source>
        <translation>Due: %1%2</translation>
    </message>
    <message>
        <source>（暂定）</source>
        <translation> (provisional)</translation>
    </message>
    <message>
        <source>绿色通道：%1</source>
        <translation>Green channel: %1</translation>
    </message>
    <message>
        <source>收取材料：</source>
        <translation>Materials:</translation>
    </message>
    <message>
        <source>经办人：%1</source>
        <translation>Clerk: %1</translation>
    </message>
    <message>
        <source>请妥善保管本回执，凭办件编号查询办理进度。</source>
        <translation>Keep this receipt; the case number lets you follow the case.</translation>
    </message>
    <message>
        <source>上门收件</source>
        <translation>Received at the door</translation>
    </message>
    <message>
        <source>请填写代办人姓名</source>
        <translation>Enter the proxy&apos;s name</translation>
    </message>
    <message>
        <source>代办人身份证号码：%1</source>
        <translation>Proxy&apos;s ID number: %1</translation>
    </message>
    <message>
        <source>请填写代办人身份证号码</source>
        <translation>Enter the proxy&apos;s ID number</translation>
    </message>
    <message>
        <source>请填写授权委托书编号</source>
        <translation>Enter the authorization&apos;s reference</translation>
    </message>
    <message>
        <source>请填写委托范围（授权委托书上写明的事项）</source>
        <translation>Enter the scope (what the signed authorization covers)</translation>
    </message>
    <message>
        <source>只有窗口工作人员可以收件</source>
        <translation>Only window staff receive cases</translation>
    </message>
    <message>
        <source>请先选择事项</source>
        <translation>Choose the item first</translation>
    </message>
    <message>
        <source>请填写申请人姓名</source>
        <translation>Enter the applicant&apos;s name</translation>
    </message>
    <message>
        <source>请填写正确的统一社会信用代码</source>
        <translation>Enter a valid unified social credit code</translation>
    </message>
    <message>
        <source>请填写正确的身份证号码</source>
        <translation>Enter a valid resident ID number</translation>
    </message>
    <message>
        <source>代办人信息未填完：%1</source>
        <translation>Proxy details incomplete: %1</translation>
    </message>
    <message>
        <source>缺少必需材料</source>
        <translation>Required materials are missing</translation>
    </message>
    <message>
        <source>请填写绿色通道的理由</source>
        <translation>Give the reason for the green channel</translation>
    </message>
    <message>
        <source>有效期请写成 年-月-日，如 2027-12-31</source>
        <translation>Write the expiry as year-month-day, e.g. 2027-12-31</translation>
    </message>
    <message>
        <source>没有这一天：%1</source>
        <translation>No such day: %1</translation>
    </message>
    <message>
        <source>授权委托书已于 %1 到期</source>
        <translation>The authorization expired on %1</translation>
    </message>
    <message>
        <source>办件已收件，但上门记录未保存：%1</source>
        <translation>The case is received, but the door visit was not recorded: %1</translation>
    </message>
</context>
<context>
    <name>tongban::desk::ScanDesk</name>
    <message>
        <source>扫描仪“%1”没有扫完这一页：%2。</source>
        <translation>Scanner “%1” did not finish this page: %2.</translation>
    </message>
    <message>
        <source>已扫的 %1 页都还在。</source>
        <translation> The %1 pages scanned so far are kept.</translation>
    </message>
    <message>
        <source>无法把扫描页写成 PDF（内存是否不足？）</source>
        <translation>Cannot make a PDF of the scanned pages (is memory short?)</translation>
    </message>
</context>
<context>
    <name>tongban::desk::ShipmentDesk</name>
    <message>
        <source>已登记邮件 %1（办件 %2）</source>
        <translation>Registered shipment %1 (case %2)</translation>
    </message>
    <message>
        <source>邮件 %1：%2</source>
        <translation>Shipment %1: %2</translation>
    </message>
</context>
<context>
    <name>tongban::desk::SyncBar</name>
    <message>
        <source>正在连接中心…</source>
        <translation>Connecting to the hub…</translation>
    </message>
    <message>
        <source>上传</source>
        <translation>Upload</translation>
    </message>
    <message>
        <source>下载</source>
        <translation>Download</translation>
    </message>
    <message>
        <source>%1 %2/%3 条</source>
        <translation>%1 %2/%3</translation>
    </message>
    <message>
        <source>%1 %2 条</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>同步失败：%1</source>
        <translation>Sync failed: %1</translation>
    </message>
    <message>
        <source>同步完成：上传 %1 条，下载 %2 条，新冲突 %3 个</source>
        <translation>Synced: %1 up, %2 down, %3 new conflicts</translation>
    </message>
</context>
</TS>
