import type { FrameParser } from '../protocol/parser.js'
import type { ConnectionStatus, StompSocketLike } from './types.js'

export type FrameEvent =
  | {
      type: 'frame'
      direction: 'in' | 'out'
      command: string
      /** Credentials (passcode, auth-token, Authorization, and the `redact` option) already masked. */
      headers: Readonly<Record<string, string>>
      /** The body as text, cut at 1,000 characters. */
      bodyPreview: string
      /** Body size in bytes. */
      size: number
      at: number
    }
  | { type: 'heartbeat'; direction: 'in' | 'out'; at: number }
  | { type: 'state'; status: ConnectionStatus; attempt: number; at: number }

export type FrameListener = (event: FrameEvent) => void

const MASK = '••••'
const PREVIEW = 1000
const alwaysRedacted = ['passcode', 'auth-token', 'authorization']
const text = new TextDecoder()

/** Masks credential headers; the result is what any listener, store or log ever sees. */
export function redactHeaders(
  headers: readonly (readonly [string, string])[],
  extra: readonly string[] = [],
): Record<string, string> {
  const secret = new Set([...alwaysRedacted, ...extra.map((h) => h.toLowerCase())])
  const out: Record<string, string> = {}
  for (const [k, v] of headers) if (!(k in out)) out[k] = secret.has(k.toLowerCase()) ? MASK : v
  return out
}

// The protocol parser is loaded only when the first frame listener attaches, so apps that never
// inspect frames do not ship it in their main bundle. Chunks seen while it loads wait in a queue.
type CreateParser = typeof import('../protocol/parser.js').createFrameParser
let createParser: CreateParser | undefined
let loading: Promise<CreateParser> | undefined
export function loadFrameParser(): Promise<CreateParser> {
  loading ??= import('../protocol/parser.js').then((m) => {
    createParser = m.createFrameParser
    return createParser
  })
  return loading
}

/**
 * Wraps a socket so every frame in and out can be shown to listeners. While nobody listens the
 * wrapper only forwards: no parsing, no allocation per frame.
 */
export function tapSocket(
  socket: StompSocketLike,
  listeners: ReadonlySet<FrameListener>,
  redact: () => readonly string[],
): StompSocketLike {
  const parser = (direction: 'in' | 'out', create: CreateParser): FrameParser =>
    create({
      onFrame: (frame) => {
        const at = Date.now()
        const event: FrameEvent = {
          type: 'frame',
          direction,
          command: frame.command,
          headers: redactHeaders(frame.headers, redact()),
          bodyPreview: text.decode(frame.body.subarray(0, PREVIEW * 4)).slice(0, PREVIEW),
          size: frame.body.byteLength,
          at,
        }
        for (const l of listeners) l(event)
      },
      onHeartbeat: () => {
        const event: FrameEvent = { type: 'heartbeat', direction, at: Date.now() }
        for (const l of listeners) l(event)
      },
      // The tap only observes: a stream it cannot parse is stompjs's to reject, not ours.
      onError: () => {},
      // No limits: the broker's frame limits are not the observer's, and a parser that stopped at
      // one large frame would blind the tap for the rest of the socket.
      limits: { maxFrameSize: Infinity, maxHeaders: Infinity, maxHeaderLength: Infinity },
    })
  // Parsers start with the first listener; a frame split across that moment is skipped.
  let inbound: FrameParser | undefined
  let outbound: FrameParser | undefined
  let queue: [direction: 'in' | 'out', chunk: string | Uint8Array | ArrayBuffer][] | undefined
  const push = (direction: 'in' | 'out', chunk: string | Uint8Array | ArrayBuffer) => {
    const create = createParser
    if (!create) {
      if (!queue) {
        queue = []
        void loadFrameParser().then(() => {
          const waiting = queue ?? []
          queue = undefined
          for (const [d, c] of waiting) push(d, c)
        })
      }
      queue.push([direction, chunk])
      return
    }
    if (direction === 'in') {
      inbound ??= parser('in', create)
      inbound.push(chunk)
    } else {
      outbound ??= parser('out', create)
      outbound.push(chunk)
    }
  }
  const feed = (direction: 'in' | 'out', data: unknown) => {
    if (listeners.size === 0) {
      inbound = outbound = undefined
      queue = undefined
      return
    }
    const chunk =
      typeof data === 'string' || data instanceof Uint8Array || data instanceof ArrayBuffer
        ? data
        : ArrayBuffer.isView(data)
          ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
          : undefined
    if (chunk === undefined) return
    push(direction, chunk)
  }
  let onmessage: StompSocketLike['onmessage'] = null
  const wrapper = {
    get onmessage() {
      return onmessage
    },
    set onmessage(fn: StompSocketLike['onmessage']) {
      onmessage = fn
      socket.onmessage = fn
        ? (ev: { data?: unknown }) => {
            // Reading ev.data only when someone listens: it is a per-message cost otherwise.
            if (listeners.size > 0 || inbound || queue) feed('in', ev.data)
            return fn(ev)
          }
        : fn
    },
    send(data: Parameters<StompSocketLike['send']>[0]) {
      feed('out', data)
      socket.send(data)
    },
    close() {
      socket.close()
    },
  } as StompSocketLike
  // Everything else passes straight through to the real socket.
  for (const key of ['url', 'readyState'] as const) {
    Object.defineProperty(wrapper, key, { get: () => socket[key] })
  }
  for (const key of ['binaryType', 'onopen', 'onclose', 'onerror'] as const) {
    Object.defineProperty(wrapper, key, {
      get: () => socket[key],
      set: (value: unknown) => {
        ;(socket as Record<typeof key, unknown>)[key] = value
      },
    })
  }
  if (typeof socket.terminate === 'function') {
    wrapper.terminate = () => socket.terminate?.()
  }
  return wrapper
}
