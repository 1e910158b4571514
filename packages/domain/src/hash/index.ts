export * from './hash.js'
export * from './sha256d.js'
