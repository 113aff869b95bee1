import QtQuick
import QtQuick.Layouts
import Tongban.Desk

// A white card with an optional title; children go below the title.
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

        RowLayout {
            Layout.fillWidth: true
            visible: panel.title.length > 0
            Text {
                Layout.fillWidth: true
                text: panel.title
                font.pixelSize: Theme.fontLarge
                font.bold: true
                color: Theme.text
                elide: Text.ElideRight
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
