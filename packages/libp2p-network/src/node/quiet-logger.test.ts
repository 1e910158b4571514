import { describe, expect, it } from 'vitest'
import { libp2pLogger } from './quiet-logger.js'

describe('libp2pLogger', () => {
  it('hands out one silent logger, scopes included, unless debug logging is on', () => {
    const components = libp2pLogger(false)
    expect(components).toBeDefined()
    const log = components?.forComponent('libp2p:gossipsub')
    expect(log?.enabled).toBe(false)
    expect(() => {
      log?.('a %s', 'message')
      log?.error(new Error('nothing to see'))
      log?.trace('trace')
    }).not.toThrow()
    expect(log?.newScope('stream')).toBe(log)
    expect(components?.forComponent('libp2p:tcp')).toBe(log)
  })

  it('leaves libp2p its own debug logger when debug logging is on', () => {
    expect(libp2pLogger(true)).toBeUndefined()
  })
})
