import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongban.Desk

// A labelled text field with a message line under it (red when `bad`).
ColumnLayout {
    id: field
    property string label: ""
    property alias text: input.text
    property alias placeholder: input.placeholderText
    property alias input: input
    property string message: ""
    property bool bad: false
    // Enter moves on to the next field, as Tab does: clerks type the form through.
    property bool enterMovesOn: true
    signal edited(string text)
    signal accepted()

    spacing: 4
    Text {
        Layout.fillWidth: true
        text: field.label
        font.pixelSize: Theme.fontSize
        color: Theme.muted
        wrapMode: Text.Wrap  // a long label in a narrow column goes on to a second line
    }
    TextField {
        id: input
        Layout.fillWidth: true
        implicitHeight: 48
        font.pixelSize: Theme.fontLarge
        color: Theme.text
        selectByMouse: true
        onTextEdited: field.edited(input.text)
        onAccepted: {
            field.accepted()
            if (field.enterMovesOn) input.nextItemInFocusChain(true).forceActiveFocus(Qt.TabFocusReason)
        }
        background: Rectangle {
            radius: 6
            color: "#ffffff"
            border.width: input.activeFocus ? 2 : 1
            border.color: field.bad ? Theme.danger : (input.activeFocus ? Theme.primary : "#b9c1cc")
        }
    }
    Text {
        Layout.fillWidth: true
        visible: field.message.length > 0
        text: field.message
        font.pixelSize: Theme.fontSmall
        color: field.bad ? Theme.danger : Theme.green
        wrapMode: Text.Wrap
    }
}
