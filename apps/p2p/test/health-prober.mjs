// Asks a node's /health every PROBE_EVERY_MS and prints one JSON line per answer, from a process
// of its own: a test process busy flooding the node would otherwise time its own stalls.
const url = process.env.PROBE_URL
const everyMs = Number(process.env.PROBE_EVERY_MS ?? 250)
const timeoutMs = Number(process.env.PROBE_TIMEOUT_MS ?? 2000)

for (;;) {
  const started = performance.now()
  let ms = null
  let status = 0
  let error
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) })
    await response.arrayBuffer()
    status = response.status
    ms = performance.now() - started
  } catch (caught) {
    // a timeout or a refused connection: reported as unanswered, with why
    error = `${caught?.name}: ${caught?.message}${caught?.cause ? ` (${caught.cause.code ?? caught.cause.message})` : ''}`
    ms = performance.now() - started
  }
  process.stdout.write(`${JSON.stringify({ msg: 'health', status, ms, error })}\n`)
  await new Promise((resolve) => setTimeout(resolve, everyMs))
}
