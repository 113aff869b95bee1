import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongban.Desk

// The figures of a period: cases received, accepted, closed, overdue and on the
// green channel, their channels and statuses, ratings and the service modes.
ColumnLayout {
    id: page
    required property DeskSession session
    readonly property PeriodStats stats: page.session.periodStats
    readonly property var f: page.stats.figures

    spacing: 14

    onVisibleChanged: if (visible) page.stats.refresh()

    function n(key) { return page.f[key] !== undefined ? String(page.f[key]) : "–" }

    RowLayout {
        Layout.fillWidth: true
        spacing: 10
        Repeater {
            model: [["today", qsTr("今日")], ["week", qsTr("本周")], ["month", qsTr("本月")], ["year", qsTr("本年")]]
            delegate: BigButton {
                required property var modelData
                implicitHeight: 46
                font.pixelSize: Theme.fontSize
                text: modelData[1]
                tone: page.stats.period === modelData[0] ? "primary" : "plain"
                onClicked: page.stats.period = modelData[0]
            }
        }
        Text {
            Layout.leftMargin: 12
            text: page.stats.fromDate.length > 0 ? qsTr("统计期间 %1 至 %2").arg(page.stats.fromDate).arg(page.stats.toDate) : ""
            font.pixelSize: Theme.fontSize
            color: Theme.muted
        }
        Item { Layout.fillWidth: true }
        Text {
            visible: page.stats.error.length > 0 || page.stats.loading
            text: page.stats.error.length > 0 ? page.stats.error : qsTr("正在统计…")
            font.pixelSize: Theme.fontSize
            color: page.stats.error.length > 0 ? Theme.danger : Theme.muted
        }
    }

    RowLayout {
        Layout.fillWidth: true
        Layout.fillHeight: false
        spacing: 12
        StatCard { Layout.fillWidth: true; label: qsTr("收件"); value: page.n("received"); accent: Theme.primary }
        StatCard { Layout.fillWidth: true; label: qsTr("受理"); value: page.n("accepted") }
        StatCard { Layout.fillWidth: true; label: qsTr("归档办结"); value: page.n("closed"); accent: Theme.green }
        StatCard {
            Layout.fillWidth: true
            label: qsTr("超期未结")
            value: page.n("overdue")
            accent: Theme.danger
            tint: page.f.overdue > 0 ? Theme.dangerLight : Theme.panel
        }
        StatCard { Layout.fillWidth: true; label: qsTr("绿色通道"); value: page.n("green"); accent: Theme.green }
        StatCard {
            Layout.fillWidth: true
            label: qsTr("评价均分（%1 条）").arg(page.n("ratingCount"))
            value: page.f.ratingCount > 0 ? Number(page.f.ratingAverage).toFixed(1) : "–"
            accent: Theme.warning
        }
    }

    RowLayout {
        Layout.fillWidth: true
        Layout.fillHeight: true
        spacing: 14

        Panel {
            Layout.fillWidth: true
            Layout.fillHeight: true
            title: qsTr("收件渠道")
            BarList {
                Layout.fillWidth: true
                bars: page.stats.byChannel
                labelWidth: 124
            }
            Text {
                Layout.topMargin: 10
                text: qsTr("办件状态")
                font.pixelSize: Theme.fontLarge
                font.bold: true
                color: Theme.text
            }
            ScrollView {
                id: statusScroll
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                BarList {
                    width: statusScroll.availableWidth
                    bars: page.stats.byStatus
                    color: "#5b7fb3"
                    labelWidth: 124
                }
            }
        }

        Panel {
            Layout.fillWidth: true
            Layout.fillHeight: true
            title: qsTr("评价分布")
            BarList {
                Layout.fillWidth: true
                bars: page.stats.ratings
                color: Theme.warning
                labelWidth: 124
            }
            Text {
                Layout.fillWidth: true
                Layout.topMargin: 6
                text: qsTr("差评整改未完成 %1 件").arg(page.n("rectificationsOpen"))
                font.pixelSize: Theme.fontSize
                color: page.f.rectificationsOpen > 0 ? Theme.danger : Theme.muted
            }
            Item { Layout.fillHeight: true }
        }

        Panel {
            Layout.preferredWidth: 330
            Layout.fillHeight: true
            title: qsTr("服务方式")
            ColumnLayout {
                Layout.fillWidth: true
                spacing: 12
                Repeater {
                    model: [
                        [qsTr("预约"), qsTr("%1 个，爽约 %2 个").arg(page.n("appointments")).arg(page.n("noShows"))],
                        [qsTr("上门"), qsTr("计划 %1 次，已上门 %2 次").arg(page.n("visits")).arg(page.n("visitsDone"))],
                        [qsTr("邮寄"), qsTr("寄来 %1 件，寄出 %2 件").arg(page.n("shipmentsIn")).arg(page.n("shipmentsOut"))],
                        [qsTr("承诺"), qsTr("待履行 %1 件，违诺 %2 件").arg(page.n("commitmentsOpen")).arg(page.n("commitmentsBreached"))],
                        [qsTr("超时问责"), qsTr("%1 件未了结").arg(page.n("escalationsOpen"))]
                    ]
                    delegate: ColumnLayout {
                        required property var modelData
                        Layout.fillWidth: true
                        spacing: 0
                        Text {
                            text: modelData[0]
                            font.pixelSize: Theme.fontSmall
                            color: Theme.muted
                        }
                        Text {
                            Layout.fillWidth: true
                            text: modelData[1]
                            font.pixelSize: Theme.fontSize
                            color: Theme.text
                            wrapMode: Text.Wrap
                        }
                    }
                }
            }
            Item { Layout.fillHeight: true }
        }
    }
}
