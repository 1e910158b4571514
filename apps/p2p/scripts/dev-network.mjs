#!/usr/bin/env node
// `pnpm dev:network [--profile spec2024|teranode]`: three P2P peers, each beside its own dev node
// services, on this machine; peers 2 and 3 bootstrap from peer 1 (the docker-compose topology).
// spec2024 (the default) is one PSK private network; teranode is today's networks' dialect on
// regtest, on loopback, so private addresses are allowed and shared.
// Ctrl-C stops them all. Data (identities) stays in ./data/dev-network/<profile>/peerN between runs.
import { spawn } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const { values: args } = parseArgs({
  options: { profile: { type: 'string', default: 'spec2024' }, help: { type: 'boolean', short: 'h' } },
})
if (args.help) {
  console.log('usage: pnpm dev:network [--profile spec2024|teranode]')
  process.exit(0)
}
if (args.profile !== 'spec2024' && args.profile !== 'teranode') {
  console.error(`--profile must be spec2024 or teranode, not ${JSON.stringify(args.profile)}`)
  process.exit(2)
}
const teranode = args.profile === 'teranode'

const P2P = fileURLToPath(new URL('../dist/main.js', import.meta.url))
const SERVICES = fileURLToPath(new URL('../../dev-services/dist/main.js', import.meta.url))
const SHARED_KEY = '8bf7d552d377507c22b86f05740de4f79297b6c358bbb090bc7a74127b3cfb03'
const children = []

function start(name, main, env) {
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  const lines = []
  const onData = (chunk) => {
    for (const line of chunk.toString().split('\n')) {
      if (line === '') continue
      lines.push(line)
      if (/"level":"(warn|error)"/.test(line)) console.error(`[${name}] ${line}`)
    }
  }
  child.stdout.on('data', onData)
  child.stderr.on('data', onData)
  child.on('exit', (code) => console.error(`[${name}] exited with ${code}`))
  const waitFor = (msg) =>
    new Promise((resolve, reject) => {
      const timer = setInterval(() => {
        const found = lines.map((l) => (l.startsWith('{') ? JSON.parse(l) : {})).find((r) => r.msg === msg)
        if (found) {
          clearInterval(timer)
          resolve(found)
        } else if (child.exitCode !== null) {
          clearInterval(timer)
          reject(new Error(`${name} exited before "${msg}":\n${lines.join('\n')}`))
        }
      }, 50)
    })
  return { waitFor }
}

const urls = []
let bootstrap = ''
for (const n of [1, 2, 3]) {
  const base = n * 10_000
  start(`services${n}`, SERVICES, {
    DEV_BLOCKCHAIN_GRPC_LISTEN: `127.0.0.1:${base + 8087}`,
    DEV_BLOCKVALIDATION_GRPC_LISTEN: `127.0.0.1:${base + 8088}`,
    DEV_VALIDATOR_GRPC_LISTEN: `127.0.0.1:${base + 8081}`,
    DEV_HTTP_LISTEN: `127.0.0.1:${base + 8099}`,
    SIM_BASE_URL: `http://127.0.0.1:${base + 8090}/api/v1`,
  })
  const dataDir = `data/dev-network/${args.profile}/peer${n}`
  mkdirSync(dataDir, { recursive: true })
  const profileSettings = teranode
    ? {
        p2p_wire_profile: 'teranode',
        p2p_network: 'regtest',
        // Every address of this network is a loopback one: announce them, or nobody finds peer 3.
        p2p_share_private_addresses: 'true',
        p2p_bootstrap_peers: bootstrap,
      }
    : { p2p_dht_use_private: 'true', p2p_shared_key: SHARED_KEY, p2p_bootstrapAddresses: bootstrap }
  const peer = start(`peer${n}`, P2P, {
    p2p_ip: '127.0.0.1',
    p2p_port: String(base + 9905),
    p2p_httpListenAddress: `127.0.0.1:${base + 9906}`,
    ...profileSettings,
    clientName: `dev-peer${n}`,
    p2p_peer_cache_dir: dataDir,
    // The data hub URLs of this local network are on 127.0.0.1 (and, on the teranode wire, its
    // peers too).
    p2p_allow_private_ips: 'true',
    asset_httpAddress: `http://127.0.0.1:${base + 8090}/api/v1`,
    blockchain_grpcAddress: `127.0.0.1:${base + 8087}`,
    blockvalidation_grpcAddress: `127.0.0.1:${base + 8088}`,
    validator_grpcAddress: `127.0.0.1:${base + 8081}`,
  })
  const started = await peer.waitFor('p2p service started')
  if (n === 1)
    bootstrap = started.addresses.find((a) => a.startsWith('/ip4/127.0.0.1/')) ?? started.addresses[0]
  urls.push(
    `peer${n}  ${started.peerId}  dashboard http://127.0.0.1:${base + 9906}/  websocket ws://127.0.0.1:${base + 9906}${teranode ? '/p2p-ws' : '/ws'}  control http://127.0.0.1:${base + 8099}/`,
  )
}
console.log(`three ${args.profile} peers running (Ctrl-C stops them):\n  ${urls.join('\n  ')}`)

const stopAll = () => {
  for (const child of children) child.kill('SIGTERM')
}
process.on('SIGINT', stopAll)
process.on('SIGTERM', stopAll)
