export * from './assert/index.js'
export * from './compliance/index.js'
export * from './memory/index.js'
export * from './mothers/index.js'
