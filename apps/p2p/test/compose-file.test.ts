import { readFileSync } from 'node:fs'
import { privateKeyFromRaw } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { SETTING_KEYS } from '../src/settings/setting-definitions.js'

// There is no Docker engine here: the compose file and the Dockerfile are checked as documents.
const root = new URL('../../../', import.meta.url)
const compose = parse(readFileSync(new URL('docker-compose.yml', root), 'utf8'), { merge: true }) as {
  services: Record<
    string,
    {
      build: { context: string; target: string }
      depends_on?: string[]
      ports?: string[]
      volumes?: string[]
      environment: Record<string, string>
      networks: string[]
    }
  >
  volumes: Record<string, unknown>
}
const dockerfile = readFileSync(new URL('Dockerfile', root), 'utf8')
const PEERS = ['peer1', 'peer2', 'peer3'] as const
const teranodeOverride = parse(readFileSync(new URL('docker-compose.teranode.yml', root), 'utf8'), {
  merge: true,
}) as { services: Record<string, { environment: Record<string, string> }> }

/** A peer's environment as compose gives it with the override file: the base's, key by key overridden. */
const teranodeEnvironment = (name: string) => ({
  ...compose.services[name]?.environment,
  ...teranodeOverride.services[name]?.environment,
})

describe('docker-compose.yml', () => {
  it('has three peers, each beside its own dev node services, on one network', () => {
    expect(Object.keys(compose.services).sort()).toEqual([
      'peer1',
      'peer2',
      'peer3',
      'services1',
      'services2',
      'services3',
    ])
    for (const [i, name] of PEERS.entries()) {
      const peer = compose.services[name]
      const services = `services${i + 1}`
      expect(peer?.build).toEqual({ context: '.', target: 'p2p' })
      expect(compose.services[services]?.build).toEqual({ context: '.', target: 'dev-services' })
      expect(peer?.depends_on).toContain(services)
      expect(peer?.networks).toEqual(['p2p'])
      expect(peer?.environment).toMatchObject({
        blockchain_grpcAddress: `${services}:8087`,
        blockvalidation_grpcAddress: `${services}:8088`,
        validator_grpcAddress: `${services}:8081`,
        asset_httpAddress: `http://${name}:8090/api/v1`,
        p2p_peer_cache_dir: '/data',
      })
      expect(compose.services[services]?.environment.SIM_BASE_URL).toBe(`http://${name}:8090/api/v1`)
      expect(peer?.volumes).toEqual([`${name}-data:/data`])
      expect(compose.volumes).toHaveProperty(`${name}-data`)
    }
  })

  it('puts every peer in the same private network, with a well-formed shared key', () => {
    const keys = PEERS.map((name) => compose.services[name]?.environment.p2p_shared_key)
    expect(new Set(keys).size).toBe(1)
    // The file carries `${P2P_SHARED_KEY:-<default>}`: the default must be a valid key.
    expect(keys[0]).toMatch(/^\$\{P2P_SHARED_KEY:-[0-9a-f]{64}\}$/)
    for (const name of PEERS) expect(compose.services[name]?.environment.p2p_dht_use_private).toBe('true')
  })

  it('has peers 2 and 3 bootstrap from peer 1 by the peer id of its fixed key', async () => {
    const raw = compose.services.peer1?.environment.p2p_private_key ?? ''
    const peer1Id = peerIdFromPrivateKey(privateKeyFromRaw(Buffer.from(raw, 'hex'))).toString()
    for (const name of ['peer2', 'peer3'] as const) {
      expect(compose.services[name]?.environment.p2p_bootstrapAddresses).toBe(
        `/dns4/peer1/tcp/9905/p2p/${peer1Id}`,
      )
      expect(compose.services[name]?.depends_on).toContain('peer1')
    }
    expect(compose.services.peer1?.environment.p2p_bootstrapAddresses).toBeUndefined()
  })

  it('publishes the three dashboards on distinct host ports', () => {
    const ports = PEERS.map((name) => compose.services[name]?.ports ?? [])
    expect(ports).toEqual([['19906:9906'], ['29906:9906'], ['39906:9906']])
  })

  it('uses only settings the service knows', () => {
    for (const name of PEERS) {
      for (const key of Object.keys(compose.services[name]?.environment ?? {}))
        expect(SETTING_KEYS).toContain(key)
    }
  })
})

describe('docker-compose.teranode.yml', () => {
  it('overrides only the peers, and puts all three on the teranode profile of one network', () => {
    expect(Object.keys(teranodeOverride.services).sort()).toEqual([...PEERS])
    for (const name of PEERS) {
      expect(teranodeEnvironment(name)).toMatchObject({
        p2p_wire_profile: 'teranode',
        p2p_network: 'regtest',
        p2p_share_private_addresses: 'true',
        p2p_allow_private_ips: 'true',
        clientName: name,
      })
    }
  })

  it('switches the PSK off rather than leaving a key the profile would not read', () => {
    for (const name of PEERS) {
      const environment = teranodeEnvironment(name)
      expect(environment.p2p_dht_use_private).toBe('false')
      // Empty is unset to the settings loader.
      expect(environment.p2p_shared_key).toBe('')
    }
  })

  it('keeps the bootstrap of peers 2 and 3 from peer 1, and uses only settings the service knows', () => {
    for (const name of ['peer2', 'peer3'] as const)
      expect(teranodeEnvironment(name).p2p_bootstrapAddresses).toBe(
        compose.services[name]?.environment.p2p_bootstrapAddresses,
      )
    for (const name of PEERS) {
      for (const key of Object.keys(teranodeOverride.services[name]?.environment ?? {}))
        expect(SETTING_KEYS).toContain(key)
    }
  })
})

describe('Dockerfile', () => {
  it('builds on a current LTS Node image in stages, and runs as a non-root user with a health check', () => {
    expect(dockerfile).toMatch(/^FROM node:(22|24)-\S+ AS build$/m)
    expect(dockerfile).toMatch(/^FROM node:(22|24)-\S+ AS p2p$/m)
    expect(dockerfile).toMatch(/^FROM node:(22|24)-\S+ AS dev-services$/m)
    const p2pStage = dockerfile.slice(dockerfile.indexOf('AS p2p'))
    expect(p2pStage).toMatch(/^USER node$/m)
    expect(p2pStage).toMatch(/^VOLUME \["\/data"\]$/m)
    expect(p2pStage).toContain('HEALTHCHECK')
    expect(p2pStage).toContain('/health')
    expect(p2pStage).toContain('p2p_peer_cache_dir=/data')
    expect(dockerfile).toContain('pnpm install --frozen-lockfile')
  })

  it('copies every workspace package into the build stage, so the frozen install and tsc -b find them', () => {
    const workspace = parse(readFileSync(new URL('pnpm-workspace.yaml', root), 'utf8')) as {
      packages: string[]
    }
    const tops = new Set(workspace.packages.map((glob) => glob.split('/')[0] as string))
    const buildStage = dockerfile.slice(0, dockerfile.indexOf('AS dev-services'))
    for (const top of tops) expect(buildStage).toMatch(new RegExp(`^COPY ${top} ${top}$`, 'm'))
    // The Go programs and their module cache are built by the tests, never shipped.
    expect(readFileSync(new URL('.dockerignore', root), 'utf8')).toMatch(/^interop\/\.cache$/m)
  })
})
