import { describe, expect, it } from 'vitest'
import { prettyLine } from './pretty-stream.js'

describe('prettyLine', () => {
  it('shows time, level, message and fields on one line', () => {
    const line = JSON.stringify({
      level: 'info',
      time: '2026-11-24T06:41:07.123Z',
      msg: 'started',
      peers: 3,
      id: 'abc',
    })
    expect(prettyLine(line)).toBe('06:41:07 INFO  started peers=3 id=abc')
  })

  it('passes through what is not JSON', () => {
    expect(prettyLine('plain text')).toBe('plain text')
  })
})
