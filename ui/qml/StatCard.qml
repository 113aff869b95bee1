import QtQuick
import QtQuick.Layouts
import Tongban.Desk

// A figure on the home page: a big number and what it counts. The words wrap rather
// than elide ("Green channel open" on a narrow window). Cards in a row share its height;
// the row sets Layout.fillHeight: false, or it would take the whole page's height.
Rectangle {
    id: card
    property string label: ""
    property string value: "0"
    property color accent: Theme.text
    property color tint: Theme.panel

    implicitHeight: Math.max(104, figure.implicitHeight + 28)
    Layout.fillHeight: true
    radius: Theme.radius
    color: card.tint
    border.color: Theme.border

    ColumnLayout {
        id: figure
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
            wrapMode: Text.Wrap
        }
    }
}
