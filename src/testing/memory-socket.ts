import type { BrokerEngine, BrokerLink } from '../broker-core/index.js'
import { Lane, reportLater } from './lane.js'

// `type` and `target` are always set on events the socket fires; they are optional so that a test
// can call a handler directly with just the data (`socket.onmessage?.({ data })`).
export interface MemoryCloseEvent {
  type?: 'close'
  code: number
  reason: string
  wasClean: boolean
  target?: MemoryWebSocket
}
export interface MemoryMessageEvent {
  type?: 'message'
  data: string | ArrayBuffer | Blob
  target?: MemoryWebSocket
}
export interface MemoryEvent {
  type?: 'open' | 'error'
  message?: string
  target?: MemoryWebSocket
}
type AnyEvent =
  | (MemoryCloseEvent & { type: 'close' })
  | (MemoryMessageEvent & { type: 'message' })
  | (MemoryEvent & { type: 'open' | 'error' })
type Listener = (event: never) => unknown

/** What a socket needs from its broker. */
export interface MemorySocketHost {
  engine: BrokerEngine
  latency(): number
  /** While the broker is silenced a close handshake cannot complete: closes end abnormally. */
  silenced(): boolean
  opened(socket: MemoryWebSocket): void
  gone(socket: MemoryWebSocket): void
}

const CONNECTING = 0
const OPEN = 1
const CLOSING = 2
const CLOSED = 3

/**
 * A WebSocket-shaped object connected to an in-process broker, with the parts of the browser
 * WebSocket that @stomp/stompjs and most code use: `readyState`, `binaryType`, `on…` handlers and
 * `addEventListener`, `send`, `close`, plus `terminate` like `ws`. Every event is asynchronous and
 * in order; text frames arrive as strings, frames whose body is not UTF-8 as ArrayBuffer.
 */
export class MemoryWebSocket {
  static readonly CONNECTING = CONNECTING
  static readonly OPEN = OPEN
  static readonly CLOSING = CLOSING
  static readonly CLOSED = CLOSED
  readonly CONNECTING = CONNECTING
  readonly OPEN = OPEN
  readonly CLOSING = CLOSING
  readonly CLOSED = CLOSED

  readonly protocol = 'v12.stomp'
  readonly extensions = ''
  readonly bufferedAmount = 0
  binaryType: 'arraybuffer' | 'blob' = 'arraybuffer'
  onopen: ((event: MemoryEvent) => unknown) | null = null
  onmessage: ((event: MemoryMessageEvent) => unknown) | null = null
  onclose: ((event: MemoryCloseEvent) => unknown) | null = null
  onerror: ((event: MemoryEvent) => unknown) | null = null

  private state = CONNECTING
  private link: BrokerLink | undefined
  private readonly toClient: Lane
  private readonly toBroker: Lane
  private readonly listeners = new Map<string, Set<Listener>>()

  constructor(
    readonly url: string,
    private readonly host: MemorySocketHost,
  ) {
    this.toClient = new Lane(host.latency)
    this.toBroker = new Lane(host.latency)
    this.toClient.push(() => this.open())
  }

  get readyState(): number {
    return this.state
  }

  send(data: string | ArrayBufferLike | ArrayBufferView | Blob): void {
    if (this.state === CONNECTING) {
      throw new Error(
        "InvalidStateError: Failed to execute 'send' on 'WebSocket': still CONNECTING.",
      )
    }
    // A browser drops data sent on a closing or closed socket without an exception.
    if (this.state !== OPEN) return
    let chunk: string | Uint8Array
    if (typeof data === 'string') chunk = data
    else if (ArrayBuffer.isView(data)) {
      chunk = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice()
    } else if (data instanceof ArrayBuffer || data instanceof SharedArrayBuffer) {
      chunk = new Uint8Array(data).slice()
    } else {
      throw new TypeError('MemoryWebSocket.send: Blob data is not supported; send an ArrayBuffer.')
    }
    const link = this.link
    this.toBroker.push(() => link?.receive(chunk))
  }

  close(code?: number, reason?: string): void {
    if (code !== undefined && code !== 1000 && (code < 3000 || code > 4999)) {
      throw new Error(
        `InvalidAccessError: close code must be 1000 or 3000-4999, got ${code} (as in browsers).`,
      )
    }
    if (this.state >= CLOSING) return
    if (this.state === CONNECTING) {
      // Closing before open fails the connection, as in a browser.
      this.state = CLOSING
      this.toClient.push(() => this.fail('closed before the connection opened'))
      return
    }
    this.state = CLOSING
    const link = this.link
    this.toBroker.push(() => {
      link?.closed()
      const clean = !this.host.silenced()
      this.toClient.push(() =>
        this.finish(clean ? (code ?? 1005) : 1006, clean ? (reason ?? '') : '', clean),
      )
    })
  }

  /** Like `ws`'s terminate(): gone at once, no closing handshake, frames in flight lost. */
  terminate(): void {
    if (this.state === CLOSED) return
    this.toClient.clear()
    this.toBroker.clear()
    this.link?.closed()
    this.state = CLOSING
    this.toClient.push(() => this.finish(1006, '', false))
  }

  addEventListener(type: string, listener: Listener): void {
    const set = this.listeners.get(type) ?? new Set<Listener>()
    this.listeners.set(type, set)
    set.add(listener)
  }

  removeEventListener(type: string, listener: Listener): void {
    this.listeners.get(type)?.delete(listener)
  }

  private open(): void {
    if (this.state !== CONNECTING) return
    if (this.host.engine.closed) {
      this.state = CLOSING
      this.fail('the memory broker is closed')
      return
    }
    this.link = this.host.engine.connect({
      send: (data) => this.toClient.push(() => this.message(data)),
      // The close reaches the client after the frames sent before it (an ERROR, say).
      close: (code, reason) => this.toClient.push(() => this.finish(code, reason, true)),
    })
    this.state = OPEN
    this.host.opened(this)
    this.emit({ type: 'open', target: this })
  }

  private message(data: string | Uint8Array): void {
    if (this.state !== OPEN) return
    let payload: string | ArrayBuffer | Blob
    if (typeof data === 'string') payload = data
    else {
      const buffer = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)
      payload =
        this.binaryType === 'blob' && typeof Blob !== 'undefined'
          ? new Blob([buffer as ArrayBuffer])
          : (buffer as ArrayBuffer)
    }
    this.emit({ type: 'message', data: payload, target: this })
  }

  private fail(why: string): void {
    this.emit({ type: 'error', message: `WebSocket connection failed: ${why}`, target: this })
    this.finish(1006, '', false)
  }

  private finish(code: number, reason: string, wasClean: boolean): void {
    if (this.state === CLOSED) return
    this.state = CLOSED
    this.host.gone(this)
    this.emit({ type: 'close', code, reason, wasClean, target: this })
  }

  private emit(event: AnyEvent): void {
    const handler = this[`on${event.type}` as 'onopen'] as ((e: AnyEvent) => unknown) | null
    const call = (fn: (e: AnyEvent) => unknown) => {
      try {
        fn.call(this, event)
      } catch (error) {
        reportLater(error)
      }
    }
    if (handler) call(handler)
    for (const listener of this.listeners.get(event.type) ?? []) {
      call(listener as (e: AnyEvent) => unknown)
    }
  }
}
