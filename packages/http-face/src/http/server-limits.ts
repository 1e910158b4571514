import { P2PError } from '@p2p/domain'
import { z } from 'zod'

/**
 * What one stranger can hold on the HTTP port. The sockets of this server share the process's
 * file descriptors with libp2p (at most 300 connections) and the gRPC channels, so the cap is a
 * number of sockets, and the timeouts make sure an idle or dribbling socket gives its slot back.
 */
export const serverLimitsSchema = z
  .object({
    /**
     * Sockets held at once, websockets included (an upgraded socket is still one of this
     * server's); further connections are closed as soon as they are accepted. The default leaves
     * room for the websocket client cap (1,000) plus 200 plain requests.
     */
    maxConnections: z.number().int().positive().default(1_200),
    /**
     * A request's line and headers must arrive within this of its first byte (or of the socket
     * opening): a slowloris client, or a socket that says nothing, is answered 408 and closed.
     */
    headersTimeoutMs: z.number().int().positive().default(10_000),
    /** A whole request, body included; we accept no bodies, so this is generous. */
    requestTimeoutMs: z.number().int().positive().default(30_000),
    /** An idle keep-alive socket is closed after this (Node's default, stated). */
    keepAliveTimeoutMs: z.number().int().positive().default(5_000),
    /** How often Node checks the two timeouts above: the latest a socket is cut is timeout + this. */
    timeoutCheckIntervalMs: z.number().int().positive().default(1_000),
    /** Request line plus headers; past it the request is answered 431 (or 414 if the URL alone is too long). */
    maxHeaderBytes: z
      .number()
      .int()
      .positive()
      .default(16 * 1024),
    /** Longest URL answered; a longer one gets 414. Below maxHeaderBytes, so most long URLs get their own status. */
    maxUrlBytes: z
      .number()
      .int()
      .positive()
      .default(8 * 1024),
    /** How long a socket we answered with an error may go on sending before it is destroyed. */
    errorLingerMs: z.number().int().positive().default(1_000),
  })
  .refine((limits) => limits.headersTimeoutMs <= limits.requestTimeoutMs, {
    message: 'headersTimeoutMs must not exceed requestTimeoutMs',
    path: ['headersTimeoutMs'],
  })
  .refine((limits) => limits.maxUrlBytes <= limits.maxHeaderBytes, {
    message: 'maxUrlBytes must not exceed maxHeaderBytes',
    path: ['maxUrlBytes'],
  })

export type ServerLimitsInput = z.input<typeof serverLimitsSchema>
export type ServerLimits = z.output<typeof serverLimitsSchema>

export function parseServerLimits(input: ServerLimitsInput): ServerLimits {
  const parsed = serverLimitsSchema.safeParse(input)
  if (parsed.success) return parsed.data
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
  throw new P2PError('invalid_config', `invalid HTTP server limits: ${problems.join('; ')}`, {
    context: { problems },
  })
}
