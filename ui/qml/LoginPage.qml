import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongban.Desk

// Who is at the desk. The password is checked by the node on its store thread.
Rectangle {
    id: page
    required property DeskSession session
    property string failure: ""

    function signIn() {
        page.session.login(login.text, password.text,
                           page.session.needsOldPassword ? oldPassword.text : "")
    }

    color: Theme.background

    Connections {
        target: page.session
        function onLoginFailed(message) { page.failure = message }
        function onLoginChanged() {
            if (page.session.loggedIn) { page.failure = ""; password.text = ""; oldPassword.text = "" }
        }
    }

    Rectangle {
        anchors.centerIn: parent
        width: 480
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
                text: qsTr("通办 · 便民服务")
                font.pixelSize: Theme.fontTitle
                font.bold: true
                color: Theme.text
            }
            Text {
                Layout.fillWidth: true
                text: page.session.open ? qsTr("%1（%2）").arg(page.session.stationName).arg(page.session.stationCode)
                                        : (page.session.error.length > 0 ? page.session.error
                                                                         : qsTr("正在打开站点数据库…"))
                font.pixelSize: Theme.fontSize
                color: page.session.open ? Theme.muted : Theme.danger
                wrapMode: Text.Wrap
            }
            Field {
                id: login
                Layout.fillWidth: true
                label: qsTr("用户名")
                input.enabled: page.session.open
                // Another person: the old password typed for the last one is not theirs.
                onTextChanged: oldPassword.text = ""
            }
            Field {
                id: password
                Layout.fillWidth: true
                label: qsTr("密码")
                input.echoMode: TextInput.Password
                input.enabled: page.session.open
                onAccepted: page.signIn()
            }
            // Only after a refusal that says the password was changed on another machine.
            Field {
                id: oldPassword
                objectName: "oldPassword"
                Layout.fillWidth: true
                visible: page.session.needsOldPassword
                label: qsTr("本站上次所知的旧密码（只需这一次）")
                input.echoMode: TextInput.Password
                onAccepted: page.signIn()
            }
            Text {
                Layout.fillWidth: true
                visible: page.failure.length > 0
                text: page.failure
                color: Theme.danger
                font.pixelSize: Theme.fontSize
                wrapMode: Text.Wrap
            }
            BigButton {
                Layout.fillWidth: true
                text: page.session.loggingIn ? qsTr("正在登录…") : qsTr("登录")
                enabled: page.session.open && !page.session.loggingIn && login.text.length > 0
                onClicked: page.signIn()
            }
        }
    }
}
