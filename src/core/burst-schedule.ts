/** Hands a flush to the schedule; the returned function takes it back if it has not run yet. */
export type Schedule = (flush: () => void) => () => void

const g = globalThis as {
  requestAnimationFrame?: (cb: () => void) => number
  cancelAnimationFrame?: (id: number) => void
  document?: { visibilityState?: string }
}

/**
 * When to apply a batch of received messages: on the next animation frame after a quiet moment,
 * then, while a burst goes on (the previous run was less than `interval` ms ago), `interval` ms
 * apart. Re-rendering a 200-row list 60 times a second during a firehose cost a third of the main
 * thread in the benchmark and shows nothing a reader can follow. A timer is the floor: rAF never
 * fires in a hidden tab, and non-React readers must not wait for the tab to come back.
 *
 * Every flush handed to one schedule runs in the same callback, so React renders them together and
 * the page lays out once (the store uses one per session; ChatRoom one per page). One flush that
 * throws does not keep the others from running; its error is rethrown afterwards.
 */
export function burstSchedule(interval: number | (() => number) = 50): Schedule {
  let lastRun = Number.NEGATIVE_INFINITY
  let pending = new Set<() => void>()
  let raf: number | undefined
  let wait: ReturnType<typeof setTimeout> | undefined
  let floor: ReturnType<typeof setTimeout> | undefined
  const disarm = () => {
    if (raf !== undefined) g.cancelAnimationFrame?.(raf)
    clearTimeout(wait)
    clearTimeout(floor)
    raf = wait = floor = undefined
  }
  const run = () => {
    disarm()
    lastRun = performance.now()
    const due = pending
    pending = new Set()
    let failure: unknown
    for (const flush of due) {
      try {
        flush()
      } catch (error) {
        failure ??= error
      }
    }
    if (failure !== undefined) throw failure
  }
  const arm = () => {
    const gap = typeof interval === 'function' ? interval() : interval
    const delay = Math.max(0, lastRun + gap - performance.now())
    const frames =
      typeof g.requestAnimationFrame === 'function' && g.document?.visibilityState !== 'hidden'
    const frame = () => {
      raf = g.requestAnimationFrame?.(run)
    }
    if (frames && delay > 0) wait = setTimeout(frame, delay)
    else if (frames) frame()
    floor = setTimeout(run, frames ? delay + 100 : delay)
  }
  return (flush) => {
    if (floor === undefined) arm()
    pending.add(flush)
    return () => {
      pending.delete(flush)
      if (pending.size === 0) disarm()
    }
  }
}
