import type { StompHeader } from '../protocol/index.js'

/**
 * A client mistake the broker answers with an ERROR frame, after which it closes the connection
 * (STOMP 1.2: "the server MUST then close the connection just after sending the ERROR frame").
 * `message` goes into the `message` header (one line), `detail` into the body.
 */
export class StompProtocolError extends Error {
  override readonly name = 'StompProtocolError'
  constructor(
    message: string,
    readonly detail: string,
    /** Extra ERROR headers, e.g. `version` when no protocol version matched. */
    readonly headers: readonly StompHeader[] = [],
  ) {
    super(message)
  }
}
