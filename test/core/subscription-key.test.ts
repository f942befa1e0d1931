import { describe, expect, it } from 'vitest'
import { subscriptionKey } from '../../src/core/index.js'

describe('subscriptionKey', () => {
  it('is the destination alone when there are no selector headers', () => {
    expect(subscriptionKey('/topic/chat.lobby')).toBe('/topic/chat.lobby')
    expect(subscriptionKey('/topic/chat.lobby', {})).toBe('/topic/chat.lobby')
  })

  it('ignores header order and the frame headers id/ack/receipt', () => {
    const a = subscriptionKey('/topic/x', { selector: "type = 'a'", durable: 'true' })
    const b = subscriptionKey('/topic/x', { durable: 'true', selector: "type = 'a'", id: '9' })
    expect(a).toBe(b)
    expect(subscriptionKey('/topic/x', { id: '1', receipt: 'r' })).toBe('/topic/x')
  })

  it('keeps two header sets on one destination apart, and never collides by concatenation', () => {
    const keys = [
      subscriptionKey('/topic/x', { selector: 'a' }),
      subscriptionKey('/topic/x', { selector: 'b' }),
      subscriptionKey('/topic/x', { a: 'b,c' }),
      subscriptionKey('/topic/x', { 'a,b': 'c' }),
      subscriptionKey('/topic/x', { a: '1', b: '2' }),
      subscriptionKey('/topic/x', { a: '1,b', '': '2' }),
      // What Object.values(headers).toString() would merge:
      subscriptionKey('/topic/x', { one: 'a,b' }),
      subscriptionKey('/topic/x', { one: 'a', two: 'b' }),
      subscriptionKey('/topic/x'),
      subscriptionKey('/topic/x", [["selector'),
    ]
    expect(new Set(keys).size).toBe(keys.length)
  })

  it('orders selector headers by name in UTF-16 order, the key stores and devtools show', () => {
    expect(subscriptionKey('/t', { b: '2', 'a+': '3', a: '1', B: '4' })).toBe(
      '/t\u0000[["B","4"],["a","1"],["a+","3"],["b","2"]]',
    )
  })

  it('gives client-ack subscriptions one key per owner', () => {
    const a = subscriptionKey('/queue/jobs', undefined, 'client-individual', 'owner-a')
    const b = subscriptionKey('/queue/jobs', undefined, 'client-individual', 'owner-b')
    expect(a).not.toBe(b)
    expect(a).not.toBe(subscriptionKey('/queue/jobs'))
    expect(subscriptionKey('/queue/jobs', undefined, 'auto', 'owner-a')).toBe('/queue/jobs')
  })
})
