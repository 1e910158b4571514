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
  /**
   * How long a subscription attempt waits for the channel to connect before it is counted as a
   * failure and retried (the state says `down` as soon as a connection attempt fails).
   */
  connectTimeoutMs: z.number().int().positive().default(5_000),
  /**
   * How long a Subscribe call must stay open on a connected channel, with nothing from the
   * service, before the subscription counts as up. A refusal (UNIMPLEMENTED, PERMISSION_DENIED)
   * comes back within a round trip plus the handler's first decision, so this must exceed that:
   * node services sit in the node's own network (a round trip of a few ms; a refusal on 127.0.0.1
   * takes 2 ms), and 300 ms leaves a wide margin while `/health` turns green well within a second
   * of the channel connecting. Raise it for a service far away.
   */
  settleMs: z.number().int().positive().max(10_000).default(300),
  /**
   * HTTP/2 ping interval on a channel with calls open, to notice a connection that died without a
   * word. grpc-go servers (the reference's, on their defaults) tolerate one ping per 5 minutes
   * while they send nothing, and answer a third early ping with GOAWAY "too_many_pings", breaking
   * a quiet subscription every 2 minutes: 5.5 minutes keeps clear of that with timer slack.
   */
  keepaliveMs: z.number().int().positive().default(330_000),
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
