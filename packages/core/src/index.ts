export { Lifecycle, type LifecycleDeps, type NamedComponent } from './lifecycle.js'
export { type P2PServiceOptions, type P2PServiceOptionsInput, p2pServiceOptionsSchema } from './options.js'
export { P2PService, type P2PServiceDeps } from './p2p-service.js'
export { BoundedQueue, type BoundedQueueOptions } from './queue/bounded-queue.js'
export {
  type KnownStatus,
  NodeStatusBook,
  type NodeStatusBookDeps,
  type NodeStatusBookOptions,
} from './status/node-status-book.js'
