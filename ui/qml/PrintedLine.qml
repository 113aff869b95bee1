import QtQuick
import QtQuick.Layouts
import Tongban.Desk

// What the last print wrote (or why it could not), with a way to open the PDF.
RowLayout {
    id: line
    required property DocumentPrinter printer

    visible: line.printer.busy || line.printer.error.length > 0 || line.printer.message.length > 0
    spacing: 10
    Text {
        Layout.fillWidth: true
        text: line.printer.busy ? qsTr("正在生成 PDF…")
              : line.printer.error.length > 0 ? Theme.notDone(line.printer.error)
              : line.printer.message
        font.pixelSize: Theme.fontSmall
        color: line.printer.error.length > 0 ? Theme.danger : Theme.green
        elide: Text.ElideMiddle
    }
    BigButton {
        visible: !line.printer.busy && line.printer.error.length === 0 && line.printer.lastUrl.length > 0
        implicitHeight: 36
        leftPadding: 14
        rightPadding: 14
        font.pixelSize: Theme.fontSmall
        text: qsTr("打开")
        tone: "plain"
        onClicked: Qt.openUrlExternally(line.printer.lastUrl)
    }
}
