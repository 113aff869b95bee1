import QtQuick
import QtQuick.Layouts
import Tongban.Desk

// A white card with an optional title; children go below the title. A title too long
// for the header's buttons beside it puts them on the next line, and wraps if it must.
Rectangle {
    id: panel
    property string title: ""
    property alias headerExtra: extra.data
    default property alias content: body.data

    color: Theme.panel
    radius: Theme.radius
    border.color: Theme.border

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 16
        spacing: 10

        GridLayout {
            Layout.fillWidth: true
            visible: panel.title.length > 0
            // The header's buttons go under the title when both do not fit on one line.
            columns: titleText.implicitWidth + extra.implicitWidth + columnSpacing > width ? 1 : 2
            Text {
                id: titleText
                Layout.fillWidth: true
                text: panel.title
                font.pixelSize: Theme.fontLarge
                font.bold: true
                color: Theme.text
                wrapMode: Text.Wrap
            }
            Row { id: extra; spacing: 8 }
        }
        ColumnLayout {
            id: body
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 10
        }
    }
}
