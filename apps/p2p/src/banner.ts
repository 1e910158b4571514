import type { Node } from './compose/build-node.js'

/** What an operator needs on start: who we are, where we listen, where the dashboard is. */
export function banner(node: Node, version: string, httpScheme: 'http' | 'https'): string {
  const dashboard = `${httpScheme}://localhost:${node.httpPort ?? '?'}/`
  const lines = [
    `Teranode P2P service ${version}`,
    `  peer id     ${node.network.peerId}`,
    ...node.network.addresses().map((address, i) => `  ${i === 0 ? 'listening' : '         '}   ${address}`),
    `  dashboard   ${dashboard}`,
    `  health      ${dashboard}health   metrics ${dashboard}metrics   websocket ${dashboard.replace(/^http/, 'ws')}ws`,
    `  chain       ${node.services.choice.chain}`,
    `  validation  ${node.services.choice.validator}`,
    `  rejections  ${node.services.choice.rejectedTxs}`,
  ]
  return `${lines.join('\n')}\n`
}
