export * from './error-codes.js'
export * from './p2p-error.js'
export * from './parse-with.js'
export * from './result.js'
