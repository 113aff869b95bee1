import QtQuick
import QtQuick.Layouts
import Tongban.Desk

// One case in a list (delegate of CaseListModel).
Rectangle {
    id: row
    required property int index
    required property string caseNo
    required property string itemName
    required property string applicantName
    required property string maskedId
    required property string statusLabel
    required property bool green
    required property string received
    required property string due
    required property bool dueProvisional
    required property string timerState
    signal clicked(string caseNo)

    implicitHeight: 74
    color: tap.pressed ? Theme.primaryLight : (row.index % 2 === 0 ? "#ffffff" : "#f8f9fb")

    Rectangle {
        width: 6
        anchors.top: parent.top
        anchors.bottom: parent.bottom
        color: row.green ? Theme.green : "transparent"
    }

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: 20
        anchors.rightMargin: 16
        spacing: 18

        ColumnLayout {
            Layout.preferredWidth: 250
            Layout.maximumWidth: 250
            spacing: 2
            RowLayout {
                spacing: 8
                Text {
                    Layout.maximumWidth: row.green ? 150 : 240
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
            }
            Text {
                text: row.maskedId
                font.pixelSize: Theme.fontSmall
                color: Theme.muted
            }
        }

        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2
            Text {
                Layout.fillWidth: true
                text: row.itemName
                font.pixelSize: Theme.fontSize
                color: Theme.text
                elide: Text.ElideRight
            }
            Text {
                Layout.fillWidth: true
                text: row.caseNo + "　" + qsTr("收件 %1").arg(row.received)
                font.pixelSize: Theme.fontSmall
                color: Theme.muted
                elide: Text.ElideRight
            }
        }

        Rectangle {
            // Wide enough for the longest status in either language ("Supplement requested").
            Layout.preferredWidth: Math.min(200, Math.max(110, statusText.implicitWidth + 24))
            implicitHeight: 34
            radius: 17
            color: Theme.primaryLight
            Text {
                id: statusText
                anchors.centerIn: parent
                width: Math.min(implicitWidth, parent.width - 16)
                text: row.statusLabel
                font.pixelSize: Theme.fontSmall
                color: Theme.primaryDark
                elide: Text.ElideRight
            }
        }

        ColumnLayout {
            Layout.preferredWidth: 190
            Layout.maximumWidth: 190
            spacing: 2
            Text {
                text: qsTr("期限 %1%2").arg(row.due).arg(row.dueProvisional ? qsTr("（暂定）") : "")
                font.pixelSize: Theme.fontSmall
                color: Theme.muted
                elide: Text.ElideRight
                Layout.maximumWidth: 190
            }
            Text {
                visible: text.length > 0
                text: Theme.timerText(row.timerState)
                font.pixelSize: Theme.fontSize
                font.bold: true
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
