export { AddressAsker, type AddressAskerDeps, type AddressAskerOptions } from './address-asker.js'
export {
  type AddressExchangeHost,
  AddressExchangeLoop,
  type AddressExchangeLoopCounters,
  type AddressExchangeLoopDeps,
  type AddressExchangeLoopOptions,
} from './address-exchange-loop.js'
export {
  ADDRESS_PROTOCOL_V1,
  ADDRESS_PROTOCOL_V1_1,
  ADDRESS_PROTOCOLS,
  parseAddressReply,
  parseAddressRequest,
} from './address-exchange-protocol.js'
export {
  AddressExchangeServer,
  type AddressExchangeServerCounters,
  type AddressExchangeServerDeps,
  type AddressExchangeServerOptions,
} from './address-exchange-server.js'
export { libp2pExchangeHost } from './libp2p-exchange-host.js'
