import { createHash } from 'node:crypto'
import { connect, type IncomingHttpHeaders } from 'node:http2'
import {
  type BlockHeaderInfo,
  type ChainEvent,
  type ChainEventKind,
  type HandoffKind,
  hashFromHex,
  type Logger,
  type UpstreamMetrics,
} from '@p2p/domain'
import { GrpcBlockValidator, GrpcChainNotifier, GrpcRejectedTxSource } from '@p2p/grpc-services'
import { SystemClock } from '@p2p/node-runtime'
import {
  aHash,
  anAnnouncement,
  describeBlockValidatorCompliance,
  describeChainNotifierCompliance,
  describeRejectedTxSourceCompliance,
  expectCodedRejection,
  type HeaderRecord,
  MemoryLogger,
  MemoryMetrics,
  waitFor,
} from '@p2p/testkit'
import { afterEach, describe, expect, it } from 'vitest'
import { type RawNotificationType, type RefServices, startRefServices } from '../src/index.js'

// Our real adapters, configured as packages/grpc-services/test/compliance.test.ts does, against
// refservices: grpc-go servers behaving as the reference's node services.

function deps() {
  return {
    clock: new SystemClock(),
    logger: new MemoryLogger() as Logger,
    metrics: new MemoryMetrics() as UpstreamMetrics,
  }
}

const FAST = { backoff: { initialMs: 50, maxMs: 500 }, callTimeoutMs: 2_000, connectTimeoutMs: 2_000 }

const TYPE_OF: Readonly<Record<ChainEventKind, RawNotificationType>> = {
  block: 'Block',
  subtree: 'Subtree',
  miningOn: 'MiningOn',
}

/** Resolves once refservices holds a Subscribe stream from `source` (server side, not our status). */
function subscribed(ref: RefServices, service: 'blockchain' | 'validator', source = 'p2pServer') {
  return waitFor(async () => (await ref.subscribers())[service].some((s) => s.source === source), {
    what: `refservices to hold a ${service} subscription from ${source}`,
  })
}

const toStore = (record: HeaderRecord, best: boolean) => ({
  header: record.header,
  height: record.info.height,
  txCount: record.info.txCount,
  sizeInBytes: record.info.sizeInBytes,
  miner: record.info.miner,
  best,
})

describeChainNotifierCompliance('GrpcChainNotifier against refservices', async () => {
  const ref = await startRefServices()
  const notifier = new GrpcChainNotifier(deps(), { address: ref.addresses.blockchain, ...FAST })
  return {
    notifier,
    emit: async (event) => {
      await subscribed(ref, 'blockchain')
      await ref.notify({
        type: TYPE_OF[event.kind],
        hash: event.hash,
        ...(event.baseUrl === undefined ? {} : { baseUrl: event.baseUrl }),
      })
    },
    setHeader: async (record) => {
      await ref.putHeader(toStore(record, false))
    },
    setBestHeader: async (record) => {
      await ref.putHeader(toStore(record, true))
    },
    cleanup: async () => {
      await notifier.stop()
      await ref.stop()
    },
  }
})

describeBlockValidatorCompliance('GrpcBlockValidator against refservices', async () => {
  const ref = await startRefServices()
  const options = { address: ref.addresses.blockValidation, ...FAST, retries: 0 }
  const validator = new GrpcBlockValidator(deps(), options)
  return {
    validator,
    received: async () => {
      const { blockFound, subtreeFound } = await ref.received()
      return [
        ...blockFound.map((call) => ({ kind: 'block' as HandoffKind, ...call })),
        ...subtreeFound.map((call) => ({ kind: 'subtree' as HandoffKind, ...call })),
      ]
        .sort((a, b) => a.seq - b.seq)
        .map(({ kind, hash, baseUrl }) => ({ kind, hash: hashFromHex(hash), baseUrl }))
    },
    setFailing: (failing) => ref.failValidation(failing ? {} : { count: 0 }),
    hold: () => ref.holdValidation(),
    release: () => ref.releaseValidation(),
    cleanup: async () => {
      await validator.stop()
      await ref.stop()
    },
  }
})

