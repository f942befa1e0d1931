import { describe, expect, it } from 'vitest'
import { reconnectDelay } from '../../src/core/index.js'

describe('reconnectDelay', () => {
  const opts = { initialDelayMs: 500, maxDelayMs: 30_000, factor: 2, jitter: 0.5 }

  it('grows exponentially and stops at the cap', () => {
    const top = (attempt: number) => reconnectDelay(attempt, opts, () => 1)
    expect([1, 2, 3, 4].map(top)).toEqual([500, 1000, 2000, 4000])
    expect(top(20)).toBe(30_000)
  })

  it('randomizes only the jitter share of each delay', () => {
    expect(reconnectDelay(3, opts, () => 0)).toBe(1000)
    expect(reconnectDelay(3, opts, () => 1)).toBe(2000)
    expect(reconnectDelay(3, { ...opts, jitter: 0 }, () => 0.3)).toBe(2000)
  })
})
