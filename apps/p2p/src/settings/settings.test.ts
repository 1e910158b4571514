import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadSettings, settingsHelp } from './load-settings.js'
import { SETTING_DEFINITIONS } from './setting-definitions.js'
import { parseSettingsText } from './settings-file.js'

describe('parseSettingsText', () => {
  const text = [
    '# comment',
    'p2p_port = 9905',
    'p2p_port.dev = 19905',
    'p2p_port.dev.alice = 29905',
    'logLevel=INFO',
    'broken line',
  ].join('\n')

  it('reads key=value lines, skips comments, and reports malformed lines', () => {
    const parsed = parseSettingsText(text, undefined, 'settings.conf')
    expect(parsed.values.get('p2p_port')).toBe('9905')
    expect(parsed.values.get('logLevel')).toBe('INFO')
    expect(parsed.problems).toEqual(['settings.conf:6: expected key=value'])
  })

  it('applies key.context overrides for SETTINGS_CONTEXT, the most specific winning', () => {
    expect(parseSettingsText(text, 'dev', 'f').values.get('p2p_port')).toBe('19905')
    expect(parseSettingsText(text, 'dev.alice', 'f').values.get('p2p_port')).toBe('29905')
    expect(parseSettingsText(text, 'dev.bob', 'f').values.get('p2p_port')).toBe('19905')
    expect(parseSettingsText(text, 'docker', 'f').values.get('p2p_port')).toBe('9905')
  })
})

/** The error a load fails with; a load that succeeds fails the test. */
async function failure(loading: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await loading
  } catch (error) {
    return error as Error & { code?: string }
  }
  throw new Error('expected the settings to be refused')
}

