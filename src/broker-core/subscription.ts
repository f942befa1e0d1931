import type { StompHeader } from '../protocol/index.js'
import type { DestinationKind } from './destinations.js'
import type { BrokerMessage } from './message.js'
import type { MessageQueue } from './queue.js'

export type AckMode = 'auto' | 'client' | 'client-individual'

/** A MESSAGE waiting for ACK or NACK. */
export interface Delivery {
  readonly ackId: string
  readonly message: BrokerMessage
  readonly subscription: Subscription
  /** The queue it came from; unacked queue messages go back there when their consumer leaves. */
  readonly queue: MessageQueue | undefined
}

/** What a subscription needs from its connection. */
export interface Subscriber {
  readonly id: string
  /** Sends one MESSAGE; returns its message-id (also the ack id). */
  deliver(subscription: Subscription, message: BrokerMessage): string
}

export class Subscription {
  /** Unacked deliveries in delivery order (client ack is cumulative over this order). */
  readonly unacked = new Map<string, Delivery>()

  constructor(
    readonly owner: Subscriber,
    readonly id: string,
    readonly destination: string,
    readonly kind: DestinationKind,
    readonly ack: AckMode,
    readonly headers: readonly StompHeader[],
    /** RabbitMQ's `prefetch-count`: most unacked messages at once; 0 = no limit. */
    readonly prefetch: number,
    readonly matches: ((destination: string) => boolean) | undefined,
  ) {}

  hasRoom(): boolean {
    return this.ack === 'auto' || this.prefetch === 0 || this.unacked.size < this.prefetch
  }
}
