import { createSocket, type Socket } from 'node:dgram'

const TYPE_TXT = 16
const RCODE_NXDOMAIN = 3

/** TXT values by name (case-insensitive); `silent` names get no answer at all, so clients time out. */
export type TxtTable = Readonly<Record<string, readonly string[] | 'silent'>>

/**
 * Just enough of a DNS server on 127.0.0.1 over UDP for TXT lookups: one question per query,
 * answered from a table, NXDOMAIN for names it does not hold, no answer for other types.
 */
export class TxtDnsServer {
  /** Names asked for, as they came. */
  readonly asked: string[] = []

  private constructor(
    private readonly socket: Socket,
    private readonly table: TxtTable,
  ) {
    socket.on('message', (query, from) => {
      const reply = this.answer(query)
      if (reply !== undefined) socket.send(reply, from.port, from.address)
    })
  }

  static async start(table: TxtTable): Promise<TxtDnsServer> {
    const socket = createSocket('udp4')
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve))
    return new TxtDnsServer(socket, table)
  }

  /** `127.0.0.1:<port>`, for `Resolver.setServers`. */
  get server(): string {
    return `127.0.0.1:${this.socket.address().port}`
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()))
  }

  private answer(query: Buffer): Buffer | undefined {
    const labels: string[] = []
    let at = 12
    // A question name is length-prefixed labels ending in a zero byte (no compression).
    while (at < query.length && query[at] !== 0) {
      const length = query[at] as number
      labels.push(query.toString('latin1', at + 1, at + 1 + length))
      at += 1 + length
    }
    if (query.length < at + 5) return undefined
    const name = labels.join('.')
    const type = query.readUInt16BE(at + 1)
    const question = query.subarray(12, at + 5)
    this.asked.push(name)
    const values = Object.entries(this.table).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1]
    if (values === 'silent') return undefined
    const records = values === undefined || type !== TYPE_TXT ? [] : values.map(txtRecord)
    const header = Buffer.alloc(12)
    header.writeUInt16BE(query.readUInt16BE(0), 0)
    // QR, AA and RA set; the opcode and RD bits copied from the query.
    const flags = 0x8000 | (query.readUInt16BE(2) & 0x7900) | 0x0400 | 0x0080
    header.writeUInt16BE(flags | (values === undefined ? RCODE_NXDOMAIN : 0), 2)
    header.writeUInt16BE(1, 4)
    header.writeUInt16BE(records.length, 6)
    return Buffer.concat([header, question, ...records])
  }
}

/** One TXT answer for the question's name (a pointer to offset 12), the value in 255-byte strings. */
function txtRecord(value: string): Buffer {
  const bytes = Buffer.from(value, 'utf8')
  const strings: Buffer[] = []
  for (let at = 0; at < bytes.length || strings.length === 0; at += 255) {
    const chunk = bytes.subarray(at, at + 255)
    strings.push(Buffer.concat([Buffer.from([chunk.length]), chunk]))
  }
  const data = Buffer.concat(strings)
  const fixed = Buffer.alloc(12)
  fixed.writeUInt16BE(0xc00c, 0)
  fixed.writeUInt16BE(TYPE_TXT, 2)
  fixed.writeUInt16BE(1, 4)
  fixed.writeUInt32BE(60, 6)
  fixed.writeUInt16BE(data.length, 10)
  return Buffer.concat([fixed, data])
}
