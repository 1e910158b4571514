// @ts-check
/** One bar chart on a canvas, sharp at any device pixel ratio and coloured by the stylesheet. */

/**
 * @param {HTMLCanvasElement} canvas
 * @param {readonly number[]} values Oldest first, one bar each.
 */
export function drawSparkline(canvas, values) {
  const width = canvas.clientWidth
  const height = canvas.clientHeight
  if (width === 0 || height === 0) return
  const ratio = window.devicePixelRatio || 1
  const pixelWidth = Math.round(width * ratio)
  const pixelHeight = Math.round(height * ratio)
  if (canvas.width !== pixelWidth || canvas.height !== pixelHeight) {
    canvas.width = pixelWidth
    canvas.height = pixelHeight
  }
  const context = canvas.getContext('2d')
  if (context === null) return
  // Read on every draw: the colour scheme can change while the page is open.
  const style = getComputedStyle(canvas)
  const color = style.getPropertyValue('--type-color').trim() || style.color
  const grid = style.getPropertyValue('--grid').trim() || 'rgba(128,128,128,0.3)'
  context.setTransform(ratio, 0, 0, ratio, 0, 0)
  context.clearRect(0, 0, width, height)
  context.fillStyle = grid
  context.fillRect(0, height - 1, width, 1)
  const peak = Math.max(1, ...values)
  const step = width / values.length
  context.fillStyle = color
  values.forEach((value, i) => {
    if (value === 0) return
    const bar = Math.max(2, (value / peak) * (height - 3))
    context.fillRect(i * step + 0.5, height - 1 - bar, Math.max(1, step - 1), bar)
  })
}
