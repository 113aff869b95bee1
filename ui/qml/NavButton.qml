import QtQuick
import QtQuick.Controls
import Tongban.Desk

// A page tab in the top bar.
Button {
    id: control
    property bool current: false

    font.pixelSize: Theme.fontLarge
    leftPadding: 22
    rightPadding: 22
    implicitHeight: 64

    contentItem: Text {
        text: control.text
        font: control.font
        color: Theme.barText
        opacity: control.current ? 1.0 : 0.78
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
    }
    background: Rectangle {
        color: control.current ? "#314766" : (control.down ? "#2b3e5a" : "transparent")
        Rectangle {
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.bottom: parent.bottom
            height: 4
            color: "#7fb0ff"
            visible: control.current
        }
    }
}
