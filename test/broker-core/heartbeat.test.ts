import { describe, expect, it } from 'vitest'
import { type BrokerClock, createBrokerEngine } from '../../src/broker-core/index.js'
import { rawClient } from './raw-client.js'

/** A clock the test moves by hand. */
function manualClock() {
  let now = 0
  let nextId = 0
  const timers = new Map<number, { fn: () => void; ms: number; due: number }>()
  const clock: BrokerClock & { advance(ms: number): void; readonly timers: number } = {
    now: () => now,
    setInterval: (fn, ms) => {
      timers.set(++nextId, { fn, ms, due: now + ms })
      return nextId
    },
    clearInterval: (id) => {
      timers.delete(id as number)
    },
    advance(ms) {
      const end = now + ms
      for (;;) {
        const next = [...timers.values()].sort((a, b) => a.due - b.due)[0]
        if (!next || next.due > end) break
        now = next.due
        next.due += next.ms
        next.fn()
      }
      now = end
    },
    get timers() {
      return timers.size
    },
  }
  return clock
}

describe('heart-beats', () => {
  it('negotiates each direction as the larger of both sides, 0 meaning off', () => {
    const engine = createBrokerEngine({ heartbeat: { outgoing: 1000, incoming: 500 } })
    const hb = (header: string) => rawClient(engine).connect({ 'heart-beat': header })['heart-beat']
    // heart-beat: <broker sends every>,<broker expects every>
    expect(hb('200,300')).toBe('1000,500')
    expect(hb('4000,6000')).toBe('6000,4000')
    expect(hb('0,6000')).toBe('6000,0')
    expect(hb('4000,0')).toBe('0,4000')
    const off = createBrokerEngine({ heartbeat: false })
    expect(rawClient(off).connect({ 'heart-beat': '100,100' })['heart-beat']).toBe('0,0')
  })

  it('a malformed heart-beat header is an ERROR', () => {
    const c = rawClient(createBrokerEngine())
    c.connect({ 'heart-beat': '10;10' })
    expect(c.last().headers.message).toBe('Bad heart-beat header')
  })

  it('sends EOLs on an idle connection, none while frames flow', () => {
    const clock = manualClock()
    const engine = createBrokerEngine({ clock })
    const c = rawClient(engine)
    c.connect({ 'heart-beat': '0,1000' })
    clock.advance(3100)
    expect(c.heartbeats).toBeGreaterThanOrEqual(3)
    expect(c.heartbeats).toBeLessThanOrEqual(7)
    c.frame('SUBSCRIBE', { id: 's', destination: '/topic/busy' })
    const before = c.heartbeats
    for (let t = 0; t < 20; t++) {
      engine.publish('/topic/busy', 'x')
      clock.advance(200)
    }
    expect(c.heartbeats).toBe(before)
  })

  it('drops a client that goes silent for twice the negotiated interval, with an ERROR', () => {
    const clock = manualClock()
    const engine = createBrokerEngine({ clock })
    const c = rawClient(engine)
    c.connect({ 'heart-beat': '1000,0' })
    for (let i = 0; i < 5; i++) {
      clock.advance(900)
      c.send('\n') // a heart-beat keeps it alive
    }
    expect(c.closed).toBeUndefined()
    clock.advance(1900)
    expect(c.closed).toBeUndefined()
    clock.advance(700) // 2× the interval, plus at most one check period
    expect(c.last()).toMatchObject({ command: 'ERROR', headers: { message: 'Heart-beat timeout' } })
    expect(c.closed).toBeDefined()
    expect(clock.timers).toBe(0)
  })

  it('while silenced the broker neither beats nor judges; afterwards the client starts afresh', () => {
    const clock = manualClock()
    const engine = createBrokerEngine({ clock })
    const c = rawClient(engine)
    c.connect({ 'heart-beat': '1000,1000' })
    engine.silence()
    const beats = c.heartbeats
    clock.advance(10_000)
    expect(c.heartbeats).toBe(beats)
    expect(c.closed).toBeUndefined()
    engine.silence(false)
    clock.advance(1500)
    expect(c.heartbeats).toBeGreaterThan(beats)
    expect(c.closed).toBeUndefined()
    clock.advance(1000)
    expect(c.closed).toBeDefined() // the client itself never beat
  })
})
