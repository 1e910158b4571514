/** What the shims touch: `globalThis` in production, a plain object in tests. */
export interface ShimTarget {
  Promise: PromiseConstructor
  WebSocket?: unknown
}

export interface InstalledShims {
  readonly withResolvers: boolean
  readonly webSocket: boolean
}

interface ResolversOf<T> {
  promise: Promise<T>
  resolve: (value: T | PromiseLike<T>) => void
  reject: (reason?: unknown) => void
}

/**
 * Adds `Promise.withResolvers`, which libp2p 3 uses everywhere, to Node 20; leaves a present one
 * alone. Synchronous and dependency-free, so it can run before any libp2p module is evaluated.
 * Returns whether it installed it.
 */
export function installPromiseWithResolvers(target: ShimTarget = globalThis): boolean {
  if (typeof (target.Promise as { withResolvers?: unknown }).withResolvers === 'function') return false
  define(target.Promise, 'withResolvers', promiseWithResolvers)
  return true
}

/**
 * Gives Node 20 the global `WebSocket` that the libp2p websockets transport dials with, leaving a
 * present one alone. It is undici's WHATWG one: `ws` as the global delivers the first message
 * before the listener is attached when the PSK protector is in use, and dials hang. undici is
 * loaded only here, because it is a large module (about 4 MB of heap) that a node without the
 * websockets transport never needs. Returns whether it installed it.
 */
export async function installWebSocket(target: ShimTarget = globalThis): Promise<boolean> {
  if (typeof target.WebSocket === 'function') return false
  const { WebSocket } = await import('undici')
  // Checked again: another caller may have installed one while undici was loading.
  if (typeof target.WebSocket === 'function') return false
  define(target, 'WebSocket', WebSocket)
  return true
}

/** Both shims: what libp2p 3 with the websockets transport expects from Node 22. */
export async function installNode20Shims(target: ShimTarget = globalThis): Promise<InstalledShims> {
  const withResolvers = installPromiseWithResolvers(target)
  const webSocket = await installWebSocket(target)
  return { withResolvers, webSocket }
}

// A method, not an arrow: as in the spec, `this` is the constructor, so subclasses get their own kind.
function promiseWithResolvers<T>(this: PromiseConstructor): ResolversOf<T> {
  let resolve: ResolversOf<T>['resolve'] | undefined
  let reject: ResolversOf<T>['reject'] | undefined
  const promise = new this<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  if (resolve === undefined || reject === undefined) {
    throw new TypeError('Promise.withResolvers: the constructor did not call its executor')
  }
  return { promise, resolve, reject }
}

// Non-enumerable like the built-ins, so the shim is indistinguishable from the native property.
function define(object: object, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, writable: true, configurable: true, enumerable: false })
}
