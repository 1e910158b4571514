import { execFileSync } from 'node:child_process'
import { lstat, mkdtemp, readdir, readlink, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { launch, P2P_MAIN, type RunningProcess } from './processes.js'

// Mistakes an operator makes in the settings or the data directory: each one stops the start with
// exit code 1 and a message naming the setting or path, instead of hanging, running a public node
// or taking a new identity. Settings-level refusals are covered one by one in settings.test.ts.
describe('operator mistakes at start', { timeout: 30_000 }, () => {
  const cleanups: Array<() => Promise<void>> = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup()
  })

  async function dataDir(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'p2p-mistakes-'))
    cleanups.push(() => rm(dir, { recursive: true, force: true }))
    return dir
  }

  function start(dir: string, env: Record<string, string> = {}): RunningProcess {
    const running = launch(P2P_MAIN, {
      p2p_ip: '127.0.0.1',
      p2p_port: '0',
      p2p_httpListenAddress: '127.0.0.1:0',
      p2p_peer_cache_dir: dir,
      logLevel: 'INFO',
      ...env,
    })
    cleanups.push(async () => {
      running.kill()
      await running.exited
    })
    return running
  }

  /** The exit code, within a deadline: a start that hangs fails the test instead of the suite. */
  async function exitOf(running: RunningProcess, timeoutMs = 15_000): Promise<number | null> {
    let timer: NodeJS.Timeout | undefined
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no exit within ${timeoutMs} ms:\n${running.text.join('\n')}`)),
        timeoutMs,
      )
    })
    try {
      return await Promise.race([running.exited, deadline])
    } finally {
      clearTimeout(timer)
    }
  }

  it('refuses p2p_shared_key without p2p_dht_use_private=true, naming both, never the key', async () => {
    const key = 'ab'.repeat(32)
    const running = start(await dataDir(), { p2p_shared_key: key })
    expect(await exitOf(running)).toBe(1)
    const output = running.text.join('\n')
    expect(output).toContain(
      'p2p_shared_key=(hidden): is set but p2p_dht_use_private is false: set p2p_dht_use_private=true, or remove p2p_shared_key',
    )
    expect(output).not.toContain(key)
  })

  it('refuses settings that used to fail later or leak, each named with what is wrong', async () => {
    const badPeer = '/ip4/127.0.0.1/tcp/1/p2p/12D3KooWxxxxxxx'
    const running = start(await dataDir(), {
      p2p_bootstrapAddresses: badPeer,
      p2p_httpListenAddress: 'host:99999',
      p2p_ws_allowed_origins: '|||',
      asset_httpAddress: 'http://admin:s3cret@hub.example/api/v1',
    })
    expect(await exitOf(running)).toBe(1)
    const output = running.text.join('\n')
    expect(output).toContain(
      `p2p_bootstrapAddresses="${badPeer}": ${badPeer}: 12D3KooWxxxxxxx is not a peer id`,
    )
    expect(output).toContain('p2p_httpListenAddress="host:99999": the port must be from 0 to 65535')
    expect(output).toContain('p2p_ws_allowed_origins="|||": has separators but no entries')
    expect(output).toContain(
      'asset_httpAddress="http://(hidden)@hub.example/api/v1": must not carry user:password@',
    )
    expect(output).not.toContain('s3cret')
  })

  it('refuses a p2p.key that is a FIFO at once, naming the path', async () => {
    const dir = await dataDir()
    execFileSync('mkfifo', [join(dir, 'p2p.key')])
    const running = start(dir)
    expect(await exitOf(running)).toBe(1)
    expect(running.text.join('\n')).toContain(
      `the key file ${join(dir, 'p2p.key')} (p2p_peer_cache_dir) is not a regular file (a FIFO)`,
    )
  })

  it('refuses a p2p.key that is a dangling link, and leaves the link as it was', async () => {
    const dir = await dataDir()
    const target = join(dir, 'mounted', 'p2p.key')
    await symlink(target, join(dir, 'p2p.key'))
    const running = start(dir)
    expect(await exitOf(running)).toBe(1)
    expect(running.text.join('\n')).toContain(
      `the key file ${join(dir, 'p2p.key')} (p2p_peer_cache_dir) is a symbolic link`,
    )
    expect((await lstat(join(dir, 'p2p.key'))).isSymbolicLink()).toBe(true)
    expect(await readlink(join(dir, 'p2p.key'))).toBe(target)
    expect(await readdir(dir)).toEqual(['p2p.key'])
  })

  it('names p2p_ip when the address is not one of this host', async () => {
    // TEST-NET-1 (RFC 5737): never assigned to a real interface.
    const running = start(await dataDir(), { p2p_ip: '192.0.2.1' })
    expect(await exitOf(running)).toBe(1)
    expect(running.text.join('\n')).toContain(
      'cannot listen on p2p_ip=192.0.2.1 p2p_port=0: /ip4/192.0.2.1/tcp/0',
    )
  })

  it('names server_certFile when the certificate is garbage', async () => {
    const dir = await dataDir()
    await writeFile(join(dir, 'cert.pem'), 'garbage\n')
    await writeFile(join(dir, 'key.pem'), 'garbage\n')
    const running = start(dir, {
      securityLevelHTTP: '1',
      server_certFile: join(dir, 'cert.pem'),
      server_keyFile: join(dir, 'key.pem'),
    })
    expect(await exitOf(running)).toBe(1)
    expect(running.text.join('\n')).toContain(
      `server_certFile=${join(dir, 'cert.pem')} is not a PEM certificate`,
    )
  })

  it('starts beside a bans.json that is a FIFO, reporting it by path instead of hanging', async () => {
    const dir = await dataDir()
    execFileSync('mkfifo', [join(dir, 'bans.json')])
    const running = start(dir)
    await running.waitForLog('p2p service started')
    const report = await running.waitForLog('cannot read the ban file; bans of earlier runs are not enforced')
    expect(report).toMatchObject({
      path: join(dir, 'bans.json'),
      reason: 'is not a regular file (a FIFO)',
      setting: 'p2p_peer_cache_dir',
    })
    expect((await running.terminate()).code).toBe(0)
  })

  it('warns, naming them, of spec-era settings a teranode node does not read (a PSK that would silently not apply)', async () => {
    const running = start(await dataDir(), {
      p2p_wire_profile: 'teranode',
      p2p_dht_use_private: 'true',
      p2p_shared_key: 'cd'.repeat(32),
    })
    const warning = await running.waitForLog(
      'settings given that this wire profile does not read; they have no effect',
    )
    expect(warning).toMatchObject({
      profile: 'teranode',
      settings: ['p2p_dht_use_private', 'p2p_shared_key'],
    })
    await running.waitForLog('p2p service started')
    expect(running.text.join('\n')).not.toContain('cd'.repeat(32))
    expect((await running.terminate()).code).toBe(0)
  })
})
