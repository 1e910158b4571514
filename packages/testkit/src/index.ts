// The in-memory ports live in @p2p/memory-ports (runtime-safe, shared with the simulated chain);
// re-exported so a test imports every fake, mother and suite from one place.
export * from '@p2p/memory-ports'
export * from './assert/index.js'
export * from './compliance/index.js'
export * from './fakes/index.js'
export * from './mothers/index.js'
