import QtQuick
import QtQuick.Controls
import QtTest

// What the desk's self-test looks for (ui/src/page_check.h), on small scenes made for it:
// words cut short, and a button or an empty field under the sync bar or off the window.
Item {
    id: root
    width: 400
    height: 300

    // Fits: nothing to say.
    Item {
        id: fits
        objectName: "fits"
        width: 400
        height: 300
        Text { width: 300; text: "Green channel open"; font.pixelSize: 18; elide: Text.ElideRight }
        Button { y: 40; text: "Send" }
        TextField { y: 100; width: 200 }
        Rectangle { y: 250; width: 400; height: 50; color: "#ffffff" }
    }
    // "Green channel o…".
    Item {
        id: elided
        objectName: "elided"
        visible: false
        width: 400
        height: 300
        Text { width: 100; text: "Green channel open"; font.pixelSize: 18; elide: Text.ElideRight }
    }
    // A list's row may elide a long record.
    ListView {
        id: list
        objectName: "list"
        visible: false
        width: 100
        height: 300
        model: 1
        delegate: Text { width: 100; text: "Green channel open"; font.pixelSize: 18; elide: Text.ElideRight }
    }
    // An empty field and a button under a bar painted after them, as a page taller than
    // the window goes under the SyncFooter.
    Item {
        id: underBar
        objectName: "underBar"
        visible: false
        width: 400
        height: 300
        TextField { y: 230; width: 200 }
        Rectangle { y: 250; width: 400; height: 50; color: "#ffffff" }
    }
    // A button past the bottom of the window.
    Item {
        id: offWindow
        objectName: "offWindow"
        visible: false
        width: 400
        height: 300
        Button { y: 280; text: "Send" }
    }

    TestCase {
        name: "PageCheck"
        when: windowShown

        function problemsOf(scene) {
            fits.visible = false
            scene.visible = true
            waitForRendering(scene)
            const found = pageCheck.problems(scene, false)
            scene.visible = false
            return found
        }

        function test_fits() {
            compare(problemsOf(fits), [])
        }
        function test_elidedTextIsCutShort() {
            const found = problemsOf(elided)
            compare(found.length, 1, found.join("\n"))
            verify(found[0].indexOf("is cut short") >= 0, found[0])
        }
        function test_listRowsMayElide() {
            compare(problemsOf(list), [])
        }
        function test_controlUnderTheBar() {
            const found = problemsOf(underBar)
            compare(found.length, 1, found.join("\n"))
            verify(found[0].indexOf("is hidden behind") >= 0, found[0])
        }
        function test_controlOffTheWindow() {
            const found = problemsOf(offWindow)
            verify(found.some(p => p.indexOf("the control \"Send\" runs past the edge") >= 0), found.join("\n"))
        }
    }
}
