import type { StompHeader } from '../protocol/index.js'

/** A message on its way through the broker: what a SEND or `publish()` carried. */
export interface BrokerMessage {
  readonly destination: string
  /** content-type and the sender's own headers, copied into every MESSAGE. */
  readonly headers: readonly StompHeader[]
  readonly body: Uint8Array
  readonly redelivered: boolean
  /**
   * The body as text, computed once for all subscribers: `undefined` until needed, `null` when the
   * body is not valid UTF-8 (then it travels as a binary WebSocket message).
   */
  text?: string | null
}

// Headers that describe the SEND itself or that the MESSAGE sets: never copied from a SEND.
const NOT_COPIED = new Set([
  'destination',
  'transaction',
  'receipt',
  'content-length',
  'subscription',
  'message-id',
  'ack',
  'redelivered',
])

/** The headers of a SEND (or publish) that travel on to subscribers, first value winning. */
export function copiedHeaders(headers: readonly StompHeader[]): StompHeader[] {
  const seen = new Set<string>()
  const out: StompHeader[] = []
  for (const header of headers) {
    const name = header[0]
    if (NOT_COPIED.has(name) || seen.has(name)) continue
    seen.add(name)
    out.push(header)
  }
  return out
}
