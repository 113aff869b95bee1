import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongban.Desk

// The processing office's queue: cases this node decides, green channel first,
// then by due time; the chosen case with the back-office moves the node allows.
RowLayout {
    id: page
    required property DeskSession session
    readonly property BackofficeQueueModel queue: page.session.backoffice
    readonly property CaseDetail detail: page.session.caseDetail
    readonly property var info: page.detail.info
    signal openCase(string caseNo)

    spacing: 16
    // The desk's smallest window (1024x640): a narrower queue; the case's details scroll
    // above its moves, which stay in view.
    readonly property bool narrow: width < 1000

    onVisibleChanged: if (visible) page.queue.refresh()
    // The first case of the queue is shown unless one of it is already open.
    Connections {
        target: page.queue
        function onCountChanged() {
            if (page.visible && page.queue.count > 0 && page.queue.rowOf(page.detail.caseNo) < 0)
                page.detail.load(page.queue.caseNoAt(0))
        }
    }

    Panel {
        Layout.preferredWidth: page.narrow ? 360 : 500
        Layout.maximumWidth: page.narrow ? 360 : 500
        Layout.fillHeight: true
        title: qsTr("待办理（%1 件）").arg(page.queue.count)
        headerExtra: [
            BigButton {
                text: qsTr("刷新")
                tone: "plain"
                implicitHeight: 40
                font.pixelSize: Theme.fontSize
                onClicked: page.queue.refresh()
            }
        ]
        Text {
            Layout.fillWidth: true
            text: qsTr("绿色通道 %1 件　已超期 %2 件").arg(page.queue.greenCount).arg(page.queue.overdueCount)
                  + (page.queue.truncated ? qsTr("（只列出每种状态的前 1000 件）") : "")
            font.pixelSize: Theme.fontSmall
            color: Theme.muted
            wrapMode: Text.Wrap
        }
        ListView {
            id: list
            objectName: "backofficeList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: page.queue
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }
            delegate: QueueRow {
                width: ListView.view.width
                selected: caseNo === page.detail.caseNo
                onClicked: caseNo => page.detail.load(caseNo)
            }
            Text {
                anchors.centerIn: parent
                width: parent.width - 40
                visible: list.count === 0
                horizontalAlignment: Text.AlignHCenter
                text: page.queue.loading ? qsTr("正在读取…")
                      : page.queue.error.length > 0 ? page.queue.error
                      : qsTr("本中心没有待办理的办件")
                font.pixelSize: Theme.fontLarge
                color: Theme.muted
                wrapMode: Text.Wrap
            }
        }
    }

    ColumnLayout {
        Layout.fillWidth: true
        Layout.fillHeight: true
        spacing: 16

        Panel {
            Layout.fillWidth: true
            Layout.fillHeight: true
            title: page.detail.loaded ? page.detail.caseNo : qsTr("办件")
            headerExtra: [
                BigButton {
                    visible: page.detail.loaded
                    text: qsTr("查看完整办件")
                    tone: "plain"
                    implicitHeight: 40
                    font.pixelSize: Theme.fontSize
                    onClicked: page.openCase(page.detail.caseNo)
                }
            ]

            Text {
                Layout.fillWidth: true
                visible: !page.detail.loaded
                text: page.detail.loading ? qsTr("正在读取…") : qsTr("请在左侧选择办件。")
                font.pixelSize: Theme.fontLarge
                color: Theme.muted
            }

            ScrollView {
                id: detailScroll
                Layout.fillWidth: true
                Layout.fillHeight: true
                visible: page.detail.loaded
                contentWidth: availableWidth
                clip: true
                ColumnLayout {
                    width: detailScroll.availableWidth
                    spacing: 10
                    Flow {
                        Layout.fillWidth: true
                        visible: page.detail.loaded
                        spacing: 12
                        Rectangle {
                            implicitWidth: statusText.implicitWidth + 28
                            implicitHeight: 36
                            radius: 18
                            color: Theme.primaryLight
                            Text {
                                id: statusText
                                anchors.centerIn: parent
                                text: page.info.statusLabel || ""
                                font.pixelSize: Theme.fontSize
                                color: Theme.primaryDark
                            }
                        }
                        Rectangle {
                            visible: page.info.green === true
                            implicitWidth: greenBadge.implicitWidth + 24
                            implicitHeight: 36
                            radius: 18
                            color: Theme.greenLight
                            Text {
                                id: greenBadge
                                anchors.centerIn: parent
                                text: qsTr("绿色通道：%1").arg(page.info.greenReason || "")
                                font.pixelSize: Theme.fontSize
                                color: Theme.green
                            }
                        }
                        Text {
                            height: 36
                            verticalAlignment: Text.AlignVCenter
                            text: page.info.remaining || ""
                            font.pixelSize: Theme.fontLarge
                            font.bold: true
                            color: page.info.timerState === "normal" ? Theme.green : Theme.timerColor(page.info.timerState)
                        }
                    }

                    ColumnLayout {
                        Layout.fillWidth: true
                        visible: page.detail.loaded
                        spacing: 6
                        Repeater {
                            // Rows that would only say "none" are left out.
                            model: [
                                [qsTr("事项"), page.info.itemName || ""],
                                [qsTr("申请人"), (page.info.applicantName || "") + "　" + (page.info.maskedId || "")],
                                [qsTr("代办人"), page.info.agent || ""],
                                [qsTr("收件"), (page.info.received || "") + "　" + (page.info.channel || "") + "　" + (page.info.receivingStationLabel || "")],
                                [qsTr("办结期限"), (page.info.due || "") + (page.info.dueProvisional ? qsTr("（暂定）") : "")]
                            ].filter(row => row[1].length > 0)
                            delegate: RowLayout {
                                required property var modelData
                                Layout.fillWidth: true
                                spacing: 12
                                Text {
                                    Layout.preferredWidth: 90
                                    text: modelData[0]
                                    font.pixelSize: Theme.fontSize
                                    color: Theme.muted
                                }
                                Text {
                                    Layout.fillWidth: true
                                    text: modelData[1]
                                    font.pixelSize: Theme.fontSize
                                    color: Theme.text
                                    wrapMode: Text.Wrap
                                }
                            }
                        }
                    }

                    Text {
                        visible: page.detail.loaded
                        Layout.topMargin: 6
                        text: qsTr("材料")
                        font.pixelSize: Theme.fontSize
                        font.bold: true
                        color: Theme.text
                    }
                    Flow {
                        Layout.fillWidth: true
                        visible: page.detail.loaded
                        spacing: 8
                        Repeater {
                            model: page.detail.materials
                            delegate: Rectangle {
                                required property var modelData
                                implicitWidth: materialText.implicitWidth + 20
                                implicitHeight: materialText.implicitHeight + 10
                                radius: 6
                                color: modelData.owed ? Theme.warningLight : "#f3f5f8"
                                Text {
                                    id: materialText
                                    anchors.centerIn: parent
                                    text: modelData.name + "：" + modelData.stateLabel
                                    font.pixelSize: Theme.fontSmall
                                    color: modelData.owed ? Theme.warning : Theme.text
                                }
                            }
                        }
                    }
                }
            }

            Rectangle {
                Layout.fillWidth: true
                visible: page.detail.loaded
                implicitHeight: 1
                color: Theme.divider
            }
            Text {
                visible: page.detail.loaded
                text: qsTr("审批操作")
                font.pixelSize: Theme.fontLarge
                font.bold: true
                color: Theme.text
            }
            Flow {
                id: moves
                Layout.fillWidth: true
                visible: page.detail.loaded
                spacing: 12
                Repeater {
                    model: page.detail.actions
                    delegate: BigButton {
                        required property var modelData
                        implicitHeight: page.narrow ? 46 : 54
                        font.pixelSize: page.narrow ? Theme.fontSize : Theme.fontLarge
                        text: modelData.label
                        tone: modelData.action === "deny" || modelData.action === "not_accept" ? "danger"
                              : modelData.needsReason ? "plain" : "primary"
                        enabled: !page.detail.acting
                        onClicked: confirm.ask(modelData.action, modelData.label, modelData.needsReason)
                    }
                }
            }
            Text {
                Layout.fillWidth: true
                visible: page.detail.error.length > 0 || (page.detail.loaded && page.detail.actions.length === 0)
                text: page.detail.error.length > 0 ? Theme.notDone(page.detail.error)
                      : qsTr("本岗位在本中心对此件没有可办理的操作。")
                font.pixelSize: Theme.fontSize
                color: page.detail.error.length > 0 ? Theme.danger : Theme.muted
                wrapMode: Text.Wrap
            }
        }
    }

    ActionDialog {
        id: confirm
        detail: page.detail
    }
}
