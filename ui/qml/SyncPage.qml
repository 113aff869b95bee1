import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongban.Desk

// The link to the county hub: what is waiting, when it last worked, and "sync now".
// Scrolls when the window is short.
ScrollView {
    id: page
    required property DeskSession session
    readonly property SyncBar bar: page.session.syncBar

    contentWidth: availableWidth
    clip: true

    ColumnLayout {
        width: page.availableWidth
        spacing: 16

        Panel {
            Layout.fillWidth: true
            Layout.preferredHeight: status.implicitHeight + 80
            title: qsTr("与县级中心同步")

            // Side by side on a wide window; the figures under the state on a narrow one.
            GridLayout {
                id: status
                Layout.fillWidth: true
                columns: page.availableWidth < 900 ? 1 : 2
                columnSpacing: 40
                rowSpacing: 16

                ColumnLayout {
                    Layout.alignment: Qt.AlignTop
                    spacing: 8
                    RowLayout {
                        spacing: 12
                        Rectangle {
                            implicitWidth: 26
                            implicitHeight: 26
                            radius: 13
                            color: !page.bar.enrolled ? Theme.muted : page.bar.online ? Theme.green : Theme.warning
                        }
                        Text {
                            text: !page.bar.known ? qsTr("读取中…")
                                  : !page.bar.enrolled ? qsTr("本站尚未接入县级中心")
                                  : page.bar.online ? qsTr("在线") : qsTr("离线")
                            font.pixelSize: Theme.fontHuge
                            font.bold: true
                            color: !page.bar.enrolled ? Theme.muted : page.bar.online ? Theme.green : Theme.warning
                        }
                    }
                    Text {
                        Layout.preferredWidth: 420
                        Layout.maximumWidth: page.availableWidth - 40
                        text: !page.bar.enrolled ? qsTr("收件、办件都在本机进行。接入中心后，点“立即同步”把本站的变更汇总到县里。")
                              : page.bar.online ? qsTr("上次连接中心成功。")
                              : qsTr("连不上中心时照常收件、办件，所有变更都保存在本机，恢复联网后点“立即同步”上传。")
                        font.pixelSize: Theme.fontSize
                        color: Theme.muted
                        wrapMode: Text.Wrap
                    }
                }

                GridLayout {
                    Layout.fillWidth: true
                    Layout.alignment: Qt.AlignTop
                    columns: 2
                    columnSpacing: 24
                    rowSpacing: 10

                    Text { text: qsTr("中心地址"); font.pixelSize: Theme.fontSize; color: Theme.muted }
                    Text {
                        Layout.fillWidth: true
                        text: page.bar.hubUrl.length > 0 ? page.bar.hubUrl : qsTr("未设置")
                        font.pixelSize: Theme.fontSize
                        color: Theme.text
                        wrapMode: Text.WrapAtWordBoundaryOrAnywhere
                    }
                    Text { text: qsTr("待上传变更"); font.pixelSize: Theme.fontSize; color: Theme.muted }
                    Text {
                        Layout.fillWidth: true
                        text: page.bar.queueDepth > 0 && page.bar.oldestUnsent.length > 0
                              ? qsTr("%1 条（最早 %2）").arg(page.bar.queueDepth).arg(page.bar.oldestUnsent)
                              : qsTr("%1 条").arg(page.bar.queueDepth)
                        font.pixelSize: Theme.fontSize
                        font.bold: page.bar.queueDepth > 0
                        color: Theme.text
                        wrapMode: Text.Wrap
                    }
                    Text { text: qsTr("上次成功同步"); font.pixelSize: Theme.fontSize; color: Theme.muted }
                    Text {
                        text: page.bar.lastSuccess.length > 0 ? page.bar.lastSuccess : qsTr("从未")
                        font.pixelSize: Theme.fontSize
                        color: Theme.text
                    }
                    Text { text: qsTr("上次尝试"); font.pixelSize: Theme.fontSize; color: Theme.muted }
                    Text {
                        text: page.bar.lastAttempt.length > 0 ? page.bar.lastAttempt : qsTr("从未")
                        font.pixelSize: Theme.fontSize
                        color: Theme.text
                    }
                    Text { text: qsTr("未解决冲突"); font.pixelSize: Theme.fontSize; color: Theme.muted }
                    Text {
                        text: qsTr("%1 个").arg(page.bar.openConflicts)
                        font.pixelSize: Theme.fontSize
                        font.bold: page.bar.openConflicts > 0
                        color: page.bar.openConflicts > 0 ? Theme.danger : Theme.text
                    }
                    Text { text: qsTr("被中心拒收"); font.pixelSize: Theme.fontSize; color: Theme.muted }
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 4
                        Text {
                            text: qsTr("%1 条").arg(page.bar.rejected)
                            font.pixelSize: Theme.fontSize
                            color: page.bar.rejected > 0 ? Theme.danger : Theme.text
                        }
                        // What was refused and why, in the desk's language.
                        Text {
                            Layout.fillWidth: true
                            visible: page.bar.refusals.length > 0
                            text: page.bar.refusals
                            font.pixelSize: Theme.fontSmall
                            color: Theme.danger
                            wrapMode: Text.Wrap
                        }
                    }
                    Text {
                        visible: page.bar.lastError.length > 0
                        text: qsTr("最近错误")
                        font.pixelSize: Theme.fontSize
                        color: Theme.muted
                    }
                    Text {
                        Layout.fillWidth: true
                        visible: page.bar.lastError.length > 0
                        text: page.bar.lastError
                        font.pixelSize: Theme.fontSize
                        color: Theme.danger
                        wrapMode: Text.Wrap
                    }
                }
            }
        }

        Panel {
            Layout.fillWidth: true
            Layout.preferredHeight: syncRow.implicitHeight + 80
            title: qsTr("立即同步")

            RowLayout {
                id: syncRow
                Layout.fillWidth: true
                spacing: 20
                BigButton {
                    text: page.bar.running ? qsTr("正在同步…") : qsTr("立即同步")
                    enabled: page.bar.enrolled && !page.bar.running
                    onClicked: page.bar.syncNow()
                }
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 6
                    ProgressBar {
                        Layout.fillWidth: true
                        visible: page.bar.running
                        indeterminate: page.bar.progress < 0
                        value: Math.max(0, page.bar.progress)
                    }
                    Text {
                        Layout.fillWidth: true
                        text: page.bar.running ? page.bar.progressText
                              : page.bar.outcome.length > 0 ? page.bar.outcome
                              : !page.bar.enrolled ? qsTr("本站尚未接入县级中心，接入后才能同步。请中心管理员给出注册码，由本站管理员运行“tongban enroll”接入。")
                              : qsTr("同步先上传本站的变更，再下载中心的更新。网络慢时可以继续办理其他业务。")
                        font.pixelSize: Theme.fontSize
                        color: page.bar.outcome.indexOf(qsTr("失败")) >= 0 ? Theme.danger : Theme.muted
                        wrapMode: Text.Wrap
                    }
                }
            }
        }

    }
}
