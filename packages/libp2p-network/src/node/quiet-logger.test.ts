import { describe, expect, it } from 'vitest'
import { libp2pLogger } from './quiet-logger.js'

describe('libp2pLogger', () => {
  it('hands out one silent logger, scopes included, when DEBUG is unset or empty', () => {
    for (const setting of [undefined, '', '  ']) {
      const components = libp2pLogger(setting)
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
    }
  })

  it('leaves libp2p its own debug logger when DEBUG is set', () => {
    expect(libp2pLogger('libp2p:*')).toBeUndefined()
  })
})
