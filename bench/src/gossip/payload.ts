import { MESSAGE_BYTES } from './constants.js'

export interface PayloadHeader {
  readonly sentAtMs: number
  readonly seq: number
  readonly run: number
}

/** A bare-library message: send time (wall ms, float64), sequence number and run id, then filler. */
export function makePayload(header: PayloadHeader): Uint8Array {
  const bytes = new Uint8Array(MESSAGE_BYTES)
  const view = new DataView(bytes.buffer)
  view.setFloat64(0, header.sentAtMs)
  view.setUint32(8, header.seq)
  view.setUint32(12, header.run)
  bytes.fill(0x61, 16)
  return bytes
}

export function readPayload(bytes: Uint8Array): PayloadHeader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return { sentAtMs: view.getFloat64(0), seq: view.getUint32(8), run: view.getUint32(12) }
}
