import { ActivationState, Client, type IFrame, TickerStrategy } from '@stomp/stompjs'
import { isAuthErrorFrame } from './auth-error.js'
import { reconnectDelay } from './backoff.js'
import { burstSchedule } from './burst-schedule.js'
import { encodeBody } from './codec.js'
import { emit, type FrameListener, loadFrameParser, tapSocket } from './frame-tap.js'
import { createId } from './id.js'
import { createOutbox } from './outbox.js'
import { createStompStore, MessageBuffer, type StompStore } from './store.js'
import { createSubscriptionRegistry, type SubscriptionInfo } from './subscription-registry.js'
import type {
  ConnectionState,
  Headers,
  MessageListener,
  PublishOptions,
  StompErrorInfo,
  StompMessage,
  StompSessionOptions,
  StompSocketLike,
  SubscribeOptions,
} from './types.js'

export interface Transaction {
  readonly id: string
  publish(destination: string, body: unknown, options?: { headers?: Headers }): void
  ack(message: StompMessage): void
  nack(message: StompMessage): void
}

export interface StompSession {
  /** The underlying @stomp/stompjs Client (an escape hatch; the session owns its lifecycle). */
  readonly client: Client
  /** Vanilla zustand store: connection state, messages per subscription key, outbox. */
  readonly store: StompStore
  /** Connects (idempotent). */
  start(): void
  /** Sends DISCONNECT and closes (idempotent). Publishes still waiting are rejected. */
  stop(): Promise<void>
  /** Tries again now: after an auth failure once credentials changed, or to skip a backoff wait. */
  reconnect(): void
  /**
   * Starts the session and returns a release function; the session stops a tick after the last
   * release, so React StrictMode's mount → unmount → mount keeps one connection.
   */
  mount(): () => void
  /** Replaces options; they apply from the next connect. */
  configure(options: Partial<StompSessionOptions>): void
  subscribe<T = unknown>(
    destination: string,
    listener: MessageListener<T>,
    options?: SubscribeOptions,
  ): () => void
  /** Subscriptions held now: key, destination, SUBSCRIBE id, ack mode, number of subscribers. */
  subscriptions(): SubscriptionInfo[]
  /** The store key under which messages of that subscription are kept. */
  subscriptionKey(destination: string, options?: SubscribeOptions): string
  publish(destination: string, body: unknown, options?: PublishOptions): Promise<void>
  /** BEGIN, the frames the callback sends, COMMIT; ABORT if the callback throws. */
  transaction(run: (tx: Transaction) => void | Promise<void>): Promise<void>
  /**
   * The frame tap: every frame in and out, heart-beats and state changes, credentials already
   * masked. Costs nothing while nobody listens. Returns the unsubscribe function.
   */
  onFrame(listener: FrameListener): () => void
}

type Timer = ReturnType<typeof setTimeout>

const NO_URL = 'createStompSession needs `url` (ws://…) or `webSocketFactory`.'

function openWebSocket(url: string | undefined): StompSocketLike {
  if (!url) throw new TypeError(NO_URL)
  const WS = (globalThis as { WebSocket?: new (u: string, p: string[]) => StompSocketLike })
    .WebSocket
  if (typeof WS !== 'function') {
    throw new Error(
      'No global WebSocket (Node 20 has none): pass webSocketFactory, e.g. with the ws package.',
    )
  }
  return new WS(url, ['v12.stomp', 'v11.stomp', 'v10.stomp'])
}

// A socket that only reports that it closed, for when the factory itself threw: stompjs would
// otherwise reject inside its own promise, where nothing can catch it.
function closedSocket(reason: string): StompSocketLike {
  // stompjs sets the handlers; the rest of a socket is never read before it closes.
  const socket = { readyState: 0, send() {}, close() {} } as unknown as StompSocketLike
  setTimeout(() => {
    ;(socket as { readyState: number }).readyState = 3
    socket.onclose?.({ code: 1006, reason, wasClean: false })
  }, 0)
  return socket
}

const canUseWorkerTicker = () =>
  typeof Worker === 'function' &&
  typeof Blob === 'function' &&
  typeof globalThis.URL?.createObjectURL === 'function'

const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T

const messageOf = (error: unknown) => (error as Error)?.message ?? String(error)

