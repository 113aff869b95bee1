pragma Singleton
import QtQuick

// Colours and sizes of the desk: calm, high contrast, large type for clerks
// who read the screen all day.
QtObject {
    readonly property string fontFamily: "WenQuanYi Micro Hei"
    readonly property int fontSmall: 15
    readonly property int fontSize: 18
    readonly property int fontLarge: 21
    readonly property int fontTitle: 25
    readonly property int fontHuge: 36

    readonly property int spacing: 12
    readonly property int radius: 8

    readonly property color background: "#f2f4f7"
    readonly property color panel: "#ffffff"
    readonly property color border: "#d9dee5"
    readonly property color divider: "#eceff3"
    readonly property color text: "#1f2933"
    readonly property color muted: "#5f6b7a"
    readonly property color bar: "#22324a"
    readonly property color barText: "#ffffff"
    readonly property color sidebar: "#2a3b55"
    readonly property color primary: "#1d5fbf"
    readonly property color primaryDark: "#164a96"
    readonly property color primaryLight: "#e7effb"
    readonly property color green: "#1e7f46"
    readonly property color greenLight: "#e3f3e9"
    readonly property color warning: "#a8620a"
    readonly property color warningLight: "#fdf1dc"
    readonly property color danger: "#c0312f"
    readonly property color dangerLight: "#fbe7e6"

    // Colour of a deadline state from the node ("normal", "warning", "overdue").
    function timerColor(state) {
        if (state === "overdue") return danger
        if (state === "warning") return warning
        return muted
    }
    // A message from the node (an English sentence) inside words of the desk.
    function notDone(message) {
        return message.length > 0 ? qsTr("操作未完成：%1").arg(message) : ""
    }
    function timerText(state) {
        if (state === "overdue") return qsTr("已超期")
        if (state === "warning") return qsTr("即将到期")
        return ""
    }
}
