import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongban.Desk

// The sync bar at the bottom of every page.
Rectangle {
    id: footer
    required property SyncBar bar
    signal openSync()

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
            text: qsTr("冲突 %1 个").arg(footer.bar.openConflicts)
            font.pixelSize: Theme.fontSize
            font.bold: footer.bar.openConflicts > 0
            color: footer.bar.openConflicts > 0 ? Theme.danger : Theme.muted
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
}
