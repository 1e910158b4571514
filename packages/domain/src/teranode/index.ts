export * from './envelope.js'
export * from './go-base64.js'
export * from './teranode-payloads.js'
export * from './teranode-wire-format.js'
