import { z } from 'zod'
import { SETTINGS } from './setting-definitions.js'
import { HOST_PORT } from './setting-values.js'

type Shape = { readonly [K in keyof typeof SETTINGS]: (typeof SETTINGS)[K]['schema'] }

// Object.fromEntries loses the per-key types that the mapped type above keeps.
const shape = Object.fromEntries(
  Object.entries(SETTINGS).map(([key, declaration]) => [key, declaration.schema]),
) as Shape

/**
 * One schema for every setting, as text in (files and environment), typed values out: each
 * key's own schema from its declaration, then the checks that involve more than one key.
 */
export const settingsSchema = z.object(shape).superRefine((settings, context) => {
  if (settings.p2p_dht_use_private && settings.p2p_shared_key === undefined) {
    context.addIssue({
      code: 'custom',
      path: ['p2p_shared_key'],
      message: 'required when p2p_dht_use_private is true',
    })
  }
  if (!settings.p2p_dht_use_private && settings.p2p_shared_key !== undefined) {
    // The key alone protects nothing: the node would join the public network, silently.
    context.addIssue({
      code: 'custom',
      path: ['p2p_shared_key'],
      message:
        'is set but p2p_dht_use_private is false: set p2p_dht_use_private=true, or remove p2p_shared_key',
    })
  }
  const httpPort = Number(HOST_PORT.exec(settings.p2p_httpListenAddress)?.[2] ?? 0)
  const httpHost = HOST_PORT.exec(settings.p2p_httpListenAddress)?.[1] ?? ''
  for (const key of ['p2p_port', 'p2p_websocket_port'] as const) {
    const port = settings[key]
    if (port === undefined || port === 0 || port !== httpPort) continue
    if (!sameInterface(httpHost, settings.p2p_ip)) continue
    context.addIssue({
      code: 'custom',
      path: ['p2p_httpListenAddress'],
      message: `uses port ${port}, which ${key} listens on too`,
    })
  }
  if (settings.p2p_websocket_port !== undefined && settings.p2p_websocket_port !== 0) {
    if (settings.p2p_websocket_port === settings.p2p_port) {
      context.addIssue({
        code: 'custom',
        path: ['p2p_websocket_port'],
        message: 'is the same port as p2p_port: the two listeners need a port each',
      })
    }
  }
  if (
    settings.securityLevelHTTP !== 0 &&
    (settings.server_certFile === '' || settings.server_keyFile === '')
  ) {
    context.addIssue({
      code: 'custom',
      path: ['server_certFile'],
      message: 'server_certFile and server_keyFile are required when securityLevelHTTP is not 0',
    })
  }
})

export type Settings = z.output<typeof settingsSchema>

const ANY_HOST = new Set(['', '0.0.0.0', '::', '[::]'])

/** Whether listeners on these two hosts would contend for the same port. */
function sameInterface(httpHost: string, p2pIp: string): boolean {
  const bare = httpHost.replace(/^\[(.*)\]$/, '$1')
  return ANY_HOST.has(httpHost) || ANY_HOST.has(p2pIp) || bare === p2pIp
}
