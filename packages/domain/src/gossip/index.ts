export * from './verdict.js'
