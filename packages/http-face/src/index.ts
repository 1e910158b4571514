export { createHttpApp, type HttpAppDeps, type MetricsExposition, PUBLIC_DIR } from './http/http-app.js'
export { HttpFace, type HttpFaceDeps, type HttpFaceOptions, WEBSOCKET_PATHS } from './http/http-face.js'
export type { LoadStatus, NodeStatus, StatusSource } from './http/node-status.js'
export { publicStatus } from './http/public-status.js'
export { type ServerLimitsInput, serverLimitsSchema } from './http/server-limits.js'
export {
  type KnownNodeStatus,
  NotificationBroadcaster,
  type NotificationBroadcasterDeps,
} from './websocket/notification-broadcaster.js'
export {
  type NotificationBroadcasterOptionsInput,
  notificationBroadcasterOptionsSchema,
} from './websocket/sink-options.js'
