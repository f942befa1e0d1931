import { useEffect, useState } from 'react'
import type { FrameEvent } from '../core/index.js'
import { useSessionFor } from './context.js'

/**
 * The last `limit` frames in and out (and heart-beats and state changes), credentials masked, for
 * inspectors. Updates are batched: a burst of frames costs one render per 16 ms, not one per frame.
 */
export function useFrameLog(limit = 200): readonly FrameEvent[] {
  const session = useSessionFor('useFrameLog')
  const [log, setLog] = useState<readonly FrameEvent[]>([])
  useEffect(() => {
    let pending: FrameEvent[] = []
    let timer: ReturnType<typeof setTimeout> | undefined
    const off = session.onFrame((event) => {
      pending.push(event)
      if (pending.length > limit) pending.shift()
      timer ??= setTimeout(() => {
        timer = undefined
        const batch = pending
        pending = []
        setLog((prev) => {
          const next = prev.concat(batch)
          return next.length > limit ? next.slice(next.length - limit) : next
        })
      }, 16)
    })
    return () => {
      off()
      clearTimeout(timer)
    }
  }, [session, limit])
  return log
}
