import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongban.Desk

// The sync bar at the bottom of every page.
Rectangle {
    id: footer
    required property SyncBar bar
    // Whoever may resolve conflicts (an admin) is taken to the inbox; anyone else is told
    // what the count means.
    property bool canResolve: false
    signal openSync()
    signal openConflicts()

    implicitHeight: 52 + (noticeStrip.visible ? noticeStrip.height : 0)
    color: "#ffffff"

    readonly property color stateColor: !footer.bar.enrolled ? Theme.muted
                                        : footer.bar.online ? Theme.green : Theme.warning
    readonly property string stateText: !footer.bar.known ? qsTr("读取中…")
                                        : !footer.bar.enrolled ? qsTr("未接入县级中心")
                                        : footer.bar.online ? qsTr("在线") : qsTr("离线（照常办理）")

    Rectangle {
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        height: 1
        color: Theme.border
    }

    // A held change or a wrong clock: said in words with what to do, above the bar.
    Rectangle {
        id: noticeStrip
        visible: footer.bar.notice.length > 0
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        height: noticeText.implicitHeight + 12
        color: Theme.warningLight
        Text {
            id: noticeText
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.verticalCenter: parent.verticalCenter
            anchors.leftMargin: 20
            anchors.rightMargin: 20
            text: footer.bar.notice
            wrapMode: Text.Wrap
            font.pixelSize: Theme.fontSmall
            color: Theme.warning
        }
    }

    RowLayout {
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        height: 52
        anchors.leftMargin: 20
        anchors.rightMargin: 12
        spacing: 22

        RowLayout {
            spacing: 8
            Rectangle {
                implicitWidth: 14
                implicitHeight: 14
                radius: 7
                color: footer.stateColor
            }
            Text {
                text: footer.stateText
                font.pixelSize: Theme.fontSize
                font.bold: true
                color: footer.stateColor
            }
        }
        Text {
            text: qsTr("待上传 %1 条").arg(footer.bar.queueDepth)
            font.pixelSize: Theme.fontSize
            color: Theme.text
        }
        Text {
            text: footer.bar.lastSuccess.length > 0 ? qsTr("上次同步 %1").arg(footer.bar.lastSuccess)
                                                    : qsTr("尚未同步")
            font.pixelSize: Theme.fontSize
            color: Theme.muted
        }
        Text {
            objectName: "conflictCount"
            text: qsTr("冲突 %1 个").arg(footer.bar.openConflicts)
            font.pixelSize: Theme.fontSize
            font.bold: footer.bar.openConflicts > 0
            font.underline: conflictHover.hovered
            color: footer.bar.openConflicts > 0 ? Theme.danger : Theme.muted
            HoverHandler {
                id: conflictHover
                cursorShape: Qt.PointingHandCursor
            }
            TapHandler {
                onTapped: footer.canResolve ? footer.openConflicts() : conflictHelp.open()
            }
        }
        Item { Layout.fillWidth: true }
        ProgressBar {
            visible: footer.bar.running
            Layout.preferredWidth: 160
            indeterminate: footer.bar.progress < 0
            value: Math.max(0, footer.bar.progress)
        }
        Text {
            visible: footer.bar.running
            text: footer.bar.progressText
            font.pixelSize: Theme.fontSmall
            color: Theme.muted
        }
        Button {
            text: footer.bar.running ? qsTr("同步中…") : qsTr("立即同步")
            enabled: footer.bar.enrolled && !footer.bar.running
            font.pixelSize: Theme.fontSize
            implicitHeight: 40
            onClicked: footer.bar.syncNow()
        }
        Button {
            text: qsTr("详情")
            font.pixelSize: Theme.fontSize
            implicitHeight: 40
            onClicked: footer.openSync()
        }
    }

    Popup {
        id: conflictHelp
        objectName: "conflictHelp"
        parent: Overlay.overlay
        anchors.centerIn: parent
        width: Math.min(560, footer.width - 40)
        modal: true
        padding: 20
        background: Rectangle { radius: Theme.radius; color: Theme.panel; border.color: Theme.border }
        ColumnLayout {
            anchors.fill: parent
            spacing: 12
            Text {
                objectName: "conflictHelpText"
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                font.pixelSize: Theme.fontSize
                color: Theme.text
                text: footer.bar.openConflicts > 0
                      ? qsTr("本站涉及的办件中有 %1 处冲突：两个站点同时改了同一项内容。县级中心的管理员会裁决；在此之前，各站点显示同一个暂定值，办件照常办理。裁决结果在下次同步时到达，并记入办件的办理记录。").arg(footer.bar.openConflicts)
                      : qsTr("本站涉及的办件没有待裁决的冲突。两个站点同时改了同一项内容时，这里会显示数量，由县级中心的管理员裁决。")
            }
            BigButton {
                Layout.alignment: Qt.AlignRight
                text: qsTr("知道了")
                onClicked: conflictHelp.close()
            }
        }
    }
}
