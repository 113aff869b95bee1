import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Tongban.Desk

// One case: who, what, the deadline, materials, the timeline, and the moves
// the person at the desk may make here (CaseDetail asks the node's state machine).
ColumnLayout {
    id: page
    required property DeskSession session
    readonly property CaseDetail detail: page.session.caseDetail
    readonly property var info: page.detail.info
    signal back()
    signal openPage(string page)

    spacing: 14
    // The desk's smallest window (1024x640): a smaller heading, so the case number, its
    // marks and the time left share one line.
    readonly property bool narrow: width < 1000

    RowLayout {
        Layout.fillWidth: true
        spacing: page.narrow ? 10 : 16
        BigButton {
            implicitHeight: page.narrow ? 44 : 54
            leftPadding: page.narrow ? 16 : 26
            rightPadding: page.narrow ? 16 : 26
            font.pixelSize: page.narrow ? Theme.fontSize : Theme.fontLarge
            text: qsTr("返回列表")
            tone: "plain"
            onClicked: page.back()
        }
        Text {
            text: page.detail.caseNo
            font.pixelSize: page.narrow ? Theme.fontLarge : Theme.fontTitle
            font.bold: true
            color: Theme.text
        }
        Rectangle {
            visible: page.detail.loaded
            implicitWidth: statusText.implicitWidth + 28
            implicitHeight: 38
            radius: 19
            color: Theme.primaryLight
            Text {
                id: statusText
                anchors.centerIn: parent
                text: page.info.statusLabel || ""
                font.pixelSize: Theme.fontLarge
                color: Theme.primaryDark
            }
        }
        Rectangle {
            objectName: "statusConflictMark"
            visible: page.detail.loaded && page.info.statusInConflict === true
            implicitWidth: conflictMarkText.implicitWidth + 24
            implicitHeight: 38
            radius: 19
            color: Theme.dangerLight
            Text {
                id: conflictMarkText
                anchors.centerIn: parent
                text: qsTr("状态有冲突")
                font.pixelSize: Theme.fontLarge
                color: Theme.danger
            }
        }
        Rectangle {
            visible: page.info.green === true
            implicitWidth: greenText.implicitWidth + 24
            implicitHeight: 38
            radius: 19
            color: Theme.greenLight
            Text {
                id: greenText
                anchors.centerIn: parent
                text: qsTr("绿色通道")
                font.pixelSize: Theme.fontLarge
                color: Theme.green
            }
        }
        Item { Layout.fillWidth: true }
        ColumnLayout {
            visible: (page.info.remaining || "").length > 0
            spacing: 0
            Text {
                Layout.alignment: Qt.AlignRight
                text: page.info.remaining || ""
                font.pixelSize: page.narrow ? Theme.fontLarge : Theme.fontTitle
                font.bold: true
                color: page.info.timerState === "normal" ? Theme.green : Theme.timerColor(page.info.timerState)
            }
            Text {
                Layout.alignment: Qt.AlignRight
                text: qsTr("办结期限 %1%2").arg(page.info.due || "").arg(page.info.dueProvisional ? qsTr("（暂定）") : "")
                font.pixelSize: Theme.fontSmall
                color: Theme.muted
            }
        }
    }

    PrintedLine {
        Layout.fillWidth: true
        printer: page.session.printer
    }

    // Fields that wait in the hub's conflict inbox: shown with their provisional values
    // until a central admin decides.
    Rectangle {
        objectName: "conflictBanner"
        Layout.fillWidth: true
        visible: page.detail.loaded && (page.info.conflicts || []).length > 0
        implicitHeight: conflictText.implicitHeight + 20
        radius: 6
        color: Theme.dangerLight
        Text {
            id: conflictText
            anchors.fill: parent
            anchors.margins: 10
            text: qsTr("冲突待裁决：%1。中心管理员裁决前，这里显示的是暂定值，裁决结果会随下次同步到达。")
                      .arg((page.info.conflicts || []).join(qsTr("、")))
            font.pixelSize: Theme.fontSize
            color: Theme.danger
            wrapMode: Text.Wrap
            verticalAlignment: Text.AlignVCenter
        }
    }

    Text {
        Layout.fillWidth: true
        visible: page.detail.error.length > 0 || page.detail.loading
        text: page.detail.error.length > 0 ? Theme.notDone(page.detail.error) : qsTr("正在读取…")
        font.pixelSize: Theme.fontSize
        color: page.detail.error.length > 0 ? Theme.danger : Theme.muted
        wrapMode: Text.Wrap
    }

    RowLayout {
        Layout.fillWidth: true
        Layout.fillHeight: true
        visible: page.detail.loaded
        spacing: 16

        ColumnLayout {
            Layout.preferredWidth: 560
            Layout.maximumWidth: 560
            Layout.fillHeight: true
            spacing: 16

            Panel {
                Layout.fillWidth: true
                Layout.preferredHeight: facts.implicitHeight + 72
                title: page.info.itemName || ""
                ColumnLayout {
                    id: facts
                    Layout.fillWidth: true
                    spacing: 6
                    Repeater {
                        // Rows that would only say "none" are left out.
                        model: [
                            [qsTr("申请人"), (page.info.applicantName || "") + "　"
                                             + (page.detail.fullId || page.info.maskedId || ""), "applicant_name"],
                            [qsTr("联系电话"), page.info.phone || qsTr("未留"), "applicant_phone"],
                            [qsTr("代办人"), page.info.agent || ""],
                            [qsTr("收件"), (page.info.received || "") + "　" + (page.info.channel || "") + "　" + (page.info.receivingStationLabel || "")],
                            [qsTr("受理"), page.info.accepted ? page.info.accepted + "　" + page.info.processingOfficeLabel
                                                               : qsTr("待 %1 受理").arg(page.info.processingOfficeLabel || ""),
                             "processing_office"],
                            [qsTr("绿色通道"), page.info.green ? page.info.greenReason : ""],
                            [qsTr("备注"), page.info.note || "", "note"],
                            [qsTr("办理结果"), page.info.result || "", "result"],
                            [qsTr("评价"), page.detail.ratings.map(r => qsTr("%1 分 %2%3%4").arg(r.score).arg(r.words)
                                .arg(r.indicators.length > 0 ? "（" + r.indicators + "）" : "")
                                .arg(r.comment.length > 0 ? "：" + r.comment : "")).join("\n")],
                            [qsTr("邮寄"), page.detail.shipments.map(s => qsTr("%1：%2　%3 %4").arg(s.directionLabel)
                                .arg(s.stateText).arg(s.carrier).arg(s.waybill)).join("\n")]
                        ].filter(row => row[1].length > 0)
                        delegate: RowLayout {
                            required property var modelData
                            // A field that waits in the hub's conflict inbox shows its provisional value, marked.
                            readonly property bool inConflict: modelData.length > 2
                                && (page.info.conflictColumns || []).indexOf(modelData[2]) >= 0
                            Layout.fillWidth: true
                            spacing: 12
                            Text {
                                Layout.preferredWidth: 84
                                Layout.alignment: Qt.AlignTop
                                text: modelData[0]
                                font.pixelSize: Theme.fontSize
                                color: Theme.muted
                                wrapMode: Text.Wrap  // "Green channel" on two lines
                            }
                            Text {
                                Layout.fillWidth: true
                                text: modelData[1] + (parent.inConflict ? qsTr("（冲突待裁决，暂定值）") : "")
                                font.pixelSize: Theme.fontSize
                                color: parent.inConflict ? Theme.danger : Theme.text
                                wrapMode: Text.Wrap
                            }
                            // Masked by default; seeing the full number goes on the audit trail (留痕).
                            BigButton {
                                objectName: "revealId"
                                visible: modelData[2] === "applicant_name" && (page.info.maskedId || "").length > 0
                                Layout.alignment: Qt.AlignTop
                                implicitHeight: 30
                                tone: "plain"
                                font.pixelSize: Theme.fontSmall
                                text: page.detail.fullId.length > 0 ? qsTr("隐藏证件号") : qsTr("查看证件号（留痕）")
                                onClicked: page.detail.fullId.length > 0 ? page.detail.hideId() : page.detail.revealId()
                            }
                        }
                    }
                }
            }

            Panel {
                Layout.fillWidth: true
                Layout.fillHeight: true
                title: qsTr("材料")
                headerExtra: [
                    BigButton {
                        visible: page.detail.noticeText.length > 0
                        text: qsTr("一次性告知书")
                        tone: "plain"
                        implicitHeight: 40
                        font.pixelSize: Theme.fontSize
                        onClicked: notice.open()
                    }
                ]
                ListView {
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    clip: true
                    model: page.detail.materials
                    boundsBehavior: Flickable.StopAtBounds
                    ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }
                    delegate: RowLayout {
                        required property var modelData
                        width: ListView.view.width - 12
                        height: 34
                        spacing: 10
                        Text {
                            Layout.fillWidth: true
                            text: modelData.name + (modelData.required ? "" : qsTr("（可选）"))
                            font.pixelSize: Theme.fontSize
                            color: Theme.text
                            elide: Text.ElideRight
                        }
                        Text {
                            // Scans attached to this material, and whether this laptop holds them.
                            readonly property var mine: page.detail.scans.filter(sc => sc.material === modelData.code)
                            visible: mine.length > 0
                            text: qsTr("扫描件 %1").arg(mine.length)
                                  + (mine.some(sc => !sc.held) ? qsTr("（待下载）") : "")
                            font.pixelSize: Theme.fontSmall
                            color: Theme.muted
                        }
                        Text {
                            visible: (page.info.conflictMaterials || []).indexOf(modelData.code) >= 0
                            text: qsTr("冲突待裁决")
                            font.pixelSize: Theme.fontSmall
                            color: Theme.danger
                        }
                        Text {
                            text: modelData.stateLabel
                            font.pixelSize: Theme.fontSize
                            font.bold: modelData.owed
                            color: modelData.owed ? Theme.warning : (modelData.state === "absent" ? Theme.muted : Theme.green)
                        }
                        BigButton {
                            visible: modelData.move.length > 0
                            implicitHeight: 30
                            leftPadding: 10
                            rightPadding: 10
                            topPadding: 2
                            bottomPadding: 2
                            font.pixelSize: Theme.fontSmall
                            tone: "plain"
                            text: modelData.moveLabel
                            enabled: !page.detail.acting
                            onClicked: page.detail.updateMaterial(modelData.code, modelData.move)
                        }
                        BigButton {
                            visible: modelData.state !== "absent" && !modelData.owed
                            implicitHeight: 30
                            leftPadding: 10
                            rightPadding: 10
                            topPadding: 2
                            bottomPadding: 2
                            font.pixelSize: Theme.fontSmall
                            tone: "plain"
                            objectName: "attachScan"
                            text: qsTr("附扫描件")
                            enabled: !page.detail.acting
                            onClicked: {
                                scanDialog.material = modelData.code
                                scanDialog.materialName = modelData.name
                                scanDialog.open()
                            }
                        }
                    }
                }
                Repeater {
                    model: page.detail.commitments
                    delegate: Text {
                        required property var modelData
                        Layout.fillWidth: true
                        text: modelData.materials.length > 0 ? qsTr("%1：%2，期限 %3").arg(modelData.label).arg(modelData.materials).arg(modelData.due)
                                                              : qsTr("%1，期限 %2").arg(modelData.label).arg(modelData.due)
                        font.pixelSize: Theme.fontSmall
                        color: modelData.open ? Theme.warning : Theme.muted
                        wrapMode: Text.Wrap
                    }
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
                title: qsTr("办理过程")
                ListView {
                    id: timeline
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    clip: true
                    model: page.detail.events
                    boundsBehavior: Flickable.StopAtBounds
                    ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }
                    delegate: Item {
                        id: event
                        required property var modelData
                        required property int index
                        width: ListView.view.width - 12
                        implicitHeight: eventColumn.implicitHeight + 14
                        Rectangle {
                            x: 6
                            y: 6
                            width: 14
                            height: 14
                            radius: 7
                            color: event.index === timeline.count - 1 ? Theme.primary : "#9aa5b4"
                        }
                        Rectangle {
                            x: 12
                            y: 22
                            width: 2
                            height: parent.height - 14
                            color: Theme.divider
                            visible: event.index < timeline.count - 1
                        }
                        ColumnLayout {
                            id: eventColumn
                            anchors.left: parent.left
                            anchors.right: parent.right
                            anchors.leftMargin: 34
                            spacing: 2
                            Text {
                                Layout.fillWidth: true
                                text: event.modelData.actionLabel + (event.modelData.toLabel.length > 0 ? " → " + event.modelData.toLabel : "")
                                font.pixelSize: Theme.fontSize
                                font.bold: true
                                color: Theme.text
                                wrapMode: Text.Wrap
                            }
                            Text {
                                Layout.fillWidth: true
                                text: event.modelData.at + "　" + event.modelData.user + "@" + event.modelData.node
                                font.pixelSize: Theme.fontSmall
                                color: Theme.muted
                                // A narrow window puts who did it on the next line, never cuts it.
                                wrapMode: Text.Wrap
                            }
                            Text {
                                Layout.fillWidth: true
                                visible: event.modelData.detail.length > 0
                                text: event.modelData.detail
                                font.pixelSize: Theme.fontSmall
                                color: Theme.text
                                wrapMode: Text.Wrap
                            }
                        }
                    }
                }
            }

            Panel {
                Layout.fillWidth: true
                Layout.preferredHeight: actionsFlow.implicitHeight + 110
                title: qsTr("可办理的操作")
                headerExtra: [
                    BigButton {
                        // Rated once the service is done (the node decides; this only hides a button it would refuse).
                        visible: page.detail.loaded && page.session.canIntake && page.detail.ratings.length === 0
                                 && ["result_ready", "delivered", "closed"].indexOf(page.info.status) >= 0
                        implicitHeight: 40
                        font.pixelSize: Theme.fontSize
                        text: qsTr("请申请人评价")
                        tone: "plain"
                        onClicked: {
                            page.session.rating.open(page.detail.caseNo)
                            page.openPage("rating")
                        }
                    },
                    BigButton {
                        id: printButton
                        objectName: "printCase"
                        visible: page.detail.loaded
                        implicitHeight: 40
                        font.pixelSize: Theme.fontSize
                        text: qsTr("打印")
                        tone: "plain"
                        onClicked: printMenu.open()
                        Popup {
                            id: printMenu
                            y: printButton.height + 4
                            padding: 8
                            background: Rectangle { radius: Theme.radius; color: Theme.panel; border.color: Theme.border }
                            ColumnLayout {
                                spacing: 6
                                Repeater {
                                    // What applies to this case: the receipt always, the notice while
                                    // something is owed, the non-acceptance once refused.
                                    model: [["receipt", qsTr("受理回执"), true],
                                            ["notice", qsTr("一次性告知书"), page.detail.noticeText.length > 0],
                                            ["non-acceptance", qsTr("不予受理通知书"), page.info.status === "not_accepted"]]
                                        .filter(d => d[2])
                                    delegate: BigButton {
                                        required property var modelData
                                        Layout.fillWidth: true
                                        implicitHeight: 44
                                        font.pixelSize: Theme.fontSize
                                        text: modelData[1]
                                        tone: "plain"
                                        onClicked: {
                                            page.session.printer.print(page.detail.caseNo, modelData[0])
                                            printMenu.close()
                                        }
                                    }
                                }
                            }
                        }
                    },
                    BigButton {
                        visible: page.detail.loaded && page.session.pages.indexOf("shipments") >= 0
                        implicitHeight: 40
                        font.pixelSize: Theme.fontSize
                        text: qsTr("邮寄")
                        tone: "plain"
                        onClicked: page.openPage("shipments")
                    }
                ]
                Flow {
                    id: actionsFlow
                    Layout.fillWidth: true
                    spacing: 12
                    Repeater {
                        model: page.detail.actions
                        delegate: BigButton {
                            required property var modelData
                            implicitHeight: page.narrow ? 46 : 54
                            font.pixelSize: page.narrow ? Theme.fontSize : Theme.fontLarge
                            text: modelData.label
                            tone: modelData.needsReason ? "plain" : "primary"
                            enabled: !page.detail.acting
                            onClicked: confirm.ask(modelData.action, modelData.label, modelData.needsReason)
                        }
                    }
                }
                Text {
                    Layout.fillWidth: true
                    visible: page.detail.actions.length === 0
                    text: qsTr("本岗位在本站对此件没有可办理的操作。")
                    font.pixelSize: Theme.fontSize
                    color: Theme.muted
                    wrapMode: Text.Wrap
                }
                Item { Layout.fillHeight: true }
            }
        }
    }

    ActionDialog {
        id: confirm
        detail: page.detail
    }

    Popup {
        id: scanDialog
        objectName: "scanDialog"
        property string material
        property string materialName
        property url file
        property string scannedFor  // case and material the scanned pages belong to
        readonly property ScanDesk scans: page.session.scans
        onOpened: {
            scanDialog.file = ""
            const key = page.detail.caseNo + "/" + scanDialog.material
            if (scanDialog.scannedFor !== key) {
                scanDialog.scans.clear()  // pages of another material do not belong here
                scanDialog.scannedFor = key
            }
            scanDialog.scans.findScanners()
        }
        parent: Overlay.overlay
        anchors.centerIn: parent
        width: Math.min(parent ? parent.width - 48 : 780, 780)
        modal: true
        padding: 24
        background: Rectangle { radius: Theme.radius; color: Theme.panel; border.color: Theme.border }
        ColumnLayout {
            anchors.fill: parent
            spacing: 12
            Text {
                text: qsTr("为“%1”附加扫描件").arg(scanDialog.materialName)
                font.pixelSize: Theme.fontLarge
                color: Theme.text
            }
            Text {
                Layout.fillWidth: true
                text: qsTr("从扫描仪扫描，或选择 JPEG、PNG、PDF 文件，不超过 20 MB。扫描件随下次同步送往办理机构。")
                font.pixelSize: Theme.fontSmall
                color: Theme.muted
                wrapMode: Text.Wrap
            }
            // From the station's scanner: page after page, each shown as it comes.
            RowLayout {
                Layout.fillWidth: true
                spacing: 12
                visible: scanDialog.scans.scanners.length > 0
                ComboBox {
                    Layout.fillWidth: true
                    implicitHeight: 48
                    font.pixelSize: Theme.fontSize
                    model: scanDialog.scans.scanners
                    textRole: "label"
                    currentIndex: scanDialog.scans.chosen
                    onActivated: index => scanDialog.scans.chosen = index
                }
                CheckBox {
                    text: qsTr("彩色")
                    font.pixelSize: Theme.fontSize
                    checked: scanDialog.scans.color
                    onToggled: scanDialog.scans.color = checked
                }
                BigButton {
                    text: scanDialog.scans.scanning ? qsTr("正在扫描…")
                          : scanDialog.scans.pageCount > 0 ? qsTr("再扫一页") : qsTr("扫描")
                    enabled: !scanDialog.scans.scanning && scanDialog.scans.chosen >= 0
                    onClicked: scanDialog.scans.scanPage()
                }
                BigButton {
                    objectName: "stopScan"
                    visible: scanDialog.scans.scanning
                    text: qsTr("停止")
                    tone: "plain"
                    onClicked: scanDialog.scans.stopScan()
                }
            }
            Text {
                Layout.fillWidth: true
                visible: text.length > 0
                text: scanDialog.scans.lookingForScanners ? qsTr("正在查找扫描仪…")
                      : scanDialog.scans.scanners.length === 0
                        ? qsTr("没有找到扫描仪。接好扫描仪后重新打开本窗口，或从 U 盘选择文件。") : ""
                font.pixelSize: Theme.fontSmall
                color: Theme.muted
                wrapMode: Text.Wrap
            }
            ListView {
                id: scannedPages
                Layout.fillWidth: true
                Layout.preferredHeight: 170
                visible: scanDialog.scans.pageCount > 0
                orientation: ListView.Horizontal
                spacing: 10
                clip: true
                model: scanDialog.scans.pageCount
                delegate: Column {
                    required property int index
                    spacing: 2
                    Image {
                        height: 146
                        width: 110
                        fillMode: Image.PreserveAspectFit
                        cache: false
                        sourceSize.width: 220
                        source: "image://scanpreview/" + scanDialog.scans.previewKey + "/" + index
                    }
                    Text {
                        text: qsTr("第 %1 页").arg(index + 1)
                        font.pixelSize: Theme.fontSmall
                        color: Theme.muted
                    }
                }
            }
            RowLayout {
                Layout.fillWidth: true
                visible: scanDialog.scans.pageCount > 0
                spacing: 12
                Text {
                    Layout.fillWidth: true
                    text: qsTr("已扫 %1 页，附加时合成一个 PDF").arg(scanDialog.scans.pageCount)
                    font.pixelSize: Theme.fontSize
                    color: Theme.text
                }
                BigButton {
                    text: qsTr("删去最后一页")
                    tone: "plain"
                    enabled: !scanDialog.scans.scanning
                    onClicked: scanDialog.scans.dropLastPage()
                }
            }
            Text {
                Layout.fillWidth: true
                visible: scanDialog.scans.error.length > 0
                text: scanDialog.scans.error
                font.pixelSize: Theme.fontSize
                color: Theme.danger
                wrapMode: Text.Wrap
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: 12
                visible: scanDialog.scans.pageCount === 0
                BigButton {
                    text: qsTr("选择文件…")
                    tone: "plain"
                    onClicked: scanFile.open()
                }
                Text {
                    Layout.fillWidth: true
                    text: scanDialog.file.toString().length > 0 ? page.session.fileName(scanDialog.file)
                                                                : qsTr("例如 U 盘上的扫描件")
                    font.pixelSize: Theme.fontSize
                    color: scanDialog.file.toString().length > 0 ? Theme.text : Theme.muted
                    elide: Text.ElideMiddle
                }
            }
            RowLayout {
                Layout.alignment: Qt.AlignRight
                spacing: 12
                BigButton {
                    text: qsTr("取消")
                    tone: "plain"
                    onClicked: scanDialog.close()
                }
                BigButton {
                    text: qsTr("附加")
                    enabled: !scanDialog.scans.scanning
                             && (scanDialog.scans.pageCount > 0 || scanDialog.file.toString().length > 0)
                    onClicked: {
                        if (scanDialog.scans.pageCount > 0) {
                            const pdf = scanDialog.scans.pdf()
                            if (pdf.byteLength === 0) return  // the error shows; the pages stay
                            // The pages go once the store holds them (onScannedAttached).
                            page.detail.attachScannedPdf(scanDialog.material, pdf)
                        } else {
                            page.detail.attachScan(scanDialog.material, page.session.localPath(scanDialog.file))
                        }
                        scanDialog.close()
                    }
                }
            }
        }
    }

    Connections {
        target: page.detail
        // Attached: the pages are in the store. Refused (too large, say): they stay to retry.
        function onScannedAttached(ok) { if (ok) page.session.scans.clear() }
    }

    FileDialog {
        id: scanFile
        title: qsTr("选择扫描件")
        nameFilters: [qsTr("扫描件 (*.jpg *.jpeg *.png *.pdf)")]
        onAccepted: scanDialog.file = scanFile.selectedFile
    }

    Popup {
        id: notice
        parent: Overlay.overlay
        anchors.centerIn: parent
        width: 760
        height: Math.min(600, page.height)
        modal: true
        padding: 24
        background: Rectangle { radius: Theme.radius; color: Theme.panel; border.color: Theme.border }
        ColumnLayout {
            anchors.fill: parent
            spacing: 12
            ScrollView {
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                TextArea {
                    readOnly: true
                    wrapMode: TextEdit.Wrap
                    font.pixelSize: Theme.fontSize
                    text: page.detail.noticeText
                }
            }
            BigButton {
                Layout.alignment: Qt.AlignRight
                text: qsTr("关闭")
                onClicked: notice.close()
            }
        }
    }
}
