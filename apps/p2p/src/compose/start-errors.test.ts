import { once } from 'node:events'
import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import { namingListenSettings } from './start-errors.js'

const failingWith = (error: Error) => ({
  start: () => Promise.reject(error),
  stop: () => Promise.resolve(),
})

describe('namingListenSettings', () => {
  it('names the settings when libp2p cannot listen, keeping its per-address reason', async () => {
    const libp2pError = new Error(
      'the p2p network could not start: UnsupportedListenAddressesError: Some configured addresses failed to be listened on, you may need to remove one or more listen addresses from your configuration or set `transportManager.faultTolerance` to NO_FATAL:\n\n  /ip4/10.255.255.1/tcp/0: Error: listen EADDRNOTAVAIL: address not available 10.255.255.1\n',
    )
    const wrapped = namingListenSettings(failingWith(libp2pError), 'p2p_ip=10.255.255.1 p2p_port=0')
    await expect(wrapped.start()).rejects.toMatchObject({
      code: 'invalid_config',
      message:
        'cannot listen on p2p_ip=10.255.255.1 p2p_port=0: /ip4/10.255.255.1/tcp/0: Error: listen EADDRNOTAVAIL: address not available 10.255.255.1',
    })
  })

  it('names the setting of a port that is taken', async () => {
    const server = createServer()
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    const { port } = server.address() as { port: number }
    try {
      const taken = {
        start: async () => {
          const second = createServer()
          second.listen(port, '127.0.0.1')
          await once(second, 'listening')
        },
        stop: () => Promise.resolve(),
      }
      const wrapped = namingListenSettings(taken, `p2p_httpListenAddress=127.0.0.1:${port}`)
      await expect(wrapped.start()).rejects.toThrow(
        new RegExp(`^cannot listen on p2p_httpListenAddress=127.0.0.1:${port}: listen EADDRINUSE`),
      )
    } finally {
      server.close()
    }
  })

  it('passes other start errors through unchanged', async () => {
    const other = new Error('the blockchain service is down')
    await expect(namingListenSettings(failingWith(other), 'p2p_ip=x').start()).rejects.toBe(other)
  })
})
