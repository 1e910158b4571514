import { MemoryLogger } from '@p2p/memory-ports'
import { describeLoggerCompliance } from '../compliance/logger-compliance.js'

describeLoggerCompliance('MemoryLogger', async () => {
  const logger = new MemoryLogger()
  return { logger, records: async () => logger.entries, cleanup: async () => {} }
})
