import type { Client, IMessage, StompSubscription } from '@stomp/stompjs'
import { decodeBody } from './codec.js'
import type { MessageBuffer, StompStore } from './store.js'
import { subscriptionKey } from './subscription-key.js'
import type {
  AckMode,
  Headers,
  MessageListener,
  StompMessage,
  StompSessionOptions,
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
  /**
   * Recently seen de-duplication ids, oldest first, with the latest copy's frame to ack; null for
   * auto-ack deliveries, which have nothing to acknowledge later.
   */
  seen: Map<string, Seen | null>
}

export interface RegistryDeps {
  client: Client
  store: StompStore
  buffer: MessageBuffer
  nextId: (prefix: string) => string
  /** Read at call time: options change through configure(). */
  options: () => StompSessionOptions
}

// One function for every auto-ack message: a closure per message costs a burst measurably.
const notAckable = () => {
  throw new Error("ack()/nack() need a subscription with ack 'client' or 'client-individual'.")
}

/**
 * Reference-counted subscriptions: every subscriber to the same key shares one broker SUBSCRIBE,
 * the last one leaving sends UNSUBSCRIBE, and all of them are sent again after each reconnect
 * (stompjs forgets subscriptions when its socket closes).
 */
export function createSubscriptionRegistry({
  client,
  store,
  buffer,
  nextId,
  options,
}: RegistryDeps) {
  const entries = new Map<string, Entry>()
  /** SUBSCRIBE ids released lately: MESSAGEs may still be on the wire for them. */
  const released = new Set<string>()
  const isCurrent = (entry: Entry) => entries.get(entry.key) === entry

  const setStatus = (key: string, status?: SubscriptionStatus) => {
    const { subscriptions } = store.getState()
    if (subscriptions[key] === status) return
    const next = { ...subscriptions }
    if (status === undefined) delete next[key]
    else next[key] = status
    store.setState({ subscriptions: next })
  }

  const send = (entry: Entry) => {
    const headers: Headers = { ...entry.headers, id: entry.id, ack: entry.ack }
    if (entry.receipt) {
      const receipt = nextId('sub-receipt')
      headers.receipt = receipt
      client.watchForReceipt(receipt, () => {
        if (isCurrent(entry) && entry.live) setStatus(entry.key, 'active')
      })
    }
    entry.live = client.subscribe(entry.destination, (frame) => receive(entry, frame), headers)
    if (!entry.receipt) setStatus(entry.key, 'active')
  }

  // The largest limit of the subscribers there are now. Falling to 0 forgets what was stored, so a
  // subscriber that keeps messages later never shows a stale list with a silent gap after it.
  const relimit = (entry: Entry) => {
    let limit = 0
    for (const s of entry.subscribers) limit = Math.max(limit, s.limit)
    if (limit === 0 && entry.limit > 0) buffer.drop(entry.key)
    entry.limit = limit
  }

  const release = (entry: Entry) => {
    entry.releaseTimer = undefined
    if (entry.subscribers.size > 0 || !isCurrent(entry)) return
    entries.delete(entry.key)
    released.add(entry.id)
    if (released.size > 1000) released.delete(released.values().next().value!)
    if (entry.live && client.connected) entry.live.unsubscribe()
    entry.live = undefined
    buffer.drop(entry.key)
    setStatus(entry.key)
  }

  const receive = (entry: Entry, frame: IMessage) => {
    const headers = frame.headers as Record<string, string>
    // client-message-id first: brokers give a redelivered message a new message-id.
    const dedupeId = headers['client-message-id'] ?? headers['message-id']
    const seen = dedupeId !== undefined ? entry.seen.get(dedupeId) : undefined
    if (seen !== undefined) {
      if (seen === null) return
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
      if (entry.ack !== 'auto') record = { frame, settled: false }
      entry.seen.set(dedupeId, record ?? null)
      if (entry.seen.size > Math.max(1000, entry.limit * 2)) {
        entry.seen.delete(entry.seen.keys().next().value!)
      }
    }
    const message = toStompMessage(frame, entry.ack, record, entry.seen, dedupeId)
    // limit 0: listeners only (ChatRoom keeps its own model); the store is not written at all.
    if (entry.limit > 0) buffer.append(entry.key, message, entry.limit)
    for (const subscriber of entry.subscribers) {
      try {
        subscriber.listener(message)
      } catch (error) {
        ;(
          options().onListenerError ??
          ((e: unknown) => console.error('react-stomp-kit: a message listener threw', e))
        )(error)
      }
    }
  }

  return {
    keyOf: (destination: string, o: SubscribeOptions = {}) =>
      subscriptionKey(destination, o.headers, o.ack, o.owner),

    /** Returns the unsubscribe function. */
    subscribe(destination: string, listener: MessageListener, o: SubscribeOptions = {}) {
      if (!destination) {
        throw new TypeError('subscribe: destination must be a non-empty string such as /topic/chat')
      }
      const ack = o.ack ?? 'auto'
      // client / client-individual subscriptions are never shared between owners: two consumers on
      // one SUBSCRIBE would both ack every message.
      const owner = ack === 'auto' ? undefined : (o.owner ?? nextId('owner'))
      const key = subscriptionKey(destination, o.headers, ack, owner)
      let entry = entries.get(key)
      if (!entry) {
        entry = {
          key,
          destination,
          headers: { ...o.headers },
          ack,
          receipt: o.receipt ?? false,
          id: nextId('sub'),
          subscribers: new Set(),
          limit: 0,
          seen: new Map(),
        }
        entries.set(key, entry)
        setStatus(key, 'subscribing')
      }
      clearTimeout(entry.releaseTimer)
      entry.releaseTimer = undefined
      const subscriber: Subscriber = { listener, limit: o.limit ?? options().messageLimit ?? 500 }
      entry.subscribers.add(subscriber)
      relimit(entry)
      if (!entry.live && client.connected) send(entry)

      const current = entry
      let done = false
      return () => {
        if (done) return
        done = true
        current.subscribers.delete(subscriber)
        if (current.subscribers.size > 0) {
          relimit(current)
          return
        }
        // Released on the next tick, not now: React StrictMode (and a quick remount) unsubscribes
        // and subscribes again in the same task, which must not cost an UNSUBSCRIBE + SUBSCRIBE.
        current.releaseTimer = setTimeout(() => release(current), 0)
      }
    },

    /** Whether a MESSAGE for an unknown subscription id is expected (it was just unsubscribed). */
    wasReleased: (id: string | undefined) => released.has(id!),

    /** Sends every SUBSCRIBE again on a fresh connection. */
    onConnected() {
      released.clear()
      for (const entry of entries.values()) {
        entry.live = undefined
        send(entry)
      }
    },

    onDisconnected() {
      for (const entry of entries.values()) {
        entry.live = undefined
        setStatus(entry.key, 'subscribing')
      }
    },

    /** Active subscriptions, for devtools and tests. */
    list: (): SubscriptionInfo[] =>
      [...entries.values()].map((e) => ({
        key: e.key,
        destination: e.destination,
        id: e.id,
        ack: e.ack,
        subscribers: e.subscribers.size,
      })),
  }
}

function toStompMessage(
  frame: IMessage,
  ack: AckMode,
  record: Seen | undefined,
  seen: Map<string, Seen | null>,
  dedupeId: string | undefined,
): StompMessage {
  const headers = frame.headers as Record<string, string>
  const destination = headers.destination ?? ''
  const message: { -readonly [K in keyof StompMessage]: StompMessage[K] } = {
    id: headers['message-id'] ?? '',
    destination,
    subscription: headers.subscription ?? '',
    headers,
    // body and text, and binaryBody / decodeError when there are any.
    ...decodeBody(
      frame.isBinaryBody
        ? { headers, destination, bytes: frame.binaryBody }
        : { headers, destination, text: frame.body },
    ),
    receivedAt: Date.now(),
    ack: notAckable,
    nack: notAckable,
  }
  if (ack !== 'auto') {
    const current = () => record?.frame ?? frame
    message.ack = () => {
      current().ack()
      if (record) record.settled = true
    }
    message.nack = () => {
      current().nack()
      // A NACKed message may come back on purpose; it is a new delivery then.
      if (dedupeId !== undefined) seen.delete(dedupeId)
    }
  }
  return message
}
