// Logs as fast as it can through the real PinoLogger to a standard output its parent does not
// read, in a process of its own so the parent can measure its memory. Usage: node
// stalled-stdout-process.mjs <lines>; talks to the parent over IPC: { ready }, then { flooded,
// lines } once every line has been handed to the logger. Plain JS: it runs without a TS loader.
import { PinoLogger } from '../dist/index.js'

const lines = Number(process.argv[2] ?? '200000')
const BURST = 2_000
const logger = PinoLogger.create({ level: 'info', base: { service: 'flood' } })
const context = { peer: '12D3KooW'.padEnd(52, 'x'), reason: 'a malformed notification '.repeat(4) }

logger.info('warm-up')
process.send?.({ ready: true })

let written = 0
function burst() {
  for (let i = 0; i < BURST && written < lines; i++, written++)
    logger.warn('flood', { n: written, ...context })
  if (written < lines) setImmediate(burst)
  else process.send?.({ flooded: true, lines: written, dropped: logger.droppedLines })
}
process.on('message', (message) => {
  if (message === 'flood') setImmediate(burst)
  if (message === 'exit') process.disconnect()
})
