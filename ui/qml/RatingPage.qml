import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongban.Desk

// The applicant rates the service (好差评): five large faces from 非常不满意 to
// 非常满意, what was good or bad, a few words; then thanks. A bad rating opens a
// rectification at the node, and the screen tells the applicant so.
ColumnLayout {
    id: page
    required property DeskSession session
    readonly property RatingForm form: page.session.rating

    spacing: 14
    // The desk's smallest window (1024x640) is short: a smaller heading, tighter rows,
    // so the comment and the submit button stay above the sync bar.
    readonly property bool compact: height < 560

    // The clerk picks the case; the rest of the screen faces the applicant.
    RowLayout {
        Layout.fillWidth: true
        spacing: 12
        TextField {
            id: caseNo
            objectName: "ratingCase"
            Layout.preferredWidth: 340
            implicitHeight: 44
            font.pixelSize: Theme.fontSize
            placeholderText: qsTr("办件编号")
            text: page.form.caseNo
            selectByMouse: true
            onAccepted: page.form.open(caseNo.text)
        }
        BigButton {
            implicitHeight: 44
            font.pixelSize: Theme.fontSize
            text: qsTr("开始评价")
            tone: "plain"
            enabled: caseNo.text.trim().length > 0
            onClicked: page.form.open(caseNo.text)
        }
        Text {
            Layout.fillWidth: true
            text: page.form.caseInfo.itemName !== undefined
                  ? qsTr("%1　%2　%3").arg(page.form.caseInfo.applicantName).arg(page.form.caseInfo.itemName).arg(page.form.caseInfo.statusLabel)
                  : ""
            font.pixelSize: Theme.fontSize
            color: Theme.muted
            wrapMode: Text.Wrap
        }
    }

    Rectangle {
        Layout.fillWidth: true
        Layout.fillHeight: true
        radius: Theme.radius
        color: Theme.panel
        border.color: Theme.border

        // The thank-you.
        ColumnLayout {
            anchors.centerIn: parent
            width: parent.width - 80
            visible: page.form.done
            spacing: 24
            Text {
                Layout.alignment: Qt.AlignHCenter
                text: qsTr("谢谢您的评价！")
                font.pixelSize: 48
                font.bold: true
                color: Theme.green
            }
            Text {
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                text: page.form.rectification
                      ? qsTr("很抱歉这次没有让您满意。我们已登记整改，将在 %1 个工作日内改进并答复您。").arg(page.form.rectificationWorkdays)
                      : qsTr("您的意见会帮助我们把服务做得更好。")
                font.pixelSize: Theme.fontTitle
                color: page.form.rectification ? Theme.warning : Theme.text
                wrapMode: Text.Wrap
            }
            BigButton {
                Layout.alignment: Qt.AlignHCenter
                text: qsTr("完成")
                onClicked: { page.form.open(""); caseNo.text = "" }
            }
        }

        ColumnLayout {
            anchors.fill: parent
            anchors.margins: page.compact ? 16 : 24
            visible: !page.form.done
            spacing: page.compact ? 12 : 18

            Text {
                Layout.topMargin: page.compact ? 0 : 12
                Layout.alignment: Qt.AlignHCenter
                text: page.form.caseNo.length === 0 ? qsTr("请窗口人员输入办件编号后开始评价")
                      : page.form.alreadyRated ? qsTr("此件已评价，谢谢！")
                      : qsTr("请您对本次服务进行评价")
                font.pixelSize: page.compact ? Theme.fontTitle : 34
                font.bold: true
                color: Theme.text
            }

            RowLayout {
                id: faces
                // Five faces always fit, down to the smallest window the desk allows.
                readonly property real card: Math.max(120, Math.min(200, (parent.width - 4 * spacing) / 5))
                Layout.alignment: Qt.AlignHCenter
                Layout.maximumWidth: parent.width
                spacing: parent.width < 1000 ? 12 : 22
                enabled: page.form.caseNo.length > 0 && !page.form.alreadyRated
                opacity: enabled ? 1 : 0.4
                Repeater {
                    model: page.form.scores
                    delegate: Rectangle {
                        id: choice
                        required property var modelData
                        readonly property bool chosen: page.form.score === choice.modelData.score
                        objectName: "score-" + choice.modelData.score
                        implicitWidth: faces.card
                        implicitHeight: faces.card + 10
                        radius: 16
                        color: choice.chosen ? "#fff7e0" : "#f8f9fb"
                        border.color: choice.chosen ? face.tone : Theme.border
                        border.width: choice.chosen ? 4 : 1
                        ColumnLayout {
                            anchors.centerIn: parent
                            spacing: 10
                            RatingFace {
                                id: face
                                Layout.alignment: Qt.AlignHCenter
                                implicitWidth: Math.min(128, faces.card - 60)
                                implicitHeight: Math.min(128, faces.card - 60)
                                score: choice.modelData.score
                                chosen: choice.chosen
                            }
                            Text {
                                Layout.alignment: Qt.AlignHCenter
                                text: choice.modelData.words
                                font.pixelSize: Theme.fontLarge
                                font.bold: choice.chosen
                                color: Theme.text
                            }
                        }
                        TapHandler { onTapped: page.form.score = choice.modelData.score }
                    }
                }
            }

            Flow {
                Layout.fillWidth: true
                Layout.leftMargin: 24
                Layout.rightMargin: 24
                spacing: 12
                visible: page.form.score > 0
                Repeater {
                    model: page.form.indicators
                    delegate: Button {
                        id: indicator
                        required property var modelData
                        implicitHeight: 52
                        leftPadding: 22
                        rightPadding: 22
                        font.pixelSize: Theme.fontLarge
                        text: (indicator.modelData.checked ? "✓ " : "") + indicator.modelData.label
                        onClicked: page.form.toggleIndicator(indicator.modelData.code)
                        contentItem: Text {
                            text: indicator.text
                            font: indicator.font
                            color: indicator.modelData.checked ? "#ffffff" : Theme.text
                            horizontalAlignment: Text.AlignHCenter
                            verticalAlignment: Text.AlignVCenter
                        }
                        background: Rectangle {
                            radius: 26
                            color: indicator.modelData.checked ? Theme.primary : "#ffffff"
                            border.color: indicator.modelData.checked ? Theme.primary : "#b9c1cc"
                        }
                    }
                }
            }

            RowLayout {
                Layout.fillWidth: true
                Layout.leftMargin: 24
                Layout.rightMargin: 24
                visible: page.form.score > 0
                spacing: 16
                TextField {
                    id: comment
                    Layout.fillWidth: true
                    implicitHeight: 56
                    font.pixelSize: Theme.fontLarge
                    placeholderText: qsTr("还想说点什么？（可不填）")
                    text: page.form.comment
                    onTextEdited: page.form.comment = comment.text
                }
                BigButton {
                    objectName: "submitRating"
                    Layout.preferredWidth: 200
                    implicitHeight: 56
                    text: page.form.busy ? qsTr("正在提交…") : qsTr("提交评价")
                    tone: "green"
                    enabled: page.form.canSubmit
                    onClicked: page.form.submit()
                }
            }

            Text {
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                visible: page.form.error.length > 0
                text: Theme.notDone(page.form.error)
                font.pixelSize: Theme.fontSize
                color: Theme.danger
                wrapMode: Text.Wrap
            }
            Item { Layout.fillHeight: true }
        }
    }
}
