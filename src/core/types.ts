import type { IFrame, IStompSocket } from '@stomp/stompjs'

/** Where the one connection of a session stands. String states, never boolean combinations. */
export type ConnectionStatus =
  | 'idle'
  | 'connecting'
  | 'connected'
  | 'reconnecting'
  | 'disconnected'
  | 'failed'

export type StompErrorKind = 'auth' | 'protocol' | 'socket' | 'timeout'

export interface StompErrorInfo {
  kind: StompErrorKind
  message: string
  /** Headers of the ERROR frame, when the error came from one (credentials never appear here). */
  headers?: Record<string, string>
  /** Body of the ERROR frame, as text. */
  body?: string
}

/** What the broker said about itself in CONNECTED. */
export interface ServerInfo {
  version?: string
  session?: string
  server?: string
  heartBeat?: string
}

export interface ConnectionState {
  status: ConnectionStatus
  /** Reconnect attempts since the last successful connect. */
  attempt: number
  error?: StompErrorInfo
  server?: ServerInfo
  /** When the next automatic attempt is due (epoch ms), while `reconnecting`. */
  nextRetryAt?: number
}

export type AckMode = 'auto' | 'client' | 'client-individual'

/** `subscribing` until the SUBSCRIBE is on an open connection (or its RECEIPT arrived). */
export type SubscriptionStatus = 'inactive' | 'subscribing' | 'active'

export interface StompMessage<T = unknown> {
  /** The `message-id` header. */
  readonly id: string
  readonly destination: string
  readonly subscription: string
  readonly headers: Readonly<Record<string, string>>
  /** The decoded body; `undefined` when `decodeError` is set (the raw text stays in `text`). */
  readonly body: T
  readonly text: string
  /** The raw bytes, for bodies that arrived as binary. */
  readonly binaryBody?: Uint8Array
  readonly receivedAt: number
  readonly decodeError?: Error
  /** For `client` and `client-individual` subscriptions. */
  ack(): void
  nack(): void
}

export type Headers = Record<string, string>

export type ConnectHeaders = Headers | (() => Headers | Promise<Headers>)

export interface HeartbeatOptions {
  /** How often the broker must show activity (ms); 0 disables the check. */
  incoming?: number
  /** How often we send a heart-beat (ms); 0 disables. */
  outgoing?: number
}

export interface ReconnectOptions {
  initialDelayMs?: number
  maxDelayMs?: number
  /** Growth per attempt. */
  factor?: number
  /** 0..1: the share of each delay that is randomized, so a fleet of clients does not reconnect in step. */
  jitter?: number
}

/** Anything @stomp/stompjs accepts as a socket: a browser WebSocket, a `ws` WebSocket, SockJS. */
export type StompSocketLike = IStompSocket

export interface StompSessionOptions {
  /** Broker endpoint, e.g. ws://127.0.0.1:15674/ws. Ignored when `webSocketFactory` is given. */
  url?: string
  /** Creates the socket for each (re)connect: SockJS, a `ws` WebSocket in Node, a memory broker. */
  webSocketFactory?: () => StompSocketLike
  /** Sent with CONNECT; a function is called before every (re)connect, and may be async (token refresh). */
  connectHeaders?: ConnectHeaders
  heartbeat?: HeartbeatOptions | false
  reconnect?: ReconnectOptions | false
  /** Messages kept in the store per subscription. Default 500. */
  messageLimit?: number
  /**
   * While messages keep arriving, the store (and so React) is updated at most this often (ms);
   * a message after a quiet moment is shown on the next animation frame. Default 50; 0 updates on
   * every frame (tickers, games), at the cost of rendering more during bursts.
   */
  burstIntervalMs?: number
  /** Publishes held while offline. Default 1,000. */
  outboxLimit?: number
  /** How long a publish with `receipt: true` waits for the RECEIPT, from the moment it is written. Default 10 s. */
  receiptTimeoutMs?: number
  /** How long a connect may take from opening the socket to CONNECTED. Default 15 s. */
  connectTimeoutMs?: number
  /** Decides which ERROR frames mean bad credentials (status `failed`, no automatic retry). */
  isAuthError?: (frame: IFrame) => boolean
  /**
   * Told about input the kit could not use but that is not an error of the connection, such as a
   * MESSAGE for a subscription it never made. Default: console.warn.
   */
  onWarning?: (message: string) => void
  /** More header names the frame tap masks, besides passcode, auth-token and Authorization. */
  redact?: string[]
  /** Called when an `onMessage` listener throws; the default logs with console.error. */
  onListenerError?: (error: unknown) => void
}

export interface SubscribeOptions {
  headers?: Headers
  ack?: AckMode
  /** Messages kept in the store for this subscription (the largest asked for wins); 0 keeps none. */
  limit?: number
  /** Ask the broker for a RECEIPT for the SUBSCRIBE; status turns `active` when it arrives. */
  receipt?: boolean
  /**
   * Identity of a non-shared (`client`/`client-individual`) subscriber that may come and go, such
   * as a React component under StrictMode. Subscribers with the same owner share one SUBSCRIBE.
   */
  owner?: string
}

export interface PublishOptions {
  headers?: Headers
  /** Wait for the broker's RECEIPT before resolving. */
  receipt?: boolean
  /** Receipt timeout (ms), counted from the moment the frame is written. */
  timeoutMs?: number
  signal?: AbortSignal
}

export type MessageListener<T = unknown> = (message: StompMessage<T>) => void
