import { StompProtocolError } from './errors.js'
import type { BrokerMessage } from './message.js'
import type { BrokerLimits } from './options.js'
import { MessageQueue } from './queue.js'
import type { Delivery, Subscription } from './subscription.js'

/**
 * Routes messages to subscriptions: `/topic/…` to every matching subscription, `/queue/…` to one
 * consumer in turn (kept while nobody can take it), and settles ACK/NACK.
 */
export class Router {
  private readonly exact = new Map<string, Set<Subscription>>()
  private readonly wildcards = new Set<Subscription>()
  private readonly queues = new Map<string, MessageQueue>()

  constructor(private readonly limits: BrokerLimits) {}

  add(sub: Subscription): void {
    if (sub.kind === 'queue') {
      const queue = this.queue(sub.destination)
      queue.consumers.push(sub)
      this.dispatch(queue)
    } else if (sub.matches) {
      this.wildcards.add(sub)
    } else {
      const set = this.exact.get(sub.destination) ?? new Set<Subscription>()
      this.exact.set(sub.destination, set)
      set.add(sub)
    }
  }

  /** Removes a subscription; its unacked queue messages go back to the queue as redelivered. */
  remove(sub: Subscription): void {
    const deliveries = [...sub.unacked.values()]
    sub.unacked.clear()
    if (sub.kind === 'queue') {
      const queue = this.queues.get(sub.destination)
      if (!queue) return
      queue.removeConsumer(sub)
      this.requeue(deliveries)
      this.dispatch(queue)
      this.forgetIfIdle(queue)
    } else if (sub.matches) {
      this.wildcards.delete(sub)
    } else {
      const set = this.exact.get(sub.destination)
      set?.delete(sub)
      if (set?.size === 0) this.exact.delete(sub.destination)
    }
  }

  /** Delivers a message; returns how many subscriptions got it (0 for a queued one). */
  route(message: BrokerMessage): number {
    if (message.destination.startsWith('/queue/')) return this.enqueue(message)
    let count = 0
    const exact = this.exact.get(message.destination)
    if (exact) {
      for (const sub of exact) {
        this.deliver(sub, message, undefined)
        count++
      }
    }
    for (const sub of this.wildcards) {
      if (sub.matches?.(message.destination)) {
        this.deliver(sub, message, undefined)
        count++
      }
    }
    return count
  }

  /**
   * ACK or NACK `ackId` on `sub`: in `client` mode it covers every earlier unacked message too
   * (cumulative, STOMP 1.2 §ACK); in `client-individual` mode only that one. A NACKed queue message
   * is put back (redelivered) unless `requeue` is false, as RabbitMQ does. Unknown ids are ignored
   * here: the connection has already checked them, and a transaction may settle late.
   */
  settle(sub: Subscription, ackId: string, outcome: 'ack' | 'nack', requeue: boolean): void {
    if (!sub.unacked.has(ackId)) return
    const settled: Delivery[] = []
    if (sub.ack === 'client') {
      for (const [id, delivery] of sub.unacked) {
        settled.push(delivery)
        sub.unacked.delete(id)
        if (id === ackId) break
      }
    } else {
      settled.push(sub.unacked.get(ackId) as Delivery)
      sub.unacked.delete(ackId)
    }
    if (outcome === 'nack' && requeue) this.requeue(settled)
    // A settled message makes room under prefetch-count; a requeued one needs a consumer.
    if (sub.kind === 'queue') {
      const queue = this.queues.get(sub.destination)
      if (queue) this.dispatch(queue)
    }
  }

  queueSize(destination: string): number {
    return this.queues.get(destination)?.size ?? 0
  }

  private enqueue(message: BrokerMessage): number {
    const queue = this.queue(message.destination)
    if (queue.size === 0) {
      const consumer = queue.nextConsumer()
      if (consumer) {
        this.deliver(consumer, message, queue)
        return 1
      }
    }
    if (queue.size >= this.limits.maxQueuedMessages) {
      throw new StompProtocolError(
        'Queue full',
        `${message.destination} already holds ${this.limits.maxQueuedMessages} messages nobody has taken (maxQueuedMessages). Consume them, or raise maxQueuedMessages.`,
      )
    }
    queue.push(message)
    this.dispatch(queue)
    return 0
  }

  private requeue(deliveries: readonly Delivery[]): void {
    const byQueue = new Map<MessageQueue, BrokerMessage[]>()
    for (const d of deliveries) {
      if (!d.queue) continue // topic messages have nowhere to go back to
      const list = byQueue.get(d.queue) ?? []
      byQueue.set(d.queue, list)
      list.push({ ...d.message, redelivered: true })
    }
    for (const [queue, messages] of byQueue) {
      queue.unshift(messages)
      this.dispatch(queue)
    }
  }

  private dispatch(queue: MessageQueue): void {
    while (queue.size > 0) {
      const consumer = queue.nextConsumer()
      if (!consumer) return
      this.deliver(consumer, queue.shift() as BrokerMessage, queue)
    }
  }

  private deliver(
    sub: Subscription,
    message: BrokerMessage,
    queue: MessageQueue | undefined,
  ): void {
    const ackId = sub.owner.deliver(sub, message)
    if (sub.ack !== 'auto') sub.unacked.set(ackId, { ackId, message, subscription: sub, queue })
  }

  private queue(name: string): MessageQueue {
    const queue = this.queues.get(name) ?? new MessageQueue(name)
    this.queues.set(name, queue)
    return queue
  }

  // Only an empty queue without consumers is forgotten, and deliveries point at a queue only while
  // their subscription consumes from it, so a requeue never meets a forgotten queue.
  private forgetIfIdle(queue: MessageQueue): void {
    if (queue.size === 0 && queue.consumers.length === 0) this.queues.delete(queue.name)
  }
}
