import type { BrokerEngine } from '../broker-core/index.js'

export interface SocketControls {
  silent: () => boolean
  latencyMs: () => number
}

interface CloseEventLike {
  code: number
  reason: string
  wasClean: boolean
}

/**
 * A WebSocket-shaped object wired to a broker engine in the same process. Events are always
 * asynchronous and in order, as on a real socket.
 */
export class MemorySocket {
  static readonly CONNECTING = 0
  static readonly OPEN = 1
  static readonly CLOSING = 2
  static readonly CLOSED = 3
  readonly url: string
  readonly protocol = 'v12.stomp'
  readyState = 0
  binaryType = 'arraybuffer'
  onopen: ((ev?: unknown) => unknown) | null = null
  onmessage: ((ev: { data: string | ArrayBuffer }) => unknown) | null = null
  onclose: ((ev: CloseEventLike) => unknown) | null = null
  onerror: ((ev: unknown) => unknown) | null = null
  private readonly link: ReturnType<BrokerEngine['connect']>

  constructor(
    engine: BrokerEngine,
    private readonly controls: SocketControls,
    private readonly onGone: (socket: MemorySocket) => void,
  ) {
    this.url = 'memory://stomp'
    this.link = engine.connect({
      send: (data) => {
        if (this.controls.silent() || this.readyState !== 1) return
        const payload =
          typeof data === 'string'
            ? data
            : (data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer)
        this.later(() => {
          if (this.readyState === 1) this.onmessage?.({ data: payload })
        })
      },
      // On a silent (dead) link the broker's close never arrives either; the client finds out
      // through its heart-beat check, as it would on a real network.
      // Queued behind the frames already on their way, so an ERROR arrives before the close.
      close: (code = 1000, reason = '') => {
        if (!this.controls.silent())
          this.later(() => this.finish({ code, reason, wasClean: true }, false))
      },
    })
    this.later(() => {
      if (this.readyState !== 0) return
      this.readyState = 1
      this.onopen?.({})
    })
  }

  send(data: string | ArrayBufferLike | ArrayBufferView | Blob): void {
    if (this.readyState === 0) throw new Error('InvalidStateError: the socket is still connecting')
    if (this.readyState !== 1) return
    if (this.controls.silent()) return
    let chunk: string | Uint8Array
    if (typeof data === 'string') chunk = data
    else if (ArrayBuffer.isView(data))
      chunk = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice()
    else if (data instanceof ArrayBuffer) chunk = new Uint8Array(data.slice(0))
    else throw new TypeError('MemorySocket.send: Blob is not supported')
    this.later(() => this.link.receive(chunk))
  }

  close(code = 1000, reason = ''): void {
    if (this.readyState >= 2) return
    this.readyState = 2
    this.later(() => this.finish({ code, reason, wasClean: true }, true))
  }

  /** Like a socket whose network vanished: closed at once, no closing handshake. */
  terminate(): void {
    this.finish({ code: 1006, reason: 'terminated', wasClean: false }, true)
  }

  private finish(event: CloseEventLike, tellBroker: boolean): void {
    if (this.readyState === 3) return
    this.readyState = 3
    if (tellBroker) this.link.closed()
    this.onGone(this)
    // Asynchronous, as a real close event; later() keeps it after frames already in flight.
    this.later(() => this.onclose?.(event))
  }

  private later(fn: () => void): void {
    setTimeout(fn, this.controls.latencyMs())
  }
}