describe('loadSettings', () => {
  const dirs: string[] = []
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
  })
  async function dirWith(files: Record<string, string>): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'p2p-settings-'))
    dirs.push(dir)
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text)
    return dir
  }

  it('has the reference defaults and embedded node services when nothing is set', async () => {
    const { settings } = await loadSettings({}, await dirWith({}))
    expect(settings).toMatchObject({
      p2p_ip: '0.0.0.0',
      p2p_port: 9905,
      p2p_topic_prefix: 'github.com/bitcoin-sv/ubsv',
      p2p_bestblock_topic: 'bestblock',
      p2p_httpListenAddress: ':9906',
      p2p_dht_protocol_id: '/ubsv',
      asset_httpAddress: 'http://localhost:8090/api/v1',
      securityLevelHTTP: 0,
      logLevel: 'info',
    })
    expect(settings.blockchain_grpcAddress).toBeUndefined()
    expect(settings.p2p_static_peers).toEqual([])
  })

  it('layers settings.conf, settings_local.conf and the environment, in that order', async () => {
    const dir = await dirWith({
      'settings.conf': 'p2p_port=1000\np2p_httpListenAddress=:2000\nlogLevel=DEBUG\nnot_a_setting=1\n',
      'settings_local.conf':
        'p2p_port=1001\np2p_static_peers=/ip4/10.0.0.1/tcp/1/p2p/12D3KooWQYhTNQdmr3ArTeUHRYzFg94BKyTkoWBDWez9kSCVe2Xo | \n',
    })
    const loaded = await loadSettings({ p2p_httpListenAddress: '127.0.0.1:3000' }, dir)
    expect(loaded.settings.p2p_port).toBe(1001)
    expect(loaded.settings.p2p_httpListenAddress).toBe('127.0.0.1:3000')
    expect(loaded.settings.logLevel).toBe('debug')
    expect(loaded.settings.p2p_static_peers).toHaveLength(1)
    expect(loaded.sources).toMatchObject({
      p2p_port: 'settings_local.conf',
      p2p_httpListenAddress: 'env',
      logLevel: 'settings.conf',
    })
    expect(loaded.warnings).toEqual(['settings.conf: unknown setting not_a_setting (ignored)'])
  })

  it('reports every invalid value at once, naming key, value and what is expected', async () => {
    const error = await failure(
      loadSettings(
        {
          p2p_port: 'abc',
          p2p_dht_use_private: 'yes',
          asset_httpAddress: 'ftp://x',
          blockchain_grpcAddress: 'nohost',
        },
        await dirWith({}),
      ),
    )
    expect(error.code).toBe('invalid_config')
    expect(error.message).toContain('p2p_port="abc": expected a whole number from 0 to 65535')
    expect(error.message).toContain('p2p_dht_use_private="yes": expected true or false')
    expect(error.message).toContain('asset_httpAddress="ftp://x"')
    expect(error.message).toContain('blockchain_grpcAddress="nohost": expected host:port')
  })

  it('requires the shared key in private mode, without ever printing a key', async () => {
    const missing = await failure(loadSettings({ p2p_dht_use_private: 'true' }, await dirWith({})))
    expect(missing.message).toContain('p2p_shared_key')
    expect(missing.message).toContain('required when p2p_dht_use_private is true')
    const secret = 'zz'.repeat(64)
    const bad = await failure(loadSettings({ p2p_private_key: secret, p2p_port: '-1' }, await dirWith({})))
    expect(bad.message).not.toContain(secret)
  })

  it('refuses a shared key without p2p_dht_use_private=true: the node would be public', async () => {
    const error = await failure(loadSettings({ p2p_shared_key: 'ab'.repeat(32) }, await dirWith({})))
    expect(error.code).toBe('invalid_config')
    expect(error.message).toContain(
      'p2p_shared_key=(hidden): is set but p2p_dht_use_private is false: set p2p_dht_use_private=true, or remove p2p_shared_key',
    )
    expect(error.message).not.toContain('ab'.repeat(32))
  })

  it('refuses a data hub URL with credentials, without echoing the password', async () => {
    const error = await failure(
      loadSettings({ asset_httpAddress: 'http://admin:s3cret@hub.example/api/v1' }, await dirWith({})),
    )
    expect(error.message).toContain(
      'asset_httpAddress="http://(hidden)@hub.example/api/v1": must not carry user:password@',
    )
    expect(error.message).not.toContain('s3cret')
    const notUrl = await failure(loadSettings({ asset_httpAddress: 'not a url' }, await dirWith({})))
    expect(notUrl.message).toContain('asset_httpAddress="not a url": expected an http(s) URL')
  })

  it('names the setting of a peer address whose peer id does not decode', async () => {
    const address = '/ip4/127.0.0.1/tcp/1/p2p/12D3KooWxxxxxxx'
    const error = await failure(loadSettings({ p2p_bootstrapAddresses: address }, await dirWith({})))
    expect(error.message).toContain(
      `p2p_bootstrapAddresses="${address}": ${address}: 12D3KooWxxxxxxx is not a peer id`,
    )
    const noId = await failure(loadSettings({ p2p_static_peers: '/ip4/10.0.0.1/tcp/1' }, await dirWith({})))
    expect(noId.message).toContain('p2p_static_peers="/ip4/10.0.0.1/tcp/1": ')
    expect(noId.message).toContain('needs its /p2p/<peer id>')
  })

  it('refuses ports out of range, an HTTP port that is the p2p port, and lists of separators only', async () => {
    const error = await failure(
      loadSettings(
        {
          p2p_httpListenAddress: 'host:99999',
          blockchain_grpcAddress: 'host:99999',
          p2p_ws_allowed_origins: '|||',
        },
        await dirWith({}),
      ),
    )
    expect(error.message).toContain('p2p_httpListenAddress="host:99999": the port must be from 0 to 65535')
    expect(error.message).toContain('blockchain_grpcAddress="host:99999": the port must be from 0 to 65535')
    expect(error.message).toContain('p2p_ws_allowed_origins="|||": has separators but no entries')
    const clash = await failure(
      loadSettings({ p2p_port: '19905', p2p_httpListenAddress: '127.0.0.1:19905' }, await dirWith({})),
    )
    expect(clash.message).toContain(
      'p2p_httpListenAddress="127.0.0.1:19905": uses port 19905, which p2p_port listens on too',
    )
    const sockets = await failure(
      loadSettings({ p2p_port: '19905', p2p_websocket_port: '19905' }, await dirWith({})),
    )
    expect(sockets.message).toContain('p2p_websocket_port="19905": is the same port as p2p_port')
    // Different interfaces do not contend for the port.
    await loadSettings(
      { p2p_ip: '10.0.0.1', p2p_port: '19905', p2p_httpListenAddress: '127.0.0.1:19905' },
      await dirWith({}),
    )
  })

  it('lists every setting with its default in --help', () => {
    const help = settingsHelp()
    for (const definition of SETTING_DEFINITIONS) expect(help).toContain(definition.key)
    expect(help).toContain('(default: 9905)')
  })
})
