import QtQuick
import QtQuick.Controls
import Tongban.Desk

// A page in the navigation on the left.
Button {
    id: control
    property bool current: false

    font.pixelSize: Theme.fontLarge
    leftPadding: 22
    rightPadding: 10
    implicitHeight: 50

    contentItem: Text {
        text: control.text
        font: control.font
        color: Theme.barText
        opacity: control.current ? 1.0 : 0.8
        horizontalAlignment: Text.AlignLeft
        verticalAlignment: Text.AlignVCenter
        elide: Text.ElideRight
    }
    background: Rectangle {
        color: control.current ? "#314766" : (control.down ? "#2b3e5a" : "transparent")
        Rectangle {
            anchors.left: parent.left
            anchors.top: parent.top
            anchors.bottom: parent.bottom
            width: 5
            color: "#7fb0ff"
            visible: control.current
        }
    }
}
