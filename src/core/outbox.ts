import type { Client, IFrame } from '@stomp/stompjs'
import { type EncodedBody, encodeBody } from './codec.js'
import { createId } from './id.js'
import type { OutboxEntry, OutboxState, StompStore } from './store.js'
import type { PublishOptions, StompSessionOptions } from './types.js'

interface Item {
  id: string
  destination: string
  /** What goes into the SEND: body or binaryBody, and headers with the client-message-id. */
  frame: EncodedBody
  receipt: boolean
  timeoutMs: number
  state: OutboxState
  settled?: boolean
  createdAt: number
  receiptId?: string
  timer?: ReturnType<typeof setTimeout>
  signal?: AbortSignal
  onAbort?: () => void
  resolve: () => void
  reject: (error: Error) => void
}

export interface OutboxDeps {
  client: Client
  store: StompStore
  nextId: (prefix: string) => string
  /** Read at call time: options change through configure(). */
  options: () => StompSessionOptions
}

export type Outbox = ReturnType<typeof createOutbox>

const SETTLED_KEPT = 100

const abortError = (destination: string) => {
  const error = new Error(`publish to ${destination} was aborted`)
  error.name = 'AbortError'
  return error
}

const remove = (list: Item[], item: Item) => {
  const i = list.indexOf(item)
  if (i >= 0) list.splice(i, 1)
}

const entryOf = (i: Item): OutboxEntry => ({
  id: i.id,
  destination: i.destination,
  state: i.state,
  createdAt: i.createdAt,
})

/**
 * Publishes in order: written at once while connected, held (bounded) while not, and written after
 * every subscription has been sent again on reconnect. A publish that waits for a RECEIPT and loses
 * its connection goes out again on the next one, with the same client-message-id so receivers can
 * drop the duplicate.
 */
export function createOutbox({ client, store, nextId, options }: OutboxDeps) {
  let queue: Item[] = []
  let awaiting: Item[] = []
  /** The last settled publishes, newest last, so a UI can show sent / confirmed / failed. */
  const settled: OutboxEntry[] = []

  const sync = () => {
    const entries = settled.concat([...awaiting, ...queue].map(entryOf))
    if (store.getState().outbox.length > 0 || entries.length > 0)
      store.setState({ outbox: entries })
  }

  const settle = (item: Item, error?: Error) => {
    if (item.settled) return
    item.settled = true
    remove(queue, item)
    remove(awaiting, item)
    clearTimeout(item.timer)
    item.receiptId = undefined
    item.signal?.removeEventListener('abort', item.onAbort!)
    item.state = error ? 'failed' : item.receipt ? 'confirmed' : 'sent'
    settled.push(error ? { ...entryOf(item), error: error.message } : entryOf(item))
    if (settled.length > SETTLED_KEPT) settled.shift()
    if (error) item.reject(error)
    else item.resolve()
    sync()
  }

  const write = (item: Item) => {
    const { destination, frame } = item
    if (item.receipt) {
      const receiptId = nextId('receipt')
      item.receiptId = frame.headers.receipt = receiptId
      client.watchForReceipt(receiptId, () => {
        if (item.receiptId === receiptId) settle(item)
      })
    }
    try {
      client.publish({ ...frame, destination })
    } catch (error) {
      settle(
        item,
        new Error(`publish to ${destination} could not be written: ${(error as Error).message}`),
      )
      return
    }
    if (!item.receipt) return settle(item)
    item.state = 'sending'
    awaiting.push(item)
    // The timeout starts now that the frame is written, not while it waited in the queue.
    item.timer = setTimeout(() => {
      settle(
        item,
        new Error(
          `No RECEIPT for the SEND to ${destination} within ${item.timeoutMs} ms (refused, or a slow broker: delivery unknown). Raise timeoutMs or check the broker's logs.`,
        ),
      )
    }, item.timeoutMs)
  }

  /** Writes what waits, in order, while the connection is open. */
  const flush = () => {
    while (queue.length > 0 && client.connected) write(queue.shift()!)
    sync()
  }

  return {
    flush,

    publish: (destination: string, body: unknown, o: PublishOptions = {}) =>
      // A throw in here rejects the promise: bad input fails the publish, never the caller.
      new Promise<void>((resolve, reject) => {
        if (!destination) {
          throw new TypeError('publish: destination must be a non-empty string such as /app/chat')
        }
        const { signal } = o
        if (signal?.aborted) throw abortError(destination)
        const size = queue.length + awaiting.length
        if (size >= (options().outboxLimit ?? 1000)) {
          throw new Error(
            `publish to ${destination}: the outbox is full (${size} waiting while ${store.getState().connection.status}); raise outboxLimit or wait for the connection.`,
          )
        }
        const frame = encodeBody(body, o.headers)
        frame.headers['client-message-id'] ??= createId()
        const item: Item = {
          id: frame.headers['client-message-id'],
          destination,
          frame,
          receipt: o.receipt ?? false,
          timeoutMs: o.timeoutMs ?? options().receiptTimeoutMs ?? 10_000,
          state: 'queued',
          createdAt: Date.now(),
          resolve,
          reject,
          signal,
        }
        if (signal) {
          item.onAbort = () => settle(item, abortError(destination))
          signal.addEventListener('abort', item.onAbort, { once: true })
        }
        queue.push(item)
        flush()
        sync()
      }),

    /** The socket closed: publishes still waiting for a RECEIPT go out again on the next connection. */
    onDisconnected() {
      if (awaiting.length === 0) return
      for (const item of awaiting) {
        clearTimeout(item.timer)
        item.timer = item.receiptId = undefined
        item.state = 'queued'
      }
      queue = awaiting.concat(queue)
      awaiting = []
      sync()
    },

    /** An ERROR frame naming one of our receipts fails that publish. */
    onErrorFrame(frame: IFrame) {
      const receiptId = frame.headers['receipt-id']
      const item = receiptId && awaiting.find((i) => i.receiptId === receiptId)
      if (!item) return
      settle(
        item,
        new Error(
          `The broker refused the SEND to ${item.destination}: ${frame.headers.message ?? 'ERROR'}${frame.body ? ` — ${frame.body.trim()}` : ''}`,
        ),
      )
    },

    /** Fails everything still held, e.g. when the session stops. */
    rejectAll(reason: string) {
      for (const item of [...awaiting, ...queue]) settle(item, new Error(reason))
    },
  }
}
