import { ManualLoadGauge } from '@p2p/memory-ports'
import { describeLoadGaugeCompliance } from '../compliance/load-gauge-compliance.js'

describeLoadGaugeCompliance('ManualLoadGauge', async () => {
  const gauge = new ManualLoadGauge()
  return {
    gauge,
    noticeWithinMs: 100,
    overload: async () => gauge.set(true),
    relieve: async () => gauge.set(false),
    cleanup: async () => {},
  }
})
