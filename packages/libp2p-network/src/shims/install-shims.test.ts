import { WebSocket as UndiciWebSocket } from 'undici'
import { describe, expect, it } from 'vitest'
import {
  installNode20Shims,
  installPromiseWithResolvers,
  installWebSocket,
  type ShimTarget,
} from './install-shims.js'

type WithResolvers = <T>() => {
  promise: Promise<T>
  resolve: (value: T) => void
  reject: (reason?: unknown) => void
}

/** A Promise subclass that hides any native withResolvers, whatever Node runs the tests. */
function barePromise(): PromiseConstructor {
  class BarePromise<T> extends Promise<T> {}
  Object.defineProperty(BarePromise, 'withResolvers', {
    value: undefined,
    writable: true,
    configurable: true,
  })
  return BarePromise as unknown as PromiseConstructor
}

function withResolversOf(target: ShimTarget): WithResolvers {
  const fn = (target.Promise as { withResolvers?: unknown }).withResolvers
  if (typeof fn !== 'function') throw new Error('withResolvers is not installed')
  return fn.bind(target.Promise) as WithResolvers
}

describe('installNode20Shims', () => {
  it('installs withResolvers and an undici WebSocket on a target without them', async () => {
    const target: ShimTarget = { Promise: barePromise() }
    expect(await installNode20Shims(target)).toEqual({ withResolvers: true, webSocket: true })
    expect(typeof withResolversOf(target)).toBe('function')
    expect(target.WebSocket).toBe(UndiciWebSocket)
    // Hidden from enumeration, like the native globals.
    expect(Object.keys(target)).toEqual(['Promise'])
  })

  it('leaves existing ones alone', async () => {
    const ownWithResolvers = () => 'own'
    class OwnWebSocket {}
    const PromiseCtor = barePromise()
    Object.defineProperty(PromiseCtor, 'withResolvers', { value: ownWithResolvers })
    const target: ShimTarget = { Promise: PromiseCtor, WebSocket: OwnWebSocket }
    expect(await installNode20Shims(target)).toEqual({ withResolvers: false, webSocket: false })
    expect((target.Promise as { withResolvers?: unknown }).withResolvers).toBe(ownWithResolvers)
    expect(target.WebSocket).toBe(OwnWebSocket)
  })

  it('is idempotent', async () => {
    const target: ShimTarget = { Promise: barePromise() }
    await installNode20Shims(target)
    const installed = (target.Promise as { withResolvers?: unknown }).withResolvers
    expect(await installNode20Shims(target)).toEqual({ withResolvers: false, webSocket: false })
    expect((target.Promise as { withResolvers?: unknown }).withResolvers).toBe(installed)
  })

  it('installs each shim on its own: withResolvers synchronously, the WebSocket on request', async () => {
    const target: ShimTarget = { Promise: barePromise() }
    expect(installPromiseWithResolvers(target)).toBe(true)
    expect(target.WebSocket).toBeUndefined()
    expect(await installWebSocket(target)).toBe(true)
    expect(target.WebSocket).toBe(UndiciWebSocket)
    expect(await installWebSocket(target)).toBe(false)
  })

  it('installs the WebSocket once when asked twice at the same time', async () => {
    const target: ShimTarget = { Promise: barePromise() }
    expect((await Promise.all([installWebSocket(target), installWebSocket(target)])).sort()).toEqual([
      false,
      true,
    ])
    expect(target.WebSocket).toBe(UndiciWebSocket)
  })

  it('gives a withResolvers whose promise resolves', async () => {
    const target: ShimTarget = { Promise: barePromise() }
    installPromiseWithResolvers(target)
    const { promise, resolve, reject } = withResolversOf(target)<number>()
    expect(promise).toBeInstanceOf(target.Promise)
    resolve(42)
    reject(new Error('ignored after settling'))
    await expect(promise).resolves.toBe(42)
  })

  it('gives a withResolvers whose promise rejects', async () => {
    const target: ShimTarget = { Promise: barePromise() }
    installPromiseWithResolvers(target)
    const { promise, reject } = withResolversOf(target)<number>()
    const reason = new Error('nope')
    reject(reason)
    await expect(promise).rejects.toBe(reason)
  })

  it('throws a TypeError when called without a constructor, as the spec requires', () => {
    const target: ShimTarget = { Promise: barePromise() }
    installPromiseWithResolvers(target)
    const fn = (target.Promise as { withResolvers?: unknown }).withResolvers as (this: unknown) => unknown
    expect(() => fn.call({})).toThrow(TypeError)
  })
})

describe('node20 side-effect module', () => {
  it('leaves the real Promise with withResolvers', async () => {
    await import('./node20.js')
    expect(typeof (Promise as { withResolvers?: unknown }).withResolvers).toBe('function')
  })
})
