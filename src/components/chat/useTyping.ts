import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { type StompMessage, useConnectionState, usePublish, useSubscription } from '../../index.js'
import type { ChatUser, TypingEvent } from './types.js'
import { parseTypingEvent } from './wire.js'

const THROTTLE_MS = 3_000
const EXPIRE_MS = 5_000

/** Who else is typing (names, oldest first), and a throttled `notify` for our own keystrokes. */
export function useTyping(
  destination: string | undefined,
  user: ChatUser,
): { typing: readonly string[]; notify: () => void } {
  const [typers, setTypers] = useState<ReadonlyMap<string, { name: string; until: number }>>(
    () => new Map(),
  )
  const onMessage = useCallback(
    (message: StompMessage) => {
      const event = parseTypingEvent(message.body)
      if (!event || event.user.id === user.id) return
      setTypers((prev) => {
        const next = new Map(prev)
        next.delete(event.user.id)
        next.set(event.user.id, { name: event.user.name, until: Date.now() + EXPIRE_MS })
        return next
      })
    },
    [user.id],
  )
  // Typing events are held here; limit 0 keeps them out of the store and its re-renders.
  useSubscription(destination, { onMessage, limit: 0 })

  useEffect(() => {
    if (typers.size === 0) return
    const soonest = Math.min(...[...typers.values()].map((t) => t.until))
    const timer = setTimeout(
      () => {
        const now = Date.now()
        setTypers((prev) => new Map([...prev].filter(([, t]) => t.until > now)))
      },
      Math.max(0, soonest - Date.now()),
    )
    return () => clearTimeout(timer)
  }, [typers])

  const publish = usePublish<TypingEvent>(destination)
  const { status } = useConnectionState()
  const last = useRef(0)
  const notify = useCallback(() => {
    // Typing is ephemeral: it is never queued while offline, where it would arrive stale.
    if (!destination || status !== 'connected') return
    const now = Date.now()
    if (now - last.current < THROTTLE_MS) return
    last.current = now
    publish({
      type: 'typing',
      user: { id: user.id, name: user.name },
      at: new Date().toISOString(),
    }).catch(() => {
      // A lost typing event needs no retry: the next keystroke sends another.
      last.current = 0
    })
  }, [destination, status, publish, user.id, user.name])

  const typing = useMemo(() => [...typers.values()].map((t) => t.name), [typers])
  return { typing, notify }
}
