export * from './block-header.js'
