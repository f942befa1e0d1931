import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { frameSchedule } from '../../src/core/store.js'

// Node has no animation frames: a 16 ms frame clock is installed and then faked with the timers.
const g = globalThis as { requestAnimationFrame?: (cb: () => void) => number }

describe('frameSchedule', () => {
  beforeEach(() => {
    g.requestAnimationFrame = (cb) => setTimeout(cb, 16) as unknown as number
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'performance', 'requestAnimationFrame'],
    })
  })
  afterEach(() => {
    vi.useRealTimers()
    delete g.requestAnimationFrame
  })

  it('writes a message after a quiet moment on the next frame', () => {
    const schedule = frameSchedule(() => 50)
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
    const schedule = frameSchedule(() => 50)
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
    const schedule = frameSchedule(() => 0)
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
    const schedule = frameSchedule(() => 50)
    const flush = vi.fn()
    schedule(flush)
    vi.advanceTimersByTime(99)
    expect(flush).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(flush).toHaveBeenCalledTimes(1)
  })
})
