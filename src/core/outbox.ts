import type { Client, IFrame } from '@stomp/stompjs'
import { encodeBody } from './codec.js'
import type { OutboxEntry, OutboxState, StompStore } from './store.js'
import type { Headers, PublishOptions } from './types.js'

interface Item {
  id: string
  destination: string
  body?: string
  binaryBody?: Uint8Array
  headers: Headers
  receipt: boolean
  timeoutMs: number
  state: OutboxState
  settled: boolean
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
  limit: () => number
  receiptTimeoutMs: () => number
  nextId: (prefix: string) => string
  createId: () => string
  status: () => string
}

const SETTLED_KEPT = 100

const abortError = (destination: string) => {
  const error = new Error(`publish to ${destination} was aborted`)
  error.name = 'AbortError'
  return error
}

/**
 * Publishes in order: written at once while connected, held (bounded) while not, and written after
 * every subscription has been sent again on reconnect. A publish that waits for a RECEIPT and loses
 * its connection goes out again on the next one, with the same client-message-id so receivers can
 * drop the duplicate.
 */
export class Outbox {
  private queue: Item[] = []
  private awaiting: Item[] = []
  /** The last settled publishes, newest last, so a UI can show sent / confirmed / failed. */
  private settled: OutboxEntry[] = []

  constructor(private readonly deps: OutboxDeps) {}

  publish(destination: string, body: unknown, options: PublishOptions = {}): Promise<void> {
    if (!destination) {
      return Promise.reject(
        new TypeError('publish: destination must be a non-empty string such as /app/chat'),
      )
    }
    if (options.signal?.aborted) return Promise.reject(abortError(destination))
    const size = this.queue.length + this.awaiting.length
    if (size >= this.deps.limit()) {
      return Promise.reject(
        new Error(
          `publish to ${destination}: the outbox is full (${size} publishes waiting while the connection is ${this.deps.status()}). Raise outboxLimit, or wait until the connection is back.`,
        ),
      )
    }
    let encoded: ReturnType<typeof encodeBody>
    try {
      encoded = encodeBody(body, options.headers)
    } catch (error) {
      return Promise.reject(error)
    }
    const id = encoded.headers['client-message-id'] ?? this.deps.createId()
    encoded.headers['client-message-id'] = id
    return new Promise<void>((resolve, reject) => {
      const item: Item = {
        id,
        destination,
        ...(encoded.body !== undefined ? { body: encoded.body } : {}),
        ...(encoded.binaryBody !== undefined ? { binaryBody: encoded.binaryBody } : {}),
        headers: encoded.headers,
        receipt: options.receipt ?? false,
        timeoutMs: options.timeoutMs ?? this.deps.receiptTimeoutMs(),
        state: 'queued',
        settled: false,
        createdAt: Date.now(),
        resolve,
        reject,
        ...(options.signal ? { signal: options.signal } : {}),
      }
      if (item.signal) {
        item.onAbort = () => this.settle(item, abortError(destination))
        item.signal.addEventListener('abort', item.onAbort, { once: true })
      }
      this.queue.push(item)
      this.flush()
      this.sync()
    })
  }

  /** Writes what waits, in order, while the connection is open. */
  flush(): void {
    while (this.queue.length > 0 && this.deps.client.connected) {
      const item = this.queue.shift()!
      this.write(item)
    }
    this.sync()
  }

  /** The socket closed: publishes still waiting for a RECEIPT go out again on the next connection. */
  onDisconnected(): void {
    if (this.awaiting.length === 0) return
    for (const item of this.awaiting) {
      if (item.timer !== undefined) clearTimeout(item.timer)
      item.timer = undefined
      item.receiptId = undefined
      item.state = 'queued'
    }
    this.queue = this.awaiting.concat(this.queue)
    this.awaiting = []
    this.sync()
  }

  /** An ERROR frame naming one of our receipts fails that publish. */
  onErrorFrame(frame: IFrame): void {
    const receiptId = frame.headers['receipt-id']
    if (!receiptId) return
    const item = this.awaiting.find((i) => i.receiptId === receiptId)
    if (!item) return
    const reason = frame.headers.message ?? 'ERROR'
    this.settle(
      item,
      new Error(
        `The broker refused the SEND to ${item.destination}: ${reason}${frame.body ? ` — ${frame.body.trim()}` : ''}`,
      ),
    )
  }

  /** Fails everything still held, e.g. when the session stops. */
  rejectAll(reason: string): void {
    for (const item of [...this.awaiting, ...this.queue]) this.settle(item, new Error(reason))
  }

  private write(item: Item): void {
    const headers: Headers = { ...item.headers }
    if (item.receipt) {
      item.receiptId = this.deps.nextId('receipt')
      headers.receipt = item.receiptId
      const receiptId = item.receiptId
      this.deps.client.watchForReceipt(receiptId, () => {
        if (item.receiptId === receiptId) this.settle(item)
      })
    }
    try {
      this.deps.client.publish({
        destination: item.destination,
        headers,
        ...(item.binaryBody ? { binaryBody: item.binaryBody } : { body: item.body ?? '' }),
      })
    } catch (error) {
      this.settle(
        item,
        new Error(
          `publish to ${item.destination} could not be written: ${(error as Error).message}`,
        ),
      )
      return
    }
    if (!item.receipt) {
      this.settle(item)
      return
    }
    item.state = 'sending'
    this.awaiting.push(item)
    // The timeout starts now that the frame is written, not while it waited in the queue.
    item.timer = setTimeout(() => {
      this.settle(
        item,
        new Error(
          `No RECEIPT for the SEND to ${item.destination} within ${item.timeoutMs} ms. The broker may have rejected it (RabbitMQ sends no RECEIPT for a failed frame) or is slow; it may or may not have been delivered. Raise timeoutMs, or check the broker's logs.`,
        ),
      )
    }, item.timeoutMs)
  }

  private settle(item: Item, error?: Error): void {
    if (item.settled) return
    item.settled = true
    const inQueue = this.queue.indexOf(item)
    if (inQueue >= 0) this.queue.splice(inQueue, 1)
    const inAwaiting = this.awaiting.indexOf(item)
    if (inAwaiting >= 0) this.awaiting.splice(inAwaiting, 1)
    if (item.timer !== undefined) clearTimeout(item.timer)
    item.receiptId = undefined
    if (item.signal && item.onAbort) item.signal.removeEventListener('abort', item.onAbort)
    item.state = error ? 'failed' : item.receipt ? 'confirmed' : 'sent'
    this.settled.push({
      id: item.id,
      destination: item.destination,
      state: item.state,
      createdAt: item.createdAt,
      ...(error ? { error: error.message } : {}),
    })
    if (this.settled.length > SETTLED_KEPT)
      this.settled.splice(0, this.settled.length - SETTLED_KEPT)
    if (error) item.reject(error)
    else item.resolve()
    this.sync()
  }

  private sync(): void {
    const pending: OutboxEntry[] = [...this.awaiting, ...this.queue].map((i) => ({
      id: i.id,
      destination: i.destination,
      state: i.state,
      createdAt: i.createdAt,
    }))
    const entries = this.settled.concat(pending)
    const prev = this.deps.store.getState().outbox
    if (prev.length === 0 && entries.length === 0) return
    this.deps.store.setState({ outbox: entries })
  }
}
