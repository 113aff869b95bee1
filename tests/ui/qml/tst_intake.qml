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
        // As the desk's window does: load the case, then show its page.
        onOpenCase: caseNo => {
            deskSession.caseDetail.load(caseNo)
            page.visible = false
            casePage.visible = true
        }
    }
    CasePage {
        id: casePage
        anchors.fill: parent
        visible: false
        session: deskSession
    }
    // Where a USB barcode scanner types a receipt's QR code.
    SearchPage {
        id: searchPage
        anchors.fill: parent
        visible: false
        session: deskSession
        onOpenCase: caseNo => {
            deskSession.caseDetail.load(caseNo)
            searchPage.visible = false
            casePage.visible = true
        }
    }
    // The sync bar as a clerk and as an admin see it.
    SyncFooter {
        id: clerkFooter
        anchors.bottom: parent.bottom
        width: parent.width
        bar: deskSession.syncBar
    }
    SyncFooter {
        id: adminFooter
        visible: false
        width: parent.width
        bar: deskSession.syncBar
        canResolve: true
    }
    SignalSpy {
        id: openedInbox
        target: adminFooter
        signalName: "openConflicts"
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

        // The item by its pinyin initials: 高龄津贴申领.
        function pickElderlyAllowance() {
            const filter = child("itemFilter")
            mouseClick(filter)
            filter.selectAll()
            keyClick(Qt.Key_Delete)
            for (const ch of "gljt") keyClick(ch)
            tryCompare(deskSession.items, "count", 1)
            mouseClick(child("itemList"), 60, 20)
            tryCompare(page.form, "itemName", "高龄津贴申领", 10000)
        }

        function test_badIdRefusedThenReceived() {
            pickElderlyAllowance()

            // Chinese comes through an input method, which key events cannot drive.
            page.form.applicantName = "陈桂兰"
            const id = child("applicantId")
            const submit = child("submitIntake")
            typeInto(id, "330102196001010042")  // the check character is wrong
            compare(page.form.idOk, false)
            verify(id.bad)
            compare(id.message, "身份证号码校验位不对（应为 3，实为 2），请重新核对号码")
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
            // The dialog names the status the case is in: received, not yet accepted.
            compare(child("resultTitle").text, "已收件：" + page.form.caseNo)

            // The receipt as a PDF.
            const print = child("printReceipt")
            tryCompare(print, "visible", true)
            mouseClick(print)
            tryVerify(() => deskSession.printer.lastFile.length > 0 && !deskSession.printer.busy, 15000)
            compare(deskSession.printer.error, "")
            verify(deskSession.printer.lastFile.indexOf(page.form.caseNo) >= 0, deskSession.printer.lastFile)
        }

        // The keyboard path: initials and Enter choose the item, Enter moves through the
        // fields, Ctrl+Enter receives, Enter goes on to the next applicant. No mouse.
        function test_intakeByKeyboard() {
            page.form.clear()
            deskSession.printer.forget()
            page.startTyping()
            const filter = child("itemFilter")
            tryVerify(() => filter.activeFocus)
            filter.selectAll()
            keyClick(Qt.Key_Delete)
            for (const ch of "gljt") keyClick(ch)
            tryCompare(deskSession.items, "count", 1)
            keyClick(Qt.Key_Return)
            tryCompare(page.form, "itemName", "高龄津贴申领", 10000)
            const name = child("applicantName")
            tryVerify(() => name.input.activeFocus, 5000, "Enter in the filter goes on to the name")
            // Chinese comes through an input method, which key events cannot drive.
            page.form.applicantName = "周秀英"
            keyClick(Qt.Key_Return)
            const id = child("applicantId")
            verify(id.input.activeFocus, "Enter in the name goes on to the ID number")
            for (const ch of "330102196001010043") keyClick(ch)
            compare(page.form.idOk, true)
            tryCompare(child("submitIntake"), "enabled", true)
            keySequence("Ctrl+Return")
            tryVerify(() => page.form.caseNo.length > 0, 10000)
            compare(child("resultTitle").text, "已收件：" + page.form.caseNo)
            keyClick(Qt.Key_Return)
            tryCompare(page.form, "caseNo", "")
            compare(page.form.applicantName, "")
            tryVerify(() => filter.activeFocus, 5000, "the next applicant starts at the item filter")
        }

        // A barcode scanner types the receipt's QR code and Enter into the search field: the
        // case opens. A misread code says so and opens nothing.
        function test_scannedReceiptOpensTheCase() {
            deskSession.cases.refresh()
            tryVerify(() => deskSession.cases.count > 0 && !deskSession.cases.loading, 10000)
            const caseNo = deskSession.cases.caseNoAt(0)
            page.visible = false
            casePage.visible = false
            searchPage.visible = true
            const field = findChild(searchPage, "searchField")
            verify(field !== null)
            const code = deskSession.scanCode(caseNo)
            const misread = code.slice(0, -1) + (code.slice(-1) === "0" ? "1" : "0")
            mouseClick(field)
            for (const ch of misread) keyClick(ch)
            keyClick(Qt.Key_Return)
            tryVerify(() => deskSession.cases.error.indexOf("请重新扫码") >= 0, 10000)
            verify(searchPage.visible, "a misread code opened a case")
            field.text = ""
            deskSession.cases.query = ""
            mouseClick(field)
            for (const ch of code) keyClick(ch)
            keyClick(Qt.Key_Return)
            tryCompare(casePage, "visible", true, 10000)
            tryCompare(deskSession.caseDetail, "caseNo", caseNo, 10000)

            // 附扫描件 opens the scan dialog, which looks for scanners (SANE's test one here)
            // and offers a file chooser, never a field for a path.
            const attach = findChild(casePage, "attachScan")
            tryVerify(() => attach !== null && attach.visible && attach.enabled, 10000)
            mouseClick(attach)
            const dialog = findChild(casePage, "scanDialog")
            tryCompare(dialog, "opened", true, 5000)
            tryVerify(() => !deskSession.scans.lookingForScanners, 30000)
            verify(deskSession.scans.scanners.length > 0, "no scanner listed")
            dialog.close()
            tryCompare(dialog, "opened", false, 5000)
            casePage.visible = false
            searchPage.visible = false
            page.visible = true
        }

        // A proxy's details: the scope the node requires is asked for, a day that does not
        // exist is named, the dialog stays open until they are whole, and a grey receive
        // button always says why.
        function test_proxyDetailsSayWhatIsMissing() {
            page.form.clear()
            pickElderlyAllowance()
            verify(page.form.itemAllowsProxy)
            page.form.applicantName = "陈桂兰"
            typeInto(child("applicantId"), "330102196001010043")
            const submit = child("submitIntake")
            tryCompare(submit, "enabled", true)

            mouseClick(child("hasAgent"))
            const dialog = findChild(Overlay.overlay, "agentDialog") || findChild(page, "agentDialog")
            tryCompare(dialog, "opened", true)
            const done = findChild(dialog.contentItem, "agentDone")
            const problem = findChild(dialog.contentItem, "agentProblem")
            compare(done.enabled, false)
            verify(problem.text.indexOf("代办人姓名") >= 0, problem.text)
            compare(submit.enabled, false)
            verify(child("submitProblem").text.indexOf("代办人") >= 0, child("submitProblem").text)

            page.form.agentName = "陈小明"
            page.form.agentId = "330102196001010043"
            page.form.agentAuthorization = "WT-2026-0815"
            // The node refuses a proxy without a scope: the desk asks for it first.
            verify(problem.text.indexOf("委托范围") >= 0, problem.text)
            compare(done.enabled, false)
            page.form.agentScope = "代为申领高龄津贴"
            page.form.agentExpires = "2026-02-30"
            compare(problem.text, "没有这一天：2026-02-30")
            compare(done.enabled, false)
            page.form.agentExpires = "2099-12-31"
            compare(problem.text, "")
            compare(done.enabled, true)
            mouseClick(done)
            tryCompare(dialog, "opened", false)

            tryCompare(submit, "enabled", true)
            compare(child("submitProblem").text, "")
            mouseClick(submit)
            tryVerify(() => page.form.caseNo.length > 0, 10000)
            compare(page.form.error, "")
            compare(child("resultTitle").text, "已收件：" + page.form.caseNo)
            // With a proxy the authorization is required and received with the rest.
            verify(page.form.receiptText.indexOf("授权委托书及受托人居民身份证 — 已收取") >= 0,
                   page.form.receiptText)
            verify(page.form.noticeText.indexOf("材料已齐全") >= 0 || page.form.noticeText.length === 0)

            // 查看办件 shows the case whole: number, status, materials and timeline.
            const no = page.form.caseNo
            mouseClick(child("viewCase"))
            tryCompare(casePage, "visible", true)
            tryCompare(deskSession.caseDetail, "loaded", true, 10000)
            compare(deskSession.caseDetail.caseNo, no)
            compare(casePage.info.statusLabel, "已收件")
            verify(deskSession.caseDetail.materials.length > 0)
            verify(deskSession.caseDetail.events.length > 0)
            // The receipt printed at intake is not the case page's news: no stray 打开.
            compare(deskSession.printer.message, "")
            compare(deskSession.printer.lastUrl, "")
            // A refused step says why in Chinese, in full, above the case card, not behind it.
            deskSession.caseDetail.runAction("deliver", "")
            tryVerify(() => deskSession.caseDetail.error.length > 0, 10000)
            compare(deskSession.caseDetail.error, "办件当前为“已收件”，不能“送达出件”；只有待出件状态下才可以")
            wait(50)
            compare(pageCheck.problems(casePage, true), [])
            casePage.visible = false
            page.visible = true
        }

        // The conflict count in the sync bar: a clerk is told what it means, an admin is
        // taken to the inbox.
        function test_syncBarConflictCountAnswersAClick() {
            const count = findChild(clerkFooter, "conflictCount")
            verify(count !== null)
            mouseClick(count)
            const help = findChild(Overlay.overlay, "conflictHelp") || findChild(clerkFooter, "conflictHelp")
            tryCompare(help, "opened", true)
            const text = findChild(help.contentItem, "conflictHelpText")
            verify(text.text.indexOf("县级中心的管理员") >= 0, text.text)
            help.close()
            tryCompare(help, "opened", false)

            clerkFooter.visible = false
            adminFooter.visible = true
            mouseClick(findChild(adminFooter, "conflictCount"))
            compare(openedInbox.count, 1)
            adminFooter.visible = false
            clerkFooter.visible = true
        }
    }
}
