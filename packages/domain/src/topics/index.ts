export * from './topic-kind.js'
export * from './topic-names.js'
