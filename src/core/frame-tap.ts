import { headerRecord } from '../protocol/frame.js'
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

const alwaysRedacted = ['passcode', 'auth-token', 'authorization']

/** Masks credential headers; the result is what any listener, store or log ever sees. */
export function redactHeaders(
  headers: readonly (readonly [string, string])[],
  extra: readonly string[] = [],
): Record<string, string> {
  const secret = new Set([...alwaysRedacted, ...extra.map((h) => h.toLowerCase())])
  const out = headerRecord(headers)
  for (const k of Object.keys(out)) if (secret.has(k.toLowerCase())) out[k] = '••••'
  return out
}

export const emit = (listeners: ReadonlySet<FrameListener>, event: FrameEvent): void => {
  for (const l of listeners) l(event)
}

export type Direction = 'in' | 'out'
/** Turns one socket's traffic into events for the listeners. */
export type Feed = (direction: Direction, data: unknown) => void
type CreateFeed = typeof import('./frame-events.js').createFeed

// The frame parser and the event building are loaded only when the first frame listener attaches,
// so apps that never inspect frames do not ship them in their main bundle. Chunks seen while they
// load wait in a queue.
let createFeed: CreateFeed | undefined
let loading: Promise<unknown> | undefined
export const loadFrameParser = (): Promise<unknown> =>
  (loading ??= import('./frame-events.js').then((m) => {
    createFeed = m.createFeed
  }))

/**
 * Wraps a socket so every frame in and out can be shown to listeners. While nobody listens the
 * wrapper only forwards: no parsing, no allocation per frame.
 */
export function tapSocket(
  socket: StompSocketLike,
  listeners: ReadonlySet<FrameListener>,
  redact: () => readonly string[],
): StompSocketLike {
  let feed: Feed | undefined
  let queue: [Direction, unknown][] | undefined
  const push: Feed = (direction, data) => {
    feed ??= createFeed!(
      (event) => emit(listeners, event),
      (headers) => redactHeaders(headers, redact()),
    )
    feed(direction, data)
  }
  const tap: Feed = (direction, data) => {
    if (listeners.size === 0) {
      feed = queue = undefined
      return
    }
    if (createFeed) return push(direction, data)
    if (!queue) {
      queue = []
      void loadFrameParser().then(() => {
        const waiting = queue ?? []
        queue = undefined
        for (const [d, c] of waiting) push(d, c)
      })
    }
    queue.push([direction, data])
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
            if (listeners.size > 0 || feed || queue) tap('in', ev.data)
            return fn(ev)
          }
        : fn
    },
    send(data: Parameters<StompSocketLike['send']>[0]) {
      tap('out', data)
      socket.send(data)
    },
    close() {
      socket.close()
    },
  } as StompSocketLike
  // Everything else passes straight through to the real socket, reads and writes alike.
  for (const key of ['url', 'readyState', 'binaryType', 'onopen', 'onclose', 'onerror'] as const) {
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
