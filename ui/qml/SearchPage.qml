import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongban.Desk

// Finding a case: every case, newest first, loaded page by page while
// scrolling; typing searches by case number, ID number or name.
ColumnLayout {
    id: page
    required property DeskSession session
    signal openCase(string caseNo)

    spacing: 12

    RowLayout {
        Layout.fillWidth: true
        spacing: 12
        TextField {
            id: query
            objectName: "searchField"
            Layout.fillWidth: true
            implicitHeight: 56
            font.pixelSize: Theme.fontLarge
            placeholderText: qsTr("输入办件编号、身份证号或申请人姓名，或扫回执上的二维码")
            selectByMouse: true
            text: page.session.cases.query
            onTextEdited: page.session.cases.query = query.text
            // A barcode scanner types the receipt's QR code and Enter: open that case.
            onAccepted: {
                if (!page.session.cases.looksScanned(query.text)) return
                const caseNo = page.session.cases.scannedCase(query.text)
                if (caseNo.length > 0) {
                    query.text = ""
                    page.session.cases.query = ""
                    page.openCase(caseNo)
                }
            }
            background: Rectangle {
                radius: Theme.radius
                color: "#ffffff"
                border.width: query.activeFocus ? 2 : 1
                border.color: query.activeFocus ? Theme.primary : "#b9c1cc"
            }
        }
        BigButton {
            text: qsTr("清空")
            tone: "plain"
            enabled: query.text.length > 0
            onClicked: { query.text = ""; page.session.cases.query = "" }
        }
    }

    Text {
        Layout.fillWidth: true
        font.pixelSize: Theme.fontSize
        color: page.session.cases.error.length > 0 ? Theme.danger : Theme.muted
        text: page.session.cases.error.length > 0 ? page.session.cases.error
              : page.session.cases.loading ? qsTr("正在查找…")
              : page.session.cases.truncated ? qsTr("只列出前 %1 件，请输入更完整的姓名").arg(page.session.cases.count)
              : page.session.cases.query.length > 0 ? qsTr("找到 %1 件").arg(page.session.cases.count)
              : qsTr("全部办件，最新的在前（向下滚动加载更多）")
    }

    Panel {
        Layout.fillWidth: true
        Layout.fillHeight: true

        ListView {
            id: list
            objectName: "caseList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: page.session.cases
            boundsBehavior: Flickable.StopAtBounds
            reuseItems: true
            ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }
            delegate: CaseRow {
                width: ListView.view.width
                onClicked: caseNo => page.openCase(caseNo)
            }
            Text {
                anchors.centerIn: parent
                visible: list.count === 0 && !page.session.cases.loading
                text: page.session.cases.query.length > 0 ? qsTr("没有找到相符的办件") : qsTr("还没有办件")
                font.pixelSize: Theme.fontLarge
                color: Theme.muted
            }
        }
    }
}
