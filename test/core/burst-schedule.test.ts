import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { burstSchedule } from '../../src/core/burst-schedule.js'

// Node has no animation frames: a 16 ms frame clock is installed on the faked timers.
const g = globalThis as {
  requestAnimationFrame?: (cb: () => void) => number
  cancelAnimationFrame?: (id: number) => void
}

describe('burstSchedule', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
    g.requestAnimationFrame = (cb) => setTimeout(cb, 16) as unknown as number
    g.cancelAnimationFrame = (id) => clearTimeout(id)
  })
  afterEach(() => {
    vi.useRealTimers()
    delete g.requestAnimationFrame
    delete g.cancelAnimationFrame
  })

  it('writes a message after a quiet moment on the next frame', () => {
    const schedule = burstSchedule(() => 50)
    const flush = vi.fn()
    schedule(flush)
    vi.advanceTimersByTime(15)
    expect(flush).not.toHaveBeenCalled()
    vi.advanceTimersByTime(2)
    expect(flush).toHaveBeenCalledTimes(1)
    // The 100 ms timer floor does not write the same batch twice.
    vi.advanceTimersByTime(200)
    expect(flush).toHaveBeenCalledTimes(1)
  })

  it('spaces writes by the interval while a burst goes on', () => {
    const schedule = burstSchedule(() => 50)
    const at: number[] = []
    const t0 = performance.now()
    const flush = () => {
      at.push(performance.now() - t0)
      schedule(flush) // more arrived meanwhile: a burst
    }
    schedule(flush)
    vi.advanceTimersByTime(400)
    expect(at[0]).toBeLessThanOrEqual(17)
    const gaps = at.slice(1).map((t, i) => t - at[i]!)
    expect(gaps.length).toBeGreaterThanOrEqual(5)
    for (const gap of gaps) {
      expect(gap).toBeGreaterThanOrEqual(50)
      expect(gap).toBeLessThanOrEqual(50 + 17)
    }
  })

  it('writes on every frame with an interval of 0', () => {
    const schedule = burstSchedule(0)
    let n = 0
    const flush = () => {
      n++
      schedule(flush)
    }
    schedule(flush)
    vi.advanceTimersByTime(16 * 10 + 1)
    expect(n).toBe(10)
  })

  it('falls back to the timer when frames never come (a hidden tab)', () => {
    g.requestAnimationFrame = () => 0 // frames are paused
    const schedule = burstSchedule(() => 50)
    const flush = vi.fn()
    schedule(flush)
    vi.advanceTimersByTime(99)
    expect(flush).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(flush).toHaveBeenCalledTimes(1)
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
