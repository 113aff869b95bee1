import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongban.Desk

// Confirms a move on the open case, asking for the reason where the node's
// rule needs one (needsReason comes from CaseDetail.actions).
Popup {
    id: dialog
    required property CaseDetail detail
    property string action: ""
    property string label: ""
    property bool needsReason: false

    function ask(action, label, needsReason) {
        dialog.action = action
        dialog.label = label
        dialog.needsReason = needsReason
        reason.text = ""
        dialog.open()
    }

    parent: Overlay.overlay
    anchors.centerIn: parent
    width: 560
    modal: true
    padding: 24
    background: Rectangle { radius: Theme.radius; color: Theme.panel; border.color: Theme.border }

    ColumnLayout {
        anchors.fill: parent
        spacing: 14
        Text {
            text: qsTr("确认：%1").arg(dialog.label)
            font.pixelSize: Theme.fontTitle
            font.bold: true
            color: Theme.text
        }
        Text {
            Layout.fillWidth: true
            text: qsTr("办件 %1").arg(dialog.detail.caseNo)
            font.pixelSize: Theme.fontSize
            color: Theme.muted
        }
        Field {
            id: reason
            Layout.fillWidth: true
            visible: dialog.needsReason
            label: qsTr("原因（必填）")
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: 12
            Item { Layout.fillWidth: true }
            BigButton {
                text: qsTr("取消")
                tone: "plain"
                onClicked: dialog.close()
            }
            BigButton {
                text: qsTr("确认")
                enabled: !dialog.needsReason || reason.text.trim().length > 0
                onClicked: {
                    dialog.detail.runAction(dialog.action, reason.text)
                    dialog.close()
                }
            }
        }
    }
}
