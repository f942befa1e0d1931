import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react'
import {
  createId,
  type StompMessage,
  useConnectionState,
  usePublish,
  useSubscription,
} from '../../index.js'
import { RoomModel, type RoomSnapshot } from './room-model.js'
import type { ChatMessage, ChatRoomProps } from './types.js'
import { parseChatMessage } from './wire.js'

export interface ChatRoomApi {
  snapshot: RoomSnapshot
  send: (text: string) => void
  retry: (id: string) => void
  remove: (id: string) => void
  loadOlder: () => void
}

const DEFAULT_LIMIT = 5_000

/** Subscribes, publishes and loads history for one room; the state lives in a RoomModel. */
export function useChatRoom(props: ChatRoomProps): ChatRoomApi {
  const {
    destination,
    publishDestination,
    user,
    historyLoader,
    messageLimit = DEFAULT_LIMIT,
    receipts = true,
    sendTimeoutMs = 10_000,
  } = props
  const [model] = useState(() => new RoomModel(messageLimit))
  model.limit = messageLimit
  useEffect(() => () => model.dispose(), [model])
  const snapshot = useSyncExternalStore(model.subscribe, model.getSnapshot, model.getSnapshot)

  const onMessage = useCallback(
    (message: StompMessage) => {
      const parsed = message.decodeError
        ? { error: `undecodable body (${message.decodeError.message})` }
        : parseChatMessage(message.body)
      if ('error' in parsed) {
        // Never a silent drop: a message that is not in the chat wire format is reported.
        console.warn(
          `ChatRoom: ignored a message on ${message.destination} that is not a chat message: ${parsed.error}. Expected JSON { id, text, author: { id, name }, sentAt }.`,
        )
        return
      }
      model.receive(parsed)
    },
    [model],
  )
  // The room keeps its own list: limit 0 stores nothing, so store batches never re-render it.
  useSubscription(destination, { onMessage, limit: 0 })

  const publish = usePublish<ChatMessage>(publishDestination ?? destination)
  const echoTimers = useRef(new Map<string, ReturnType<typeof setTimeout>>())
  useEffect(() => {
    const timers = echoTimers.current
    return () => {
      for (const t of timers.values()) clearTimeout(t)
    }
  }, [])

  const transmit = useCallback(
    (message: ChatMessage) => {
      publish(message, {
        headers: { 'client-message-id': message.id },
        receipt: receipts,
        timeoutMs: sendTimeoutMs,
      }).then(
        () => {
          if (receipts) return model.setStatus(message.id, 'sent')
          // Without receipts only the echo confirms; a missing echo means the broker dropped it.
          const timer = setTimeout(() => {
            echoTimers.current.delete(message.id)
            if (model.get(message.id)?.status === 'pending') {
              model.setStatus(message.id, 'failed', 'No echo from the broker in time.')
            }
          }, sendTimeoutMs)
          echoTimers.current.set(message.id, timer)
        },
        (error: unknown) => {
          model.setStatus(
            message.id,
            'failed',
            error instanceof Error ? error.message : String(error),
          )
        },
      )
    },
    [publish, receipts, sendTimeoutMs, model],
  )

  const send = useCallback(
    (text: string) => {
      const message: ChatMessage = {
        id: createId(),
        text,
        author: user.avatarUrl
          ? { id: user.id, name: user.name, avatarUrl: user.avatarUrl }
          : { id: user.id, name: user.name },
        sentAt: new Date().toISOString(),
      }
      model.addOwn(message)
      transmit(message)
    },
    [user.id, user.name, user.avatarUrl, model, transmit],
  )

  const retry = useCallback(
    (id: string) => {
      const message = model.retry(id)
      // The same id goes out again, so receivers that got the first copy de-duplicate it.
      if (message) transmit(message)
    },
    [model, transmit],
  )
  const remove = useCallback((id: string) => model.remove(id), [model])

  const loader = useRef(historyLoader)
  loader.current = historyLoader

  const loadLatest = useCallback(async () => {
    const load = loader.current
    if (!load) return
    model.setLoading('latest')
    try {
      const page = await load()
      model.mergeLatest(page.messages, page.hasMore)
    } catch (error) {
      model.setLoading('idle', error instanceof Error ? error.message : String(error))
    }
  }, [model])

  const loadOlder = useCallback(async () => {
    const load = loader.current
    const { hasMore, loading, entries } = model.getSnapshot()
    if (!load || !hasMore || loading !== 'idle') return
    model.setLoading('older')
    try {
      const page = await load(entries[0]?.message)
      model.prependHistory(page.messages, page.hasMore)
    } catch (error) {
      model.setLoading('idle', error instanceof Error ? error.message : String(error))
    }
  }, [model])

  // History on mount, and again after each reconnect for what was missed during the outage.
  const { status } = useConnectionState()
  const wasConnected = useRef(false)
  const hasLoader = historyLoader !== undefined
  useEffect(() => {
    if (hasLoader) void loadLatest()
  }, [hasLoader, loadLatest])
  useEffect(() => {
    if (status !== 'connected') return
    if (wasConnected.current && hasLoader) void loadLatest()
    wasConnected.current = true
  }, [status, hasLoader, loadLatest])

  return { snapshot, send, retry, remove, loadOlder }
}
