import { MemoryLogger } from '@p2p/memory-ports'
import { describe, expect, it } from 'vitest'

describe('MemoryLogger', () => {
  it('records level, message and context in order', () => {
    const logger = new MemoryLogger()
    logger.debug('d')
    logger.info('i', { a: 1 })
    logger.warn('w', { b: 'x' })
    logger.error('e')
    expect(logger.entries).toEqual([
      { level: 'debug', message: 'd', context: {} },
      { level: 'info', message: 'i', context: { a: 1 } },
      { level: 'warn', message: 'w', context: { b: 'x' } },
      { level: 'error', message: 'e', context: {} },
    ])
    expect(logger.messages('warn')).toEqual(['w'])
  })

  it('merges child bindings into the context, nested, with the call context winning', () => {
    const root = new MemoryLogger({ bindings: { service: 'p2p' } })
    const child = root.child({ component: 'handoff', level: 'outer' }).child({ kind: 'block' })
    child.warn('hand-off dropped', { level: 'inner', hash: 'h' })
    expect(root.find('warn', 'hand-off dropped')?.context).toEqual({
      service: 'p2p',
      component: 'handoff',
      kind: 'block',
      level: 'inner',
      hash: 'h',
    })
  })

  it('shares one record list between a logger and its children; clear empties it for all', () => {
    const root = new MemoryLogger()
    const child = root.child({ c: 1 })
    root.info('from root')
    child.info('from child')
    expect(child.messages()).toEqual(['from root', 'from child'])
    expect(root.filter('info', 'from child')).toHaveLength(1)
    child.clear()
    expect(root.entries).toHaveLength(0)
    expect(root.find('info', 'from root')).toBeUndefined()
  })
})
