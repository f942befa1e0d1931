import type { Client, IMessage, StompSubscription } from '@stomp/stompjs'
import { decodeBody } from './codec.js'
import type { MessageBuffer, StompStore } from './store.js'
import { subscriptionKey } from './subscription-key.js'
import type {
  AckMode,
  Headers,
  MessageListener,
  StompMessage,
  SubscribeOptions,
  SubscriptionStatus,
} from './types.js'

export interface SubscriptionInfo {
  key: string
  destination: string
  /** The SUBSCRIBE id sent to the broker. */
  id: string
  ack: AckMode
  subscribers: number
}

interface Subscriber {
  listener: MessageListener
  limit: number
}

interface Seen {
  /** The copy that ack()/nack() act on: the latest delivery, on the live connection. */
  frame: IMessage
  settled: boolean
}

interface Entry {
  key: string
  destination: string
  headers: Headers
  ack: AckMode
  receipt: boolean
  /** Our SUBSCRIBE id: stable for the entry's life, re-used on every reconnect. */
  id: string
  subscribers: Set<Subscriber>
  limit: number
  live?: StompSubscription
  releaseTimer?: ReturnType<typeof setTimeout>
  /** Recently seen de-duplication ids, oldest first, with the latest copy's frame to ack. */
  seen: Map<string, Seen>
}

export interface RegistryDeps {
  client: Client
  store: StompStore
  buffer: MessageBuffer
  messageLimit: () => number
  onListenerError: (error: unknown) => void
  nextId: (prefix: string) => string
}

// One function for every auto-ack message: a closure per message costs a burst measurably.
const notAckable = () => {
  throw new Error(
    "message.ack()/nack() need a subscription with ack 'client' or 'client-individual'; this one uses 'auto', where the broker treats delivery as acknowledgement.",
  )
}
/** Stands for every auto-ack delivery in `seen`: there is no frame to acknowledge later. */
const AUTO: Seen = Object.freeze({ frame: undefined as unknown as IMessage, settled: true })

/**
 * Reference-counted subscriptions: every subscriber to the same key shares one broker SUBSCRIBE,
 * the last one leaving sends UNSUBSCRIBE, and all of them are sent again after each reconnect
 * (stompjs forgets subscriptions when its socket closes).
 */
export class SubscriptionRegistry {
  private readonly entries = new Map<string, Entry>()
  /** SUBSCRIBE ids released lately: MESSAGEs may still be on the wire for them. */
  private readonly released = new Set<string>()

  constructor(private readonly deps: RegistryDeps) {}

  keyOf(destination: string, options: SubscribeOptions = {}): string {
    return subscriptionKey(destination, options.headers, options.ack ?? 'auto', options.owner)
  }

  subscribe(
    destination: string,
    listener: MessageListener,
    options: SubscribeOptions = {},
  ): { key: string; unsubscribe: () => void } {
    if (!destination) {
      throw new TypeError('subscribe: destination must be a non-empty string such as /topic/chat')
    }
    const ack = options.ack ?? 'auto'
    // client / client-individual subscriptions are never shared between owners: two consumers on one
    // SUBSCRIBE would both ack every message.
    const owner = ack === 'auto' ? undefined : (options.owner ?? this.deps.nextId('owner'))
    const key = subscriptionKey(destination, options.headers, ack, owner)
    let entry = this.entries.get(key)
    if (!entry) {
      entry = {
        key,
        destination,
        headers: { ...options.headers },
        ack,
        receipt: options.receipt ?? false,
        id: this.deps.nextId('sub'),
        subscribers: new Set(),
        limit: 0,
        seen: new Map(),
      }
      this.entries.set(key, entry)
      this.setStatus(key, 'subscribing')
    }
    if (entry.releaseTimer !== undefined) {
      clearTimeout(entry.releaseTimer)
      entry.releaseTimer = undefined
    }
    const subscriber: Subscriber = { listener, limit: options.limit ?? this.deps.messageLimit() }
    entry.subscribers.add(subscriber)
    entry.limit = Math.max(entry.limit, subscriber.limit)
    if (!entry.live && this.deps.client.connected) this.send(entry)

    const current = entry
    let done = false
    return {
      key,
      unsubscribe: () => {
        if (done) return
        done = true
        current.subscribers.delete(subscriber)
        if (current.subscribers.size > 0) {
          current.limit = Math.max(...[...current.subscribers].map((s) => s.limit))
          return
        }
        // Released on the next tick, not now: React StrictMode (and a quick remount) unsubscribes and
        // subscribes again in the same task, which must not cost an UNSUBSCRIBE + SUBSCRIBE pair.
        current.releaseTimer = setTimeout(() => this.release(current), 0)
      },
    }
  }

  /** Whether a MESSAGE for an unknown subscription id is expected (it was just unsubscribed). */
  wasReleased(id: string | undefined): boolean {
    return id !== undefined && this.released.has(id)
  }

