import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongban.Desk

ApplicationWindow {
    id: window
    required property DeskSession session
    // The page shown: one of DeskPages() (home, intake, search, case, sync).
    property string page: "home"
    readonly property var pages: ["home", "intake", "search", "case", "sync"]

    width: 1366
    height: 768
    minimumWidth: 1024
    minimumHeight: 640
    visible: true
    title: window.session.stationName.length > 0 ? qsTr("通办 · %1").arg(window.session.stationName)
                                                 : qsTr("通办")
    color: Theme.background
    font.family: Theme.fontFamily
    font.pixelSize: Theme.fontSize

    function openCase(caseNo) {
        if (caseNo.length === 0) return
        window.session.caseDetail.load(caseNo)
        window.page = "case"
    }

    header: Rectangle {
        visible: window.session.loggedIn
        implicitHeight: window.session.loggedIn ? 64 : 0
        color: Theme.bar

        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 20
            anchors.rightMargin: 16
            spacing: 4

            ColumnLayout {
                spacing: 0
                Layout.rightMargin: 24
                Text {
                    text: window.session.stationName
                    font.pixelSize: Theme.fontLarge
                    font.bold: true
                    color: Theme.barText
                }
                Text {
                    text: window.session.stationCode + "　" + window.session.nodeKindLabel
                    font.pixelSize: Theme.fontSmall
                    color: "#b8c4d6"
                }
            }
            NavButton {
                text: qsTr("首页")
                current: window.page === "home"
                onClicked: window.page = "home"
            }
            NavButton {
                text: qsTr("收件")
                visible: window.session.canIntake
                current: window.page === "intake"
                onClicked: window.page = "intake"
            }
            NavButton {
                text: qsTr("查询")
                current: window.page === "search" || window.page === "case"
                onClicked: window.page = "search"
            }
            NavButton {
                text: qsTr("同步")
                current: window.page === "sync"
                onClicked: window.page = "sync"
            }
            Item { Layout.fillWidth: true }
            Text {
                text: qsTr("%1（%2）").arg(window.session.userName).arg(window.session.roleLabel)
                font.pixelSize: Theme.fontSize
                color: Theme.barText
            }
            Button {
                Layout.leftMargin: 12
                text: qsTr("退出登录")
                font.pixelSize: Theme.fontSize
                onClicked: window.session.logout()
            }
        }
    }

    footer: SyncFooter {
        visible: window.session.loggedIn
        bar: window.session.syncBar
        onOpenSync: window.page = "sync"
    }

    StackLayout {
        anchors.fill: parent
        anchors.margins: 16
        visible: window.session.loggedIn
        currentIndex: Math.max(0, window.pages.indexOf(window.page))

        HomePage {
            session: window.session
            onOpenCase: caseNo => window.openCase(caseNo)
            onNewIntake: window.page = "intake"
        }
        IntakePage {
            session: window.session
            onOpenCase: caseNo => window.openCase(caseNo)
        }
        SearchPage {
            session: window.session
            onOpenCase: caseNo => window.openCase(caseNo)
        }
        CasePage {
            session: window.session
            onBack: window.page = "search"
        }
        SyncPage {
            session: window.session
        }
    }

    LoginPage {
        anchors.fill: parent
        visible: !window.session.loggedIn
        session: window.session
    }
}
