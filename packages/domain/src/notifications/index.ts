export * from './from-message.js'
export * from './notification.js'
export * from './notification-codec.js'
export * from './notification-schema.js'
