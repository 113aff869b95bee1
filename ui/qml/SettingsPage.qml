import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongban.Desk

// What this desk remembers (language, auto-sync) and what the node decides,
// shown for reference (warning threshold, hub link). Scrolls when the window is short.
ScrollView {
    id: page
    required property DeskSession session
    readonly property DeskSettings settings: page.session.settings

    contentWidth: availableWidth
    clip: true

    ColumnLayout {
        width: page.availableWidth
        spacing: 16

        Panel {
            Layout.fillWidth: true
            Layout.preferredHeight: language.implicitHeight + 72
            title: qsTr("界面语言")
            RowLayout {
                id: language
                Layout.fillWidth: true
                spacing: 12
                Repeater {
                    model: page.settings.languages
                    delegate: BigButton {
                        required property var modelData
                        objectName: "language-" + modelData.code
                        Layout.preferredWidth: 180
                        text: modelData.name
                        tone: page.settings.language === modelData.code ? "primary" : "plain"
                        onClicked: page.settings.language = modelData.code
                    }
                }
                Text {
                    Layout.fillWidth: true
                    Layout.leftMargin: 12
                    text: qsTr("切换后立即生效，下次启动时保持。")
                    font.pixelSize: Theme.fontSize
                    color: Theme.muted
                    wrapMode: Text.Wrap
                }
            }
        }

        Panel {
            Layout.fillWidth: true
            Layout.preferredHeight: autoSync.implicitHeight + 72
            title: qsTr("自动同步")
            ColumnLayout {
                id: autoSync
                Layout.fillWidth: true
                spacing: 10
                RowLayout {
                    spacing: 12
                    Repeater {
                        model: page.settings.autoSyncChoices
                        delegate: BigButton {
                            required property int modelData
                            objectName: "autosync-" + modelData
                            Layout.preferredWidth: 180
                            text: modelData === 0 ? qsTr("关闭") : qsTr("每 %1 分钟").arg(modelData)
                            tone: page.settings.autoSyncMinutes === modelData ? "primary" : "plain"
                            onClicked: page.settings.autoSyncMinutes = modelData
                        }
                    }
                }
                Text {
                    Layout.fillWidth: true
                    text: !page.session.syncBar.enrolled
                          ? qsTr("本站尚未接入县级中心，接入后自动同步才会进行。")
                          : page.settings.autoSyncMinutes > 0
                            ? qsTr("有人登录时，每 %1 分钟在后台与中心同步一次，不影响收件和查询。").arg(page.settings.autoSyncMinutes)
                            : qsTr("只在点“立即同步”时与中心同步。")
                    font.pixelSize: Theme.fontSize
                    color: Theme.muted
                    wrapMode: Text.Wrap
                }
            }
        }

        Panel {
            Layout.fillWidth: true
            Layout.preferredHeight: lockChoice.implicitHeight + 72
            title: qsTr("无人操作时锁定")
            ColumnLayout {
                id: lockChoice
                Layout.fillWidth: true
                spacing: 10
                Flow {
                    Layout.fillWidth: true
                    spacing: 12
                    Repeater {
                        model: page.settings.lockChoices
                        delegate: BigButton {
                            required property int modelData
                            objectName: "lock-" + modelData
                            text: modelData === 0 ? qsTr("不锁定") : qsTr("%1 分钟").arg(modelData)
                            tone: page.settings.lockMinutes === modelData ? "primary" : "plain"
                            // The station's rule, not each clerk's: only an admin changes it.
                            enabled: page.session.role === "admin" || page.settings.lockMinutes === modelData
                            onClicked: page.settings.lockMinutes = modelData
                        }
                    }
                }
                Text {
                    Layout.fillWidth: true
                    text: (page.settings.lockMinutes > 0
                           ? qsTr("%1 分钟没有按键或点击时，窗口锁定，输入本人密码继续；离开窗口时也可点右上角“锁定”。")
                                 .arg(page.settings.lockMinutes)
                           : qsTr("窗口不会自动锁定。离开窗口时请点右上角“锁定”。"))
                          + (page.session.role === "admin" ? "" : qsTr("（由站点管理员设置）"))
                    font.pixelSize: Theme.fontSize
                    color: Theme.muted
                    wrapMode: Text.Wrap
                }
            }
        }

        Panel {
            Layout.fillWidth: true
            Layout.preferredHeight: ownPassword.implicitHeight + 72
            title: qsTr("修改我的密码")
            ColumnLayout {
                id: ownPassword
                Layout.fillWidth: true
                spacing: 10
                Connections {
                    target: page.session.accounts
                    function onPasswordSet() {
                        current.text = ""; fresh.text = ""; again.text = ""
                        resetFresh.text = ""; resetAgain.text = ""
                    }
                }
                RowLayout {
                    Layout.fillWidth: true
                    spacing: 12
                    Field { id: current; Layout.fillWidth: true; Layout.preferredWidth: 1; label: qsTr("当前密码"); input.echoMode: TextInput.Password }
                    Field { id: fresh; Layout.fillWidth: true; Layout.preferredWidth: 1; label: qsTr("新密码（至少 8 位）"); input.echoMode: TextInput.Password }
                    Field { id: again; Layout.fillWidth: true; Layout.preferredWidth: 1; label: qsTr("再输一次新密码"); input.echoMode: TextInput.Password }
                }
                BigButton {
                    objectName: "changePassword"
                    text: qsTr("更改密码")
                    enabled: !page.session.accounts.busy && current.text.length > 0 && fresh.text.length > 0
                    onClicked: page.session.accounts.changePassword(current.text, fresh.text, again.text)
                }
            }
        }

        Panel {
            Layout.fillWidth: true
            visible: page.session.accounts.canReset
            Layout.preferredHeight: visible ? resetPassword.implicitHeight + 72 : 0
            title: qsTr("为同事重设密码（忘记密码或被锁定时）")
            Component.onCompleted: page.session.accounts.loadStaff()
            Connections {
                target: page.session
                function onLoginChanged() { page.session.accounts.loadStaff() }
            }
            ColumnLayout {
                id: resetPassword
                Layout.fillWidth: true
                spacing: 10
                RowLayout {
                    Layout.fillWidth: true
                    spacing: 12
                    ColumnLayout {
                        Layout.fillWidth: true
                        Layout.preferredWidth: 1
                        spacing: 4
                        Text { text: qsTr("账号"); font.pixelSize: Theme.fontSize; color: Theme.muted }
                        ComboBox {
                            id: colleague
                            Layout.fillWidth: true
                            implicitHeight: 48
                            font.pixelSize: Theme.fontSize
                            model: page.session.accounts.staff
                            textRole: "name"
                            displayText: currentIndex >= 0
                                         ? qsTr("%1（%2）").arg(currentText).arg(page.session.accounts.staff[currentIndex].login)
                                         : ""
                        }
                    }
                    Field { id: resetFresh; Layout.fillWidth: true; Layout.preferredWidth: 1; label: qsTr("新密码（至少 8 位）"); input.echoMode: TextInput.Password }
                    Field { id: resetAgain; Layout.fillWidth: true; Layout.preferredWidth: 1; label: qsTr("再输一次新密码"); input.echoMode: TextInput.Password }
                }
                BigButton {
                    objectName: "resetPassword"
                    text: qsTr("重设密码并解锁")
                    enabled: !page.session.accounts.busy && colleague.currentIndex >= 0 && resetFresh.text.length > 0
                    onClicked: page.session.accounts.resetPassword(
                                   page.session.accounts.staff[colleague.currentIndex].login,
                                   resetFresh.text, resetAgain.text)
                }
            }
        }

        Text {
            Layout.fillWidth: true
            visible: text.length > 0
            text: page.session.accounts.error.length > 0 ? page.session.accounts.error
                                                         : page.session.accounts.message
            color: page.session.accounts.error.length > 0 ? Theme.danger : Theme.green
            font.pixelSize: Theme.fontSize
            wrapMode: Text.Wrap
        }

        Panel {
            Layout.fillWidth: true
            Layout.preferredHeight: facts.implicitHeight + 72
            title: qsTr("本站信息（由节点决定，此处只读）")
            GridLayout {
                id: facts
                Layout.fillWidth: true
                columns: 2
                columnSpacing: 24
                rowSpacing: 12
                Text { text: qsTr("站点"); font.pixelSize: Theme.fontSize; color: Theme.muted }
                Text {
                    Layout.fillWidth: true
                    text: qsTr("%1（%2，%3）").arg(page.session.stationName).arg(page.session.stationCode)
                                          .arg(page.session.nodeKindLabel)
                    font.pixelSize: Theme.fontSize
                    color: Theme.text
                    elide: Text.ElideRight
                }
                Text { text: qsTr("期限提醒"); font.pixelSize: Theme.fontSize; color: Theme.muted }
                Text {
                    Layout.fillWidth: true
                    text: qsTr("剩余时间不足办理时限的 %1% 时显示“即将到期”，到期后显示“已超期”。")
                              .arg(page.settings.warningPercent)
                    font.pixelSize: Theme.fontSize
                    color: Theme.text
                    wrapMode: Text.Wrap
                }
                Text { text: qsTr("县级中心"); font.pixelSize: Theme.fontSize; color: Theme.muted }
                Text {
                    Layout.fillWidth: true
                    text: page.session.syncBar.hubUrl.length > 0 ? page.session.syncBar.hubUrl
                                                                 : qsTr("未接入")
                    font.pixelSize: Theme.fontSize
                    color: Theme.text
                    elide: Text.ElideRight
                }
                Text { text: qsTr("数据库文件"); font.pixelSize: Theme.fontSize; color: Theme.muted }
                Text {
                    Layout.fillWidth: true
                    text: page.session.databasePath
                    font.pixelSize: Theme.fontSize
                    color: Theme.text
                    elide: Text.ElideMiddle
                }
                Text { text: qsTr("数据加密"); font.pixelSize: Theme.fontSize; color: Theme.muted }
                Text {
                    objectName: "encryptionState"
                    Layout.fillWidth: true
                    // A plain station is said plainly: a copy of its file shows every applicant.
                    text: page.session.encrypted
                          ? qsTr("已加密：没有密码或恢复码，数据库文件读不出任何内容")
                          : qsTr("未加密：拿到数据库文件就能读出居民信息。请管理员在本机运行“tongban encrypt”加密。")
                    font.pixelSize: Theme.fontSize
                    color: page.session.encrypted ? Theme.green : Theme.danger
                    wrapMode: Text.Wrap
                }
            }
        }
    }
}
