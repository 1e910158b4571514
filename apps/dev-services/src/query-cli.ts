#!/usr/bin/env node
import { Client, credentials, Metadata } from '@grpc/grpc-js'
import {
  blockchainApi,
  blockvalidationApi,
  deserializer,
  methodPath,
  model,
  serializer,
  unaryCall,
  validatorApi,
} from '@p2p/grpc-services'

// A plain gRPC client for the node-service APIs, to poke a running service by hand:
//   node-services-query <host:port> best | header <hash> | subscribe [n] | rejected [n]
//                                   | block-found <hash> <url> | subtree-found <hash> <url>
// Hashes are shown and taken in display hex; on the wire they are reversed (internal order).

const [address, command, ...args] = process.argv.slice(2)
const toInternal = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex').reverse())
const toDisplay = (bytes: Uint8Array) => Buffer.from(bytes).reverse().toString('hex')
const json = (value: unknown) =>
  JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2)

function usage(): never {
  console.error(
    'usage: node-services-query <host:port> best|header <hash>|subscribe [n]|rejected [n]|block-found <hash> <url>|subtree-found <hash> <url>',
  )
  process.exit(2)
}

function showHeader(response: blockchainApi.GetBlockHeaderResponse): string {
  const header = Buffer.from(response.blockHeader)
  return json({
    blockHeader: header.toString('hex'),
    previousHash: toDisplay(header.subarray(4, 36)),
    height: response.height,
    txCount: response.txCount,
    sizeInBytes: response.sizeInBytes,
    miner: response.miner,
    blockTime: response.blockTime,
  })
}

function stream<T>(
  client: Client,
  method: {
    readonly name: string
    readonly parent: { readonly typeName: string }
    readonly output: Parameters<typeof deserializer>[0]
  },
  limit: number,
  show: (m: T) => unknown,
) {
  const call = client.makeServerStreamRequest(
    methodPath(method as never),
    serializer(blockchainApi.SubscribeRequestSchema),
    deserializer(method.output) as (b: Buffer) => T,
    { source: 'node-services-query' },
    new Metadata(),
  )
  let seen = 0
  call.on('data', (message: T) => {
    console.log(json(show(message)))
    if (++seen >= limit) {
      call.cancel()
      client.close()
    }
  })
  call.on('error', (error: Error & { code?: number }) => {
    if (error.code !== 1) console.error(error.message)
    client.close()
  })
}

if (address === undefined || command === undefined) usage()
const client = new Client(address, credentials.createInsecure())
const options = { deadlineMs: 5_000 }

try {
  switch (command) {
    case 'best':
      console.log(
        showHeader(
          await unaryCall(client, blockchainApi.BlockchainAPI.method.getBestBlockHeader, {}, options),
        ),
      )
      client.close()
      break
    case 'header':
      console.log(
        showHeader(
          await unaryCall(
            client,
            blockchainApi.BlockchainAPI.method.getBlockHeader,
            { blockHash: toInternal(args[0] ?? usage()) },
            options,
          ),
        ),
      )
      client.close()
      break
    case 'subscribe':
      stream<blockchainApi.Notification>(
        client,
        blockchainApi.BlockchainAPI.method.subscribe,
        Number(args[0] ?? 3),
        (n) => ({
          type: model.NotificationType[n.type],
          hash: toDisplay(n.hash),
          baseUrl: n.baseUrl,
        }),
      )
      break
    case 'rejected':
      stream<validatorApi.RejectedTxNotification>(
        client,
        validatorApi.ValidatorAPI.method.subscribe,
        Number(args[0] ?? 1),
        (n) => ({ txId: n.txId, reason: n.reason }),
      )
      break
    case 'block-found':
    case 'subtree-found': {
      const api = blockvalidationApi.BlockValidationAPI.method
      const request = { hash: toInternal(args[0] ?? usage()), baseUrl: args[1] ?? usage() }
      if (command === 'block-found') await unaryCall(client, api.blockFound, request, options)
      else await unaryCall(client, api.subtreeFound, request, options)
      console.log(`${command}: OK`)
      client.close()
      break
    }
    default:
      usage()
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error))
  client.close()
  process.exitCode = 1
}
