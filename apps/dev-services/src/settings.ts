import { P2PError } from '@p2p/domain'
import { LOG_LEVELS } from '@p2p/node-runtime'
import { z } from 'zod'

const listenAddress = z
  .string()
  .regex(/^(\[[0-9a-fA-F:.]+\]|[\w.-]*):\d{1,5}$/, 'expected host:port (port 0 picks one)')
const ms = z.coerce.number().int().min(0)

/**
 * Settings from the environment. The gRPC defaults are the reference's service ports, so a P2P
 * service on its defaults finds them; give two services the same address to serve them together.
 */
const settingsSchema = z.object({
  DEV_BLOCKCHAIN_GRPC_LISTEN: listenAddress.default('0.0.0.0:8087'),
  DEV_BLOCKVALIDATION_GRPC_LISTEN: listenAddress.default('0.0.0.0:8088'),
  DEV_VALIDATOR_GRPC_LISTEN: listenAddress.default('0.0.0.0:8081'),
  /** The control endpoint (trigger blocks, subtrees, rejections; read status). */
  DEV_HTTP_LISTEN: listenAddress.default('127.0.0.1:8099'),
  SIM_SUBTREE_INTERVAL_MS: ms.default(1_000),
  SIM_BLOCK_INTERVAL_MS: ms.default(10_000),
  SIM_REJECTED_TX_INTERVAL_MS: ms.default(7_000),
  SIM_BASE_URL: z.string().default('http://localhost:8090/api/v1'),
  SIM_MINER: z.string().default('/simulated/'),
  SIM_AUTORUN: z.enum(['true', 'false']).default('true'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
})

export type DevServicesSettings = ReturnType<typeof toSettings>

function toSettings(env: z.output<typeof settingsSchema>) {
  return {
    grpc: {
      blockchain: env.DEV_BLOCKCHAIN_GRPC_LISTEN,
      blockValidation: env.DEV_BLOCKVALIDATION_GRPC_LISTEN,
      validator: env.DEV_VALIDATOR_GRPC_LISTEN,
    },
    http: env.DEV_HTTP_LISTEN,
    chain: {
      subtreeIntervalMs: env.SIM_SUBTREE_INTERVAL_MS,
      blockIntervalMs: env.SIM_BLOCK_INTERVAL_MS,
      rejectedTxIntervalMs: env.SIM_REJECTED_TX_INTERVAL_MS,
      baseUrl: env.SIM_BASE_URL,
      miner: env.SIM_MINER,
      autoRun: env.SIM_AUTORUN === 'true',
    },
    logLevel: env.LOG_LEVEL,
  }
}

export function readSettings(env: Readonly<Record<string, string | undefined>>): DevServicesSettings {
  const parsed = settingsSchema.safeParse(env)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
    throw new P2PError('invalid_config', `invalid dev services settings: ${problems.join('; ')}`, {
      context: { problems },
    })
  }
  return toSettings(parsed.data)
}
