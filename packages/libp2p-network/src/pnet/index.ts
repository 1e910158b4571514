export { PRE_SHARED_KEY_BYTES, parsePreSharedKey } from './pre-shared-key.js'
export { DEFAULT_HANDSHAKE_TIMEOUT_MS, type PskProtectorInit, pskProtector } from './psk-protector.js'
export { MAX_KEYSTREAM_BYTES, XSalsa20Keystream } from './xsalsa20-keystream.js'
