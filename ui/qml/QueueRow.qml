import QtQuick
import QtQuick.Layouts
import Tongban.Desk

// One case in a narrow list (the office's queue): who, what, status and deadline.
Rectangle {
    id: row
    required property int index
    required property string caseNo
    required property string itemName
    required property string applicantName
    required property string statusLabel
    required property bool green
    required property string due
    required property bool dueProvisional
    required property string timerState
    property bool selected: false
    signal clicked(string caseNo)

    implicitHeight: 78
    color: row.selected ? Theme.primaryLight : tap.pressed ? "#eef2f7" : (row.index % 2 === 0 ? "#ffffff" : "#f8f9fb")

    Rectangle {
        width: 6
        anchors.top: parent.top
        anchors.bottom: parent.bottom
        color: row.green ? Theme.green : row.selected ? Theme.primary : "transparent"
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.leftMargin: 18
        anchors.rightMargin: 12
        anchors.topMargin: 8
        anchors.bottomMargin: 8
        spacing: 2
        RowLayout {
            Layout.fillWidth: true
            spacing: 8
            Text {
                Layout.maximumWidth: 180
                text: row.applicantName
                font.pixelSize: Theme.fontLarge
                font.bold: true
                color: Theme.text
                elide: Text.ElideRight
            }
            Rectangle {
                visible: row.green
                radius: 4
                color: Theme.greenLight
                implicitWidth: greenText.implicitWidth + 12
                implicitHeight: greenText.implicitHeight + 4
                Text {
                    id: greenText
                    anchors.centerIn: parent
                    text: qsTr("绿色通道")
                    font.pixelSize: Theme.fontSmall
                    color: Theme.green
                }
            }
            Item { Layout.fillWidth: true }
            Text {
                text: row.statusLabel
                font.pixelSize: Theme.fontSmall
                color: Theme.primaryDark
            }
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: 10
            Text {
                Layout.fillWidth: true
                text: row.itemName
                font.pixelSize: Theme.fontSmall
                color: Theme.muted
                elide: Text.ElideRight
            }
            Text {
                text: (Theme.timerText(row.timerState).length > 0 ? Theme.timerText(row.timerState) + " · " : "")
                      + qsTr("期限 %1%2").arg(row.due).arg(row.dueProvisional ? qsTr("（暂定）") : "")
                font.pixelSize: Theme.fontSmall
                font.bold: row.timerState === "overdue" || row.timerState === "warning"
                color: Theme.timerColor(row.timerState)
            }
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
        id: tap
        onTapped: row.clicked(row.caseNo)
    }
}
