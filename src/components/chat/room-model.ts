import { burstSchedule, type Schedule } from '../../index.js'
import type { ChatEntry, ChatMessage, SendStatus } from './types.js'

/** What the last change did, so the list knows whether to keep its anchor at the end or the top. */
export type RoomChange = 'reset' | 'append' | 'prepend' | 'update'

export interface RoomSnapshot {
  readonly entries: readonly ChatEntry[]
  readonly change: RoomChange
  /** Entries appended by the last change, and whether one of them was our own send. */
  readonly appended: number
  readonly appendedOwn: boolean
  readonly hasMore: boolean
  readonly loading: 'idle' | 'latest' | 'older'
  readonly historyError?: string
}

// Shared by every ChatRoom on the page: one callback applies them all, so the page lays out once.
const pageSchedule = burstSchedule()

function entryOf(message: ChatMessage, status?: SendStatus): ChatEntry {
  const entry: ChatEntry = { message, time: Date.parse(message.sentAt) }
  if (status) entry.status = status
  return entry
}

/**
 * The messages of one room, framework-agnostic: de-duplicated by the chat body `id`, bounded,
 * ordered as delivered, with own sends tracked from optimistic `pending` to `sent` or `failed`.
 * Exposes `subscribe`/`getSnapshot` for `useSyncExternalStore`.
 */
