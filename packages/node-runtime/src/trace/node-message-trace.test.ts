import { describeMessageTraceCompliance, MemoryMessageTrace } from '@p2p/testkit'
import { wallClockNow } from './wall-clock.js'

// What a node runs: the in-memory store of traced messages on the fine-grained wall clock.
describeMessageTraceCompliance('MemoryMessageTrace on wallClockNow', async (options) => {
  const trace = new MemoryMessageTrace({ now: wallClockNow }, options)
  return { trace, traced: () => trace.messagesTraced(), cleanup: async () => {} }
})
