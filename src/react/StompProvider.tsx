import { createElement, type ReactNode, useEffect, useMemo, useRef } from 'react'
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

const plainOptions = [
  'heartbeat',
  'reconnect',
  'messageLimit',
  'burstIntervalMs',
  'outboxLimit',
  'receiptTimeoutMs',
  'connectTimeoutMs',
  'onListenerError',
  'onWarning',
  'redact',
] as const satisfies readonly (keyof StompSessionOptions)[]

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
      url,
      webSocketFactory: hasFactory ? () => latest.current.webSocketFactory!() : undefined,
      connectHeaders: () => {
        const source = latest.current.connectHeaders
        return typeof source === 'function' ? source() : (source ?? {})
      },
      isAuthError: (frame) => (latest.current.isAuthError ?? defaultIsAuthError)(frame),
    })
  }, [url, external === undefined, hasFactory])
  const session = external ?? owned!

  // Plain-data options apply from the next connect; copying them is cheap and never reconnects.
  // Only those set: a prop left out keeps what the session has.
  useEffect(() => {
    if (!owned) return
    const p = latest.current as Record<string, unknown>
    owned.configure(
      Object.fromEntries(plainOptions.filter((k) => p[k] !== undefined).map((k) => [k, p[k]])),
    )
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

  // createElement, not JSX: the only element of the main entry would pull in react/jsx-runtime.
  return createElement(StompContext.Provider, { value: session }, children)
}
