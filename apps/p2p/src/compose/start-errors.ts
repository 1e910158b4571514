import { P2PError, type Startable } from '@p2p/domain'

// The errno codes of a listener that cannot bind: the settings chose an address or port this host
// cannot give us, so the operator has to hear which setting.
const LISTEN_FAILURE = /failed to be listened on|EADDRINUSE|EADDRNOTAVAIL|EACCES|EINVAL/

/**
 * Wraps a component whose start binds the listeners `settings` names (as `key=value` text), so a
 * bind failure says which settings to fix instead of only what libp2p or Node said.
 */
export function namingListenSettings(component: Startable, settings: string): Startable {
  return {
    start: async () => {
      try {
        await component.start()
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error)
        if (!LISTEN_FAILURE.test(message)) throw error
        throw new P2PError('invalid_config', `cannot listen on ${settings}: ${listenDetail(message)}`, {
          cause: error,
        })
      }
    },
    stop: () => component.stop(),
  }
}

/** libp2p's message is advice about its own options; the per-address lines after it are the news. */
function listenDetail(message: string): string {
  const lines = message
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
  const perAddress = lines.filter((line) => line.startsWith('/'))
  return (perAddress.length > 0 ? perAddress : lines)
    .join('; ')
    .replace(/^the p2p network could not start: /, '')
}
