import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongban.Desk

// Post (邮递办): every shipment with its tracking, a new shipment for a case
// (materials the applicant posts in, or the result posted out), and the next
// tracking step of each (the moves the node allows).
RowLayout {
    id: page
    required property DeskSession session
    readonly property ShipmentDesk desk: page.session.shipments
    signal openCase(string caseNo)

    spacing: 16

    onVisibleChanged: {
        if (!visible) return
        page.desk.refresh()
        if (caseNo.text.length === 0 && page.session.caseDetail.loaded) caseNo.text = page.session.caseDetail.caseNo
    }

    Panel {
        Layout.fillWidth: true
        Layout.fillHeight: true
        title: qsTr("邮件（在途 %1 件）").arg(page.desk.open)
        headerExtra: [
            BigButton {
                text: qsTr("刷新")
                tone: "plain"
                implicitHeight: 40
                font.pixelSize: Theme.fontSize
                onClicked: page.desk.refresh()
            }
        ]
        ListView {
            id: list
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: 8
            model: page.desk.shipments
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }
            delegate: Rectangle {
                id: shipment
                required property string ref
                required property string caseNo
                required property string direction
                required property string directionLabel
                required property string carrier
                required property string waybill
                required property string address
                required property string state
                required property string stateText
                required property string created
                required property var events
                required property var moves
                width: ListView.view.width - 12
                implicitHeight: shipmentColumn.implicitHeight + 20
                radius: 6
                color: "#f8f9fb"
                border.color: Theme.divider
                ColumnLayout {
                    id: shipmentColumn
                    anchors.left: parent.left
                    anchors.right: parent.right
                    anchors.top: parent.top
                    anchors.margins: 10
                    anchors.leftMargin: 14
                    spacing: 4
                    RowLayout {
                        Layout.fillWidth: true
                        spacing: 12
                        Text {
                            text: shipment.directionLabel
                            font.pixelSize: Theme.fontSize
                            font.bold: true
                            color: shipment.direction === "in" ? Theme.primaryDark : Theme.green
                        }
                        Text {
                            Layout.fillWidth: true
                            text: shipment.carrier + "　" + shipment.waybill
                            font.pixelSize: Theme.fontSize
                            color: Theme.text
                            elide: Text.ElideRight
                        }
                        Text {
                            text: shipment.stateText
                            font.pixelSize: Theme.fontSize
                            font.bold: true
                            color: shipment.state === "delivered" ? Theme.green
                                   : shipment.state === "lost" || shipment.state === "returned" ? Theme.danger
                                   : Theme.warning
                        }
                    }
                    RowLayout {
                        Layout.fillWidth: true
                        spacing: 12
                        Text {
                            text: shipment.caseNo
                            font.pixelSize: Theme.fontSmall
                            font.underline: true
                            color: Theme.primary
                            TapHandler { onTapped: page.openCase(shipment.caseNo) }
                        }
                        Text {
                            Layout.fillWidth: true
                            text: shipment.address
                            font.pixelSize: Theme.fontSmall
                            color: Theme.muted
                            elide: Text.ElideRight
                        }
                    }
                    Repeater {
                        model: shipment.events
                        delegate: Text {
                            required property string modelData
                            Layout.fillWidth: true
                            text: "· " + modelData
                            font.pixelSize: Theme.fontSmall
                            color: Theme.muted
                            elide: Text.ElideRight
                        }
                    }
                    Flow {
                        Layout.fillWidth: true
                        visible: shipment.moves.length > 0
                        spacing: 8
                        Repeater {
                            model: shipment.moves
                            delegate: BigButton {
                                required property var modelData
                                implicitHeight: 40
                                leftPadding: 16
                                rightPadding: 16
                                font.pixelSize: Theme.fontSize
                                text: qsTr("记为%1").arg(modelData.label)
                                tone: "plain"
                                onClicked: trackDialog.ask(shipment.ref, shipment.waybill, modelData.state, modelData.label)
                            }
                        }
                    }
                }
            }
            Text {
                anchors.centerIn: parent
                visible: list.count === 0
                text: qsTr("还没有邮寄记录")
                font.pixelSize: Theme.fontLarge
                color: Theme.muted
            }
        }
    }

    Panel {
        Layout.preferredWidth: 420
        Layout.maximumWidth: 420
        Layout.fillHeight: true
        title: qsTr("登记邮件")
        Field {
            id: caseNo
            Layout.fillWidth: true
            label: qsTr("办件编号")
            placeholder: "QS-JX01-20261122-0001"
        }
        RowLayout {
            spacing: 12
            RadioButton {
                id: inbound
                text: qsTr("申请人寄来材料")
                font.pixelSize: Theme.fontSize
                checked: true
            }
            RadioButton {
                text: qsTr("寄出办理结果")
                font.pixelSize: Theme.fontSize
            }
        }
        Field {
            id: carrier
            Layout.fillWidth: true
            label: qsTr("快递公司")
            text: qsTr("中国邮政 EMS")
        }
        Field {
            id: waybill
            Layout.fillWidth: true
            label: qsTr("运单号")
        }
        Field {
            id: address
            Layout.fillWidth: true
            label: qsTr("地址（寄件人或收件人）")
        }
        BigButton {
            Layout.fillWidth: true
            text: qsTr("登记")
            enabled: !page.desk.busy && caseNo.text.trim().length > 0 && waybill.text.trim().length > 0
                     && address.text.trim().length > 0
            onClicked: page.desk.create(caseNo.text, inbound.checked ? "in" : "out", carrier.text, waybill.text, address.text)
        }
        Text {
            Layout.fillWidth: true
            visible: text.length > 0
            text: page.desk.error.length > 0 ? Theme.notDone(page.desk.error) : page.desk.message
            font.pixelSize: Theme.fontSize
            color: page.desk.error.length > 0 ? Theme.danger : Theme.green
            wrapMode: Text.Wrap
        }
        Item { Layout.fillHeight: true }
    }

    Connections {
        target: page.desk
        function onCreated() {
            waybill.text = ""
            address.text = ""
        }
    }

    Popup {
        id: trackDialog
        property string ref: ""
        property string waybill: ""
        property string state: ""
        property string label: ""
        function ask(ref, waybill, state, label) {
            trackDialog.ref = ref
            trackDialog.waybill = waybill
            trackDialog.state = state
            trackDialog.label = label
            place.text = ""
            note.text = ""
            trackDialog.open()
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
                text: qsTr("运单 %1：%2").arg(trackDialog.waybill).arg(trackDialog.label)
                font.pixelSize: Theme.fontTitle
                font.bold: true
                color: Theme.text
            }
            Field {
                id: place
                Layout.fillWidth: true
                label: qsTr("地点（可不填）")
            }
            Field {
                id: note
                Layout.fillWidth: true
                label: qsTr("说明（可不填）")
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: 12
                Item { Layout.fillWidth: true }
                BigButton {
                    text: qsTr("取消")
                    tone: "plain"
                    onClicked: trackDialog.close()
                }
                BigButton {
                    text: qsTr("确认")
                    onClicked: {
                        page.desk.track(trackDialog.ref, trackDialog.state, place.text, note.text)
                        trackDialog.close()
                    }
                }
            }
        }
    }
}
