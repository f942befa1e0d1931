import { DEFAULT_FRAME_LIMITS, type FrameLimits, type StompFrame } from '../protocol/index.js'
import type { AppHandlers } from './app.js'
import { type BrokerClock, systemClock } from './clock.js'

export interface BrokerLimits extends FrameLimits {
  /** Subscriptions one connection may hold. Default 1,000. */
  maxSubscriptions: number
  /** Messages one `/queue/…` keeps for consumers that have not taken them. Default 10,000. */
  maxQueuedMessages: number
}

export const DEFAULT_BROKER_LIMITS: Readonly<BrokerLimits> = Object.freeze({
  ...DEFAULT_FRAME_LIMITS,
  maxSubscriptions: 1000,
  maxQueuedMessages: 10_000,
})

/**
 * The broker's side of heart-beat negotiation, in the terms of the spec's `heart-beat: sx,sy`:
 * `outgoing` is the shortest interval at which the broker is willing to send heart-beats, and
 * `incoming` the interval at which it wants to hear from clients. The negotiated interval is the
 * larger of the two sides' values, so small defaults mean "whatever the client asks for".
 * https://stomp.github.io/stomp-specification-1.2.html#Heart-beating
 */
export interface HeartbeatOptions {
  /** Default 100 ms. 0: never send heart-beats. */
  outgoing?: number
  /** Default 100 ms. 0: never check the client. */
  incoming?: number
}

/** Who may connect: login → passcode, or a function deciding from the CONNECT credentials. */
export type BrokerUsers =
  | Readonly<Record<string, string>>
  | ((login: string | undefined, passcode: string | undefined) => boolean)

export interface FrameRecord {
  /** The connection id (`conn-1`, `conn-2`, … per broker). */
  connection: string
  direction: 'in' | 'out'
  frame: StompFrame
  /** `clock.now()` when the frame was parsed or sent. */
  at: number
  /** Set while the broker is silenced: the frame was received or produced, but not acted on or sent. */
  dropped?: true
}

export interface BrokerOptions extends Partial<BrokerLimits> {
  /** When set, CONNECT must carry a matching login and passcode. */
  users?: BrokerUsers
  /** Handlers for application destinations such as Spring's `/app/…`; see {@link AppHandler}. */
  app?: AppHandlers
  /** `false` turns heart-beats off in both directions. */
  heartbeat?: HeartbeatOptions | false
  /** The `server` header of CONNECTED. Default `react-stomp-kit`. */
  serverName?: string
  /** Time and interval timers (inject fake ones in tests). Default: the global ones. */
  clock?: BrokerClock
  /** Observes every frame in and out (the memory broker's `frames`). */
  onFrame?: (record: FrameRecord) => void
  /**
   * Told about failures inside the broker that a client only sees as an ERROR frame, such as an
   * application handler that threw. Default: `console.error`.
   */
  onError?: (error: unknown, context: string) => void
}

export interface ResolvedOptions {
  limits: BrokerLimits
  users: BrokerUsers | undefined
  heartbeat: { outgoing: number; incoming: number }
  serverName: string
  clock: BrokerClock
  onFrame: ((record: FrameRecord) => void) | undefined
  onError: (error: unknown, context: string) => void
}

const positive = (name: string, value: number | undefined, fallback: number): number => {
  if (value === undefined) return fallback
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative number, got ${value}.`)
  }
  return value
}

export function resolveOptions(options: BrokerOptions): ResolvedOptions {
  const d = DEFAULT_BROKER_LIMITS
  const limits: BrokerLimits = {
    maxFrameSize: positive('maxFrameSize', options.maxFrameSize, d.maxFrameSize),
    maxHeaders: positive('maxHeaders', options.maxHeaders, d.maxHeaders),
    maxHeaderLength: positive('maxHeaderLength', options.maxHeaderLength, d.maxHeaderLength),
    maxSubscriptions: positive('maxSubscriptions', options.maxSubscriptions, d.maxSubscriptions),
    maxQueuedMessages: positive(
      'maxQueuedMessages',
      options.maxQueuedMessages,
      d.maxQueuedMessages,
    ),
  }
  const hb = options.heartbeat
  return {
    limits,
    users: options.users,
    heartbeat:
      hb === false
        ? { outgoing: 0, incoming: 0 }
        : {
            outgoing: positive('heartbeat.outgoing', hb?.outgoing, 100),
            incoming: positive('heartbeat.incoming', hb?.incoming, 100),
          },
    serverName: options.serverName ?? 'react-stomp-kit',
    clock: options.clock ?? systemClock,
    onFrame: options.onFrame,
    onError:
      options.onError ??
      ((error, context) => console.error(`react-stomp-kit broker: ${context}`, error)),
  }
}
