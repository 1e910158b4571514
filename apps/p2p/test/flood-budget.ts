/**
 * How long the flood tests load a node. `pnpm test` runs them short enough to fit its budget
 * while still sending tens of thousands of messages; `pnpm flood` (FLOOD=full) runs the lengths
 * the heap and drop figures in docs/ were measured at.
 */
export function floodMs(full: number, quick: number): number {
  return process.env.FLOOD === 'full' ? full : quick
}