export class RoomModel {
  #snapshot: RoomSnapshot = {
    entries: [],
    change: 'reset',
    appended: 0,
    appendedOwn: false,
    hasMore: false,
    loading: 'idle',
  }
  readonly #byId = new Map<string, ChatEntry>()
  readonly #listeners = new Set<() => void>()
  #incoming: ChatMessage[] = []
  #cancelFlush?: () => void

  constructor(
    public limit: number,
    private readonly schedule: Schedule = pageSchedule,
  ) {}

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  getSnapshot = (): RoomSnapshot => this.#snapshot

  has(id: string): boolean {
    return this.#byId.has(id)
  }

  get(id: string): ChatEntry | undefined {
    return this.#byId.get(id)
  }

  /** A message from the broker; applied with the others of the same frame. */
  receive(message: ChatMessage): void {
    this.#incoming.push(message)
    this.#cancelFlush ??= this.schedule(() => this.flush())
  }

  flush(): void {
    this.#cancelFlush?.()
    this.#cancelFlush = undefined
    const incoming = this.#incoming
    if (incoming.length === 0) return
    this.#incoming = []
    let entries: ChatEntry[] | undefined
    const added: ChatEntry[] = []
    for (const message of incoming) {
      const known = this.#byId.get(message.id)
      if (!known) {
        const entry = entryOf(message)
        this.#byId.set(message.id, entry)
        added.push(entry)
      } else if (known.status && known.status !== 'sent') {
        // The broker's echo of our own message: it confirms the send and stays where it was typed.
        entries ??= this.#snapshot.entries.slice()
        this.#replace(entries, known, { ...entryOf(message, 'sent') })
      }
      // Anything else is a redelivery or a second copy (history and live overlap): shown once.
    }
    if (added.length === 0 && !entries) return
    const next = (entries ?? this.#snapshot.entries).concat(added)
    this.#commit(next, added.length > 0 ? 'append' : 'update', added.length, false)
  }

  /** Our own message, shown at once as `pending`. */
  addOwn(message: ChatMessage): void {
    this.flush()
    const entry = entryOf(message, 'pending')
    this.#byId.set(message.id, entry)
    this.#commit(this.#snapshot.entries.concat(entry), 'append', 1, true)
  }

  setStatus(id: string, status: SendStatus, error?: string): void {
    const known = this.#byId.get(id)
    if (!known?.status || known.status === status) return
    // A late timeout or error must not undo a confirmation that already arrived.
    if (known.status === 'sent' && status !== 'sent') return
    const entries = this.#snapshot.entries.slice()
    const next: ChatEntry = { ...known, status }
    if (error) next.error = error
    else delete next.error
    this.#replace(entries, known, next)
    this.#commit(entries, 'update', 0, false)
  }

  /** Resets a failed message to `pending` for a retry. */
  retry(id: string): ChatMessage | undefined {
    const known = this.#byId.get(id)
    if (known?.status !== 'failed') return undefined
    this.setStatus(id, 'pending')
    return known.message
  }

  /** Deletes one of our own unsent messages from the room. */
  remove(id: string): void {
    const known = this.#byId.get(id)
    if (!known || known.status === 'sent' || !known.status) return
    this.#byId.delete(id)
    this.#commit(
      this.#snapshot.entries.filter((e) => e !== known),
      'update',
      0,
      false,
    )
  }

  setLoading(loading: RoomSnapshot['loading'], historyError?: string): void {
    const next: RoomSnapshot = { ...this.#snapshot, loading, change: 'update', appended: 0 }
    if (historyError) (next as { historyError?: string }).historyError = historyError
    else delete (next as { historyError?: string }).historyError
    this.#set(next)
  }

  /** Older messages, put before the oldest shown. */
  prependHistory(messages: readonly ChatMessage[], hasMore: boolean): void {
    const older = this.#unknown(messages)
    this.#set({
      ...this.#snapshot,
      entries: older.concat(this.#snapshot.entries),
      change: older.length ? 'prepend' : 'update',
      appended: 0,
      appendedOwn: false,
      hasMore,
      loading: 'idle',
    })
  }

  /**
   * The latest page: on mount it fills the empty room; after a reconnect it inserts what was
   * missed during the outage, each by its time, leaving what is already shown in place.
   */
  mergeLatest(messages: readonly ChatMessage[], hasMore: boolean): void {
    this.flush()
    const fresh = this.#unknown(messages)
    const current = this.#snapshot.entries
    const first = current.length === 0
    let entries = current as ChatEntry[]
    let appended = 0
    if (fresh.length) {
      entries = current.slice()
      for (const entry of fresh) {
        let at = entries.length
        while (at > 0 && entries[at - 1]!.time > entry.time) at--
        if (at === entries.length) appended++
        entries.splice(at, 0, entry)
      }
    }
    const bounded = this.#bound(entries)
    this.#set({
      ...this.#snapshot,
      entries: bounded.entries,
      change: first ? 'reset' : appended ? 'append' : 'update',
      appended,
      appendedOwn: false,
      hasMore: (first ? hasMore : this.#snapshot.hasMore) || bounded.trimmed,
      loading: 'idle',
    })
  }

  dispose(): void {
    this.#cancelFlush?.()
    this.#cancelFlush = undefined
    this.#listeners.clear()
  }

  #unknown(messages: readonly ChatMessage[]): ChatEntry[] {
    const out: ChatEntry[] = []
    for (const message of messages) {
      if (this.#byId.has(message.id)) continue
      const entry = entryOf(message)
      this.#byId.set(message.id, entry)
      out.push(entry)
    }
    return out
  }

  #replace(entries: ChatEntry[], known: ChatEntry, next: ChatEntry): void {
    const at = entries.lastIndexOf(known)
    if (at >= 0) entries[at] = next
    this.#byId.set(next.message.id, next)
  }

  /** Keeps the newest `limit` entries; reports whether any were dropped. */
  #bound(entries: ChatEntry[]): { entries: ChatEntry[]; trimmed: boolean } {
    if (entries.length <= this.limit) return { entries, trimmed: false }
    const dropped = entries.length - this.limit
    for (let i = 0; i < dropped; i++) this.#byId.delete(entries[i]!.message.id)
    return { entries: entries.slice(dropped), trimmed: true }
  }

  #commit(entries: ChatEntry[], change: RoomChange, appended: number, own: boolean): void {
    const bounded = this.#bound(entries)
    this.#set({
      ...this.#snapshot,
      entries: bounded.entries,
      // Dropped messages are older history again: they can be loaded back by scrolling up.
      hasMore: this.#snapshot.hasMore || bounded.trimmed,
      change,
      appended,
      appendedOwn: own,
    })
  }

  #set(next: RoomSnapshot): void {
    this.#snapshot = next
    for (const listener of this.#listeners) listener()
  }
}
