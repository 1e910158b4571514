import type { DescMessage } from '@bufbuild/protobuf'
import type { Startable, Unsubscribe, UpstreamStatus } from '@p2p/domain'
import type { SubscribedUpstream } from './subscribed-upstream.js'

/**
 * What every port fed by one subscription has in common (ChainNotifier, RejectedTxSource): its
 * listeners, its lifecycle and its status are those of the subscription. A port adds what is
 * its own (look-ups) and names the subscription's method and mapping.
 */
export abstract class SubscriptionPort<O extends DescMessage, E> implements Startable {
  protected constructor(protected readonly stream: SubscribedUpstream<O, E>) {}

  subscribe(listener: (event: E) => void): Unsubscribe {
    return this.stream.subscribe(listener)
  }

  async start(): Promise<void> {
    this.stream.start()
  }

  async stop(): Promise<void> {
    this.stream.stop()
  }

  status(): UpstreamStatus {
    return this.stream.status()
  }
}