/** One STOMP connection with its subscriptions, outbox and store; no React needed. */
export function createStompSession(options: StompSessionOptions): StompSession {
  if (!options.url && !options.webSocketFactory) throw new TypeError(NO_URL)
  let opts: StompSessionOptions = { ...options }
  const store = createStompStore()
  const connection = () => store.getState().connection
  const buffer = new MessageBuffer(
    store,
    burstSchedule(() => opts.burstIntervalMs ?? 50),
  )
  const listeners = new Set<FrameListener>()
  // reconnectDelay 0: stompjs never reconnects by itself; the session owns backoff, jitter and
  // the rule that an auth failure is not retried.
  const client = new Client({
    reconnectDelay: 0,
    discardWebsocketOnCommFailure: true,
    heartbeatToleranceMultiplier: 2,
    debug: () => {},
    // Nobody reads stompjs's debug output; without this it still serializes the headers of every
    // received frame into a log line (`<<< ${frame}`), about 5 % of the receive path at 100 B.
    // The price: a binary (ArrayBuffer) frame is decoded as text for that unread line instead,
    // about 10 µs per 64 KiB in Node, against ~2 ms for stompjs's byte-by-byte parse of it.
    logRawCommunication: true,
  })
  let counter = 0
  let started = false
  let failed = false
  let mounts = 0
  let unmountTimer: Timer | undefined
  let retryTimer: Timer | undefined
  let connectTimer: Timer | undefined
  let connectedThisSocket = false
  let retryNow = false
  let pendingError: StompErrorInfo | undefined
  let stopping: Promise<void> | undefined
  let detachWindow: (() => void) | undefined

  // Subscription and receipt ids carry a per-session tag, so two sessions on one broker (tabs,
  // tests) can be told apart in its consumer list (RabbitMQ shows consumer tag T_<id>).
  const tag = createId().slice(0, 8)
  const nextId = (prefix: string) => `${prefix}-${tag}-${++counter}`
  // Options are read at call time: the provider passes them through configure().
  const deps = { client, store, buffer, nextId, options: () => opts }
  const registry = createSubscriptionRegistry(deps)
  const outbox = createOutbox(deps)

  const warn = (message: string) =>
    (opts.onWarning ?? ((m: string) => console.warn(`react-stomp-kit: ${m}`)))(message)

  const setConnection = (patch: Partial<ConnectionState>) => {
    const prev = connection()
    // The stored state never holds undefined values, so a patch changes it iff one of its own
    // values differs.
    if (!Object.entries(patch).some(([k, v]) => prev[k as keyof ConnectionState] !== v)) return
    const next = defined({ ...prev, ...patch })
    store.setState({ connection: next })
    if (next.status !== prev.status && listeners.size > 0) {
      emit(listeners, { type: 'state', status: next.status, attempt: next.attempt, at: Date.now() })
    }
  }
  const fresh = (status: ConnectionState['status'], more?: Partial<ConnectionState>) =>
    setConnection({ status, attempt: 0, error: undefined, nextRetryAt: undefined, ...more })

  const clearConnectTimer = () => {
    clearTimeout(connectTimer)
    connectTimer = undefined
  }

  const open = () => {
    const socket = client.webSocket
    if (
      client.state === ActivationState.DEACTIVATING ||
      (socket !== undefined && socket.readyState !== 3)
    ) {
      // A socket is still closing. Letting stompjs remember an activate() would race our own
      // retry in onClosed; instead onClosed reopens at once when the socket is gone.
      retryNow = true
      return
    }
    // Active with no socket (after a close; stompjs does not reconnect with reconnectDelay 0):
    // deactivate is then immediate.
    if (client.state !== ActivationState.INACTIVE) void client.deactivate()
    client.activate()
  }

  const fail = (error: StompErrorInfo) => {
    failed = true
    // Not the unmount timer: a provider released in this tick must still stop the session.
    clearTimeout(retryTimer)
    clearConnectTimer()
    retryTimer = undefined
    setConnection({ status: 'failed', error, nextRetryAt: undefined })
    // RabbitMQ keeps the socket open for 60 s after refusing a login; close it ourselves.
    void client.deactivate()
  }

  const onClosed = (event: { code?: number; reason?: string }) => {
    clearConnectTimer()
    registry.onDisconnected()
    outbox.onDisconnected()
    if (!started || failed) return
    const error: StompErrorInfo = pendingError ?? {
      kind: 'socket',
      message: `The connection closed${connectedThisSocket ? '' : ' before CONNECTED'} (code ${event.code ?? 'unknown'}${event.reason ? `: ${event.reason}` : ''}).`,
    }
    pendingError = undefined
    const policy = opts.reconnect
    if (policy === false && !retryNow) {
      started = false
      detachWindow?.()
      outbox.rejectAll(
        `Not sent: the connection closed and reconnect is disabled (${error.message})`,
      )
      setConnection({ status: 'disconnected', error, nextRetryAt: undefined })
      return
    }
    const attempt = connection().attempt + 1
    const delay = retryNow ? 0 : reconnectDelay(attempt, policy || {})
    retryNow = false
    setConnection({ status: 'reconnecting', attempt, error, nextRetryAt: Date.now() + delay })
    retryTimer = setTimeout(() => {
      retryTimer = undefined
      if (started && !failed) open()
    }, delay)
  }

  client.webSocketFactory = () => {
    let socket: StompSocketLike
    try {
      socket = (opts.webSocketFactory ?? (() => openWebSocket(opts.url)))()
    } catch (error) {
      const message = messageOf(error)
      fail({ kind: 'socket', message: `Could not create the WebSocket: ${message}` })
      return closedSocket(message)
    }
    const timeoutMs = opts.connectTimeoutMs ?? 15_000
    connectTimer = setTimeout(() => {
      connectTimer = undefined
      if (connectedThisSocket) return
      pendingError = {
        kind: 'timeout',
        message: `No CONNECTED from the broker within ${timeoutMs} ms; retrying.`,
      }
      client.forceDisconnect()
    }, timeoutMs)
    return tapSocket(socket, listeners, () => opts.redact ?? [])
  }

  client.beforeConnect = async () => {
    connectedThisSocket = false
    pendingError = undefined
    const heartbeat = opts.heartbeat === false ? { incoming: 0, outgoing: 0 } : opts.heartbeat
    client.heartbeatIncoming = heartbeat?.incoming ?? 10_000
    client.heartbeatOutgoing = heartbeat?.outgoing ?? 10_000
    // Browsers throttle timers in background tabs; a Worker keeps outgoing heart-beats on time.
    client.heartbeatStrategy = canUseWorkerTicker()
      ? TickerStrategy.Worker
      : TickerStrategy.Interval
    const source = opts.connectHeaders
    try {
      client.connectHeaders = { ...(typeof source === 'function' ? await source() : source) }
    } catch (error) {
      pendingError = {
        kind: 'auth',
        message: `connectHeaders() failed: ${messageOf(error)}. Retrying; fix the credential source or call reconnect().`,
      }
      // Marking the client inactive makes stompjs skip this connect; then retry like any close.
      await client.deactivate()
      onClosed({ code: 0 })
    }
  }

  client.onConnect = (frame) => {
    clearConnectTimer()
    connectedThisSocket = true
    const h = frame.headers
    // Subscriptions first, then the outbox: a publish made offline must not overtake the
    // SUBSCRIBE that would receive its reply. Both before 'connected' is announced, so a listener
    // that subscribes on 'connected' cannot get its SUBSCRIBE sent twice.
    registry.onConnected()
    outbox.flush()
    fresh('connected', {
      server: defined({
        version: h.version,
        session: h.session,
        server: h.server,
        heartBeat: h['heart-beat'],
      }),
    })
  }

  client.onStompError = (frame: IFrame) => {
    outbox.onErrorFrame(frame)
    const message = frame.headers.message ?? 'The broker sent an ERROR frame'
    const body = frame.body?.trim()
    const info = (kind: StompErrorInfo['kind']): StompErrorInfo => ({
      kind,
      message: body ? `${message}: ${body}` : message,
      headers: { ...(frame.headers as Record<string, string>) },
      ...(body ? { body } : {}),
    })
    if (!connectedThisSocket) {
      // An ERROR instead of CONNECTED is fatal: retrying the same credentials cannot succeed.
      fail(info((opts.isAuthError ?? isAuthErrorFrame)(frame) ? 'auth' : 'protocol'))
      return
    }
    // After CONNECTED the broker closes the socket after an ERROR; the close then reconnects.
    pendingError = info('protocol')
    setConnection({ error: pendingError })
  }

  client.onWebSocketClose = onClosed

  client.onHeartbeatLost = () => {
    pendingError = {
      kind: 'timeout',
      message: `No heart-beat from the broker for ${client.heartbeatIncoming * client.heartbeatToleranceMultiplier} ms; reconnecting.`,
    }
  }

  client.onUnhandledMessage = (message) => {
    const id = message.headers.subscription
    if (registry.wasReleased(id)) return
    warn(
      `A MESSAGE for unknown subscription "${id ?? '(none)'}" (${message.headers.destination ?? '?'}) was not delivered: subscribe through the session, not session.client.`,
    )
  }

  // Receipts we stopped waiting for (a timed-out publish) are expected; say so only in a warning.
  client.onUnhandledReceipt = (frame) =>
    warn(`A RECEIPT (${frame.headers['receipt-id']}) came after nobody waited for it.`)

  const start = () => {
    if (started) return
    started = true
    failed = false
    // A stop() still closing the old socket must not report 'disconnected' over this start.
    stopping = undefined
    fresh('connecting')
    watchWindow()
    open()
  }

  const reconnect = () => {
    if (!started) return start()
    failed = false
    clearTimeout(retryTimer)
    retryTimer = undefined
    const socket = client.webSocket
    if (socket && (socket.readyState === 0 || socket.readyState === 1)) {
      // Closing leads to onClosed, which retries at once because of retryNow.
      retryNow = true
      client.forceDisconnect()
      return
    }
    setConnection({
      status: connection().attempt > 0 ? 'reconnecting' : 'connecting',
      nextRetryAt: undefined,
    })
    open()
  }

  // A page that comes back online or to the foreground should not sit out a long backoff.
  const watchWindow = () => {
    const w = globalThis as {
      addEventListener?: (type: string, fn: () => void) => void
      removeEventListener?: (type: string, fn: () => void) => void
      document?: Document
    }
    if (typeof w.addEventListener !== 'function' || !w.document) return
    detachWindow?.()
    const retry = () => {
      if (w.document?.visibilityState === 'hidden') return
      if (connection().status === 'reconnecting' && retryTimer) reconnect()
    }
    w.addEventListener('online', retry)
    w.document.addEventListener('visibilitychange', retry)
    detachWindow = () => {
      w.removeEventListener?.('online', retry)
      w.document?.removeEventListener('visibilitychange', retry)
      detachWindow = undefined
    }
  }

  const stop = (): Promise<void> => {
    if (stopping) return stopping
    const stopped =
      'Session stopped before this publish was sent (provider unmounted or stop() called).'
    if (!started && client.state === ActivationState.INACTIVE) {
      outbox.rejectAll(stopped)
      if (connection().status !== 'idle') {
        setConnection({ status: 'disconnected', nextRetryAt: undefined })
      }
      return Promise.resolve()
    }
    started = failed = false
    for (const t of [retryTimer, connectTimer, unmountTimer]) clearTimeout(t)
    retryTimer = connectTimer = unmountTimer = undefined
    detachWindow?.()
    outbox.rejectAll(stopped)
    const done = (async () => {
      const closed = client.deactivate()
      // A broker that never answers DISCONNECT must not hold the page: stompjs waits for its
      // RECEIPT before it closes the socket.
      let timer: Timer | undefined
      const late = await Promise.race([
        closed.then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), 2000)
        }),
      ])
      clearTimeout(timer)
      // start() may have been called meanwhile; then the new connection is not ours to touch.
      if (started) return
      if (late) await client.deactivate({ force: true })
      buffer.flush()
      fresh('disconnected')
    })()
    const s = done.finally(() => {
      if (stopping === s) stopping = undefined
    })
    stopping = s
    return s
  }

  return {
    client,
    store,
    start,
    stop,
    reconnect,
    mount() {
      mounts += 1
      clearTimeout(unmountTimer)
      unmountTimer = undefined
      start()
      let released = false
      return () => {
        if (released) return
        released = true
        mounts -= 1
        if (mounts > 0) return
        unmountTimer = setTimeout(() => {
          unmountTimer = undefined
          if (mounts === 0) void stop()
        }, 0)
      }
    },
    configure(options) {
      opts = { ...opts, ...options }
    },
    subscribe: (destination, listener, options) =>
      registry.subscribe(destination, listener as MessageListener, options),
    subscriptions: () => registry.list(),
    subscriptionKey: (destination, options) => registry.keyOf(destination, options),
    publish(destination, body, options) {
      // Idle sessions queue (a child's effect runs before its provider's); a stopped one never sends.
      if (!started && connection().status === 'disconnected') {
        return Promise.reject(
          new Error(
            `publish to ${destination}: the session is disconnected and not reconnecting; call start() or reconnect().`,
          ),
        )
      }
      return outbox.publish(destination, body, options)
    },
    async transaction(run) {
      if (!client.connected) {
        throw new Error('transaction() needs an open connection: wait for status "connected".')
      }
      const id = `tx-${++counter}`
      const stompTx = client.begin(id)
      const ackArgs = (message: StompMessage) =>
        [message.headers.ack ?? message.id, message.subscription, { transaction: id }] as const
      try {
        await run({
          id,
          publish: (destination, body, o) => {
            const encoded = encodeBody(body, o?.headers)
            const headers = encoded.headers
            headers['client-message-id'] ||= createId()
            headers.transaction = id
            client.publish({ ...encoded, destination })
          },
          ack: (message) => client.ack(...ackArgs(message)),
          nack: (message) => client.nack(...ackArgs(message)),
        })
      } catch (error) {
        // If the connection is gone the broker has already discarded the transaction; ABORT is
        // then impossible and unnecessary, and the callback's error is the one worth reporting.
        if (client.connected) stompTx.abort()
        throw error
      }
      stompTx.commit()
    },
    onFrame(listener) {
      void loadFrameParser()
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
  }
}
