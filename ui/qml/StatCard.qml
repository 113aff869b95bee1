import QtQuick
import QtQuick.Layouts
import Tongban.Desk

// A figure on the home page: a big number and what it counts.
Rectangle {
    id: card
    property string label: ""
    property string value: "0"
    property color accent: Theme.text
    property color tint: Theme.panel

    implicitHeight: 104
    radius: Theme.radius
    color: card.tint
    border.color: Theme.border

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 14
        spacing: 2
        Text {
            text: card.value
            font.pixelSize: Theme.fontHuge
            font.bold: true
            color: card.accent
        }
        Text {
            Layout.fillWidth: true
            text: card.label
            font.pixelSize: Theme.fontSize
            color: Theme.muted
            elide: Text.ElideRight
        }
    }
}
