export * from './recording-listener.js'
