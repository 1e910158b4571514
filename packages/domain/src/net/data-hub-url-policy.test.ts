import { describe, expect, it } from 'vitest'
import { checkDataHubUrl, type DataHubUrlProblem } from './data-hub-url-policy.js'

const STRICT = { allowPrivate: false }
const LENIENT = { allowPrivate: true }
const problemOf = (url: string) => {
  const check = checkDataHubUrl(url, STRICT)
  return check.allowed ? 'allowed' : check.problem
}

describe('checkDataHubUrl', () => {
  it.each([
    'http://node.example.com/api/v1',
    'https://node.example.com:8090/api/v1',
    'http://8.8.8.8:8090/api/v1',
    'http://[2001:4860:4860::8888]/',
    'HTTPS://NODE.EXAMPLE.COM/',
    'http://node.example.com./',
    'http://peer1:8090/api/v1',
    'http://xn--nxasmq6b.example/',
    // A backslash after the authority is only a path to every parser.
    'http://node.example/a\\b',
    'http://node.example/?next=http://127.0.0.1/',
    'http://node.example/#@127.0.0.1',
  ])('allows %s', (url) => {
    expect(problemOf(url)).toBe('allowed')
  })

  // What the WHATWG parser makes of each host, so the test says what it relies on.
  it.each<readonly [string, string, DataHubUrlProblem]>([
    ['http://127.0.0.1/', '127.0.0.1', 'loopback'],
    ['http://127.0.0.1./', '127.0.0.1', 'loopback'],
    ['http://127.1/', '127.0.0.1', 'loopback'],
    ['http://0x7f.1/', '127.0.0.1', 'loopback'],
    ['http://0x7f000001/', '127.0.0.1', 'loopback'],
    ['http://2130706433/', '127.0.0.1', 'loopback'],
    ['http://017700000001/', '127.0.0.1', 'loopback'],
    ['http://0177.0.0.1/', '127.0.0.1', 'loopback'],
    ['http://%31%32%37.0.0.1/', '127.0.0.1', 'loopback'],
    ['http://\uff11\uff12\uff17.\uff10.\uff10.\uff11/', '127.0.0.1', 'loopback'],
    ['http://[::1]/', '[::1]', 'loopback'],
    ['http://[::ffff:127.0.0.1]/', '[::ffff:7f00:1]', 'loopback'],
    ['https://[0:0:0:0:0:ffff:7f00:1]/', '[::ffff:7f00:1]', 'loopback'],
    ['http://[::127.0.0.1]/', '[::7f00:1]', 'loopback'],
    ['http://[64:ff9b::127.0.0.1]/', '[64:ff9b::7f00:1]', 'loopback'],
    ['http://localhost:8090/api/v1', 'localhost', 'loopback'],
    ['http://LOCALHOST/', 'localhost', 'loopback'],
    ['http://localhost./', 'localhost.', 'loopback'],
    ['http://foo.localhost/', 'foo.localhost', 'loopback'],
    ['HTTP://10.0.0.1/', '10.0.0.1', 'private'],
    ['http://10.0.0.1./', '10.0.0.1', 'private'],
    ['http://172.16.5.4:8090/', '172.16.5.4', 'private'],
    ['http://192.168.1.1/', '192.168.1.1', 'private'],
    ['http://[fc00::1]/', '[fc00::1]', 'private'],
    ['http://[fd12:3456::1]/', '[fd12:3456::1]', 'private'],
    ['http://[::ffff:a00:1]/', '[::ffff:a00:1]', 'private'],
    ['http://[::ffff:10.0.0.1]/', '[::ffff:a00:1]', 'private'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254', 'link_local'],
    ['http://[::ffff:169.254.169.254]/', '[::ffff:a9fe:a9fe]', 'link_local'],
    ['http://[fe80::1]/', '[fe80::1]', 'link_local'],
    ['http://0.0.0.0/', '0.0.0.0', 'unspecified'],
    ['http://0/', '0.0.0.0', 'unspecified'],
    ['http://[::]/', '[::]', 'unspecified'],
    ['http://100.64.0.1/', '100.64.0.1', 'shared'],
    ['http://224.0.0.1/', '224.0.0.1', 'multicast'],
    ['http://255.255.255.255/', '255.255.255.255', 'reserved'],
  ])('refuses %s (host %s) as %s', (url, hostname, problem) => {
    expect(new URL(url).hostname).toBe(hostname)
    expect(problemOf(url)).toBe(problem)
    expect(checkDataHubUrl(url, LENIENT).allowed).toBe(true)
  })

  it.each<readonly [string, DataHubUrlProblem]>([
    ['http://a@10.0.0.1/', 'userinfo'],
    ['http://a@node.example/', 'userinfo'],
    ['http://user:pass@node.example/', 'userinfo'],
    ['http://@node.example/', 'userinfo'],
    // Every parser agrees the host is node.example; credentials are refused all the same.
    ['http://127.0.0.1:80@node.example/', 'userinfo'],
    // WHATWG reads the host as node.example, Go's net/url as 127.0.0.1: refuse what parsers dispute.
    ['http://node.example\\@127.0.0.1/', 'ambiguous'],
    ['http://node.example\\.127.0.0.1/', 'ambiguous'],
    ['ftp://node.example/', 'not_http'],
    ['file:///etc/passwd', 'not_http'],
    ['javascript:alert(1)', 'not_http'],
    ['ws://node.example/', 'not_http'],
    ['gopher://127.0.0.1:6379/_', 'not_http'],
    ['', 'unparseable'],
    ['node.example', 'unparseable'],
    ['http://', 'unparseable'],
    ['http://[fe80::1%25eth0]/', 'unparseable'],
    ['http://1.2.3.4.5/', 'unparseable'],
  ])('refuses %j as %s, whatever the policy', (url, problem) => {
    expect(problemOf(url)).toBe(problem)
    expect(checkDataHubUrl(url, LENIENT)).toEqual({ allowed: false, problem })
  })

  it('says what kind of host an allowed URL names', () => {
    expect(checkDataHubUrl('http://8.8.8.8/', STRICT)).toEqual({ allowed: true, host: 'public' })
    expect(checkDataHubUrl('http://node.example/', STRICT)).toEqual({ allowed: true, host: 'name' })
    expect(checkDataHubUrl('http://10.0.0.1/', LENIENT)).toEqual({ allowed: true, host: 'private' })
  })
})
