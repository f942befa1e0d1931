import { useEffect, useId, useMemo, useRef } from 'react'
import { useStore } from 'zustand'
import type {
  AckMode,
  StompMessage,
  StompStoreState,
  SubscribeOptions,
  SubscriptionStatus,
} from '../core/index.js'
import { useSessionFor } from './context.js'
import { stableKey } from './stable-key.js'
import { useLatest } from './useLatest.js'

export interface UseSubscriptionOptions<T> {
  /** Selector and broker headers (e.g. `selector`, `durable`, `x-queue-name`); part of the identity. */
  headers?: Record<string, string>
  ack?: AckMode
  /** Replaces the default decoding (JSON for JSON content-types, else text). A throw becomes `decodeError`. */
  decode?: (message: StompMessage<unknown>) => T
  /** Called for every new message; the latest callback is used and changing it never resubscribes. */
  onMessage?: (message: StompMessage<T>) => void
  /** Messages returned (and kept in the store) for this subscription; 0 keeps none (use `onMessage`). */
  limit?: number
  /** Wait for the broker's RECEIPT of the SUBSCRIBE before reporting `active`. */
  receipt?: boolean
}

export interface SubscriptionResult<T> {
  messages: readonly StompMessage<T>[]
  lastMessage?: StompMessage<T>
  status: SubscriptionStatus
}

const EMPTY: readonly StompMessage[] = Object.freeze([])

function applyDecode<T>(
  message: StompMessage,
  decode: (message: StompMessage<unknown>) => T,
): StompMessage<T> {
  try {
    const { decodeError: _ignored, ...rest } = message
    return { ...rest, body: decode(message) }
  } catch (error) {
    return {
      ...message,
      body: undefined as T,
      decodeError: error instanceof Error ? error : new Error(String(error)),
    }
  }
}

/**
 * Subscribes while mounted (a null destination subscribes to nothing). Components on the same
 * destination and headers share one broker SUBSCRIBE; the component re-renders only when this
 * subscription's messages or status change.
 */
export function useSubscription<T = unknown>(
  destination: string | null | undefined,
  options: UseSubscriptionOptions<T> = {},
): SubscriptionResult<T> {
  const session = useSessionFor('useSubscription')
  const { headers, ack = 'auto', limit, receipt = false } = options
  const owner = useId()
  const headersKey = stableKey(headers)
  const latest = useLatest(options)

  // Keyed by content, so an inline headers object does not resubscribe.
  // biome-ignore lint/correctness/useExhaustiveDependencies: headersKey stands for headers
  const subscribeOptions = useMemo<SubscribeOptions>(
    () => ({ headers, ack, receipt, owner, limit }),
    [headersKey, ack, limit, receipt, owner],
  )
  const key = destination ? session.subscriptionKey(destination, subscribeOptions) : undefined

  useEffect(() => {
    if (!destination) return
    return session.subscribe(
      destination,
      (message) => {
        const { onMessage, decode } = latest.current
        if (!onMessage) return
        onMessage(decode ? applyDecode(message, decode) : (message as StompMessage<T>))
      },
      subscribeOptions,
    )
  }, [session, destination, subscribeOptions, latest])

  const stored = useStore(
    session.store,
    // limit 0 never reads the store, so a hook beside it that keeps messages does not re-render it.
    useMemo(
      () => (s: StompStoreState) => (key && limit !== 0 ? (s.messages[key] ?? EMPTY) : EMPTY),
      [key, limit],
    ),
  )
  const status = useStore(
    session.store,
    useMemo(
      () => (s: StompStoreState) =>
        key ? (s.subscriptions[key] ?? 'subscribing') : ('inactive' as const),
      [key],
    ),
  )

  // Custom decoding runs once per message, not once per render.
  const decoded = useRef(new WeakMap<StompMessage, StompMessage<T>>())
  const messages = useMemo(() => {
    // limit 0 reads EMPTY from the selector, so slice(-0) (the whole list) is never reached.
    const window = limit !== undefined && stored.length > limit ? stored.slice(-limit) : stored
    const decode = latest.current.decode
    if (!decode) return window as readonly StompMessage<T>[]
    return window.map((m) => {
      let d = decoded.current.get(m)
      if (!d) {
        d = applyDecode(m, decode)
        decoded.current.set(m, d)
      }
      return d
    })
  }, [stored, limit, latest])

  const lastMessage = messages[messages.length - 1]
  return lastMessage ? { messages, lastMessage, status } : { messages, status }
}
