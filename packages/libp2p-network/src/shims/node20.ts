/**
 * Import for its side effect, as the entry point's first import, so no libp2p module can capture
 * or test for `Promise.withResolvers` before it exists. The WebSocket global is not installed
 * here: only the websockets transport needs it, and `createNode` installs it before loading that
 * transport, so a node without one never loads undici.
 */
import { installPromiseWithResolvers } from './install-shims.js'

installPromiseWithResolvers(globalThis)
