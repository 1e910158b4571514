/**
 * Import for its side effect, as the entry point's first import, so no libp2p module can capture
 * or test for these globals before they exist.
 */
import { installNode20Shims } from './install-shims.js'

installNode20Shims(globalThis)
