import { create } from '@bufbuild/protobuf'
import { type ServerUnaryCall, type ServerWritableStream, type sendUnaryData, status } from '@grpc/grpc-js'
import { hashFromInternalBytes, hashToInternalBytes } from '@p2p/domain'
import { NOTIFICATION_TYPE_OF } from '../blockchain/chain-mapping.js'
import {
  type GetBlockHeaderRequest,
  type GetBlockHeaderResponse,
  GetBlockHeaderResponseSchema,
  type Notification,
  NotificationSchema,
  type SubscribeRequest,
} from '../gen/blockchain_api/blockchain_api_pb.js'
import type { ChainBackend, HeaderRecord } from './backends.js'
import { grpcError } from './grpc-error.js'

function headerResponse(record: HeaderRecord): GetBlockHeaderResponse {
  const time = new DataView(record.header.buffer, record.header.byteOffset).getUint32(68, true)
  return create(GetBlockHeaderResponseSchema, {
    blockHeader: record.header,
    height: record.info.height,
    txCount: record.info.txCount,
    sizeInBytes: record.info.sizeInBytes,
    miner: record.info.miner,
    blockTime: time,
    timestamp: time,
  })
}

/** Handlers of `blockchain_api.BlockchainAPI`, keyed as `grpcServiceDefinition` keys the methods. */
export function blockchainHandlers(backend: ChainBackend) {
  return {
    subscribe(call: ServerWritableStream<SubscribeRequest, Notification>): void {
      // Nothing, not even headers, until the first event, as the reference's blockchain service:
      // clients must count a quiet subscription as up (the dev services and tests keep them honest).
      const unsubscribe = backend.subscribe((event) => {
        call.write(
          create(NotificationSchema, {
            type: NOTIFICATION_TYPE_OF[event.kind],
            hash: hashToInternalBytes(event.hash),
            baseUrl: event.baseUrl ?? '',
          }),
        )
      })
      const end = () => unsubscribe()
      call.on('cancelled', end)
      call.on('close', end)
      call.on('error', end)
    },

    getBestBlockHeader(
      _call: ServerUnaryCall<unknown, GetBlockHeaderResponse>,
      done: sendUnaryData<GetBlockHeaderResponse>,
    ): void {
      const record = backend.bestHeaderRecord()
      if (record === undefined) done(grpcError(status.UNAVAILABLE, 'no best block yet'))
      else done(null, headerResponse(record))
    },

    getBlockHeader(
      call: ServerUnaryCall<GetBlockHeaderRequest, GetBlockHeaderResponse>,
      done: sendUnaryData<GetBlockHeaderResponse>,
    ): void {
      if (call.request.blockHash.length !== 32) {
        done(grpcError(status.INVALID_ARGUMENT, 'blockHash must be 32 bytes'))
        return
      }
      const record = backend.headerRecord(hashFromInternalBytes(call.request.blockHash))
      if (record === undefined) done(grpcError(status.NOT_FOUND, 'unknown block'))
      else done(null, headerResponse(record))
    },
  }
}
