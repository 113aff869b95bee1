import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongban.Desk

// Appointments (预约办): the day or the week, booking a free slot, and the
// moves on an appointment — check in, cancel, convert into a case (the intake
// form opens filled in with the appointment's applicant).
ColumnLayout {
    id: page
    required property DeskSession session
    readonly property AppointmentDesk desk: page.session.appointments
    signal openPage(string page)

    spacing: 12
    // The desk's smallest window (1024x640): a narrower booking column that scrolls, the
    // date free to wrap, the name over the phone.
    readonly property bool narrow: width < 1000

    onVisibleChanged: if (visible) page.desk.refresh()

    function convert(a) {
        page.session.intake.startFromAppointment(a.ref, a.itemCode, a.applicantName, a.applicantId, a.phone)
        page.openPage("intake")
    }

    RowLayout {
        Layout.fillWidth: true
        spacing: 10
        BigButton {
            implicitHeight: 46
            leftPadding: 16
            rightPadding: 16
            font.pixelSize: Theme.fontSize
            text: page.desk.week ? qsTr("上一周") : qsTr("前一天")
            tone: "plain"
            onClicked: page.desk.shiftDays(page.desk.week ? -7 : -1)
        }
        BigButton {
            implicitHeight: 46
            leftPadding: 16
            rightPadding: 16
            font.pixelSize: Theme.fontSize
            text: qsTr("今天")
            tone: "plain"
            onClicked: page.desk.goToday()
        }
        BigButton {
            implicitHeight: 46
            leftPadding: 16
            rightPadding: 16
            font.pixelSize: Theme.fontSize
            text: page.desk.week ? qsTr("下一周") : qsTr("后一天")
            tone: "plain"
            onClicked: page.desk.shiftDays(page.desk.week ? 7 : 1)
        }
        Text {
            Layout.leftMargin: 8
            Layout.fillWidth: page.narrow
            text: page.desk.rangeText
            font.pixelSize: Theme.fontLarge
            font.bold: true
            color: Theme.text
            wrapMode: page.narrow ? Text.Wrap : Text.NoWrap
        }
        Item {
            visible: !page.narrow
            Layout.fillWidth: true
        }
        BigButton {
            implicitHeight: 46
            leftPadding: 16
            rightPadding: 16
            font.pixelSize: Theme.fontSize
            text: qsTr("日")
            tone: page.desk.week ? "plain" : "primary"
            onClicked: page.desk.week = false
        }
        BigButton {
            implicitHeight: 46
            leftPadding: 16
            rightPadding: 16
            font.pixelSize: Theme.fontSize
            text: qsTr("周")
            tone: page.desk.week ? "primary" : "plain"
            onClicked: page.desk.week = true
        }
        BigButton {
            implicitHeight: 46
            leftPadding: 16
            rightPadding: 16
            font.pixelSize: Theme.fontSize
            text: qsTr("登记爽约")
            tone: "plain"
            onClicked: page.desk.markNoShows()
        }
    }

    Text {
        Layout.fillWidth: true
        visible: text.length > 0
        text: page.desk.error.length > 0 ? Theme.notDone(page.desk.error) : page.desk.message
        font.pixelSize: Theme.fontSize
        color: page.desk.error.length > 0 ? Theme.danger : Theme.green
        wrapMode: Text.Wrap
    }

    RowLayout {
        Layout.fillWidth: true
        Layout.fillHeight: true
        spacing: 16

        // Day: the list with its moves.
        Panel {
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: !page.desk.week
            title: qsTr("预约名单（%1）").arg(page.desk.appointments.count)
            ListView {
                id: dayList
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                spacing: 6
                model: page.desk.appointments
                boundsBehavior: Flickable.StopAtBounds
                ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }
                delegate: Rectangle {
                    id: appointment
                    required property int index
                    required property string ref
                    required property string time
                    required property bool offHours
                    required property string itemName
                    required property string applicantName
                    required property string maskedId
                    required property string state
                    required property string stateLabel
                    required property string caseNo
                    required property bool canCheckIn
                    required property bool canCancel
                    required property bool canConvert
                    width: ListView.view.width - 12
                    implicitHeight: Math.max(72, moves.implicitHeight + 16)
                    // Below this the name and the item would be cut to a few characters.
                    readonly property bool twoLines: width < 680
                    radius: 6
                    color: "#f8f9fb"
                    border.color: Theme.divider
                    // A narrow list puts the moves on a second line, so the name stays readable.
                    GridLayout {
                        id: moves
                        anchors.fill: parent
                        anchors.leftMargin: 14
                        anchors.rightMargin: 10
                        anchors.topMargin: 8
                        anchors.bottomMargin: 8
                        columns: appointment.twoLines ? 3 : 4
                        columnSpacing: 12
                        rowSpacing: 6
                        ColumnLayout {
                            spacing: 0
                            Text {
                                text: appointment.time
                                font.pixelSize: Theme.fontLarge
                                font.bold: true
                                color: Theme.text
                            }
                            Text {
                                visible: appointment.offHours
                                text: qsTr("错时")
                                font.pixelSize: Theme.fontSmall
                                color: Theme.warning
                            }
                        }
                        ColumnLayout {
                            Layout.fillWidth: true
                            spacing: 2
                            Text {
                                Layout.fillWidth: true
                                text: appointment.applicantName + "　" + appointment.maskedId
                                font.pixelSize: Theme.fontSize
                                font.bold: true
                                color: Theme.text
                                elide: Text.ElideRight
                            }
                            Text {
                                Layout.fillWidth: true
                                text: appointment.itemName + (appointment.caseNo.length > 0 ? "　→ " + appointment.caseNo : "")
                                font.pixelSize: Theme.fontSmall
                                color: Theme.muted
                                elide: Text.ElideRight
                            }
                        }
                        Text {
                            text: appointment.stateLabel
                            font.pixelSize: Theme.fontSize
                            color: appointment.state === "checked_in" ? Theme.green
                                   : appointment.state === "no_show" || appointment.state === "cancelled" ? Theme.danger
                                   : Theme.primaryDark
                        }
                        RowLayout {
                            Layout.columnSpan: appointment.twoLines ? 3 : 1
                            Layout.alignment: Qt.AlignRight | Qt.AlignVCenter
                            spacing: 12
                            BigButton {
                                visible: appointment.canCheckIn
                                implicitHeight: 44
                                leftPadding: 16
                                rightPadding: 16
                                font.pixelSize: Theme.fontSize
                                text: qsTr("签到")
                                tone: "plain"
                                onClicked: page.desk.checkIn(appointment.ref)
                            }
                            BigButton {
                                visible: appointment.canConvert && page.session.canIntake
                                implicitHeight: 44
                                leftPadding: 16
                                rightPadding: 16
                                font.pixelSize: Theme.fontSize
                                text: qsTr("转为办件")
                                onClicked: page.convert(page.desk.appointments.get(appointment.index))
                            }
                            BigButton {
                                visible: appointment.canCancel
                                implicitHeight: 44
                                leftPadding: 16
                                rightPadding: 16
                                font.pixelSize: Theme.fontSize
                                text: qsTr("取消")
                                tone: "plain"
                                onClicked: {
                                    cancelDialog.ref = appointment.ref
                                    cancelDialog.ask(qsTr("取消 %1 的预约").arg(appointment.applicantName))
                                }
                            }
                        }
                    }
                }
                Text {
                    anchors.centerIn: parent
                    visible: dayList.count === 0
                    text: qsTr("这一天没有预约")
                    font.pixelSize: Theme.fontLarge
                    color: Theme.muted
                }
            }
        }

        // Week: one column a day.
        Panel {
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: page.desk.week
            title: qsTr("本周预约（%1）").arg(page.desk.appointments.count)
            RowLayout {
                Layout.fillWidth: true
                Layout.fillHeight: true
                spacing: 6
                Repeater {
                    model: page.desk.days
                    delegate: Rectangle {
                        id: dayColumn
                        required property var modelData
                        readonly property bool chosen: dayColumn.modelData.day === page.desk.day
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        Layout.preferredWidth: 1
                        radius: 6
                        color: dayColumn.modelData.offday ? "#f6f3ec" : "#f8f9fb"
                        border.color: dayColumn.chosen ? Theme.primary : Theme.divider
                        border.width: dayColumn.chosen ? 2 : 1
                        ColumnLayout {
                            anchors.fill: parent
                            anchors.margins: 6
                            spacing: 4
                            Text {
                                Layout.fillWidth: true
                                horizontalAlignment: Text.AlignHCenter
                                text: dayColumn.modelData.label
                                font.pixelSize: Theme.fontSmall
                                font.bold: true
                                color: dayColumn.modelData.offday ? Theme.warning : Theme.text
                            }
                            Text {
                                Layout.fillWidth: true
                                horizontalAlignment: Text.AlignHCenter
                                text: qsTr("%1 个").arg(dayColumn.modelData.count)
                                font.pixelSize: Theme.fontSmall
                                color: Theme.muted
                            }
                            Repeater {
                                model: page.desk.appointments
                                delegate: Rectangle {
                                    id: chip
                                    required property string day
                                    required property string time
                                    required property string applicantName
                                    required property string state
                                    visible: chip.day === dayColumn.modelData.day
                                    Layout.fillWidth: true
                                    implicitHeight: visible ? 40 : 0
                                    radius: 4
                                    color: chip.state === "checked_in" ? Theme.greenLight
                                           : chip.state === "booked" ? Theme.primaryLight : "#eceff3"
                                    ColumnLayout {
                                        anchors.fill: parent
                                        anchors.margins: 3
                                        spacing: 0
                                        Text {
                                            Layout.fillWidth: true
                                            text: chip.time
                                            font.pixelSize: 13
                                            color: Theme.muted
                                        }
                                        Text {
                                            Layout.fillWidth: true
                                            text: chip.applicantName
                                            font.pixelSize: Theme.fontSmall
                                            color: Theme.text
                                            elide: Text.ElideRight
                                        }
                                    }
                                }
                            }
                            Item { Layout.fillHeight: true }
                        }
                        TapHandler { onTapped: page.desk.day = dayColumn.modelData.day }
                    }
                }
            }
        }

        // Booking a free slot on the day shown; scrolls when the window is short.
        Panel {
            Layout.preferredWidth: page.narrow ? 360 : 430
            Layout.maximumWidth: page.narrow ? 360 : 430
            Layout.fillHeight: true
            visible: page.session.canIntake
            title: qsTr("新预约　%1").arg(page.desk.day)
            ScrollView {
                id: bookingScroll
                Layout.fillWidth: true
                Layout.fillHeight: true
                contentWidth: availableWidth
                clip: true
                rightPadding: 1  // the fields' right border inside the clip
                ColumnLayout {
                    width: bookingScroll.availableWidth
                    spacing: 10
                    ComboBox {
                        id: item
                        Layout.fillWidth: true
                        implicitHeight: 44
                        font.pixelSize: Theme.fontSize
                        model: page.desk.items
                        textRole: "name"
                        valueRole: "code"
                        currentIndex: page.desk.items.indexOf("code", page.desk.itemCode)
                        onActivated: page.desk.itemCode = item.currentValue
                    }
                    Flow {
                        Layout.fillWidth: true
                        spacing: 6
                        Repeater {
                            model: page.desk.daySlots
                            delegate: Button {
                                id: slot
                                required property string start
                                required property string time
                                required property int free
                                required property bool past
                                required property bool offHours
                                readonly property bool chosen: slot.start === slotChoice.start
                                enabled: !slot.past && slot.free > 0
                                implicitHeight: 48
                                implicitWidth: 88
                                onClicked: slotChoice.start = slot.start
                                contentItem: Column {
                                    spacing: 0
                                    Text {
                                        anchors.horizontalCenter: parent.horizontalCenter
                                        text: slot.time
                                        font.pixelSize: Theme.fontSize
                                        font.bold: true
                                        color: slot.chosen ? "#ffffff" : slot.enabled ? Theme.text : "#9aa5b4"
                                    }
                                    Text {
                                        anchors.horizontalCenter: parent.horizontalCenter
                                        text: slot.past ? qsTr("已过") : slot.free > 0 ? qsTr("余 %1").arg(slot.free) : qsTr("已满")
                                        font.pixelSize: 13
                                        color: slot.chosen ? "#ffffff" : slot.offHours ? Theme.warning : Theme.muted
                                    }
                                }
                                background: Rectangle {
                                    radius: 6
                                    color: slot.chosen ? Theme.primary : slot.enabled ? "#ffffff" : "#eef0f3"
                                    border.color: slot.chosen ? Theme.primary : "#b9c1cc"
                                }
                            }
                        }
                    }
                    Text {
                        Layout.fillWidth: true
                        visible: page.desk.daySlots.count === 0
                        text: qsTr("这一天不接受此事项的预约")
                        font.pixelSize: Theme.fontSize
                        color: Theme.muted
                    }
                    QtObject {
                        id: slotChoice
                        property string start: ""
                    }
                    GridLayout {
                        Layout.fillWidth: true
                        Layout.topMargin: 6
                        columns: page.narrow ? 1 : 2
                        columnSpacing: 10
                        rowSpacing: 10
                        Field {
                            id: bookName
                            Layout.fillWidth: true
                            Layout.preferredWidth: 1
                            Layout.minimumWidth: 0
                            label: qsTr("姓名")
                        }
                        Field {
                            id: bookPhone
                            Layout.fillWidth: true
                            Layout.preferredWidth: 1
                            Layout.minimumWidth: 0
                            label: qsTr("联系电话（可不填）")
                        }
                    }
                    RowLayout {
                        Layout.fillWidth: true
                        spacing: 10
                        Field {
                            id: bookId
                            Layout.fillWidth: true
                            label: qsTr("身份证号码")
                        }
                        BigButton {
                            Layout.alignment: Qt.AlignBottom
                            text: qsTr("预约")
                            enabled: !page.desk.busy && slotChoice.start.length > 0 && bookName.text.trim().length > 0
                                     && bookId.text.trim().length > 0
                            onClicked: page.desk.book(slotChoice.start, bookName.text, bookId.text, bookPhone.text)
                        }
                    }
                }
            }
        }
    }

    Connections {
        target: page.desk
        function onBooked() {
            slotChoice.start = ""
            bookName.text = ""
            bookId.text = ""
            bookPhone.text = ""
        }
    }

    ReasonDialog {
        id: cancelDialog
        property string ref: ""
        onAccepted: reason => page.desk.cancel(cancelDialog.ref, reason)
    }
}