describeRejectedTxSourceCompliance('GrpcRejectedTxSource against refservices', async () => {
  const ref = await startRefServices()
  const source = new GrpcRejectedTxSource(deps(), { address: ref.addresses.validator, ...FAST })
  return {
    source,
    emit: async (rejected) => {
      await subscribed(ref, 'validator')
      await ref.reject(rejected.reason, rejected.txId)
    },
    cleanup: async () => {
      await source.stop()
      await ref.stop()
    },
  }
})

const sha256d = (bytes: Uint8Array) =>
  createHash('sha256').update(createHash('sha256').update(bytes).digest()).digest()
const reversedHex = (bytes: Uint8Array) => Buffer.from(bytes).reverse().toString('hex')

/** Just enough protobuf to read the services' messages without our own codec in the way. */
function protoFields(bytes: Uint8Array): Map<number, number | Uint8Array> {
  const fields = new Map<number, number | Uint8Array>()
  let at = 0
  const varint = () => {
    let value = 0
    for (let shift = 0; ; shift += 7) {
      const byte = bytes[at++] ?? 0
      value += (byte & 0x7f) * 2 ** shift
      if (byte < 0x80) return value
    }
  }
  while (at < bytes.length) {
    const key = varint()
    if ((key & 7) === 0) fields.set(key >>> 3, varint())
    else if ((key & 7) === 2) {
      const length = varint()
      fields.set(key >>> 3, bytes.subarray(at, at + length))
      at += length
    } else throw new Error(`unexpected wire type ${key & 7}`)
  }
  return fields
}

/** A Subscribe call on a bare HTTP/2 session, so we see exactly which frames the server sends. */
function rawSubscribe(port: number, path: string, source: string) {
  const session = connect(`http://127.0.0.1:${port}`)
  session.on('error', () => {})
  const stream = session.request({
    ':method': 'POST',
    ':path': path,
    'content-type': 'application/grpc',
    te: 'trailers',
  })
  stream.on('error', () => {})
  const seen: { headers?: IncomingHttpHeaders; data: Buffer } = { data: Buffer.alloc(0) }
  stream.on('response', (headers) => {
    seen.headers = headers
  })
  stream.on('data', (chunk: Buffer) => {
    seen.data = Buffer.concat([seen.data, chunk])
  })
  // SubscribeRequest { string source = 1 } in one length-prefixed gRPC message.
  const request = Buffer.concat([Buffer.from([0x0a, source.length]), Buffer.from(source)])
  const frame = Buffer.alloc(5)
  frame.writeUInt32BE(request.length, 1)
  stream.end(Buffer.concat([frame, request]))
  return {
    seen,
    /** First message's payload, once it has fully arrived. */
    firstMessage: () =>
      seen.data.length >= 5 && seen.data.length >= 5 + seen.data.readUInt32BE(1)
        ? seen.data.subarray(5, 5 + seen.data.readUInt32BE(1))
        : undefined,
    /** A PING round trip on the same connection. */
    ping: () =>
      new Promise<void>((resolve, reject) => {
        session.ping((error) => (error ? reject(error) : resolve()))
      }),
    close: () => session.destroy(),
  }
}

