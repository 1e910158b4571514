export * from './address-class.js'
export * from './data-hub-url-policy.js'
export * from './ip-address.js'
