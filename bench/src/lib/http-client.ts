import { Agent, request } from 'node:http'

/** A keep-alive HTTP client for one 127.0.0.1 port: control endpoints, /status, /metrics. */
export class LocalHttp {
  private readonly agent: Agent

  constructor(
    readonly port: number,
    sockets = 16,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: sockets })
  }

  text(method: 'GET' | 'POST', path: string, timeoutMs = 10_000): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: this.port, method, path, agent: this.agent, timeout: timeoutMs },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (chunk: Buffer) => chunks.push(chunk))
          res.on('end', () => {
            const body = Buffer.concat(chunks).toString('utf8')
            if ((res.statusCode ?? 0) >= 400)
              reject(new Error(`${method} ${path}: ${res.statusCode} ${body}`))
            else resolve(body)
          })
          res.on('error', reject)
        },
      )
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer in ${timeoutMs} ms`)))
      req.on('error', reject)
      req.end()
    })
  }

  async json<T>(method: 'GET' | 'POST', path: string, timeoutMs?: number): Promise<T> {
    return JSON.parse(await this.text(method, path, timeoutMs)) as T
  }

  close(): void {
    this.agent.destroy()
  }
}

/** Sums the samples of one Prometheus metric whose labels include all of `labels`. */
export function metricValue(exposition: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0
  for (const line of exposition.split('\n')) {
    if (!line.startsWith(name)) continue
    const match = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line)
    if (match === null || match[1] !== name) continue
    const text = match[2] ?? ''
    if (Object.entries(labels).every(([k, v]) => text.includes(`${k}="${v}"`))) sum += Number(match[3])
  }
  return sum
}
