import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Tongban.Desk

// The print sheet: the document's pages as they will print, the station's printers
// (the one used last chosen), copies, and saving the PDF instead — on a USB stick,
// or when this computer has no printer. Opens by itself once a document is ready.
Popup {
    id: sheet
    required property DocumentPrinter printer

    parent: Overlay.overlay
    anchors.centerIn: parent
    width: Math.min(parent ? parent.width - 48 : 980, 980)
    height: Math.min(parent ? parent.height - 48 : 700, 700)
    modal: true
    padding: 20
    visible: sheet.printer.sheetOpen
    closePolicy: Popup.CloseOnEscape
    onClosed: sheet.printer.closeSheet()
    background: Rectangle { radius: Theme.radius; color: Theme.panel; border.color: Theme.border }

    readonly property bool noPrinter: !sheet.printer.lookingForPrinters && sheet.printer.printers.length === 0
    readonly property var chosen: sheet.printer.chosen >= 0 && sheet.printer.chosen < sheet.printer.printers.length
                                  ? sheet.printer.printers[sheet.printer.chosen] : null

    RowLayout {
        anchors.fill: parent
        spacing: 20

        // The pages, scrolled, as wide as the column.
        Rectangle {
            Layout.fillHeight: true
            Layout.preferredWidth: Math.round(sheet.availableWidth * 0.48)
            color: "#e3e7ed"
            radius: 6
            ListView {
                id: pages
                anchors.fill: parent
                anchors.margins: 12
                clip: true
                spacing: 12
                model: sheet.printer.pageCount
                boundsBehavior: Flickable.StopAtBounds
                ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }
                delegate: Image {
                    required property int index
                    width: pages.width - 14
                    height: Math.round(width * 297 / 210)
                    fillMode: Image.PreserveAspectFit
                    asynchronous: true
                    cache: false
                    sourceSize.width: width
                    source: "image://printpreview/" + index + "/" + sheet.printer.previewKey
                }
            }
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 12

            Text {
                Layout.fillWidth: true
                text: qsTr("打印%1").arg(sheet.printer.title)
                font.pixelSize: Theme.fontTitle
                font.bold: true
                color: Theme.text
                wrapMode: Text.Wrap
            }
            Text {
                Layout.fillWidth: true
                text: qsTr("共 %1 页").arg(sheet.printer.pageCount)
                font.pixelSize: Theme.fontSize
                color: Theme.muted
            }

            Text {
                text: qsTr("打印机")
                font.pixelSize: Theme.fontSize
                color: Theme.text
            }
            RowLayout {
                Layout.fillWidth: true
                visible: !sheet.noPrinter
                spacing: 10
                ComboBox {
                    id: printers
                    Layout.fillWidth: true
                    implicitHeight: 48
                    font.pixelSize: Theme.fontSize
                    model: sheet.printer.printers
                    textRole: "label"
                    currentIndex: sheet.printer.chosen
                    onActivated: index => sheet.printer.chosen = index
                }
                BigButton {
                    implicitHeight: 48
                    text: qsTr("刷新")
                    tone: "plain"
                    enabled: !sheet.printer.lookingForPrinters
                    onClicked: sheet.printer.findPrinters()
                }
            }
            Text {
                Layout.fillWidth: true
                visible: text.length > 0
                text: sheet.printer.lookingForPrinters ? qsTr("正在查找打印机…")
                      : sheet.noPrinter ? qsTr("这台电脑没有可用的打印机。可以先把文书另存为 PDF（例如存到 U 盘），接好打印机后再打印。")
                      : sheet.chosen && sheet.chosen.stopped
                        ? qsTr("这台打印机已暂停或出错%1，请先查看打印机。").arg(sheet.chosen.note.length > 0 ? "（" + sheet.chosen.note + "）" : "")
                      : ""
                font.pixelSize: Theme.fontSize
                color: sheet.noPrinter || (sheet.chosen && sheet.chosen.stopped) ? Theme.warning : Theme.muted
                wrapMode: Text.Wrap
            }

            RowLayout {
                visible: !sheet.noPrinter
                spacing: 10
                Text {
                    text: qsTr("份数")
                    font.pixelSize: Theme.fontSize
                    color: Theme.text
                }
                SpinBox {
                    id: copies
                    implicitHeight: 48
                    from: 1
                    to: 20
                    value: 1
                    font.pixelSize: Theme.fontSize
                }
            }

            Text {
                Layout.fillWidth: true
                visible: sheet.printer.error.length > 0
                text: Theme.notDone(sheet.printer.error)
                font.pixelSize: Theme.fontSize
                color: Theme.danger
                wrapMode: Text.Wrap
            }

            Item { Layout.fillHeight: true }

            RowLayout {
                Layout.fillWidth: true
                spacing: 12
                BigButton {
                    text: qsTr("另存为 PDF…")
                    tone: sheet.noPrinter ? "primary" : "plain"
                    onClicked: saveDialog.open()
                }
                Item { Layout.fillWidth: true }
                BigButton {
                    text: qsTr("取消")
                    tone: "plain"
                    onClicked: sheet.close()
                }
                BigButton {
                    visible: !sheet.noPrinter
                    text: sheet.printer.sending ? qsTr("正在发送…") : qsTr("打印")
                    enabled: sheet.chosen !== null && !sheet.printer.sending
                    onClicked: sheet.printer.send(copies.value)
                }
            }
        }
    }

    FileDialog {
        id: saveDialog
        title: qsTr("另存为 PDF")
        fileMode: FileDialog.SaveFile
        nameFilters: [qsTr("PDF 文件 (*.pdf)")]
        defaultSuffix: "pdf"
        selectedFile: sheet.printer.lastUrl
        onAccepted: sheet.printer.saveAs(saveDialog.selectedFile)
    }
}
