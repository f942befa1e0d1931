import { StompProtocolError } from './errors.js'

export interface Heartbeat {
  /** How often the broker must send something (ms); 0: never. */
  send: number
  /** How often the client must send something (ms); 0: not checked. */
  expect: number
}

/**
 * Negotiates from the client's `heart-beat: cx,cy` and the broker's own values: each direction
 * runs at the larger of what the sender can do and what the receiver wants, or not at all when
 * either side says 0 (STOMP 1.2 §Heart-beating).
 */
export function negotiateHeartbeat(
  header: string | undefined,
  broker: { outgoing: number; incoming: number },
): Heartbeat {
  if (header === undefined) return { send: 0, expect: 0 }
  const m = /^\s*(\d+)\s*,\s*(\d+)\s*$/.exec(header)
  if (!m) {
    throw new StompProtocolError(
      'Bad heart-beat header',
      `heart-beat must be two non-negative integers "cx,cy" in milliseconds, got ${JSON.stringify(header)}.`,
    )
  }
  const cx = Number(m[1])
  const cy = Number(m[2])
  return {
    send: broker.outgoing > 0 && cy > 0 ? Math.max(broker.outgoing, cy) : 0,
    expect: broker.incoming > 0 && cx > 0 ? Math.max(broker.incoming, cx) : 0,
  }
}

/** A client that has sent nothing for this many expected intervals is considered gone. */
export const HEARTBEAT_TOLERANCE = 2
