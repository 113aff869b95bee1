import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongban.Desk

// Today at the window: figures that need attention and today's cases,
// green channel first.
ColumnLayout {
    id: page
    required property DeskSession session
    signal openCase(string caseNo)
    signal newIntake()

    spacing: 16

    function figure(n) {
        return page.session.stats.capped ? qsTr("%1+").arg(n) : String(n)
    }

    RowLayout {
        Layout.fillWidth: true
        spacing: 14
        StatCard {
            Layout.fillWidth: true
            label: qsTr("今日收件")
            value: String(page.session.queue.count)
            accent: Theme.primary
        }
        StatCard {
            Layout.fillWidth: true
            label: qsTr("今日绿色通道")
            value: String(page.session.queue.greenCount)
            accent: Theme.green
            tint: page.session.queue.greenCount > 0 ? Theme.greenLight : Theme.panel
        }
        StatCard {
            Layout.fillWidth: true
            label: qsTr("即将到期")
            value: page.figure(page.session.stats.warning)
            accent: Theme.warning
            tint: page.session.stats.warning > 0 ? Theme.warningLight : Theme.panel
        }
        StatCard {
            Layout.fillWidth: true
            label: qsTr("已超期")
            value: page.figure(page.session.stats.overdue)
            accent: Theme.danger
            tint: page.session.stats.overdue > 0 ? Theme.dangerLight : Theme.panel
        }
        StatCard {
            Layout.fillWidth: true
            label: qsTr("待出件")
            value: page.figure(page.session.stats.handout)
        }
        StatCard {
            Layout.fillWidth: true
            label: qsTr("待申请人补正")
            value: page.figure(page.session.stats.supplement)
        }
        BigButton {
            visible: page.session.canIntake
            Layout.preferredHeight: 104
            Layout.preferredWidth: 170
            text: qsTr("新收件")
            font.pixelSize: Theme.fontTitle
            onClicked: page.newIntake()
        }
    }

    Panel {
        Layout.fillWidth: true
        Layout.fillHeight: true
        title: qsTr("今日办件（绿色通道优先）")
        headerExtra: [
            BigButton {
                text: qsTr("刷新")
                tone: "plain"
                implicitHeight: 40
                font.pixelSize: Theme.fontSize
                onClicked: page.session.refreshAll()
            }
        ]

        ListView {
            id: list
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: page.session.queue
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }
            delegate: CaseRow {
                width: ListView.view.width
                onClicked: caseNo => page.openCase(caseNo)
            }
            Text {
                anchors.centerIn: parent
                visible: list.count === 0
                text: page.session.queue.loading ? qsTr("正在读取…")
                      : page.session.queue.error.length > 0 ? page.session.queue.error
                      : qsTr("今天还没有收件")
                font.pixelSize: Theme.fontLarge
                color: Theme.muted
            }
        }
    }
}
