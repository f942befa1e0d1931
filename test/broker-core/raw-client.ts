// A raw STOMP client wired straight into an engine: it writes frame text and reads back parsed
// frames synchronously, so engine tests need no sockets and no waiting.
import type { BrokerEngine } from '../../src/broker-core/index.js'
import {
  createFrameParser,
  decodeUtf8,
  headerRecord,
  type StompFrame,
} from '../../src/protocol/index.js'

export interface RawClient {
  readonly id: string
  readonly frames: StompFrame[]
  readonly closed: { code: number; reason: string } | undefined
  readonly heartbeats: number
  send(data: string | Uint8Array): void
  /** Sends a frame built from a command, headers and body (no content-length unless given). */
  frame(command: string, headers?: Record<string, string>, body?: string): void
  connect(headers?: Record<string, string>): Record<string, string>
  commands(): string[]
  last(): { command: string; headers: Record<string, string>; body: string }
  /** Frames received since the last call. */
  take(): { command: string; headers: Record<string, string>; body: string }[]
  disconnectTransport(): void
}

export function rawClient(engine: BrokerEngine): RawClient {
  const frames: StompFrame[] = []
  let closed: { code: number; reason: string } | undefined
  let heartbeats = 0
  let taken = 0
  const parser = createFrameParser({
    // Larger than the broker's own limits: a MESSAGE adds headers to the SEND it carries.
    limits: { maxFrameSize: 64 * 1024 * 1024, maxHeaders: 1000, maxHeaderLength: 1 << 20 },
    onFrame: (f) => frames.push(f),
    onHeartbeat: () => heartbeats++,
    onError: (e) => {
      throw e
    },
  })
  const link = engine.connect({
    send: (data) => {
      if (closed) throw new Error('the engine sent on a closed transport')
      parser.push(data)
    },
    close: (code, reason) => {
      closed = { code, reason }
    },
  })
  const view = (f: StompFrame) => ({
    command: f.command,
    headers: headerRecord(f.headers),
    body: decodeUtf8(f.body),
  })
  const client: RawClient = {
    id: link.id,
    frames,
    get closed() {
      return closed
    },
    get heartbeats() {
      return heartbeats
    },
    send: (data) => link.receive(data),
    frame(command, headers = {}, body = '') {
      const lines = Object.entries(headers).map(([k, v]) => `${k}:${v}\n`)
      link.receive(`${command}\n${lines.join('')}\n${body}\0`)
    },
    connect(headers = {}) {
      client.frame('CONNECT', {
        'accept-version': '1.2',
        host: '/',
        'heart-beat': '0,0',
        ...headers,
      })
      return client.last().headers
    },
    commands: () => frames.map((f) => f.command),
    last: () => view(frames.at(-1) as StompFrame),
    take() {
      const out = frames.slice(taken).map(view)
      taken = frames.length
      return out
    },
    disconnectTransport: () => link.closed(),
  }
  return client
}

/** Deterministic pseudo-random numbers (xorshift32), so a failing fuzz case can be replayed. */
export function rng(seed: number): () => number {
  let x = seed >>> 0 || 1
  return () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return (x >>> 0) / 2 ** 32
  }
}
