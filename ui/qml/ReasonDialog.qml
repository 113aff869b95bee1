import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongban.Desk

// Asks for a reason before a step that needs one (cancel an appointment, a
// failed visit); `accepted(reason)` follows the confirmation.
Popup {
    id: dialog
    property string title: ""
    property string label: qsTr("原因（必填）")
    signal accepted(string reason)

    function ask(title) {
        dialog.title = title
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
            Layout.fillWidth: true
            text: dialog.title
            font.pixelSize: Theme.fontTitle
            font.bold: true
            color: Theme.text
            wrapMode: Text.Wrap
        }
        Field {
            id: reason
            Layout.fillWidth: true
            label: dialog.label
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
                enabled: reason.text.trim().length > 0
                onClicked: {
                    dialog.accepted(reason.text)
                    dialog.close()
                }
            }
        }
    }
}
