import QtQuick
import Tongban.Desk

// A face for a rating score, 1 (very unhappy) to 5 (very happy), drawn so no
// emoji font is needed.
Canvas {
    id: face
    property int score: 3
    property bool chosen: false
    readonly property color tone: ["#c0312f", "#d9622b", "#c99a06", "#5f9e2f", "#1e7f46"][Math.max(0, Math.min(4, face.score - 1))]

    onScoreChanged: requestPaint()
    onChosenChanged: requestPaint()
    onPaint: {
        const ctx = getContext("2d")
        const w = width, h = height, r = Math.min(w, h) / 2 - 4
        const cx = w / 2, cy = h / 2
        ctx.reset()
        ctx.lineWidth = Math.max(3, r / 12)
        ctx.strokeStyle = face.chosen ? "#ffffff" : face.tone
        ctx.fillStyle = face.chosen ? face.tone : "#ffffff"
        ctx.beginPath()
        ctx.arc(cx, cy, r, 0, 2 * Math.PI)
        ctx.fill()
        ctx.stroke()
        // Eyes.
        ctx.fillStyle = face.chosen ? "#ffffff" : face.tone
        for (const dx of [-0.35, 0.35]) {
            ctx.beginPath()
            ctx.arc(cx + dx * r, cy - 0.22 * r, r / 9, 0, 2 * Math.PI)
            ctx.fill()
        }
        // Mouth: a curve from frown (1) through flat (3) to smile (5).
        const bend = (face.score - 3) * 0.22 * r
        const y = cy + 0.38 * r - bend / 2
        ctx.beginPath()
        ctx.moveTo(cx - 0.45 * r, y)
        ctx.quadraticCurveTo(cx, y + bend * 2, cx + 0.45 * r, y)
        ctx.stroke()
    }
}
