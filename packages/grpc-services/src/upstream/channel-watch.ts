import { type Client, connectivityState } from '@grpc/grpc-js'

/** The channel interface a client returns (grpc-js exports only its implementation class by name). */
export type Channel = ReturnType<Client['getChannel']>

export interface ReadyWatch {
  /** Stops watching; nothing is called back afterwards. */
  cancel(): void
}

export interface ReadyWatchEvents {
  /** The channel is READY: a call started on it now runs on an open HTTP/2 connection. */
  ready(): void
  /** A connection attempt failed (TRANSIENT_FAILURE); the channel keeps retrying with its backoff. */
  failing(): void
}

/** True when the channel has a connection up; never asks it to connect. */
export function isReady(channel: Channel): boolean {
  try {
    return channel.getConnectivityState(false) === connectivityState.READY
  } catch {
    return false // closed
  }
}

/**
 * Follows a grpc-js channel's connectivity until it is READY, asking it to connect when it is
 * IDLE. Watches have no deadline, so grpc-js holds no timer for them: a watch is dropped by the
 * next state change (closing the channel is one), and one cancelled before that just returns.
 */
export function watchUntilReady(channel: Channel, events: ReadyWatchEvents): ReadyWatch {
  let active = true
  const check = (): void => {
    if (!active) return
    let state: connectivityState
    try {
      state = channel.getConnectivityState(true)
    } catch {
      active = false // closed: whoever closed it is stopping us too
      return
    }
    if (state === connectivityState.READY) {
      active = false
      events.ready()
      return
    }
    if (state === connectivityState.SHUTDOWN) {
      active = false
      return
    }
    if (state === connectivityState.TRANSIENT_FAILURE) events.failing()
    try {
      channel.watchConnectivityState(state, Number.POSITIVE_INFINITY, check)
    } catch {
      active = false
    }
  }
  check()
  return {
    cancel: () => {
      active = false
    },
  }
}
