import { describeLoggerCompliance } from '../compliance/logger-compliance.js'
import { MemoryLogger } from './memory-logger.js'

describeLoggerCompliance('MemoryLogger', async () => {
  const logger = new MemoryLogger()
  return { logger, records: async () => logger.entries, cleanup: async () => {} }
})
