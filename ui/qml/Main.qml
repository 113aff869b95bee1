import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongban.Desk

ApplicationWindow {
    id: window
    required property DeskSession session
    // The page shown: one of DeskPages(), in the same order as the StackLayout below.
    property string page: "home"
    readonly property var pages: ["home", "intake", "search", "case", "backoffice", "field",
                                  "appointments", "shipments", "rating", "stats", "sync",
                                  "conflicts", "settings"]

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
        window.session.printer.forget()
        window.session.caseDetail.load(caseNo)
        window.page = "case"
    }
    // The words on the navigation, per page.
    function pageTitle(p) {
        switch (p) {
        case "home": return qsTr("首页")
        case "intake": return qsTr("收件")
        case "search": return qsTr("查询")
        case "backoffice": return qsTr("审批")
        case "field": return qsTr("上门办")
        case "appointments": return qsTr("预约")
        case "shipments": return qsTr("邮寄")
        case "rating": return qsTr("评价")
        case "stats": return qsTr("统计")
        case "sync": return qsTr("同步")
        case "conflicts": return qsTr("冲突处理")
        case "settings": return qsTr("设置")
        }
        return p
    }

    header: Rectangle {
        visible: window.session.loggedIn
        implicitHeight: window.session.loggedIn ? 64 : 0
        color: Theme.bar

        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 20
            anchors.rightMargin: 16
            spacing: 12

            ColumnLayout {
                spacing: 0
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
            Item { Layout.fillWidth: true }
            Text {
                text: qsTr("%1（%2）").arg(window.session.userName).arg(window.session.roleLabel)
                font.pixelSize: Theme.fontSize
                color: Theme.barText
            }
            Button {
                objectName: "lockNow"
                text: qsTr("锁定")
                font.pixelSize: Theme.fontSize
                onClicked: window.session.screenLock.lockNow()
            }
            Button {
                text: qsTr("退出登录")
                font.pixelSize: Theme.fontSize
                onClicked: window.session.logout()
            }
        }
    }

    footer: SyncFooter {
        visible: window.session.loggedIn
        bar: window.session.syncBar
        canResolve: window.session.pages.indexOf("conflicts") >= 0
        onOpenSync: window.page = "sync"
        onOpenConflicts: window.page = "conflicts"
    }

    // Keys for the common pages, so a queue can be served without the mouse.
    Shortcut {
        sequence: "F2"
        enabled: window.session.loggedIn && window.session.pages.indexOf("intake") >= 0
        onActivated: window.page = "intake"
    }
    Shortcut {
        sequence: "F3"
        enabled: window.session.loggedIn && window.session.pages.indexOf("search") >= 0
        onActivated: window.page = "search"
    }

    RowLayout {
        anchors.fill: parent
        visible: window.session.loggedIn
        spacing: 0

        // The pages this person uses here; the case page opens from the lists.
        Rectangle {
            Layout.fillHeight: true
            Layout.preferredWidth: 148
            color: Theme.sidebar
            ColumnLayout {
                anchors.fill: parent
                anchors.topMargin: 8
                spacing: 2
                Repeater {
                    model: window.session.pages
                    delegate: NavButton {
                        required property string modelData
                        Layout.fillWidth: true
                        text: window.pageTitle(modelData)
                        current: window.page === modelData
                                 || (modelData === "search" && window.page === "case")
                        onClicked: window.page = modelData
                    }
                }
                Item { Layout.fillHeight: true }
            }
        }

        // A page's content never sets the window's size: text that wraps in a
        // hidden page's first, narrow layout would otherwise stretch every page.
        StackLayout {
            id: stack
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.margins: 16
            currentIndex: Math.max(0, window.pages.indexOf(window.page))

            HomePage {
                Layout.minimumWidth: 0
                Layout.minimumHeight: 0
                session: window.session
                onOpenCase: caseNo => window.openCase(caseNo)
                onNewIntake: window.page = "intake"
                onOpenPage: p => window.page = p
            }
            IntakePage {
                Layout.minimumWidth: 0
                Layout.minimumHeight: 0
                session: window.session
                onOpenCase: caseNo => window.openCase(caseNo)
            }
            SearchPage {
                Layout.minimumWidth: 0
                Layout.minimumHeight: 0
                session: window.session
                onOpenCase: caseNo => window.openCase(caseNo)
            }
            CasePage {
                Layout.minimumWidth: 0
                Layout.minimumHeight: 0
                session: window.session
                onBack: window.page = "search"
                onOpenPage: p => window.page = p
            }
            BackofficePage {
                Layout.minimumWidth: 0
                Layout.minimumHeight: 0
                session: window.session
                onOpenCase: caseNo => window.openCase(caseNo)
            }
            FieldPage {
                Layout.minimumWidth: 0
                Layout.minimumHeight: 0
                session: window.session
                onOpenPage: p => window.page = p
            }
            AppointmentsPage {
                Layout.minimumWidth: 0
                Layout.minimumHeight: 0
                session: window.session
                onOpenPage: p => window.page = p
            }
            ShipmentsPage {
                Layout.minimumWidth: 0
                Layout.minimumHeight: 0
                session: window.session
                onOpenCase: caseNo => window.openCase(caseNo)
            }
            RatingPage {
                Layout.minimumWidth: 0
                Layout.minimumHeight: 0
                session: window.session
            }
            StatsPage {
                Layout.minimumWidth: 0
                Layout.minimumHeight: 0
                session: window.session
            }
            SyncPage {
                Layout.minimumWidth: 0
                Layout.minimumHeight: 0
                session: window.session
            }
            ConflictsPage {
                Layout.minimumWidth: 0
                Layout.minimumHeight: 0
                session: window.session
            }
            SettingsPage {
                Layout.minimumWidth: 0
                Layout.minimumHeight: 0
                session: window.session
            }
        }
    }

    LoginPage {
        anchors.fill: parent
        visible: !window.session.loggedIn
        session: window.session
    }

    // Above the pages and the bars while the desk is locked.
    LockScreen {
        session: window.session
    }

    // Every print, from any page, goes through the one print sheet.
    PrintSheet {
        printer: window.session.printer
    }
}
