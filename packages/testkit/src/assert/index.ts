export * from './coded-error-matcher.js'
export * from './wait-for.js'
