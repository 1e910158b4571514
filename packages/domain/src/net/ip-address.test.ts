import { describe, expect, it } from 'vitest'
import { ipv4ToText, parseIpv4, parseIpv6 } from './ip-address.js'

describe('parseIpv4', () => {
  it.each([
    ['0.0.0.0', 0],
    ['127.0.0.1', 0x7f00_0001],
    ['255.255.255.255', 0xffff_ffff],
    ['10.1.2.3', 0x0a01_0203],
  ])('reads %s', (text, value) => {
    expect(parseIpv4(text)).toBe(value)
    expect(ipv4ToText(value)).toBe(text)
  })

  // Only the canonical form is read; the WHATWG parser is what turns the others into it.
  it.each([
    '256.0.0.1',
    '1.2.3',
    '1.2.3.4.5',
    '0x7f.0.0.1',
    '2130706433',
    '',
    'a.b.c.d',
    '1.2.3.4 ',
    '1..2.3',
  ])('does not read %j', (text) => {
    expect(parseIpv4(text)).toBeUndefined()
  })
})

describe('parseIpv6', () => {
  it.each([
    ['::', [0, 0, 0, 0, 0, 0, 0, 0]],
    ['::1', [0, 0, 0, 0, 0, 0, 0, 1]],
    ['fe80::1', [0xfe80, 0, 0, 0, 0, 0, 0, 1]],
    ['2001:db8:0:0:0:0:2:1', [0x2001, 0xdb8, 0, 0, 0, 0, 2, 1]],
    ['::ffff:7f00:1', [0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]],
    ['::ffff:127.0.0.1', [0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]],
    ['1::', [1, 0, 0, 0, 0, 0, 0, 0]],
    ['FC00::ABCD', [0xfc00, 0, 0, 0, 0, 0, 0, 0xabcd]],
  ])('reads %s', (text, groups) => {
    expect(parseIpv6(text)).toEqual(groups)
  })

  it.each([
    '',
    ':::',
    '1::2::3',
    '1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4::5:6:7:8',
    '12345::',
    'g::1',
    '::ffff:256.0.0.1',
    '::1.2.3.4:5',
    'fe80::1%eth0',
  ])('does not read %j', (text) => {
    expect(parseIpv6(text)).toBeUndefined()
  })
})
