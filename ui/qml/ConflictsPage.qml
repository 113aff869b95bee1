import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Tongban.Desk

// The admin console: the county hub's conflict inbox — the version the station
// edited against, the station's value and the hub's side by side, resolved in
// one click — and every station's last contact and lag.
ColumnLayout {
    id: page
    required property DeskSession session
    readonly property HubAdmin admin: page.session.hubAdmin
    readonly property var c: page.admin.current

    spacing: 14

    onVisibleChanged: if (visible && !page.admin.linkKnown) page.admin.loadLink()

    // Not connected: where the hub is, and the admin token.
    Panel {
        Layout.fillWidth: true
        Layout.preferredHeight: login.implicitHeight + 72
        visible: !page.admin.connected
        title: qsTr("连接县级中心管理接口")
        ColumnLayout {
            id: login
            Layout.fillWidth: true
            spacing: 12
            Text {
                Layout.fillWidth: true
                text: !page.admin.linkKnown ? qsTr("正在读取本站的中心地址…")
                      : page.admin.hubUrl.length > 0 ? qsTr("中心地址：%1（取自本站的接入设置）").arg(page.admin.hubUrl)
                      : qsTr("本站尚未接入县级中心，无法打开管理接口。")
                font.pixelSize: Theme.fontSize
                color: page.admin.hubUrl.length > 0 ? Theme.text : Theme.muted
                wrapMode: Text.Wrap
            }
            RowLayout {
                Layout.fillWidth: true
                visible: page.admin.hubUrl.length > 0
                spacing: 12
                Field {
                    id: token
                    objectName: "hubToken"
                    Layout.preferredWidth: 520
                    label: qsTr("管理令牌（由县级中心发放，只在本次登录期间保存在内存中）")
                    input.echoMode: TextInput.Password
                    onAccepted: page.admin.connectHub(token.text)
                }
                BigButton {
                    objectName: "hubConnect"
                    Layout.alignment: Qt.AlignBottom
                    text: page.admin.busy ? qsTr("正在连接…") : qsTr("连接")
                    enabled: !page.admin.busy && token.text.trim().length > 0
                    onClicked: page.admin.connectHub(token.text)
                }
            }
            Text {
                objectName: "hubError"
                Layout.fillWidth: true
                visible: page.admin.error.length > 0
                text: page.admin.error
                font.pixelSize: Theme.fontSize
                color: Theme.danger
                wrapMode: Text.Wrap
            }
        }
    }
    Item { Layout.fillHeight: true; visible: !page.admin.connected }

    // Connected: the console.
    RowLayout {
        Layout.fillWidth: true
        visible: page.admin.connected
        spacing: 12
        Text {
            Layout.fillWidth: true
            text: qsTr("已连接 %1").arg(page.admin.hubUrl)
            font.pixelSize: Theme.fontSize
            color: Theme.green
            elide: Text.ElideRight
        }
        CheckBox {
            text: qsTr("显示已解决")
            font.pixelSize: Theme.fontSize
            checked: page.admin.showResolved
            onClicked: page.admin.showResolved = checked
        }
        BigButton {
            implicitHeight: 44
            font.pixelSize: Theme.fontSize
            text: qsTr("刷新")
            tone: "plain"
            enabled: !page.admin.busy
            onClicked: page.admin.refresh()
        }
        BigButton {
            objectName: "publish"
            implicitHeight: 44
            font.pixelSize: Theme.fontSize
            text: qsTr("发布事项目录和日历")
            tone: "plain"
            enabled: page.admin.hubPublishes && !page.admin.busy
            onClicked: publishDialog.open()
        }
        BigButton {
            implicitHeight: 44
            font.pixelSize: Theme.fontSize
            text: qsTr("断开")
            tone: "plain"
            onClicked: page.admin.disconnectHub()
        }
    }

    RowLayout {
        Layout.fillWidth: true
        Layout.fillHeight: true
        visible: page.admin.connected
        spacing: 14

        ColumnLayout {
            Layout.preferredWidth: 420
            Layout.maximumWidth: 420
            Layout.fillHeight: true
            spacing: 14

            Panel {
                Layout.fillWidth: true
                Layout.fillHeight: true
                title: page.admin.showResolved ? qsTr("全部冲突（%1）").arg(page.admin.conflicts.count)
                                               : qsTr("待处理冲突（%1）").arg(page.admin.conflicts.count)
                ListView {
                    id: conflictList
                    objectName: "conflictList"
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    clip: true
                    model: page.admin.conflicts
                    boundsBehavior: Flickable.StopAtBounds
                    ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }
                    delegate: Rectangle {
                        id: conflictRow
                        required property int index
                        required property int conflictId
                        required property string label
                        required property string field
                        required property string stationNode
                        required property string hubNode
                        required property string status
                        required property string created
                        readonly property bool chosen: conflictRow.conflictId === page.admin.currentId
                        width: ListView.view.width
                        implicitHeight: rowColumn.implicitHeight + 16
                        color: conflictRow.chosen ? Theme.primaryLight : (conflictTap.pressed ? "#eef2f7" : "#ffffff")
                        Rectangle {
                            width: 5
                            anchors.top: parent.top
                            anchors.bottom: parent.bottom
                            color: conflictRow.status === "open" ? Theme.danger : Theme.green
                        }
                        ColumnLayout {
                            id: rowColumn
                            anchors.left: parent.left
                            anchors.right: parent.right
                            anchors.verticalCenter: parent.verticalCenter
                            anchors.leftMargin: 16
                            anchors.rightMargin: 8
                            spacing: 2
                            RowLayout {
                                Layout.fillWidth: true
                                Text {
                                    Layout.fillWidth: true
                                    text: "#" + conflictRow.conflictId + "　" + conflictRow.label
                                    font.pixelSize: Theme.fontSize
                                    font.bold: true
                                    color: Theme.text
                                    elide: Text.ElideRight
                                }
                                Text {
                                    text: conflictRow.status === "open" ? qsTr("待处理") : qsTr("已解决")
                                    font.pixelSize: Theme.fontSmall
                                    color: conflictRow.status === "open" ? Theme.danger : Theme.green
                                }
                            }
                            Text {
                                Layout.fillWidth: true
                                text: qsTr("%1：%2 与 %3").arg(conflictRow.field).arg(conflictRow.stationNode).arg(conflictRow.hubNode)
                                font.pixelSize: Theme.fontSmall
                                color: Theme.muted
                                elide: Text.ElideRight
                            }
                        }
                        Rectangle {
                            anchors.left: parent.left
                            anchors.right: parent.right
                            anchors.bottom: parent.bottom
                            height: 1
                            color: Theme.divider
                        }
                        TapHandler {
                            id: conflictTap
                            onTapped: page.admin.select(conflictRow.conflictId)
                        }
                    }
                    Text {
                        anchors.centerIn: parent
                        visible: conflictList.count === 0
                        text: qsTr("没有待处理的冲突")
                        font.pixelSize: Theme.fontLarge
                        color: Theme.muted
                    }
                }
            }

            Panel {
                Layout.fillWidth: true
                Layout.preferredHeight: 250
                title: qsTr("各站同步情况（%1）").arg(page.admin.nodes.count)
                ListView {
                    id: nodeList
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    clip: true
                    model: page.admin.nodes
                    boundsBehavior: Flickable.StopAtBounds
                    ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }
                    delegate: RowLayout {
                        id: nodeRow
                        required property string code
                        required property string name
                        required property string lastSeen
                        required property var lag
                        required property bool revoked
                        width: ListView.view.width - 10
                        height: 40
                        spacing: 8
                        Text {
                            Layout.fillWidth: true
                            text: nodeRow.code + "　" + nodeRow.name
                            font.pixelSize: Theme.fontSmall
                            color: nodeRow.revoked ? Theme.muted : Theme.text
                            font.strikeout: nodeRow.revoked
                            elide: Text.ElideRight
                        }
                        Text {
                            text: nodeRow.lastSeen.length > 0 ? nodeRow.lastSeen : qsTr("从未连接")
                            font.pixelSize: Theme.fontSmall
                            color: nodeRow.lastSeen.length > 0 ? Theme.muted : Theme.warning
                        }
                        Text {
                            Layout.preferredWidth: 84
                            horizontalAlignment: Text.AlignRight
                            text: qsTr("落后 %1").arg(nodeRow.lag)
                            font.pixelSize: Theme.fontSmall
                            color: nodeRow.lag > 0 ? Theme.warning : Theme.green
                        }
                    }
                }
            }
        }

        Panel {
            Layout.fillWidth: true
            Layout.fillHeight: true
            title: page.c.id !== undefined ? qsTr("冲突 #%1　%2").arg(page.c.id).arg(page.c.label) : qsTr("冲突")

            Text {
                Layout.fillWidth: true
                visible: page.c.id === undefined
                text: qsTr("请在左侧选择冲突。")
                font.pixelSize: Theme.fontLarge
                color: Theme.muted
            }
            Text {
                Layout.fillWidth: true
                visible: page.c.id !== undefined
                text: qsTr("字段：%1　　发现于 %2").arg(page.c.field || "").arg(page.c.created || "")
                font.pixelSize: Theme.fontSize
                color: Theme.muted
                wrapMode: Text.Wrap
            }

            RowLayout {
                Layout.fillWidth: true
                visible: page.c.id !== undefined
                spacing: 10
                Repeater {
                    model: [
                        { title: qsTr("共同的基础版本"),
                          value: (page.c.baseValue || "").length > 0 ? page.c.baseValue
                                 : (page.c.baseVersion || "").length > 0 ? page.c.baseVersion : qsTr("无（此前未填写）"),
                          who: (page.c.baseValue || "").length > 0 ? qsTr("站点修改时所依据的值（%1）").arg(page.c.baseVersion)
                                                                     : qsTr("站点修改时所依据的版本"),
                          tone: "base" },
                        { title: qsTr("站点 %1 的值").arg(page.c.stationNode || ""), value: page.c.stationValue || "",
                          who: qsTr("%1，%2").arg(page.c.stationUser || "").arg(page.c.stationAt || ""), tone: "station" },
                        { title: qsTr("中心（来自 %1）的值").arg(page.c.hubNode || ""), value: page.c.hubValue || "",
                          who: qsTr("%1，%2").arg(page.c.hubUser || "").arg(page.c.hubAt || ""), tone: "hub" }
                    ]
                    delegate: Rectangle {
                        required property var modelData
                        Layout.fillWidth: true
                        Layout.preferredWidth: 1
                        implicitHeight: sideColumn.implicitHeight + 24
                        radius: Theme.radius
                        color: modelData.tone === "base" ? "#f3f5f8" : modelData.tone === "station" ? Theme.primaryLight : Theme.warningLight
                        border.color: Theme.border
                        ColumnLayout {
                            id: sideColumn
                            anchors.left: parent.left
                            anchors.right: parent.right
                            anchors.top: parent.top
                            anchors.margins: 12
                            spacing: 4
                            Text {
                                Layout.fillWidth: true
                                text: modelData.title
                                font.pixelSize: Theme.fontSmall
                                color: Theme.muted
                                wrapMode: Text.Wrap
                            }
                            Text {
                                Layout.fillWidth: true
                                text: modelData.value
                                font.pixelSize: modelData.tone === "base" ? Theme.fontSmall : Theme.fontTitle
                                font.bold: modelData.tone !== "base"
                                color: Theme.text
                                wrapMode: Text.WrapAnywhere
                            }
                            Text {
                                Layout.fillWidth: true
                                text: modelData.who
                                font.pixelSize: Theme.fontSmall
                                color: Theme.muted
                                wrapMode: Text.WrapAnywhere
                            }
                        }
                    }
                }
            }

            Text {
                Layout.fillWidth: true
                visible: page.c.id !== undefined
                text: page.c.resolved ? qsTr("已解决：%1").arg(page.c.resolution)
                                      : qsTr("未解决前各站暂时显示：%1").arg(page.c.provisional || "")
                font.pixelSize: Theme.fontSize
                color: page.c.resolved ? Theme.green : Theme.warning
                wrapMode: Text.Wrap
            }

            Field {
                id: note
                objectName: "resolveNote"
                Layout.fillWidth: true
                visible: page.c.id !== undefined && !page.c.resolved
                label: qsTr("处理说明（必填，记入冲突记录）")
                placeholder: qsTr("例如：已电话核实，以窗口登记为准")
            }
            RowLayout {
                Layout.fillWidth: true
                visible: page.c.id !== undefined && !page.c.resolved
                spacing: 12
                BigButton {
                    objectName: "takeStation"
                    text: qsTr("采用站点的值")
                    enabled: !page.admin.busy && note.text.trim().length > 0
                    onClicked: page.admin.resolve("station", "", note.text)
                }
                BigButton {
                    objectName: "takeHub"
                    text: qsTr("采用中心的值")
                    tone: "plain"
                    enabled: !page.admin.busy && note.text.trim().length > 0
                    onClicked: page.admin.resolve("hub", "", note.text)
                }
            }
            RowLayout {
                Layout.fillWidth: true
                visible: page.c.id !== undefined && !page.c.resolved
                spacing: 12
                Field {
                    id: custom
                    objectName: "customValue"
                    Layout.fillWidth: true
                    label: page.c.numeric ? qsTr("或者填写新值（数字）") : qsTr("或者填写新值")
                }
                BigButton {
                    objectName: "takeValue"
                    Layout.alignment: Qt.AlignBottom
                    text: qsTr("采用新值")
                    tone: "plain"
                    enabled: !page.admin.busy && note.text.trim().length > 0 && custom.text.length > 0
                    onClicked: page.admin.resolve("value", custom.text, note.text)
                }
            }
            Text {
                objectName: "consoleMessage"
                Layout.fillWidth: true
                visible: text.length > 0
                text: page.admin.error.length > 0 ? page.admin.error : page.admin.message
                font.pixelSize: Theme.fontSize
                color: page.admin.error.length > 0 ? Theme.danger : Theme.green
                wrapMode: Text.Wrap
            }
            Item { Layout.fillHeight: true }
        }
    }

    Connections {
        target: page.admin
        function onResolved() { note.text = ""; custom.text = "" }
    }

    // Publishing from the console: the service catalog, or a calendar (holidays,
    // closures) for some or all nodes; nodes take them on their next sync.
    // The files to publish, chosen in file dialogs: no path is ever typed.
    FileDialog {
        id: catalogFile
        title: qsTr("选择事项目录文件")
        onAccepted: publishDialog.catalog = page.session.localPath(catalogFile.selectedFile)
    }
    FileDialog {
        id: calendarFile
        title: qsTr("选择日历文件")
        onAccepted: publishDialog.calendar = page.session.localPath(calendarFile.selectedFile)
    }

    Popup {
        id: publishDialog
        property string catalog    // a path, or "sample"
        property string calendar
        parent: Overlay.overlay
        anchors.centerIn: parent
        width: 720
        modal: true
        padding: 24
        background: Rectangle { radius: Theme.radius; color: Theme.panel; border.color: Theme.border }
        ColumnLayout {
            anchors.fill: parent
            spacing: 12
            Text {
                text: qsTr("向各站发布")
                font.pixelSize: Theme.fontTitle
                font.bold: true
                color: Theme.text
            }
            Text {
                text: qsTr("事项目录（tongban-catalog/1 文件，或随附的示例目录）")
                font.pixelSize: Theme.fontSize
                color: Theme.muted
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: 12
                BigButton {
                    text: qsTr("选择文件…")
                    tone: "plain"
                    onClicked: catalogFile.open()
                }
                BigButton {
                    text: qsTr("示例目录")
                    tone: publishDialog.catalog === "sample" ? "primary" : "plain"
                    onClicked: publishDialog.catalog = "sample"
                }
                Text {
                    Layout.fillWidth: true
                    text: publishDialog.catalog === "sample" ? qsTr("随附的示例目录")
                          : publishDialog.catalog.length > 0 ? publishDialog.catalog : qsTr("尚未选择")
                    font.pixelSize: Theme.fontSize
                    color: publishDialog.catalog.length > 0 ? Theme.text : Theme.muted
                    elide: Text.ElideMiddle
                }
                BigButton {
                    text: qsTr("发布目录")
                    enabled: !page.admin.busy && publishDialog.catalog.length > 0
                    onClicked: page.admin.publishCatalog(publishDialog.catalog)
                }
            }
            Text {
                Layout.topMargin: 8
                text: qsTr("日历（tongban-calendar/1 文件）")
                font.pixelSize: Theme.fontSize
                color: Theme.muted
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: 12
                BigButton {
                    text: qsTr("选择文件…")
                    tone: "plain"
                    onClicked: calendarFile.open()
                }
                Text {
                    Layout.fillWidth: true
                    text: publishDialog.calendar.length > 0 ? publishDialog.calendar : qsTr("尚未选择")
                    font.pixelSize: Theme.fontSize
                    color: publishDialog.calendar.length > 0 ? Theme.text : Theme.muted
                    elide: Text.ElideMiddle
                }
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: 12
                Field {
                    id: calendarName
                    Layout.fillWidth: true
                    label: qsTr("名称（同名的旧日历被替换）")
                }
                Field {
                    id: calendarNodes
                    Layout.fillWidth: true
                    label: qsTr("适用站点（逗号分隔，空为全部）")
                }
                BigButton {
                    Layout.alignment: Qt.AlignBottom
                    text: qsTr("发布日历")
                    enabled: !page.admin.busy && publishDialog.calendar.length > 0
                             && calendarName.text.trim().length > 0
                    onClicked: page.admin.publishCalendar(publishDialog.calendar, calendarName.text, calendarNodes.text)
                }
            }
            Text {
                Layout.fillWidth: true
                visible: text.length > 0
                text: page.admin.busy ? qsTr("正在发布…") : page.admin.error.length > 0 ? page.admin.error : page.admin.message
                font.pixelSize: Theme.fontSize
                color: page.admin.error.length > 0 ? Theme.danger : Theme.green
                wrapMode: Text.Wrap
            }
            BigButton {
                Layout.alignment: Qt.AlignRight
                text: qsTr("关闭")
                tone: "plain"
                onClicked: publishDialog.close()
            }
        }
    }
}
