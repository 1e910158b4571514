import { FakeClock, MemoryMessageTrace } from '@p2p/memory-ports'
import { describeMessageTraceCompliance } from '../compliance/message-trace-compliance.js'

describeMessageTraceCompliance('MemoryMessageTrace on a FakeClock', async (options) => {
  const clock = new FakeClock()
  const trace = new MemoryMessageTrace({ now: () => clock.now() }, options)
  return { trace, traced: () => trace.messagesTraced(), cleanup: async () => {} }
})
