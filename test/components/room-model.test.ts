import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { burstSchedule, RoomModel } from '../../src/components/chat/room-model.js'

const msg = (id: string) => ({
  id,
  text: id,
  author: { id: 'b', name: 'Bob' },
  sentAt: '2026-12-03T09:00:00.000Z',
})

describe('RoomModel', () => {
  it('keeps the newest messages up to its limit and marks the dropped ones as loadable history', () => {
    const model = new RoomModel(2, (flush) => {
      queueMicrotask(flush)
      return () => {}
    })
    model.mergeLatest([msg('a')], false)
    expect(model.getSnapshot().hasMore).toBe(false)
    for (const id of ['b', 'c', 'b']) model.receive(msg(id))
    model.flush()
    const snap = model.getSnapshot()
    expect(snap.entries.map((e) => e.message.id)).toEqual(['b', 'c'])
    expect(snap.hasMore).toBe(true)
    // A dropped message can come back from history, since it is no longer known.
    model.prependHistory([msg('a')], false)
    expect(model.getSnapshot().entries.map((e) => e.message.id)).toEqual(['a', 'b', 'c'])
  })
})

describe('burstSchedule', () => {
  const g = globalThis as {
    requestAnimationFrame?: (cb: () => void) => number
    cancelAnimationFrame?: (id: number) => void
  }
  beforeEach(() => {
    g.requestAnimationFrame = (cb) => setTimeout(cb, 16) as unknown as number
    g.cancelAnimationFrame = (id) => clearTimeout(id)
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
  })
  afterEach(() => {
    vi.useRealTimers()
    delete g.requestAnimationFrame
    delete g.cancelAnimationFrame
  })

  it('applies the first batch on the next frame and spaces the batches of a burst', () => {
    const schedule = burstSchedule(50)
    const at: number[] = []
    const t0 = performance.now()
    const flush = () => {
      at.push(performance.now() - t0)
      schedule(flush)
    }
    schedule(flush)
    vi.advanceTimersByTime(300)
    expect(at[0]).toBeLessThanOrEqual(17)
    const gaps = at.slice(1).map((t, i) => t - at[i]!)
    expect(gaps.length).toBeGreaterThanOrEqual(4)
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(50)
  })

  it('flushes every room that shares the schedule in the same frame', () => {
    const schedule = burstSchedule(50)
    const order: string[] = []
    schedule(() => order.push('a'))
    vi.advanceTimersByTime(5)
    schedule(() => order.push('b'))
    vi.advanceTimersByTime(10)
    expect(order).toEqual([])
    vi.advanceTimersByTime(2)
    // One frame (at 16 ms) ran both: no second frame for the room that came 5 ms later.
    expect(order).toEqual(['a', 'b'])
  })

  it('never runs a cancelled batch', () => {
    const schedule = burstSchedule(50)
    const first = vi.fn()
    schedule(first)
    vi.advanceTimersByTime(20)
    const second = vi.fn()
    const cancel = schedule(second)
    cancel()
    vi.advanceTimersByTime(500)
    expect(first).toHaveBeenCalledTimes(1)
    expect(second).not.toHaveBeenCalled()
  })
})

describe('burstSchedule when a room throws', () => {
  const g = globalThis as {
    requestAnimationFrame?: (cb: () => void) => number
    cancelAnimationFrame?: (id: number) => void
  }
  beforeEach(() => {
    g.requestAnimationFrame = (cb) => setTimeout(cb, 16) as unknown as number
    g.cancelAnimationFrame = (id) => clearTimeout(id)
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
  })
  afterEach(() => {
    vi.useRealTimers()
    delete g.requestAnimationFrame
    delete g.cancelAnimationFrame
  })

  it('still flushes the other rooms and keeps scheduling, then reports the error', () => {
    const schedule = burstSchedule(50)
    const b = vi.fn()
    schedule(() => {
      throw new Error('boom')
    })
    schedule(b)
    expect(() => vi.advanceTimersByTime(17)).toThrow('boom')
    expect(b).toHaveBeenCalledTimes(1)
    const later = vi.fn()
    schedule(later)
    vi.advanceTimersByTime(200)
    expect(later).toHaveBeenCalledTimes(1)
  })
})
