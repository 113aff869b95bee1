import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongban.Desk

// Over the whole window while the desk is locked: the page underneath keeps what was
// typed; the same person's password opens it, 换人登录 logs out. A modal popup above
// every other one, so neither clicks nor keyboard shortcuts (F2, Ctrl+Enter, Ctrl+P)
// reach the page while it is locked.
Popup {
    id: lock
    required property DeskSession session
    readonly property ScreenLock screen: lock.session.screenLock

    parent: Overlay.overlay
    x: 0
    y: 0
    width: parent ? parent.width : 0
    height: parent ? parent.height : 0
    z: 1000
    modal: true
    focus: true
    closePolicy: Popup.NoAutoClose
    padding: 0
    background: Rectangle { color: Theme.background }
    Overlay.modal: Rectangle { color: Theme.background }

    Connections {
        target: lock.screen
        function onLockChanged() { if (lock.screen.locked) lock.open(); else lock.close() }
    }
    onOpened: {
        password.text = ""
        password.input.forceActiveFocus()
    }

    Rectangle {
        anchors.centerIn: parent
        width: Math.min(480, lock.width - 48)
        height: column.implicitHeight + 64
        radius: Theme.radius
        color: Theme.panel
        border.color: Theme.border

        ColumnLayout {
            id: column
            anchors.fill: parent
            anchors.margins: 32
            spacing: 16

            Text {
                text: qsTr("已锁定")
                font.pixelSize: Theme.fontTitle
                font.bold: true
                color: Theme.text
            }
            Text {
                Layout.fillWidth: true
                text: qsTr("%1（%2）离开了窗口，办理中的内容都还在。请输入 %1 的密码继续。")
                          .arg(lock.session.userName).arg(lock.session.roleLabel)
                font.pixelSize: Theme.fontSize
                color: Theme.muted
                wrapMode: Text.Wrap
            }
            Field {
                id: password
                objectName: "unlockPassword"
                Layout.fillWidth: true
                label: qsTr("密码")
                input.echoMode: TextInput.Password
                enterMovesOn: false
                onAccepted: lock.screen.unlock(password.text)
            }
            Text {
                Layout.fillWidth: true
                visible: lock.screen.error.length > 0
                text: lock.screen.error
                color: Theme.danger
                font.pixelSize: Theme.fontSize
                wrapMode: Text.Wrap
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: 12
                BigButton {
                    objectName: "unlock"
                    Layout.fillWidth: true
                    text: lock.screen.busy ? qsTr("正在核对…") : qsTr("解锁")
                    enabled: !lock.screen.busy && password.text.length > 0
                    onClicked: lock.screen.unlock(password.text)
                }
                BigButton {
                    text: qsTr("换人登录")
                    tone: "plain"
                    onClicked: lock.session.logout()
                }
            }
            Text {
                Layout.fillWidth: true
                text: qsTr("换人登录会放弃尚未提交的内容。")
                font.pixelSize: Theme.fontSmall
                color: Theme.muted
                wrapMode: Text.Wrap
            }
        }
    }
}
