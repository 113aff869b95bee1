import QtQuick
import QtQuick.Controls
import QtTest
import Tongban.Desk

// Receiving an application at the window, through the intake page: a wrong
// ID number is refused with the node's message, a good one is received and
// the receipt is shown and can be printed.
Item {
    id: root
    width: 1220
    height: 700

    IntakePage {
        id: page
        anchors.fill: parent
        session: deskSession
    }

    TestCase {
        name: "Intake"
        when: windowShown

        function child(name) {
            const found = findChild(page, name)
            verify(found !== null, "no " + name + " on the page")
            return found
        }
        // Types into a Field as a clerk does: click, clear, key by key.
        function typeInto(field, text) {
            mouseClick(field.input)
            field.input.selectAll()
            keyClick(Qt.Key_Delete)
            for (const ch of text) keyClick(ch)
        }

        function initTestCase() {
            deskSession.login("wangli", "demo-clerk-pass")
            tryCompare(deskSession, "loggedIn", true, 10000)
            tryVerify(() => deskSession.items.count > 10, 10000)
        }

        function test_badIdRefusedThenReceived() {
            // The item by its pinyin initials: 高龄津贴申领.
            const filter = child("itemFilter")
            mouseClick(filter)
            for (const ch of "gljt") keyClick(ch)
            tryCompare(deskSession.items, "count", 1)
            mouseClick(child("itemList"), 60, 20)
            tryCompare(page.form, "itemName", "高龄津贴申领", 10000)

            // Chinese comes through an input method, which key events cannot drive.
            page.form.applicantName = "陈桂兰"
            const id = child("applicantId")
            const submit = child("submitIntake")
            typeInto(id, "330102196001010042")  // the check character is wrong
            compare(page.form.idOk, false)
            verify(id.bad)
            verify(id.message.indexOf("check") >= 0, id.message)
            compare(submit.enabled, false)
            mouseClick(submit)
            compare(page.form.submitting, false)

            typeInto(id, "330102196001010043")
            compare(page.form.idOk, true)
            compare(id.bad, false)
            tryCompare(submit, "enabled", true)
            mouseClick(submit)
            tryVerify(() => page.form.caseNo.length > 0, 10000)
            verify(page.form.caseNo.indexOf("QS-JX01-") === 0, page.form.caseNo)
            verify(page.form.receiptText.indexOf("受理回执") >= 0)
            verify(page.form.receiptText.indexOf(page.form.caseNo) >= 0)
            compare(page.form.error, "")

            // The receipt as a PDF.
            const print = child("printReceipt")
            tryCompare(print, "visible", true)
            mouseClick(print)
            tryVerify(() => deskSession.printer.lastFile.length > 0 && !deskSession.printer.busy, 15000)
            compare(deskSession.printer.error, "")
            verify(deskSession.printer.lastFile.indexOf(page.form.caseNo) >= 0, deskSession.printer.lastFile)
        }
    }
}
