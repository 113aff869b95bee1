import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongban.Desk

// Receiving an application: 1. the item, 2. the applicant, 3. the materials;
// then the acceptance receipt, or the one-time notice when something required
// is missing. Every check is the node's (IntakeForm calls it).
RowLayout {
    id: page
    required property DeskSession session
    readonly property IntakeForm form: page.session.intake
    signal openCase(string caseNo)

    spacing: 16
    // A small screen (the desk allows 1024x640): narrower columns, material choices
    // under the material's name.
    readonly property bool narrow: width < 1000

    // Chooses the item `by` rows from the chosen one (0: the first shown, when none is).
    function stepItem(by) {
        const count = page.session.items.count
        if (count === 0) return
        const at = page.session.items.rowOfCode(page.form.itemCode)
        const next = at < 0 ? 0 : Math.max(0, Math.min(count - 1, at + by))
        page.form.selectItem(page.session.items.codeAt(next))
    }
    // Where a clerk starts: the item filter, ready for typing, each time the page shows.
    function startTyping() { filter.forceActiveFocus(Qt.TabFocusReason) }
    onVisibleChanged: if (visible && !page.form.hasItem) startTyping()

    // Ctrl+Enter receives from anywhere on the form; in the result, Enter goes on to the
    // next applicant (it has the focus) and Ctrl+P prints the receipt.
    Shortcut {
        sequences: ["Ctrl+Return", "Ctrl+Enter"]
        enabled: page.visible && !result.visible && !agent.visible && page.form.canSubmit
        onActivated: page.form.submit()
    }
    Shortcut {
        sequence: "Ctrl+P"
        enabled: page.visible && result.visible && page.form.caseNo.length > 0 && !page.session.printer.busy
        onActivated: page.session.printer.print(page.form.caseNo, "receipt")
    }

    Panel {
        Layout.preferredWidth: page.narrow ? 220 : 300
        Layout.fillHeight: true
        title: qsTr("1. 选择事项")

        TextField {
            id: filter
            objectName: "itemFilter"
            Layout.fillWidth: true
            implicitHeight: 48
            font.pixelSize: Theme.fontSize
            // The narrow column (1024x640) has room for the shorter hint only.
            placeholderText: page.narrow ? qsTr("名称或拼音首字母") : qsTr("名称、编码或拼音首字母")
            selectByMouse: true
            text: page.session.items.text
            onTextEdited: page.session.items.text = filter.text
            // The keyboard path: type initials, arrows choose, Enter goes on to the applicant.
            Keys.onDownPressed: page.stepItem(1)
            Keys.onUpPressed: page.stepItem(-1)
            onAccepted: {
                if (!page.form.hasItem || page.session.items.rowOfCode(page.form.itemCode) < 0) page.stepItem(0)
                if (page.form.hasItem) applicantName.input.forceActiveFocus(Qt.TabFocusReason)
            }
        }
        ListView {
            id: items
            objectName: "itemList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: page.session.items
            boundsBehavior: Flickable.StopAtBounds
            // Keeps the chosen item in view, also after the filter changes.
            currentIndex: page.session.items.count >= 0 ? page.session.items.rowOfCode(page.form.itemCode) : -1
            highlightMoveDuration: 0
            ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }
            delegate: Rectangle {
                id: itemRow
                required property string code
                required property string name
                required property string limit
                required property string departmentTag
                readonly property bool selected: itemRow.code === page.form.itemCode
                width: ListView.view.width
                implicitHeight: itemColumn.implicitHeight + 18
                color: itemRow.selected ? Theme.primaryLight : (itemTap.pressed ? "#f0f3f7" : "#ffffff")
                Rectangle {
                    width: 5
                    anchors.top: parent.top
                    anchors.bottom: parent.bottom
                    color: itemRow.selected ? Theme.primary : "transparent"
                }
                ColumnLayout {
                    id: itemColumn
                    anchors.left: parent.left
                    anchors.right: parent.right
                    anchors.verticalCenter: parent.verticalCenter
                    anchors.leftMargin: 14
                    anchors.rightMargin: 8
                    spacing: 2
                    Text {
                        Layout.fillWidth: true
                        text: itemRow.name
                        font.pixelSize: Theme.fontSize
                        font.bold: itemRow.selected
                        color: Theme.text
                        wrapMode: Text.Wrap
                    }
                    Text {
                        text: itemRow.departmentTag + "　" + itemRow.limit
                        font.pixelSize: Theme.fontSmall
                        color: Theme.muted
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
                    id: itemTap
                    onTapped: page.form.selectItem(itemRow.code)
                }
            }
            Text {
                anchors.centerIn: parent
                visible: items.count === 0
                text: qsTr("没有相符的事项")
                font.pixelSize: Theme.fontSize
                color: Theme.muted
            }
        }
    }

    Panel {
        Layout.fillWidth: true
        Layout.fillHeight: true
        title: page.form.hasItem ? page.form.itemName : qsTr("2. 申请人与材料")

        Text {
            Layout.fillWidth: true
            visible: !page.form.hasItem
            text: page.session.canIntake ? qsTr("请先在左侧选择要办理的事项。")
                                         : qsTr("您的岗位不能收件，请由窗口人员办理。")
            font.pixelSize: Theme.fontLarge
            color: Theme.muted
        }

        RowLayout {
            Layout.fillWidth: true
            visible: page.form.hasItem
            spacing: 10
            Text {
                Layout.fillWidth: true
                text: page.form.itemDepartment + (page.form.itemInstant ? qsTr("　即办件") : qsTr("　承诺件"))
                font.pixelSize: Theme.fontSmall
                color: Theme.muted
                elide: Text.ElideRight
            }
            // Where the application comes from, when it is not an ordinary walk-in.
            Rectangle {
                visible: origin.text.length > 0
                radius: 4
                color: Theme.warningLight
                implicitWidth: origin.implicitWidth + 16
                implicitHeight: origin.implicitHeight + 6
                Text {
                    id: origin
                    anchors.centerIn: parent
                    text: page.form.appointmentRef.length > 0 ? qsTr("预约转办件")
                          : page.form.visitRef.length > 0 ? qsTr("计划上门收件")
                          : page.form.channel !== "window" ? qsTr("收件方式：%1").arg(page.form.channelLabel)
                          : ""
                    font.pixelSize: Theme.fontSmall
                    color: Theme.warning
                }
            }
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: page.form.hasItem
            spacing: 24

            // Scrolls when the window is too short for the whole form (1024x640 is allowed).
            ScrollView {
                id: applicantScroll
                Layout.preferredWidth: page.narrow ? 270 : 320
                Layout.maximumWidth: page.narrow ? 270 : 320
                Layout.fillHeight: true
                contentWidth: availableWidth
                clip: true
                ColumnLayout {
                    width: applicantScroll.availableWidth
                    spacing: 10

                    Text {
                        text: qsTr("2. 申请人")
                        font.pixelSize: Theme.fontLarge
                        font.bold: true
                        color: Theme.text
                    }
                    RowLayout {
                        spacing: 16
                        RadioButton {
                            text: qsTr("个人")
                            font.pixelSize: Theme.fontSize
                            checked: !page.form.enterprise
                            onClicked: page.form.enterprise = false
                        }
                        RadioButton {
                            text: qsTr("企业或个体户")
                            font.pixelSize: Theme.fontSize
                            checked: page.form.enterprise
                            onClicked: page.form.enterprise = true
                        }
                    }
                    Field {
                        id: applicantName
                        objectName: "applicantName"
                        Layout.fillWidth: true
                        label: page.form.enterprise ? qsTr("名称") : qsTr("姓名")
                        text: page.form.applicantName
                        onEdited: text => page.form.applicantName = text
                    }
                    Field {
                        objectName: "applicantId"
                        Layout.fillWidth: true
                        label: page.form.enterprise ? qsTr("统一社会信用代码") : qsTr("身份证号码")
                        text: page.form.applicantId
                        bad: page.form.idMessage.length > 0
                        message: page.form.idMessage.length > 0 ? page.form.idMessage
                                 : page.form.idOk ? qsTr("号码校验通过") : ""
                        onEdited: text => page.form.applicantId = text
                    }
                    Field {
                        objectName: "idOverrideReason"
                        Layout.fillWidth: true
                        visible: page.form.canOverrideId
                        label: qsTr("校验未通过仍要受理的原因（将被记录）")
                        text: page.form.idOverrideReason
                        onEdited: text => page.form.idOverrideReason = text
                    }
                    Field {
                        Layout.fillWidth: true
                        label: qsTr("联系电话（可不填）")
                        text: page.form.applicantPhone
                        onEdited: text => page.form.applicantPhone = text
                    }
                    RowLayout {
                        Layout.fillWidth: true
                        spacing: 4
                        CheckBox {
                            id: green
                            text: qsTr("绿色通道")
                            font.pixelSize: Theme.fontSize
                            checked: page.form.green
                            onClicked: page.form.green = green.checked
                        }
                        Text {
                            Layout.fillWidth: true
                            text: qsTr("老年人、残疾人等优先办理")
                            font.pixelSize: Theme.fontSmall
                            color: Theme.muted
                            wrapMode: Text.Wrap
                        }
                    }
                    Field {
                        Layout.fillWidth: true
                        visible: page.form.green
                        label: qsTr("绿色通道原因")
                        text: page.form.greenReason
                        bad: page.form.green && page.form.greenReason.length === 0
                        message: page.form.green && page.form.greenReason.length === 0 ? qsTr("请填写原因") : ""
                        onEdited: text => page.form.greenReason = text
                    }
                    Field {
                        objectName: "note"
                        Layout.fillWidth: true
                        label: qsTr("备注（选填，办理单位也看得到）")
                        text: page.form.note
                        onEdited: text => page.form.note = text
                    }
                    CheckBox {
                        id: agentBox
                        objectName: "hasAgent"
                        visible: page.form.itemAllowsProxy
                        text: qsTr("代办人办理")
                        font.pixelSize: Theme.fontSize
                        checked: page.form.hasAgent
                        onClicked: {
                            page.form.hasAgent = agentBox.checked
                            if (agentBox.checked) agent.open()
                        }
                    }
                    // Its own row, so nothing in it appears or disappears on its own.
                    RowLayout {
                        Layout.fillWidth: true
                        visible: page.form.hasAgent
                        spacing: 8
                        Text {
                            Layout.fillWidth: true
                            text: page.form.agentName.length > 0
                                  ? qsTr("代办人 %1，授权书 %2").arg(page.form.agentName).arg(page.form.agentAuthorization)
                                  : qsTr("请填写代办人信息")
                            font.pixelSize: Theme.fontSmall
                            color: page.form.agentIdOk && page.form.agentAuthorization.length > 0 ? Theme.muted : Theme.danger
                            wrapMode: Text.Wrap
                        }
                        BigButton {
                            implicitHeight: 36
                            leftPadding: 14
                            rightPadding: 14
                            font.pixelSize: Theme.fontSmall
                            text: qsTr("修改")
                            tone: "plain"
                            onClicked: agent.open()
                        }
                    }
                }
            }

            ColumnLayout {
                Layout.fillWidth: true
                Layout.fillHeight: true
                spacing: 6
                Text {
                    text: qsTr("3. 材料清单（%1 项）").arg(page.form.materials.count)
                    font.pixelSize: Theme.fontLarge
                    font.bold: true
                    color: Theme.text
                }
                ListView {
                    id: materials
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    clip: true
                    spacing: 6
                    model: page.form.materials
                    boundsBehavior: Flickable.StopAtBounds
                    ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }
                    delegate: Rectangle {
                        id: material
                        required property int index
                        required property string name
                        required property string note
                        required property bool mandatory
                        required property string copies
                        required property string state
                        required property var options
                        required property var optionLabels
                        readonly property bool missing: material.mandatory && material.state === "absent"
                        width: ListView.view.width - 12
                        implicitHeight: materialRow.implicitHeight + 16
                        radius: 6
                        color: material.missing ? Theme.dangerLight : "#f8f9fb"
                        border.color: material.missing ? Theme.danger : Theme.divider
                        GridLayout {
                            id: materialRow
                            anchors.left: parent.left
                            anchors.right: parent.right
                            anchors.verticalCenter: parent.verticalCenter
                            anchors.leftMargin: 10
                            anchors.rightMargin: 8
                            columns: page.narrow ? 1 : 2
                            columnSpacing: 8
                            rowSpacing: 6
                            ColumnLayout {
                                Layout.fillWidth: true
                                spacing: 2
                                Text {
                                    Layout.fillWidth: true
                                    text: material.name
                                    font.pixelSize: Theme.fontSize
                                    font.bold: true
                                    color: Theme.text
                                    wrapMode: Text.Wrap
                                }
                                Text {
                                    Layout.fillWidth: true
                                    text: (material.mandatory ? qsTr("必需") : qsTr("可选")) + " · " + material.copies
                                          + (material.note.length > 0 ? "；" + material.note : "")
                                    font.pixelSize: Theme.fontSmall
                                    color: material.missing ? Theme.danger : Theme.muted
                                    wrapMode: Text.Wrap
                                    maximumLineCount: 2
                                    elide: Text.ElideRight
                                }
                            }
                            Row {
                                Layout.alignment: Qt.AlignVCenter
                                spacing: 6
                                Repeater {
                                    model: material.options
                                    delegate: Button {
                                        id: option
                                        required property int index
                                        required property string modelData
                                        readonly property bool chosen: option.modelData === material.state
                                        text: material.optionLabels[option.index]
                                        font.pixelSize: Theme.fontSmall
                                        implicitHeight: 38
                                        leftPadding: 12
                                        rightPadding: 12
                                        onClicked: page.form.setMaterialState(material.index, option.modelData)
                                        contentItem: Text {
                                            text: option.text
                                            font: option.font
                                            color: option.chosen ? "#ffffff" : Theme.text
                                            horizontalAlignment: Text.AlignHCenter
                                            verticalAlignment: Text.AlignVCenter
                                        }
                                        background: Rectangle {
                                            radius: 19
                                            color: option.chosen ? (option.modelData === "absent" ? (material.mandatory ? Theme.danger : Theme.muted)
                                                                     : option.modelData === "received" ? Theme.primary
                                                                     : Theme.warning)
                                                                 : "#ffffff"
                                            border.color: option.chosen ? "transparent" : "#b9c1cc"
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        RowLayout {
            Layout.fillWidth: true
            visible: page.form.hasItem
            spacing: 12
            Text {
                Layout.fillWidth: true
                objectName: "submitProblem"
                // Why the receive button is grey, so the clerk never has to guess.
                text: page.form.error.length > 0 ? Theme.notDone(page.form.error)
                      : page.form.missingRequired ? qsTr("缺少必需材料，不能受理。请打印一次性告知书，告知申请人一次补齐。")
                      : page.form.submitting ? ""
                      : page.form.submitProblem
                font.pixelSize: Theme.fontSize
                color: Theme.danger
                wrapMode: Text.Wrap
            }
            BigButton {
                visible: page.form.missingRequired
                text: qsTr("打印一次性告知书")
                tone: "plain"
                onClicked: page.form.prepareNotice()
            }
            Text {
                visible: page.form.canSubmit
                text: qsTr("Ctrl+Enter")
                font.pixelSize: Theme.fontSmall
                color: Theme.muted
            }
            BigButton {
                objectName: "submitIntake"
                text: page.form.submitting ? qsTr("正在受理…") : qsTr("受理并出具回执")
                enabled: page.form.canSubmit
                onClicked: page.form.submit()
            }
        }
    }

    Popup {
        id: result
        objectName: "intakeResult"
        parent: Overlay.overlay
        anchors.centerIn: parent
        width: Math.min(860, page.width)
        height: Math.min(640, page.height + 40)
        modal: true
        closePolicy: Popup.NoAutoClose
        visible: page.form.receiptText.length > 0 || page.form.noticeText.length > 0
        // Focus leaves the form, so Enter means "next applicant", not the field's Enter.
        onVisibleChanged: if (visible) nextApplicant.forceActiveFocus(Qt.TabFocusReason)
        padding: 24
        background: Rectangle { radius: Theme.radius; color: Theme.panel; border.color: Theme.border }

        ColumnLayout {
            anchors.fill: parent
            spacing: 12
            Text {
                objectName: "resultTitle"
                text: page.form.caseNo.length > 0
                      ? qsTr("%1：%2").arg(page.form.caseStatusText).arg(page.form.caseNo)
                      : qsTr("一次性告知书（未受理）")
                font.pixelSize: Theme.fontTitle
                font.bold: true
                color: page.form.caseNo.length > 0 ? Theme.green : Theme.warning
            }
            ScrollView {
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                TextArea {
                    readOnly: true
                    wrapMode: TextEdit.Wrap
                    font.pixelSize: Theme.fontSize
                    text: page.form.receiptText + (page.form.receiptText.length > 0 && page.form.noticeText.length > 0 ? "\n" : "")
                          + page.form.noticeText
                    background: Rectangle { color: "#fbfbf8"; border.color: Theme.divider; radius: 4 }
                }
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: 12
                BigButton {
                    objectName: "printReceipt"
                    visible: page.form.caseNo.length > 0
                    text: qsTr("打印回执（Ctrl+P）")
                    tone: "plain"
                    enabled: !page.session.printer.busy
                    onClicked: page.session.printer.print(page.form.caseNo, "receipt")
                }
                BigButton {
                    objectName: "printNotice"
                    visible: page.form.noticeText.length > 0
                    text: qsTr("打印告知书")
                    tone: "plain"
                    enabled: !page.session.printer.busy
                    onClicked: page.form.caseNo.length > 0
                               ? page.session.printer.print(page.form.caseNo, "notice")
                               : page.session.printer.printItemNotice(page.form.itemCode, page.form.heldCodes)
                }
                PrintedLine {
                    Layout.fillWidth: true
                    printer: page.session.printer
                }
                BigButton {
                    objectName: "viewCase"
                    visible: page.form.caseNo.length > 0
                    text: qsTr("查看办件")
                    tone: "plain"
                    onClicked: {
                        const no = page.form.caseNo
                        page.form.clear()
                        page.session.printer.forget()
                        page.openCase(no)
                    }
                }
                BigButton {
                    id: nextApplicant
                    objectName: "nextApplicant"
                    text: qsTr("继续收件（Enter）")
                    Keys.onReturnPressed: clicked()
                    Keys.onEnterPressed: clicked()
                    onClicked: {
                        page.form.clear()
                        page.session.printer.forget()
                        page.startTyping()
                    }
                }
            }
        }
    }

    // The proxy (代办人) acting under a signed authorization; the node checks the
    // ID, the reference and that the authorization has not expired.
    Popup {
        id: agent
        objectName: "agentDialog"
        parent: Overlay.overlay
        anchors.centerIn: parent
        width: 640
        modal: true
        padding: 24
        background: Rectangle { radius: Theme.radius; color: Theme.panel; border.color: Theme.border }
        ColumnLayout {
            anchors.fill: parent
            spacing: 10
            Text {
                text: qsTr("代办人信息")
                font.pixelSize: Theme.fontTitle
                font.bold: true
                color: Theme.text
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: 12
                Field {
                    Layout.preferredWidth: 200
                    label: qsTr("代办人姓名")
                    text: page.form.agentName
                    onEdited: text => page.form.agentName = text
                }
                Field {
                    Layout.fillWidth: true
                    label: qsTr("代办人身份证号码")
                    text: page.form.agentId
                    bad: page.form.agentIdMessage.length > 0
                    message: page.form.agentIdMessage.length > 0 ? page.form.agentIdMessage
                             : page.form.agentIdOk ? qsTr("号码校验通过") : ""
                    onEdited: text => page.form.agentId = text
                }
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: 12
                Field {
                    Layout.fillWidth: true
                    label: qsTr("授权委托书编号")
                    text: page.form.agentAuthorization
                    onEdited: text => page.form.agentAuthorization = text
                }
                Field {
                    Layout.preferredWidth: 200
                    label: qsTr("代办人电话（可不填）")
                    text: page.form.agentPhone
                    onEdited: text => page.form.agentPhone = text
                }
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: 12
                Field {
                    Layout.fillWidth: true
                    objectName: "agentScope"
                    label: qsTr("委托范围")
                    text: page.form.agentScope
                    onEdited: text => page.form.agentScope = text
                }
                Field {
                    Layout.preferredWidth: 200
                    objectName: "agentExpires"
                    label: qsTr("有效期至（可不填）")
                    placeholder: "2027-12-31"
                    text: page.form.agentExpires
                    bad: page.form.agentExpiresMessage.length > 0
                    message: page.form.agentExpiresMessage
                    onEdited: text => page.form.agentExpires = text
                }
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: 12
                BigButton {
                    text: qsTr("不用代办人")
                    tone: "plain"
                    onClicked: {
                        page.form.hasAgent = false
                        agent.close()
                    }
                }
                Text {
                    objectName: "agentProblem"
                    Layout.fillWidth: true
                    text: page.form.agentProblem
                    font.pixelSize: Theme.fontSize
                    color: Theme.danger
                    wrapMode: Text.Wrap
                }
                BigButton {
                    objectName: "agentDone"
                    text: qsTr("确定")
                    // Closed only once the details are whole: an unfinished proxy would
                    // otherwise grey out the receive button out of sight.
                    enabled: page.form.agentProblem.length === 0
                    onClicked: agent.close()
                }
            }
        }
    }
}
