import QtQuick
import QtQuick.Controls
import Tongban.Desk

// A large, plainly coloured button. tone: "primary", "plain", "green", "danger".
Button {
    id: control
    property string tone: "primary"

    font.pixelSize: Theme.fontLarge
    leftPadding: 26
    rightPadding: 26
    topPadding: 12
    bottomPadding: 12
    implicitHeight: 54

    readonly property color fill: {
        if (!control.enabled) return "#e4e7eb"
        if (control.tone === "plain") return control.down ? "#e6e9ee" : "#ffffff"
        if (control.tone === "green") return control.down ? "#176638" : Theme.green
        if (control.tone === "danger") return control.down ? "#9c2725" : Theme.danger
        return control.down ? Theme.primaryDark : Theme.primary
    }

    contentItem: Text {
        text: control.text
        font: control.font
        color: !control.enabled ? "#8a94a3" : control.tone === "plain" ? Theme.text : "#ffffff"
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        elide: Text.ElideRight
    }
    background: Rectangle {
        radius: Theme.radius
        color: control.fill
        border.width: control.tone === "plain" ? 1 : 0
        border.color: Theme.border
    }
}