  /** Sends every SUBSCRIBE again on a fresh connection. */
  onConnected(): void {
    this.released.clear()
    for (const entry of this.entries.values()) {
      entry.live = undefined
      this.send(entry)
    }
  }

  onDisconnected(): void {
    for (const entry of this.entries.values()) {
      entry.live = undefined
      this.setStatus(entry.key, 'subscribing')
    }
  }

  /** Active subscriptions, for devtools and tests. */
  list(): SubscriptionInfo[] {
    return [...this.entries.values()].map((e) => ({
      key: e.key,
      destination: e.destination,
      id: e.id,
      ack: e.ack,
      subscribers: e.subscribers.size,
    }))
  }

  private send(entry: Entry): void {
    const headers: Headers = { ...entry.headers, id: entry.id, ack: entry.ack }
    if (entry.receipt) {
      const receipt = this.deps.nextId('sub-receipt')
      headers.receipt = receipt
      this.deps.client.watchForReceipt(receipt, () => {
        if (this.entries.get(entry.key) === entry && entry.live) this.setStatus(entry.key, 'active')
      })
    }
    entry.live = this.deps.client.subscribe(
      entry.destination,
      (frame) => this.receive(entry, frame),
      headers,
    )
    if (!entry.receipt) this.setStatus(entry.key, 'active')
  }

  private release(entry: Entry): void {
    entry.releaseTimer = undefined
    if (entry.subscribers.size > 0 || this.entries.get(entry.key) !== entry) return
    this.entries.delete(entry.key)
    this.released.add(entry.id)
    if (this.released.size > 1000) this.released.delete(this.released.values().next().value!)
    if (entry.live && this.deps.client.connected) entry.live.unsubscribe()
    entry.live = undefined
    this.deps.buffer.drop(entry.key)
    this.setStatus(entry.key, undefined)
  }

  private receive(entry: Entry, frame: IMessage): void {
    const headers = frame.headers as Record<string, string>
    // client-message-id first: brokers give a redelivered message a new message-id.
    const dedupeId = headers['client-message-id'] ?? headers['message-id']
    const seen = dedupeId !== undefined ? entry.seen.get(dedupeId) : undefined
    if (seen) {
      if (entry.ack === 'auto') return
      // A copy was delivered already: it is not shown twice. What happens to this copy follows the
      // app's decision on the first. Acked → acknowledge this one too (client-individual only: in
      // 'client' mode an ACK is cumulative and would cover messages the app has not acked yet).
      // Not yet acked → the app's pending ack()/nack() now acts on this copy, whose connection is
      // alive, so at-least-once holds without a second delivery.
      if (entry.ack === 'client-individual' && seen.settled) frame.ack()
      else seen.frame = frame
      return
    }
    let record: Seen | undefined
    if (dedupeId !== undefined) {
      record = entry.ack === 'auto' ? AUTO : { frame, settled: false }
      entry.seen.set(dedupeId, record)
      const cap = Math.max(1000, entry.limit * 2)
      if (entry.seen.size > cap) {
        const oldest = entry.seen.keys().next().value
        if (oldest !== undefined) entry.seen.delete(oldest)
      }
    }
    const message = toStompMessage(frame, entry.ack, record, () => {
      // A NACKed message may come back on purpose; it is a new delivery then.
      if (dedupeId !== undefined) entry.seen.delete(dedupeId)
    })
    this.deps.buffer.append(entry.key, message, entry.limit)
    for (const subscriber of entry.subscribers) {
      try {
        subscriber.listener(message)
      } catch (error) {
        this.deps.onListenerError(error)
      }
    }
  }

  private setStatus(key: string, status: SubscriptionStatus | undefined): void {
    const { subscriptions } = this.deps.store.getState()
    if (subscriptions[key] === status) return
    const next = { ...subscriptions }
    if (status === undefined) delete next[key]
    else next[key] = status
    this.deps.store.setState({ subscriptions: next })
  }
}

function toStompMessage(
  frame: IMessage,
  ack: AckMode,
  record: Seen | undefined,
  onNack: () => void,
): StompMessage {
  const headers = frame.headers as Record<string, string>
  const destination = headers.destination ?? ''
  const decoded = decodeBody(
    frame.isBinaryBody
      ? { headers, destination, bytes: frame.binaryBody }
      : { headers, destination, text: frame.body },
  )
  const message: { -readonly [K in keyof StompMessage]: StompMessage[K] } = {
    id: headers['message-id'] ?? '',
    destination,
    subscription: headers.subscription ?? '',
    headers,
    body: decoded.body,
    text: decoded.text,
    receivedAt: Date.now(),
    ack: notAckable,
    nack: notAckable,
  }
  if (decoded.binaryBody) message.binaryBody = decoded.binaryBody
  if (decoded.decodeError) message.decodeError = decoded.decodeError
  if (ack !== 'auto') {
    const current = () => (record && record !== AUTO ? record.frame : frame)
    message.ack = () => {
      current().ack()
      if (record) record.settled = true
    }
    message.nack = () => {
      current().nack()
      onNack()
    }
  }
  return message
}
