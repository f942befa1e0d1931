import { type ReactNode, useEffect, useMemo, useRef } from 'react'
import {
  createStompSession,
  isAuthErrorFrame as defaultIsAuthError,
  type StompSession,
  type StompSessionOptions,
} from '../core/index.js'
import { StompContext } from './context.js'
import { stableKey } from './stable-key.js'
import { useLatest } from './useLatest.js'

export interface StompProviderProps extends StompSessionOptions {
  /** Use this session instead of creating one: the provider starts it and never stops it. */
  session?: StompSession
  /** false: stay disconnected (status idle / disconnected). Default true. */
  enabled?: boolean
  children?: ReactNode
}

/**
 * Owns exactly one STOMP connection for its subtree. Re-rendering with new inline objects or
 * functions never reconnects (the latest values are used on the next connect); a changed `url`
 * does.
 */
export function StompProvider(props: StompProviderProps) {
  const { session: external, enabled = true, url, children } = props
  const latest = useLatest(props)
  const hasFactory = props.webSocketFactory !== undefined

  // biome-ignore lint/correctness/useExhaustiveDependencies: only url (and owning) make a new session; everything else is read through `latest`
  const owned = useMemo(() => {
    if (external) return null
    return createStompSession({
      ...(url ? { url } : {}),
      ...(hasFactory ? { webSocketFactory: () => latest.current.webSocketFactory!() } : {}),
      connectHeaders: () => {
        const source = latest.current.connectHeaders
        return typeof source === 'function' ? source() : (source ?? {})
      },
      isAuthError: (frame) => {
        const custom = latest.current.isAuthError
        return custom ? custom(frame) : defaultIsAuthError(frame)
      },
    })
  }, [url, external === undefined, hasFactory])
  const session = external ?? owned!

  // Plain-data options apply from the next connect; copying them is cheap and never reconnects.
  useEffect(() => {
    if (!owned) return
    const p = latest.current
    owned.configure({
      ...(p.heartbeat !== undefined ? { heartbeat: p.heartbeat } : {}),
      ...(p.reconnect !== undefined ? { reconnect: p.reconnect } : {}),
      ...(p.messageLimit !== undefined ? { messageLimit: p.messageLimit } : {}),
      ...(p.burstIntervalMs !== undefined ? { burstIntervalMs: p.burstIntervalMs } : {}),
      ...(p.outboxLimit !== undefined ? { outboxLimit: p.outboxLimit } : {}),
      ...(p.receiptTimeoutMs !== undefined ? { receiptTimeoutMs: p.receiptTimeoutMs } : {}),
      ...(p.connectTimeoutMs !== undefined ? { connectTimeoutMs: p.connectTimeoutMs } : {}),
      ...(p.onListenerError !== undefined ? { onListenerError: p.onListenerError } : {}),
      ...(p.onWarning !== undefined ? { onWarning: p.onWarning } : {}),
      ...(p.redact !== undefined ? { redact: p.redact } : {}),
    })
  })

  useEffect(() => {
    if (!enabled) return
    if (external) {
      external.start()
      return
    }
    return session.mount()
  }, [session, external, enabled])

  // New credentials after an auth failure reconnect; equal content (a new inline object) does not.
  const headers = props.connectHeaders
  const headersKey = typeof headers === 'function' ? 'function' : stableKey(headers)
  const seenKey = useRef(headersKey)
  useEffect(() => {
    if (seenKey.current === headersKey) return
    seenKey.current = headersKey
    const { connection } = session.store.getState()
    if (connection.status === 'failed' && connection.error?.kind === 'auth') session.reconnect()
  }, [headersKey, session])

  return <StompContext.Provider value={session}>{children}</StompContext.Provider>
}
