export * from './chain-types.js'
