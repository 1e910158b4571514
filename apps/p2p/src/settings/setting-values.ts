import { bootstrapAddressProblem, peerAddressProblem } from '@p2p/libp2p-network'
import { z } from 'zod'

/**
 * The kinds of value a setting can hold. Every one reads text (files and environment all give
 * text) and yields the typed value the app uses; the declarations pick one per setting.
 */
export const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `expected a whole number from ${min} to ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `expected a whole number from ${min} to ${max}`)
/** A share from 0 to 1, as a decimal. */
export const fraction = z
  .string()
  .regex(/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/, 'expected a decimal from 0 to 1')
  .transform(Number)
export const bool = z
  .string()
  .regex(/^(true|false|1|0)$/i, 'expected true or false')
  .transform((text) => /^(true|1)$/i.test(text))
const list = z.string().transform((text) =>
  text
    .split('|')
    .map((item) => item.trim())
    .filter((item) => item !== ''),
)
// Text with no entries in it (`|||`) is a mistake, not "empty": for the origins it would allow any.
export const nonBlankList = z
  .string()
  .refine((text) => text.trim() === '' || text.split('|').some((item) => item.trim() !== ''), {
    message: 'has separators but no entries; leave it empty to mean none',
  })
  .pipe(list)
export const peerList = nonBlankList.superRefine((addresses, context) => {
  for (const address of addresses) {
    const problem = peerAddressProblem(address)
    if (problem !== undefined) context.addIssue({ code: 'custom', message: `${address}: ${problem}` })
  }
})
/** Like `peerList`, and `/dnsaddr/<domain>` entries too: the node resolves them at start. */
export const bootstrapList = nonBlankList.superRefine((addresses, context) => {
  for (const address of addresses) {
    const problem = bootstrapAddressProblem(address)
    if (problem !== undefined) context.addIssue({ code: 'custom', message: `${address}: ${problem}` })
  }
})
/** Multiaddrs we announce: any multiaddr, no peer id needed (libp2p appends ours). */
export const multiaddrList = nonBlankList
export const optional = z
  .string()
  .optional()
  .transform((text) => (text === undefined || text.trim() === '' ? undefined : text.trim()))
export const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[\w.-]*):(\d{1,5})$/
const portInRange = (text: string) => Number(HOST_PORT.exec(text)?.[2] ?? -1) <= 65_535
export const hostPort = z
  .string()
  .regex(HOST_PORT, 'expected host:port')
  .refine(portInRange, 'the port must be from 0 to 65535')
export const grpcAddress = optional
  .refine(
    (text) => text === undefined || (HOST_PORT.test(text) && !text.startsWith(':')),
    'expected host:port',
  )
  .refine((text) => text === undefined || portInRange(text), 'the port must be from 0 to 65535')
/** Our data hub URL goes to every peer and into the logs: it must not carry credentials. */
export const dataHubUrl = z
  .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
  // Zod runs this even when the URL check failed; that failure is reported by the check.
  .refine((text) => !URL.canParse(text) || hasNoCredentials(text), {
    message: 'must not carry user:password@ (it is published to every peer and logged)',
  })
export const topic = z.string().min(1, 'must not be empty').max(256)

function hasNoCredentials(text: string): boolean {
  const url = new URL(text)
  return url.username === '' && url.password === ''
}

/** One of a closed set of words, as written. */
export const oneOf = <const T extends readonly [string, ...string[]]>(words: T) =>
  z.string().pipe(z.enum(words, { error: `expected one of ${words.join(', ')}` }))

/** One of a closed set of words, or unset (empty): the composition root then picks by profile. */
export const optionalOneOf = <const T extends readonly [string, ...string[]]>(words: T) =>
  optional.pipe(z.enum(words, { error: `expected one of ${words.join(', ')}` }).optional())

/** true or false, or unset (empty): the composition root then picks by profile. */
export const optionalBool = optional.pipe(bool.optional())
