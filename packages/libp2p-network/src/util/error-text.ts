/** An error as one log-friendly line: its name (libp2p's errors are told apart by name) and message. */
export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}
