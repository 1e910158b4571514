import type { Node } from './compose/build-node.js'

/** What the banner reads of a built node. */
export type BannerNode = {
  readonly network: Pick<Node['network'], 'peerId' | 'addresses' | 'listenAddresses'>
  readonly httpPort: Node['httpPort']
  readonly services: { readonly choice: Node['services']['choice'] }
}

/**
 * What an operator needs on start: who we are, where we listen and what we tell peers (two
 * different lists when private addresses are not shared), where the dashboard is.
 */
export function banner(node: BannerNode, version: string, httpScheme: 'http' | 'https'): string {
  const dashboard = `${httpScheme}://localhost:${node.httpPort ?? '?'}/`
  const list = (label: string, addresses: readonly string[]) =>
    addresses.map((address, i) => `  ${(i === 0 ? label : '').padEnd(12)}${address}`)
  const announced = node.network.addresses()
  const lines = [
    `Teranode P2P service ${version}`,
    `  peer id     ${node.network.peerId}`,
    ...list('listening', node.network.listenAddresses()),
    ...(announced.length > 0
      ? list('announced', announced)
      : ['  announced   none: every address is private and p2p_share_private_addresses is false']),
    `  dashboard   ${dashboard}`,
    `  health      ${dashboard}health   metrics ${dashboard}metrics   websocket ${dashboard.replace(/^http/, 'ws')}ws`,
    `  chain       ${node.services.choice.chain}`,
    `  validation  ${node.services.choice.validator}`,
    `  rejections  ${node.services.choice.rejectedTxs}`,
  ]
  return `${lines.join('\n')}\n`
}
