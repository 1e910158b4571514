export * from './go-json.js'
export * from './json-reader.js'