describe('refservices as the reference node services, through our adapters', () => {
  const cleanups: Array<() => unknown> = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  async function refServices(options: Parameters<typeof startRefServices>[0] = {}) {
    const ref = await startRefServices(options)
    cleanups.push(() => ref.stop())
    return ref
  }

  async function chainNotifier(ref: RefServices) {
    const notifier = new GrpcChainNotifier(deps(), { address: ref.addresses.blockchain, ...FAST })
    cleanups.push(() => notifier.stop())
    return notifier
  }

  it.each([
    {
      service: 'blockchain',
      path: '/blockchain_api.BlockchainAPI/Subscribe',
      emit: (ref: RefServices) => ref.mine().then((mined) => mined.hash),
      check: (fields: Map<number, number | Uint8Array>, hash: string) => {
        expect(fields.get(1)).toBe(2) // NotificationType.Block
        expect(reversedHex(fields.get(2) as Uint8Array)).toBe(hash)
        expect(Buffer.from(fields.get(3) as Uint8Array).toString()).toBe(
          'http://refservices.example:8090/api/v1',
        )
      },
    },
    {
      service: 'validator',
      path: '/validator_api.ValidatorAPI/Subscribe',
      emit: (ref: RefServices) => ref.reject('probe').then((rejected) => rejected.txId),
      check: (fields: Map<number, number | Uint8Array>, txId: string) => {
        expect(Buffer.from(fields.get(1) as Uint8Array).toString()).toBe(txId)
        expect(Buffer.from(fields.get(2) as Uint8Array).toString()).toBe('probe')
      },
    },
  ] as const)(
    '$service Subscribe sends no response headers before its first message',
    async ({ service, path, emit, check }) => {
      const ref = await refServices()
      const raw = rawSubscribe(ref.ports[service], path, 'raw-probe')
      cleanups.push(raw.close)
      await subscribed(ref, service, 'raw-probe')
      // The handler holds the stream by now. Headers it had sent would be queued before the ack of
      // a PING sent after this point (grpc-go writes one connection's frames in order), so a PING
      // round trip proves there are none, without waiting for a time.
      await raw.ping()
      expect(raw.seen.headers).toBeUndefined()
      expect(raw.seen.data.length).toBe(0)

      const sent = await emit(ref)
      const message = await waitFor(() => raw.firstMessage(), { what: 'the first message' })
      expect(raw.seen.headers?.[':status']).toBe(200)
      expect(raw.seen.headers?.['content-type']).toMatch(/^application\/grpc/)
      check(protoFields(message), sent)
    },
  )

  it('counts a quiet, established subscription as up (a reference service sends nothing until its first notification)', async () => {
    const ref = await refServices()
    const notifier = await chainNotifier(ref)
    await notifier.start()
    await subscribed(ref, 'blockchain')
    await waitFor(() => notifier.status().state === 'up', { what: 'the quiet subscription to count as up' })
  })

  it('answers GetBlockHeader for an unknown hash with NOT_FOUND, and the best header from genesis on', async () => {
    const ref = await refServices()
    const notifier = await chainNotifier(ref)
    await notifier.start()
    const error = await expectCodedRejection(notifier.blockHeader(aHash()), 'upstream_failed')
    expect(error.context.grpcStatus).toBe('NOT_FOUND')
    const genesis = await notifier.bestBlockHeader()
    expect(genesis).toMatchObject({ height: 0, previousHash: '0'.repeat(64) })
    expect(await notifier.blockHeader(genesis.hash)).toEqual(genesis)
  })

  it('notifies a mined block under its display hash, after its header is stored', async () => {
    const ref = await refServices({ baseUrl: 'http://datahub.test:18090/api/v1', miner: '/interop miner/' })
    const notifier = await chainNotifier(ref)
    const genesis = await (async () => {
      await notifier.start()
      return notifier.bestBlockHeader()
    })()
    const events: ChainEvent[] = []
    // By hash: the look-ups run concurrently and may finish in any order.
    const lookups = new Map<string, BlockHeaderInfo | Error>()
    notifier.subscribe((event) => {
      events.push(event)
      // Looked up the moment it is notified, as the reference's P2P service does for the height.
      notifier.blockHeader(event.hash).then(
        (info) => lookups.set(event.hash, info),
        (error: Error) => lookups.set(event.hash, error),
      )
    })
    await subscribed(ref, 'blockchain')

    const mined = await ref.mine(3)
    const blocks = mined.blocks ?? []
    await waitFor(() => lookups.size === 3, { what: 'three blocks notified and looked up' })
    expect(events).toEqual(
      blocks.map((block) => ({
        kind: 'block',
        hash: block.hash,
        baseUrl: 'http://datahub.test:18090/api/v1',
      })),
    )
    let previous: string = genesis.hash
    for (const [i, block] of blocks.entries()) {
      const header = Buffer.from(block.header, 'hex')
      // The hash is sha256d of the header; people and our events see its bytes reversed.
      expect(reversedHex(sha256d(header))).toBe(block.hash)
      expect(sha256d(header).toString('hex')).not.toBe(block.hash)
      expect(reversedHex(header.subarray(4, 36))).toBe(previous)
      expect(lookups.get(block.hash)).toMatchObject({
        hash: block.hash,
        previousHash: previous,
        height: i + 1,
        miner: '/interop miner/',
      })
      previous = block.hash
    }
    expect(await notifier.bestBlockHeader()).toEqual(lookups.get(mined.hash))
  })

  it('records BlockFound and SubtreeFound with the display hash and base URL', async () => {
    const ref = await refServices()
    const validator = new GrpcBlockValidator(deps(), { address: ref.addresses.blockValidation, ...FAST })
    cleanups.push(() => validator.stop())
    await validator.start()
    const block = anAnnouncement({ baseUrl: 'http://peer-a.example:8090/api/v1' })
    const subtree = anAnnouncement({ baseUrl: 'https://peer-b.example/api/v1/' })
    const before = Date.now()
    await validator.blockFound(block)
    await validator.subtreeFound(subtree)
    const { blockFound, subtreeFound } = await ref.received()
    expect(blockFound).toMatchObject([{ hash: block.hash, baseUrl: block.baseUrl }])
    expect(subtreeFound).toMatchObject([{ hash: subtree.hash, baseUrl: subtree.baseUrl }])
    expect(blockFound[0]?.atMs).toBeGreaterThanOrEqual(before - 1_000)
    expect(subtreeFound[0]?.seq).toBeGreaterThan(blockFound[0]?.seq ?? Number.POSITIVE_INFINITY)
  })

  it('retries a BlockFound the service answered UNAVAILABLE, and not one it answered INTERNAL', async () => {
    const ref = await refServices()
    const options = { address: ref.addresses.blockValidation, ...FAST, retries: 2, retryDelayMs: 10 }
    const validator = new GrpcBlockValidator(deps(), options)
    cleanups.push(() => validator.stop())
    await validator.start()
    await ref.failValidation({ code: 'UNAVAILABLE', count: 2 })
    const retried = anAnnouncement()
    await validator.blockFound(retried)
    await ref.failValidation({ code: 'INTERNAL', count: 1 })
    const failed = anAnnouncement()
    await expectCodedRejection(validator.blockFound(failed), 'upstream_failed')
    const hashes = (await ref.received()).blockFound.map((call) => call.hash)
    expect(hashes).toEqual([retried.hash, retried.hash, retried.hash, failed.hash])
  })

  it('stops gracefully with exit code 0, ending the subscriptions it holds', async () => {
    const ref = await refServices()
    const notifier = await chainNotifier(ref)
    await notifier.start()
    await subscribed(ref, 'blockchain')
    expect(await ref.stop()).toBe(0)
    await waitFor(() => notifier.status().state === 'down', { what: 'the notifier to see its stream end' })
  })

  it('resubscribes our ChainNotifier after refservices is killed and restarted on the same ports', async () => {
    const first = await startRefServices()
    cleanups.push(() => first.stop())
    const notifier = await chainNotifier(first)
    const events: ChainEvent[] = []
    notifier.subscribe((event) => events.push(event))
    await notifier.start()
    await subscribed(first, 'blockchain')

    first.kill()
    await first.exited
    await waitFor(() => notifier.status().state === 'down', { what: 'the notifier to notice the crash' })
    const again = await refServices({ ports: first.ports })
    expect(again.ports).toEqual(first.ports)
    await waitFor(async () => (await again.subscribers()).blockchain.some((s) => s.source === 'p2pServer'), {
      timeoutMs: 10_000,
      what: 'the notifier to subscribe to the restarted service',
    })
    const mined = await again.mine()
    await waitFor(() => events.length === 1, { what: 'the next block' })
    expect(events).toEqual([
      { kind: 'block', hash: mined.hash, baseUrl: 'http://refservices.example:8090/api/v1' },
    ])
  })
})
