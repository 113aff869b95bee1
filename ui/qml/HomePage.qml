import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongban.Desk

// Today at the window: the figures that need attention (NodeStore::Today),
// today's cases with the green channel first, today's appointments and the
// commitments about to fall due.
ColumnLayout {
    id: page
    required property DeskSession session
    readonly property TodayBoard today: page.session.today
    signal openCase(string caseNo)
    signal newIntake()
    signal openPage(string page)

    spacing: 16

    RowLayout {
        Layout.fillWidth: true
        Layout.fillHeight: false
        spacing: 12
        StatCard {
            Layout.fillWidth: true
            label: qsTr("今日收件")
            value: String(page.session.queue.count)
            accent: Theme.primary
        }
        StatCard {
            Layout.fillWidth: true
            label: qsTr("在办绿色通道")
            value: String(page.today.green)
            accent: Theme.green
            tint: page.today.green > 0 ? Theme.greenLight : Theme.panel
        }
        StatCard {
            Layout.fillWidth: true
            label: qsTr("即将到期")
            value: String(page.today.warning)
            accent: Theme.warning
            tint: page.today.warning > 0 ? Theme.warningLight : Theme.panel
        }
        StatCard {
            Layout.fillWidth: true
            label: qsTr("已超期")
            value: String(page.today.overdue)
            accent: Theme.danger
            tint: page.today.overdue > 0 ? Theme.dangerLight : Theme.panel
        }
        StatCard {
            Layout.fillWidth: true
            label: qsTr("待出件")
            value: String(page.today.handout)
        }
        BigButton {
            visible: page.session.canIntake
            Layout.fillHeight: true
            Layout.preferredWidth: Math.max(150, implicitWidth)
            text: qsTr("新收件")
            font.pixelSize: Theme.fontTitle
            onClicked: page.newIntake()
        }
    }

    RowLayout {
        Layout.fillWidth: true
        Layout.fillHeight: true
        spacing: 16

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
                delegate: QueueRow {
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

        ColumnLayout {
            Layout.preferredWidth: 400
            Layout.maximumWidth: 400
            Layout.fillHeight: true
            spacing: 16

            Panel {
                Layout.fillWidth: true
                Layout.fillHeight: true
                title: qsTr("今日预约（%1）").arg(page.today.appointments.count)
                headerExtra: [
                    BigButton {
                        visible: page.session.pages.indexOf("appointments") >= 0
                        text: qsTr("预约")
                        tone: "plain"
                        implicitHeight: 40
                        font.pixelSize: Theme.fontSize
                        onClicked: page.openPage("appointments")
                    }
                ]
                ListView {
                    id: appointments
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    clip: true
                    model: page.today.appointments
                    boundsBehavior: Flickable.StopAtBounds
                    delegate: RowLayout {
                        required property string time
                        required property string applicantName
                        required property string itemName
                        required property string stateLabel
                        required property string state
                        width: ListView.view.width
                        height: 44
                        spacing: 10
                        Text {
                            text: time
                            font.pixelSize: Theme.fontSize
                            font.bold: true
                            color: Theme.text
                        }
                        ColumnLayout {
                            Layout.fillWidth: true
                            spacing: 0
                            Text {
                                Layout.fillWidth: true
                                text: applicantName
                                font.pixelSize: Theme.fontSize
                                color: Theme.text
                                elide: Text.ElideRight
                            }
                            Text {
                                Layout.fillWidth: true
                                text: itemName
                                font.pixelSize: Theme.fontSmall
                                color: Theme.muted
                                elide: Text.ElideRight
                            }
                        }
                        Text {
                            text: stateLabel
                            font.pixelSize: Theme.fontSmall
                            color: state === "checked_in" ? Theme.green : state === "no_show" ? Theme.danger : Theme.primaryDark
                        }
                    }
                    Text {
                        anchors.centerIn: parent
                        width: parent.width - 24
                        horizontalAlignment: Text.AlignHCenter
                        wrapMode: Text.Wrap
                        visible: appointments.count === 0
                        text: qsTr("今天没有预约")
                        font.pixelSize: Theme.fontSize
                        color: Theme.muted
                    }
                }
            }

            Panel {
                Layout.fillWidth: true
                Layout.preferredHeight: 220
                title: qsTr("即将到期的承诺（%1）").arg(page.today.commitments.count)
                ListView {
                    id: commitments
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    clip: true
                    model: page.today.commitments
                    boundsBehavior: Flickable.StopAtBounds
                    delegate: Rectangle {
                        id: commitment
                        required property string caseNo
                        required property string due
                        required property bool overdue
                        width: ListView.view.width
                        height: 38
                        color: commitmentTap.pressed ? Theme.primaryLight : "transparent"
                        RowLayout {
                            anchors.fill: parent
                            spacing: 10
                            Text {
                                Layout.fillWidth: true
                                text: commitment.caseNo
                                font.pixelSize: Theme.fontSize
                                color: Theme.primaryDark
                                elide: Text.ElideRight
                            }
                            Text {
                                text: commitment.overdue ? qsTr("已过期 %1").arg(commitment.due) : qsTr("期限 %1").arg(commitment.due)
                                font.pixelSize: Theme.fontSmall
                                color: commitment.overdue ? Theme.danger : Theme.warning
                            }
                        }
                        TapHandler {
                            id: commitmentTap
                            onTapped: page.openCase(commitment.caseNo)
                        }
                    }
                    Text {
                        anchors.centerIn: parent
                        width: parent.width - 24
                        horizontalAlignment: Text.AlignHCenter
                        wrapMode: Text.Wrap
                        visible: commitments.count === 0
                        text: qsTr("五个工作日内没有到期的承诺")
                        font.pixelSize: Theme.fontSize
                        color: Theme.muted
                    }
                }
            }
        }
    }
}
