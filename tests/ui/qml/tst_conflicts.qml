import QtQuick
import QtQuick.Controls
import QtTest
import Tongban.Desk

// The admin console against a real hub (desk_hub_fixture): a wrong token is
// refused in words, the right one shows the conflict with both values side by
// side, and taking the hub's value empties the inbox.
Item {
    id: root
    width: 1220
    height: 700

    ConflictsPage {
        id: page
        anchors.fill: parent
        session: deskSession
    }

    TestCase {
        name: "Conflicts"
        when: windowShown

        function child(name) {
            const found = findChild(page, name)
            verify(found !== null, "no " + name + " on the page")
            return found
        }
        function typeInto(field, text) {
            mouseClick(field.input)
            field.input.selectAll()
            keyClick(Qt.Key_Delete)
            for (const ch of text) keyClick(ch)
        }

        function initTestCase() {
            verify(testEnv.hubToken.length > 0, "run under desk_hub_fixture")
            deskSession.login("admin", "demo-admin-pass")
            tryCompare(deskSession, "loggedIn", true, 10000)
            page.visible = false
            page.visible = true
            tryCompare(page.admin, "linkKnown", true, 10000)
            verify(page.admin.hubUrl.indexOf("http://127.0.0.1:") === 0, page.admin.hubUrl)
        }

        function test_1_wrongTokenRefused() {
            typeInto(child("hubToken"), "wrong-token")
            mouseClick(child("hubConnect"))
            tryCompare(page.admin, "busy", false, 15000)
            compare(page.admin.connected, false)
            const error = child("hubError")
            verify(error.visible)
            verify(error.text.indexOf("管理令牌") >= 0, error.text)
        }

        function test_2_takeHubValue() {
            typeInto(child("hubToken"), testEnv.hubToken)
            mouseClick(child("hubConnect"))
            tryCompare(page.admin, "connected", true, 15000)
            tryCompare(page.admin.conflicts, "count", 1, 15000)
            compare(page.admin.current.label, testEnv.caseNo)
            verify(page.admin.current.stationValue !== page.admin.current.hubValue)
            verify(page.admin.current.stationAt.length > 0)
            // Beijing time although this PC runs on UTC (desk_hub_fixture sets TZ): the
            // conflict was opened within the last ten minutes.
            const hour = minutesAgo => {
                const t = new Date(Date.now() + 8 * 3600 * 1000 - minutesAgo * 60 * 1000)
                return ("0" + t.getUTCHours()).slice(-2)
            }
            for (const shown of [page.admin.current.created, page.admin.current.stationAt]) {
                const h = shown.substr(11, 2)
                verify(h === hour(0) || h === hour(10), shown + " is not in Beijing time")
            }
            verify(page.admin.nodes.count >= 2)

            const takeHub = child("takeHub")
            compare(takeHub.enabled, false)  // a note first
            child("resolveNote").text = "电话核实，以窗口登记为准"
            tryCompare(takeHub, "enabled", true)
            mouseClick(takeHub)
            tryCompare(page.admin.conflicts, "count", 0, 15000)
            tryCompare(page.admin, "busy", false, 15000)
            verify(page.admin.message.indexOf("已解决") >= 0, page.admin.message)
        }
    }
}
