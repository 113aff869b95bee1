import QtQuick
import QtQuick.Layouts
import Tongban.Desk

// Horizontal bars of [{label, count, share}] (share 0..1 of the longest bar).
ColumnLayout {
    id: chart
    property var bars: []
    property color color: Theme.primary
    property int labelWidth: 110
    property string emptyText: qsTr("本期没有数据")

    spacing: 8

    Repeater {
        model: chart.bars
        delegate: RowLayout {
            id: bar
            required property var modelData
            Layout.fillWidth: true
            spacing: 10
            Text {
                Layout.preferredWidth: chart.labelWidth
                text: bar.modelData.label
                font.pixelSize: Theme.fontSize
                color: Theme.text
                wrapMode: Text.Wrap  // "Special procedure" on two lines rather than cut short
            }
            Item {
                Layout.fillWidth: true
                implicitHeight: 24
                Rectangle {
                    anchors.fill: parent
                    radius: 4
                    color: Theme.divider
                }
                Rectangle {
                    width: Math.max(bar.modelData.count > 0 ? 4 : 0, parent.width * bar.modelData.share)
                    height: parent.height
                    radius: 4
                    color: chart.color
                }
            }
            Text {
                Layout.preferredWidth: 56
                horizontalAlignment: Text.AlignRight
                text: String(bar.modelData.count)
                font.pixelSize: Theme.fontSize
                font.bold: true
                color: Theme.text
            }
        }
    }
    Text {
        visible: chart.bars.length === 0
        text: chart.emptyText
        font.pixelSize: Theme.fontSize
        color: Theme.muted
    }
}
