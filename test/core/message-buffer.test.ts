import { describe, expect, it } from 'vitest'
import { createStompStore, MessageBuffer } from '../../src/core/store.js'
import type { StompMessage } from '../../src/core/types.js'

const msg = (n: number): StompMessage =>
  ({ id: String(n), body: n, text: String(n) }) as unknown as StompMessage

describe('MessageBuffer', () => {
  it('writes a burst to the store in one update, trimmed to the limit', () => {
    const store = createStompStore()
    let flush: (() => void) | undefined
    const buffer = new MessageBuffer(store, (f) => {
      flush = f
    })
    let updates = 0
    store.subscribe(() => updates++)
    for (let n = 0; n < 10_000; n++) buffer.append('/topic/a', msg(n), 500)
    expect(updates).toBe(0)
    flush?.()
    expect(updates).toBe(1)
    const list = store.getState().messages['/topic/a']!
    expect(list).toHaveLength(500)
    expect(list[0]?.body).toBe(9500)
    expect(list[499]?.body).toBe(9999)
  })

  it('appends in order across batches and keeps other keys untouched', () => {
    const store = createStompStore()
    const flushes: (() => void)[] = []
    const buffer = new MessageBuffer(store, (f) => flushes.push(f))
    buffer.append('/topic/a', msg(1), 3)
    buffer.append('/topic/b', msg(100), 3)
    flushes.shift()?.()
    const b = store.getState().messages['/topic/b']
    buffer.append('/topic/a', msg(2), 3)
    buffer.append('/topic/a', msg(3), 3)
    buffer.append('/topic/a', msg(4), 3)
    flushes.shift()?.()
    const s = store.getState().messages
    expect(s['/topic/a']?.map((m) => m.body)).toEqual([2, 3, 4])
    expect(s['/topic/b']).toBe(b)
  })
})
