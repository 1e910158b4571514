import {
  type Announcement,
  blockMessageCodec,
  checkDataHubUrl,
  MAX_DIRECT_MESSAGE_BYTES,
  type PeerId,
  type Spec2024Kind,
  spec2024WireFormat,
} from '@p2p/domain'

/** What the spec says of a payload, worked out apart from the service: may anything come of it? */
export interface Expectation {
  /** It decodes, names its author or nobody, and any URL in it may be fetched from. */
  readonly valid: boolean
  /** The hand-off it may lead to (blocks and subtrees from other peers, best-block replies). */
  readonly handoff?: Announcement
  /** The hash a notification of it must carry. */
  readonly hash?: string
}

const INVALID: Expectation = { valid: false }

const fetchable = (url: string): boolean => checkDataHubUrl(url, { allowPrivate: false }).allowed

export function expectGossip(kind: Spec2024Kind, from: PeerId, data: Uint8Array, own: boolean): Expectation {
  const decoded = spec2024WireFormat.decode(kind, data)
  if (!decoded.ok) return INVALID
  const { message } = decoded.value
  if (message.peerId !== '' && message.peerId !== from) return INVALID
  if (decoded.value.kind === 'bestBlock') return { valid: true }
  if (decoded.value.kind === 'rejectedTx') return { valid: true, hash: decoded.value.message.txId }
  // The spec's dialect has no node status; a kind it does not carry never decodes.
  if (decoded.value.kind === 'nodeStatus') return INVALID
  const { hash, dataHubUrl } = decoded.value.message
  const handsOff = decoded.value.kind !== 'miningOn'
  if (handsOff && dataHubUrl === '') return INVALID
  if (!own && dataHubUrl !== '' && !fetchable(dataHubUrl)) return INVALID
  const handoff = handsOff && !own ? { hash, baseUrl: dataHubUrl, peerId: from } : undefined
  return { valid: true, hash, ...(handoff ? { handoff } : {}) }
}

export function expectDirect(from: PeerId, data: Uint8Array): Expectation {
  const decoded = blockMessageCodec.decode(data, MAX_DIRECT_MESSAGE_BYTES)
  if (!decoded.ok) return INVALID
  const { hash, dataHubUrl, peerId } = decoded.value
  if ((peerId !== '' && peerId !== from) || dataHubUrl === '' || !fetchable(dataHubUrl)) return INVALID
  return { valid: true, hash, handoff: { hash, baseUrl: dataHubUrl, peerId: from } }
}

export const announcementKey = (kind: string, a: Announcement): string =>
  `${kind}|${a.hash}|${a.peerId}|${a.baseUrl}`
