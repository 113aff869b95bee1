<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ActionDialog</name>
    <message>
        <source>确认：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件 %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>原因（必填）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>确认</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AppointmentsPage</name>
    <message>
        <source>上一周</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>前一天</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>今天</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>下一周</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>后一天</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>日</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>周</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>登记爽约</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>预约名单（%1）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>错时</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>签到</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>转为办件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>取消 %1 的预约</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>这一天没有预约</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本周预约（%1）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 个</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>新预约&#x3000;%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已过</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>余 %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已满</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>这一天不接受此事项的预约</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>联系电话（可不填）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>身份证号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>预约</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BackofficePage</name>
    <message>
        <source>待办理（%1 件）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>刷新</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>绿色通道 %1 件&#x3000;已超期 %2 件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（只列出每种状态的前 1000 件）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在读取…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本中心没有待办理的办件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>查看完整办件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请在左侧选择办件。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>绿色通道：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>事项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>申请人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>代办人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>收件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办结期限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（暂定）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>审批操作</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本岗位在本中心对此件没有可办理的操作。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BarList</name>
    <message>
        <source>本期没有数据</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CaseDetail</name>
    <message>
        <source>办件状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>申请人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>承办部门</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>送达方式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办理结果</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办结期限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>备注</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CasePage</name>
    <message>
        <source>返回列表</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>绿色通道</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办结期限 %1%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（暂定）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在读取…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>申请人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未留</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>代办人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>收件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>受理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>待 %1 受理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办理结果</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>一次性告知书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（可选）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1：%2，期限 %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办理过程</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>可办理的操作</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本岗位在本站对此件没有可办理的操作。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>关闭</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请申请人评价</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>邮寄</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>评价</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 分 %2%3%4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1，期限 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>受理回执</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不予受理通知书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>扫描件 %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（待下载）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>附扫描件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>为“%1”附加扫描件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>附加</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>状态有冲突</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>冲突待裁决：%1。中心管理员裁决前，这里显示的是暂定值，裁决结果会随下次同步到达。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>、</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（冲突待裁决，暂定值）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>冲突待裁决</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1：%2&#x3000;%3 %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>选择文件…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>例如 U 盘上的扫描件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>选择扫描件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>扫描件 (*.jpg *.jpeg *.png *.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>从扫描仪扫描，或选择 JPEG、PNG、PDF 文件，不超过 20 MB。扫描件随下次同步送往办理机构。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>彩色</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在扫描…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>再扫一页</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>扫描</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在查找扫描仪…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>没有找到扫描仪。接好扫描仪后重新打开本窗口，或从 U 盘选择文件。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>第 %1 页</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已扫 %1 页，附加时合成一个 PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>删去最后一页</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>停止</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>隐藏证件号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>查看证件号（留痕）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>备注</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CaseRow</name>
    <message>
        <source>绿色通道</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>收件 %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>期限 %1%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（暂定）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConflictsPage</name>
    <message>
        <source>连接县级中心管理接口</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在读取本站的中心地址…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>中心地址：%1（取自本站的接入设置）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本站尚未接入县级中心，无法打开管理接口。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>管理令牌（由县级中心发放，只在本次登录期间保存在内存中）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在连接…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>连接</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已连接 %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>显示已解决</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>刷新</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>发布事项目录和日历</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>断开</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>全部冲突（%1）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>待处理冲突（%1）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>待处理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已解决</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1：%2 与 %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>没有待处理的冲突</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>各站同步情况（%1）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>从未连接</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>落后 %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>冲突 #%1&#x3000;%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>冲突</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请在左侧选择冲突。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>字段：%1&#x3000;&#x3000;发现于 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>共同的基础版本</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>站点 %1 的值</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1，%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>中心（来自 %1）的值</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已解决：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未解决前各站暂时显示：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>处理说明（必填，记入冲突记录）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>例如：已电话核实，以窗口登记为准</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>采用站点的值</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>采用中心的值</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>或者填写新值（数字）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>或者填写新值</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>采用新值</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无（此前未填写）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>向各站发布</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>发布目录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>日历（tongban-calendar/1 文件）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>名称（同名的旧日历被替换）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>适用站点（逗号分隔，空为全部）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>发布日历</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在发布…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>关闭</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>站点修改时所依据的值（%1）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>站点修改时所依据的版本</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>选择事项目录文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>选择日历文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>事项目录（tongban-catalog/1 文件，或随附的示例目录）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>选择文件…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>示例目录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>随附的示例目录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>尚未选择</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DeskApp</name>
    <message>
        <source>演示站点：%1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FieldPage</name>
    <message>
        <source>待上门 %1 户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>显示已完成</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>上门收件（无计划）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>刷新</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>今天</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件 %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>上门收件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已上门</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未见到</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>原因（如家中无人、已搬走）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1：未见到</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>取消原因（必填）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>取消对 %1 的上门</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在读取…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>没有待上门的计划</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <source>今日收件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>即将到期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已超期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>待出件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>新收件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>今日办件（绿色通道优先）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>刷新</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在读取…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>今天还没有收件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>在办绿色通道</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>今日预约（%1）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>预约</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>今天没有预约</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>即将到期的承诺（%1）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已过期 %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>期限 %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>五个工作日内没有到期的承诺</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IntakeMaterialsModel</name>
    <message>
        <source>原件 %1 份，复印件 %2 份</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IntakePage</name>
    <message>
        <source>1. 选择事项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>名称、编码或拼音首字母</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>没有相符的事项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>2. 申请人与材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请先在左侧选择要办理的事项。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>您的岗位不能收件，请由窗口人员办理。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&#x3000;即办件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&#x3000;承诺件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>2. 申请人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>个人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>企业或个体户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>名称</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>身份证号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>号码校验通过</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>联系电话（可不填）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>绿色通道</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>老年人、残疾人等优先办理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>绿色通道原因</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请填写原因</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>3. 材料清单（%1 项）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>必需</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>可选</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>缺少必需材料，不能受理。请打印一次性告知书，告知申请人一次补齐。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印一次性告知书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在受理…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>受理并出具回执</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>一次性告知书（未受理）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>查看办件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>预约转办件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>计划上门收件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>收件方式：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>校验未通过仍要受理的原因（将被记录）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>代办人办理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>代办人 %1，授权书 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请填写代办人信息</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>代办人信息</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>代办人姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>代办人身份证号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>授权委托书编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>代办人电话（可不填）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>有效期至（可不填）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不用代办人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>确定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>修改</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印告知书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1：%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印回执（Ctrl+P）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>继续收件（Enter）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>委托范围</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>名称或拼音首字母</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>备注（选填，办理单位也看得到）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ItemListModel</name>
    <message>
        <source>即办</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 个工作日</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 天</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 小时</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>已收件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>补正告知</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已补正</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已受理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>特别程序</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>准予办结</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不予许可</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已撤回</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已撤销</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已送达</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已归档</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已预约</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已签到</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>爽约</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已转办件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>待上门</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已上门</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未见到</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已登记</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已寄出</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已签收</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已退回</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已丢失</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件超期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>承诺超期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>整改超期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>服务态度</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办事效率</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>一次告知清楚</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>少跑腿</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>窗口环境</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>公正廉洁</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>待出件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>窗口人员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>审批人员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>外勤人员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>管理员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>便民服务站</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>乡镇便民服务中心</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>县级部门</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>窗口</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>网上</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>上门</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>邮递</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已收取</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>容缺后补</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>告知承诺</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已补交</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已核验</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未提供</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>容缺受理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（待补交）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（已履行）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（已违诺）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>非常不满意</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不满意</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>基本满意</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>满意</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>非常满意</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>差评整改（整改中）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>差评整改（已整改）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>差评整改（逾期未整改）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>收件</source>
        <comment>action</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>受理</source>
        <comment>action</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不予受理</source>
        <comment>action</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>补正告知</source>
        <comment>action</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已补正</source>
        <comment>action</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>启动特别程序</source>
        <comment>action</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>结束特别程序</source>
        <comment>action</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>准予办结</source>
        <comment>action</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>容缺办结</source>
        <comment>action</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不予许可</source>
        <comment>action</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>申请撤回</source>
        <comment>action</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>撤回</source>
        <comment>action</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>驳回撤回申请</source>
        <comment>action</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>出具结果</source>
        <comment>action</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>送达出件</source>
        <comment>action</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>撤销</source>
        <comment>action</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>归档</source>
        <comment>action</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>当场办结</source>
        <comment>action</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>材料更新</source>
        <comment>action</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>预约转办件</source>
        <comment>action</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>邮寄</source>
        <comment>action</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>评价</source>
        <comment>action</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>差评整改完成</source>
        <comment>action</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>转办</source>
        <comment>action</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>期限重算</source>
        <comment>action</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>冲突裁决</source>
        <comment>action</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>材料扫描件</source>
        <comment>action</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>修改电话</source>
        <comment>action</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1（%2）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>上门服务终端</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印文书</source>
        <comment>action</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>已锁定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1（%2）离开了窗口，办理中的内容都还在。请输入 %1 的密码继续。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在核对…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>解锁</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>换人登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>换人登录会放弃尚未提交的内容。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoginPage</name>
    <message>
        <source>通办 · 便民服务</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在打开站点数据库…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>用户名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在登录…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1（%2）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本站上次所知的旧密码（只需这一次）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>通办 · %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>通办</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>首页</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>收件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>查询</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>审批</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>上门办</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>预约</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>邮寄</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>评价</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>统计</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>同步</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>冲突处理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>设置</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1（%2）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>退出登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>锁定</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrintSheet</name>
    <message>
        <source>打印%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>共 %1 页</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印机</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>刷新</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在查找打印机…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>这台电脑没有可用的打印机。可以先把文书另存为 PDF（例如存到 U 盘），接好打印机后再打印。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>这台打印机已暂停或出错%1，请先查看打印机。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>份数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>另存为 PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在发送…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>另存为 PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrintedLine</name>
    <message>
        <source>正在生成 PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打开</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QueueRow</name>
    <message>
        <source>绿色通道</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>期限 %1%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（暂定）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RatingPage</name>
    <message>
        <source>办件编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>开始评价</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1&#x3000;%2&#x3000;%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>谢谢您的评价！</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>很抱歉这次没有让您满意。我们已登记整改，将在 %1 个工作日内改进并答复您。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>您的意见会帮助我们把服务做得更好。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>完成</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请窗口人员输入办件编号后开始评价</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>此件已评价，谢谢！</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请您对本次服务进行评价</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>还想说点什么？（可不填）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在提交…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>提交评价</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>原因（必填）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>确认</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SearchPage</name>
    <message>
        <source>清空</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在查找…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>只列出前 %1 件，请输入更完整的姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>找到 %1 件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>全部办件，最新的在前（向下滚动加载更多）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>没有找到相符的办件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>还没有办件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>输入办件编号、身份证号或申请人姓名，或扫回执上的二维码</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>界面语言</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>自动同步</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>关闭</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>每 %1 分钟</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本站尚未接入县级中心，接入后自动同步才会进行。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>有人登录时，每 %1 分钟在后台与中心同步一次，不影响收件和查询。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>只在点“立即同步”时与中心同步。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本站信息（由节点决定，此处只读）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>站点</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1（%2，%3）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>期限提醒</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>剩余时间不足办理时限的 %1% 时显示“即将到期”，到期后显示“已超期”。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>县级中心</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未接入</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>数据库文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>切换后立即生效，下次启动时保持。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无人操作时锁定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不锁定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 分钟</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 分钟没有按键或点击时，窗口锁定，输入本人密码继续；离开窗口时也可点右上角“锁定”。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>窗口不会自动锁定。离开窗口时请点右上角“锁定”。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>修改我的密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>当前密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>新密码（至少 8 位）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>再输一次新密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>更改密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>为同事重设密码（忘记密码或被锁定时）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>账号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1（%2）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>重设密码并解锁</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（由站点管理员设置）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>数据加密</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已加密：没有密码或恢复码，数据库文件读不出任何内容</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未加密：拿到数据库文件就能读出居民信息。请管理员在本机运行“tongban encrypt”加密。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShipmentsPage</name>
    <message>
        <source>邮件（在途 %1 件）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>刷新</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>记为%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>还没有邮寄记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>登记邮件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>申请人寄来材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>寄出办理结果</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>快递公司</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>中国邮政 EMS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>运单号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>地址（寄件人或收件人）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>登记</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>运单 %1：%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>地点（可不填）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>说明（可不填）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>确认</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatsPage</name>
    <message>
        <source>今日</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本周</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本月</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本年</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>统计期间 %1 至 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在统计…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>收件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>受理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>归档办结</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>超期未结</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>绿色通道</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>评价均分（%1 条）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>收件渠道</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>评价分布</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>差评整改未完成 %1 件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>服务方式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>预约</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 个，爽约 %2 个</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>上门</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>计划 %1 次，已上门 %2 次</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>邮寄</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>寄来 %1 件，寄出 %2 件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>承诺</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>待履行 %1 件，违诺 %2 件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>超时问责</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 件未了结</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncFooter</name>
    <message>
        <source>读取中…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未接入县级中心</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>在线</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>离线（照常办理）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>待上传 %1 条</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>上次同步 %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>尚未同步</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>冲突 %1 个</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>同步中…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>立即同步</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>详情</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本站涉及的办件中有 %1 处冲突：两个站点同时改了同一项内容。县级中心的管理员会裁决；在此之前，各站点显示同一个暂定值，办件照常办理。裁决结果在下次同步时到达，并记入办件的办理记录。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本站涉及的办件没有待裁决的冲突。两个站点同时改了同一项内容时，这里会显示数量，由县级中心的管理员裁决。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>知道了</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>与县级中心同步</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>读取中…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本站尚未接入县级中心</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>在线</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>离线</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>收件、办件都在本机进行。接入中心后，点“立即同步”把本站的变更汇总到县里。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>上次连接中心成功。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>连不上中心时照常收件、办件，所有变更都保存在本机，恢复联网后点“立即同步”上传。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>中心地址</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未设置</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>待上传变更</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 条（最早 %2）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 条</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>上次成功同步</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>从未</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>上次尝试</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未解决冲突</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 个</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>被中心拒收</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>最近错误</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>立即同步</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在同步…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>同步先上传本站的变更，再下载中心的更新。网络慢时可以继续办理其他业务。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>失败</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本站尚未接入县级中心，接入后才能同步。请中心管理员给出注册码，由本站管理员运行“tongban enroll”接入。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Theme</name>
    <message>
        <source>操作未完成：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已超期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>即将到期</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tongban::desk::AccountDesk</name>
    <message>
        <source>两次输入的新密码不一样，请重新输入</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>密码已更改，下次登录请用新密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已为“%1”设置新密码；本机上的锁定也已解除</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tongban::desk::AppointmentDesk</name>
    <message>
        <source>周日</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>周一</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>周二</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>周三</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>周四</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>周五</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>周六</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1（%2）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 至 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已预约：%1 %2，%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 已签到</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已取消 %1 的预约</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已将 %1 个过时未到的预约记为爽约</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tongban::desk::CaseDetail</name>
    <message>
        <source>已超时 %1 小时</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>还剩 %1 小时</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不足 1 小时</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已超期 %1 天</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已超期 %1 个工作日</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>今天到期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>还剩 %1 天</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>还剩 %1 个工作日</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1（%2，授权书 %3）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2 %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>核验</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>登记补交</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>整条记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>材料“%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>承诺</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>申请人已寄出</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已收到</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>申请人已签收</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已退回申请人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>寄来材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>寄出结果</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>扫描件</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tongban::desk::DeskController</name>
    <message>
        <source>请先登录</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tongban::desk::DeskSession</name>
    <message>
        <source>请指定站点数据库文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>站点数据库尚未打开</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已加密的站点，登录后打开</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>县中心已停用本机：本机的内容都已交中心，本机上的站点数据已清除。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tongban::desk::DocumentPrinter</name>
    <message>
        <source>通办打印</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1已生成，请在打印窗口选择打印机</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（默认）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（已暂停）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已送打印机“%1”，共 %2 份，正在打印…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1”已打印完成：%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印机没有说明原因</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文书已保存：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无法保存到 %1，请换一个位置（U 盘是否已拔出？）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文书已另存为 %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>受理回执</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不予受理通知书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>一次性告知书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印机“%1”两分钟内没有打完，已取消这次打印。请查看打印机的纸张、电源和连线；文书已保存，可以重新打印。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印机“%1”没有打完这份文书：%2。已取消这次打印；文书已保存，可以重新打印或另存为 PDF。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tongban::desk::FieldDesk</name>
    <message>
        <source>已记录：%1，%2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tongban::desk::HubAdmin</name>
    <message>
        <source>整条记录（一方删除，一方修改）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>申请人联系电话</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>申请人姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办理结果</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>绿色通道原因</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办理机构</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办结期限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>送达方式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>预约状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>上门状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>邮件状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>人员岗位</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>材料 %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（无）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>采用站点的值</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>采用中心的值</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>采用新值 %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1（%2，%3）：%4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>连不上县级中心 %1：%2。请检查网络，稍后再试。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>管理令牌不正确或已失效。请向县级中心索取新的令牌（tongban-central admin-token）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>操作未完成：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>冲突 #%1 已解决，各站下次同步时采用。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>事项目录已发布：新增 %1 项，更新 %2 项，未变 %3 项。各站下次同步时收到。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>日历 %1 已发布（%2）。各站同步后按新日历重算办结期限。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>全部站点</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>备注</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tongban::desk::IntakeForm</name>
    <message>
        <source>受理回执</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>受理地点：%1（%2）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件编号：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办理事项：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>申请人：%1&#x3000;证件号码：%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>代办人：%1&#x3000;证件号码：%2&#x3000;授权书：%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>收件方式：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>收件时间：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办结期限：%1%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（暂定）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>绿色通道：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>收取材料：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>经办人：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请妥善保管本回执，凭办件编号查询办理进度。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>上门收件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请填写代办人姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>代办人身份证号码：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请填写代办人身份证号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请填写授权委托书编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请填写委托范围（授权委托书上写明的事项）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>只有窗口工作人员可以收件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请先选择事项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请填写申请人姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请填写正确的统一社会信用代码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请填写正确的身份证号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>代办人信息未填完：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>缺少必需材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请填写绿色通道的理由</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>有效期请写成 年-月-日，如 2027-12-31</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>没有这一天：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>授权委托书已于 %1 到期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件已收件，但上门记录未保存：%1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tongban::desk::ScanDesk</name>
    <message>
        <source>扫描仪“%1”没有扫完这一页：%2。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已扫的 %1 页都还在。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无法把扫描页写成 PDF（内存是否不足？）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tongban::desk::ShipmentDesk</name>
    <message>
        <source>已登记邮件 %1（办件 %2）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>邮件 %1：%2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tongban::desk::SyncBar</name>
    <message>
        <source>正在连接中心…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>上传</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>下载</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2/%3 条</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2 条</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>同步失败：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>同步完成：上传 %1 条，下载 %2 条，新冲突 %3 个</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
