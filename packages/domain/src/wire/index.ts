export * from './spec2024-wire-format.js'
export * from './wire-format.js'
