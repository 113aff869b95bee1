import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongban.Desk

// Door visits (上门办) on the field laptop: the visits planned for it, how each
// went, and receiving a case at the door (the intake form, channel door).
ColumnLayout {
    id: page
    required property DeskSession session
    readonly property FieldDesk desk: page.session.field
    signal openPage(string page)

    spacing: 12

    onVisibleChanged: if (visible) page.desk.refresh()

    function receiveAt(v) {
        page.session.intake.startFromVisit(v.ref, v.itemCode, v.applicantName, v.applicantId, v.phone)
        page.openPage("intake")
    }

    RowLayout {
        Layout.fillWidth: true
        spacing: 12
        Text {
            text: qsTr("待上门 %1 户").arg(page.desk.planned)
            font.pixelSize: Theme.fontTitle
            font.bold: true
            color: Theme.text
        }
        CheckBox {
            Layout.leftMargin: 16
            text: qsTr("显示已完成")
            font.pixelSize: Theme.fontSize
            checked: page.desk.showDone
            onClicked: page.desk.showDone = checked
        }
        Item { Layout.fillWidth: true }
        BigButton {
            visible: page.session.canIntake
            text: qsTr("上门收件（无计划）")
            tone: "plain"
            onClicked: {
                page.session.intake.clear()
                page.session.intake.channel = "door"
                page.openPage("intake")
            }
        }
        BigButton {
            text: qsTr("刷新")
            tone: "plain"
            onClicked: page.desk.refresh()
        }
    }

    Text {
        Layout.fillWidth: true
        visible: text.length > 0
        text: page.desk.error.length > 0 ? Theme.notDone(page.desk.error) : page.desk.message
        font.pixelSize: Theme.fontSize
        color: page.desk.error.length > 0 ? Theme.danger : Theme.green
        wrapMode: Text.Wrap
    }

    Panel {
        Layout.fillWidth: true
        Layout.fillHeight: true
        ListView {
            id: visits
            objectName: "visitList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: 8
            model: page.desk.visits
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }
            delegate: Rectangle {
                id: visit
                required property int index
                required property string ref
                required property string day
                required property bool today
                required property string itemCode
                required property string itemName
                required property string applicantName
                required property string maskedId
                required property string phone
                required property string address
                required property string purpose
                required property string plannedBy
                required property string state
                required property string stateLabel
                required property string outcome
                required property string visitedAt
                required property string caseNo
                required property bool here
                readonly property bool open: visit.state === "planned"
                width: ListView.view.width - 12
                implicitHeight: visitRow.implicitHeight + 24
                radius: 6
                color: visit.open ? (visit.today ? Theme.primaryLight : "#ffffff") : "#f3f5f8"
                border.color: visit.today && visit.open ? Theme.primary : Theme.divider

                RowLayout {
                    id: visitRow
                    anchors.left: parent.left
                    anchors.right: parent.right
                    anchors.verticalCenter: parent.verticalCenter
                    anchors.leftMargin: 16
                    anchors.rightMargin: 12
                    spacing: 16
                    ColumnLayout {
                        Layout.preferredWidth: 110
                        spacing: 2
                        Text {
                            text: visit.today ? qsTr("今天") : visit.day
                            font.pixelSize: visit.today ? Theme.fontLarge : Theme.fontSize
                            font.bold: true
                            color: visit.today ? Theme.primaryDark : Theme.text
                        }
                        Text {
                            text: visit.stateLabel
                            font.pixelSize: Theme.fontSmall
                            color: visit.state === "visited" ? Theme.green
                                   : visit.state === "failed" || visit.state === "cancelled" ? Theme.danger
                                   : Theme.muted
                        }
                    }
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 2
                        Text {
                            Layout.fillWidth: true
                            text: visit.applicantName + "　" + visit.maskedId + (visit.phone.length > 0 ? "　" + visit.phone : "")
                            font.pixelSize: Theme.fontLarge
                            font.bold: true
                            color: Theme.text
                            elide: Text.ElideRight
                        }
                        Text {
                            Layout.fillWidth: true
                            text: visit.address
                            font.pixelSize: Theme.fontSize
                            color: Theme.text
                            elide: Text.ElideRight
                        }
                        Text {
                            Layout.fillWidth: true
                            text: (visit.itemName.length > 0 ? visit.itemName + "　" : "") + visit.purpose
                            font.pixelSize: Theme.fontSmall
                            color: Theme.muted
                            elide: Text.ElideRight
                        }
                        Text {
                            Layout.fillWidth: true
                            visible: !visit.open
                            text: [visit.visitedAt, visit.outcome, visit.caseNo.length > 0 ? qsTr("办件 %1").arg(visit.caseNo) : ""]
                                  .filter(t => t.length > 0).join("　")
                            font.pixelSize: Theme.fontSmall
                            color: Theme.muted
                            elide: Text.ElideRight
                        }
                    }
                    BigButton {
                        visible: visit.open && visit.here && page.session.canIntake && visit.itemCode.length > 0
                        text: qsTr("上门收件")
                        onClicked: page.receiveAt(page.desk.visits.get(visit.index))
                    }
                    BigButton {
                        visible: visit.open && visit.here
                        text: qsTr("已上门")
                        tone: "plain"
                        onClicked: page.desk.record(visit.ref, "visited", "")
                    }
                    BigButton {
                        visible: visit.open && visit.here
                        text: qsTr("未见到")
                        tone: "plain"
                        onClicked: {
                            outcomeDialog.ref = visit.ref
                            outcomeDialog.outcome = "failed"
                            outcomeDialog.label = qsTr("原因（如家中无人、已搬走）")
                            outcomeDialog.ask(qsTr("%1：未见到").arg(visit.applicantName))
                        }
                    }
                    BigButton {
                        visible: visit.open
                        text: qsTr("取消")
                        tone: "plain"
                        onClicked: {
                            outcomeDialog.ref = visit.ref
                            outcomeDialog.outcome = "cancelled"
                            outcomeDialog.label = qsTr("取消原因（必填）")
                            outcomeDialog.ask(qsTr("取消对 %1 的上门").arg(visit.applicantName))
                        }
                    }
                }
            }
            Text {
                anchors.centerIn: parent
                visible: visits.count === 0
                text: page.desk.busy ? qsTr("正在读取…") : qsTr("没有待上门的计划")
                font.pixelSize: Theme.fontLarge
                color: Theme.muted
            }
        }
    }

    ReasonDialog {
        id: outcomeDialog
        property string ref: ""
        property string outcome: ""
        onAccepted: reason => page.desk.record(outcomeDialog.ref, outcomeDialog.outcome, reason)
    }
}
