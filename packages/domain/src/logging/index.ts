export * from './log-limiter.js'
