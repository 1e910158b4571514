import { type ChannelCredentials, credentials } from '@grpc/grpc-js'
import { P2PError } from '@p2p/domain'
import { z } from 'zod'

/** `host:port` as the reference's `*_grpcAddress` settings hold it (no scheme). */
const address = z
  .string()
  .min(3)
  .regex(/^(\[[0-9a-fA-F:.]+\]|[\w.-]+):\d{1,5}$/, 'expected host:port')

export const clientOptionsSchema = z.object({
  address,
  /** Deadline of every unary call. */
  callTimeoutMs: z.number().int().positive().default(5_000),
  /** How long a subscription waits for the channel before it counts as down. */
  connectTimeoutMs: z.number().int().positive().default(5_000),
  /**
   * Re-subscription backoff; the reference waited 1 s after a broken stream. Capped at 1 s so a
   * restarted service is followed again within about a second of coming back; one attempt a
   * second against a service that is down costs nothing worth saving.
   */
  backoff: z
    .object({
      initialMs: z.number().int().positive().default(500),
      maxMs: z.number().int().positive().default(1_000),
    })
    .default({ initialMs: 500, maxMs: 1_000 }),
})

export type ClientOptionsInput = z.input<typeof clientOptionsSchema> & {
  /** Plaintext by default, as the reference's internal services are; pass TLS credentials to change it. */
  readonly credentials?: ChannelCredentials
}
export type ClientOptions = z.output<typeof clientOptionsSchema> & {
  readonly credentials: ChannelCredentials
}

export function parseClientOptions(input: ClientOptionsInput, service: string): ClientOptions {
  const parsed = clientOptionsSchema.safeParse(input)
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    )
    throw new P2PError('invalid_config', `invalid ${service} client settings: ${problems.join('; ')}`, {
      context: { service, problems },
    })
  }
  return { ...parsed.data, credentials: input.credentials ?? credentials.createInsecure() }
}
