const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const digit = (n: number): string => ALPHABET.charAt(n & 63)
const VALUE = new Int8Array(128).fill(-1)
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i

/** Standard base64 with padding, as encoding/json writes a []byte. */
export function encodeBase64(bytes: Uint8Array): string {
  let out = ''
  let i = 0
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number)
    out += digit(n >>> 18) + digit(n >>> 12) + digit(n >>> 6) + digit(n)
  }
  const rest = bytes.length - i
  if (rest === 1) {
    const n = (bytes[i] as number) << 16
    out += `${digit(n >>> 18)}${digit(n >>> 12)}==`
  } else if (rest === 2) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8)
    out += `${digit(n >>> 18)}${digit(n >>> 12)}${digit(n >>> 6)}=`
  }
  return out
}

/**
 * A JSON string read into a Go []byte: base64.StdEncoding, so the standard alphabet with its
 * padding required, carriage returns and line feeds skipped, and unused low bits of the last
 * character ignored (the encoding is not Strict). `undefined` wherever Go reports an error;
 * Node's own base64 reader would accept URL-safe or unpadded text that Go refuses.
 */
export function decodeGoBase64(text: string): Uint8Array | undefined {
  const clean = /[\r\n]/.test(text) ? text.replace(/[\r\n]/g, '') : text
  if (clean.length % 4 !== 0) return undefined
  const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0
  const out = new Uint8Array((clean.length / 4) * 3 - padding)
  const body = clean.length - padding
  let o = 0
  for (let i = 0; i < clean.length; i += 4) {
    let n = 0
    for (let j = 0; j < 4; j++) {
      const at = i + j
      const code = clean.charCodeAt(at)
      const v = at >= body ? 0 : code < 128 ? (VALUE[code] as number) : -1
      if (v < 0) return undefined
      n = (n << 6) | v
    }
    if (o < out.length) out[o++] = n >>> 16
    if (o < out.length) out[o++] = (n >>> 8) & 255
    if (o < out.length) out[o++] = n & 255
  }
  return out
}
