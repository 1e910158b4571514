export { GrpcChainNotifier, type GrpcChainNotifierOptions } from './blockchain/grpc-chain-notifier.js'
export { GrpcBlockValidator, type GrpcBlockValidatorOptions } from './blockvalidation/grpc-block-validator.js'
export * as blockchainApi from './gen/blockchain_api/blockchain_api_pb.js'
export * as blockvalidationApi from './gen/blockvalidation_api/blockvalidation_api_pb.js'
export * as model from './gen/model/model_pb.js'
export * as validatorApi from './gen/validator_api/validator_api_pb.js'
export { deserializer, methodPath, serializer } from './grpc/method-codec.js'
export { grpcServiceDefinition } from './grpc/service-definition.js'
export { unaryCall } from './grpc/unary-call.js'
export type {
  BlockValidationBackend,
  ChainBackend,
  HeaderRecord,
  RejectedTxBackend,
} from './servers/backends.js'
export {
  type NodeServicesBackends,
  NodeServicesServer,
  type NodeServicesServerDeps,
  type NodeServicesServerOptions,
} from './servers/node-services-server.js'
export { type ClientOptionsInput, clientOptionsSchema } from './upstream/client-options.js'
export type { Backoff } from './upstream/stream-keeper.js'
export type { UpstreamDeps } from './upstream/upstream-client.js'
export {
  GrpcRejectedTxSource,
  type GrpcRejectedTxSourceOptions,
} from './validator/grpc-rejected-tx-source.js'
