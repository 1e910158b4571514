import { WebSocket as UndiciWebSocket } from 'undici'

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
 * Adds what libp2p 3 expects from Node 22 to Node 20, leaving anything already present alone.
 * The WebSocket is undici's WHATWG one: `ws` as the global delivers the first message before the
 * listener is attached when the PSK protector is in use, and dials hang.
 */
export function installNode20Shims(target: ShimTarget = globalThis): InstalledShims {
  const withResolvers = typeof (target.Promise as { withResolvers?: unknown }).withResolvers !== 'function'
  if (withResolvers) define(target.Promise, 'withResolvers', promiseWithResolvers)
  const webSocket = typeof target.WebSocket !== 'function'
  if (webSocket) define(target, 'WebSocket', UndiciWebSocket)
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
