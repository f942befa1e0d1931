import { createStore, type StoreApi } from 'zustand/vanilla'
import { burstSchedule } from './burst-schedule.js'
import type { ConnectionState, StompMessage, SubscriptionStatus } from './types.js'

export type OutboxState = 'queued' | 'sending' | 'sent' | 'confirmed' | 'failed'

export interface OutboxEntry {
  /** The `client-message-id` of the SEND. */
  id: string
  destination: string
  state: OutboxState
  createdAt: number
  error?: string
}

export interface StompStoreState {
  connection: ConnectionState
  /** Received messages per subscription key (destination, plus selector headers when any). */
  messages: Readonly<Record<string, readonly StompMessage[]>>
  subscriptions: Readonly<Record<string, SubscriptionStatus>>
  /**
   * Publishes by `client-message-id`: the last 100 settled ones (`sent`, `confirmed`, `failed` with
   * its error) followed by those still `queued` or `sending` (written, waiting for a RECEIPT).
   */
  outbox: readonly OutboxEntry[]
}

export type StompStore = StoreApi<StompStoreState>

export const initialConnection: ConnectionState = { status: 'idle', attempt: 0 }

export function createStompStore(): StompStore {
  return createStore<StompStoreState>()(() => ({
    connection: initialConnection,
    messages: {},
    subscriptions: {},
    outbox: [],
  }))
}

// What MessageBuffer needs of a schedule: it never takes a flush back.
type Schedule = (flush: () => void) => void

/**
 * Buffers received messages and writes them to the store in batches, trimming each list to its
 * limit. Messages are appended in arrival order; the list identity changes only when it changed.
 */
export class MessageBuffer {
  #pending = new Map<string, { items: StompMessage[]; limit: number }>()
  #scheduled = false
  #store: StompStore
  #schedule: Schedule

  constructor(store: StompStore, schedule: Schedule = burstSchedule()) {
    this.#store = store
    this.#schedule = schedule
  }

  append(key: string, message: StompMessage, limit: number): void {
    let slot = this.#pending.get(key)
    if (!slot) {
      slot = { items: [], limit }
      this.#pending.set(key, slot)
    }
    slot.limit = limit
    const items = slot.items
    items.push(message)
    // Drop what can never be shown before it reaches the store: a 100,000-message burst into a
    // 500-message list copies 500, not 100,000.
    if (items.length > limit * 2) items.splice(0, items.length - limit)
    if (!this.#scheduled) {
      this.#scheduled = true
      this.#schedule(() => this.flush())
    }
  }

  /** Writes everything pending now. */
  flush(): void {
    this.#scheduled = false
    const pending = this.#pending
    if (pending.size === 0) return
    this.#pending = new Map()
    this.#store.setState((state) => {
      const messages = { ...state.messages }
      for (const [key, { items, limit }] of pending) {
        const prev = messages[key] ?? []
        const room = Math.max(0, limit - items.length)
        const kept = prev.length > room ? prev.slice(prev.length - room) : prev
        messages[key] = kept.concat(
          items.length > limit ? items.slice(items.length - limit) : items,
        )
      }
      return { messages }
    })
  }

  /** Forgets a subscription's messages (pending and stored). */
  drop(key: string): void {
    this.#pending.delete(key)
    const { messages } = this.#store.getState()
    if (!(key in messages)) return
    const next = { ...messages }
    delete next[key]
    this.#store.setState({ messages: next })
  }
}
