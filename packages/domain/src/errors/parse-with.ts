import type { z } from 'zod'
import type { ErrorCode } from './error-codes.js'
import { P2PError } from './p2p-error.js'
import { err, ok, type Result } from './result.js'

/**
 * Runs a zod schema and turns its first issue into a coded error naming the field, the one way
 * every boundary reports a value that does not fit.
 */
export function parseWith<T>(
  schema: z.ZodType<T, unknown>,
  input: unknown,
  label: string,
  code: ErrorCode = 'invalid_field',
): Result<T> {
  const parsed = schema.safeParse(input)
  if (parsed.success) return ok(parsed.data)
  const issue = parsed.error.issues[0]
  const path = issue?.path.length ? `.${issue.path.map(String).join('.')}` : ''
  return err(
    new P2PError(code, `${label}${path}: ${issue?.message ?? 'invalid'}`, {
      context: { field: `${label}${path}` },
    }),
  )
}
