import { describe, expect, it } from 'vitest'
import { BrokerEngine } from '../../src/broker-core/index.js'
import { createFrameParser, type Frame, headerRecord } from '../../src/protocol/index.js'

/** A raw client on the engine: writes frames as text, reads what comes back. */
function client(engine: BrokerEngine) {
  const frames: Frame[] = []
  let closed = false
  const parser = createFrameParser({ onFrame: (f) => frames.push(f), onError: () => {} })
  const link = engine.connect({
    send: (d) => parser.push(d),
    close: () => {
      closed = true
    },
  })
  return {
    frames,
    get closed() {
      return closed
    },
    send: (s: string | Uint8Array) => link.receive(s),
    commands: () => frames.map((f) => f.command),
    last: () => headerRecord(frames.at(-1)!),
  }
}
const connect = (c: ReturnType<typeof client>, extra = '') =>
  c.send(`CONNECT\naccept-version:1.2\nheart-beat:0,0\n${extra}\n\0`)

// Deterministic pseudo-random numbers, so a failing fuzz case can be replayed.
function rng(seed: number) {
  let x = seed
  return () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return (x >>> 0) / 2 ** 32
  }
}

describe('broker engine', () => {
  it('negotiates the version and refuses unknown ones', () => {
    const e = new BrokerEngine()
    const a = client(e)
    a.send('CONNECT\naccept-version:1.1,1.0\n\n\0')
    expect(a.last().version).toBe('1.1')
    const b = client(e)
    b.send('CONNECT\naccept-version:2.0\n\n\0')
    expect(b.commands()).toEqual(['ERROR'])
    expect(b.closed).toBe(true)
  })

  it('checks login and passcode', () => {
    const e = new BrokerEngine({ users: { alice: 'secret' } })
    const bad = client(e)
    connect(bad, 'login:alice\npasscode:nope\n')
    expect(bad.commands()).toEqual(['ERROR'])
    expect(new TextDecoder().decode(bad.frames[0]?.body)).toBe("Access refused for user 'alice'")
    const good = client(e)
    connect(good, 'login:alice\npasscode:secret\n')
    expect(good.commands()).toEqual(['CONNECTED'])
  })

  it('topic broadcast, queue round-robin, queue kept while nobody listens', () => {
    const e = new BrokerEngine()
    const [a, b, p] = [client(e), client(e), client(e)]
    for (const c of [a, b, p]) connect(c)
    p.send('SEND\ndestination:/queue/q\n\nearly\0')
    a.send('SUBSCRIBE\nid:1\ndestination:/queue/q\n\n\0')
    expect(a.commands()).toEqual(['CONNECTED', 'MESSAGE'])
    b.send('SUBSCRIBE\nid:1\ndestination:/queue/q\n\n\0')
    a.send('SUBSCRIBE\nid:2\ndestination:/topic/t\n\n\0')
    b.send('SUBSCRIBE\nid:2\ndestination:/topic/t\n\n\0')
    p.send('SEND\ndestination:/queue/q\n\n1\0SEND\ndestination:/queue/q\n\n2\0')
    p.send('SEND\ndestination:/topic/t\nx-custom:yes\n\nall\0')
    const bodies = (c: typeof a) =>
      c.frames.filter((f) => f.command === 'MESSAGE').map((f) => new TextDecoder().decode(f.body))
    expect(bodies(a).length + bodies(b).length).toBe(5)
    expect(bodies(a)).toContain('all')
    expect(bodies(b)).toContain('all')
    const m = headerRecord(a.frames.at(-1)!)
    expect(m).toMatchObject({
      destination: '/topic/t',
      subscription: '2',
      'x-custom': 'yes',
      'content-length': '3',
    })
    expect(m['message-id']).toBeTruthy()
  })

  it('duplicate subscription id, unknown destination prefix → ERROR with receipt-id, then close', () => {
    const e = new BrokerEngine()
    const a = client(e)
    connect(a)
    a.send('SUBSCRIBE\nid:1\ndestination:/topic/t\n\n\0')
    a.send('SUBSCRIBE\nid:1\ndestination:/topic/u\nreceipt:r9\n\n\0')
    expect(a.last()).toMatchObject({ message: 'duplicate subscription', 'receipt-id': 'r9' })
    expect(a.closed).toBe(true)
    const b = client(e)
    connect(b)
    b.send('SEND\ndestination:/nowhere/x\n\n\0')
    expect(a.closed && b.closed).toBe(true)
    expect(b.last().message).toBe('unknown destination')
  })

  it('client-individual: unacked queue messages are redelivered with redelivered:true when the consumer goes', () => {
    const e = new BrokerEngine()
    const [a, b] = [client(e), client(e)]
    connect(a)
    connect(b)
    a.send('SUBSCRIBE\nid:1\ndestination:/queue/jobs\nack:client-individual\n\n\0')
    b.send('SEND\ndestination:/queue/jobs\n\nj1\0SEND\ndestination:/queue/jobs\n\nj2\0')
    const [m1] = a.frames.filter((f) => f.command === 'MESSAGE').map(headerRecord)
    a.send(`ACK\nid:${m1?.ack}\n\n\0`)
    a.send('DISCONNECT\n\n\0')
    b.send('SUBSCRIBE\nid:9\ndestination:/queue/jobs\n\n\0')
    const got = b.frames.filter((f) => f.command === 'MESSAGE')
    expect(got.map((f) => new TextDecoder().decode(f.body))).toEqual(['j2'])
    expect(headerRecord(got[0]!).redelivered).toBe('true')
  })

  it('transactions: SENDs wait for COMMIT, ABORT discards them', () => {
    const e = new BrokerEngine()
    const a = client(e)
    connect(a)
    a.send('SUBSCRIBE\nid:1\ndestination:/topic/t\n\n\0')
    a.send('BEGIN\ntransaction:t1\n\n\0SEND\ndestination:/topic/t\ntransaction:t1\n\nkept\0')
    expect(a.commands()).not.toContain('MESSAGE')
    a.send('COMMIT\ntransaction:t1\nreceipt:c\n\n\0')
    a.send(
      'BEGIN\ntransaction:t2\n\n\0SEND\ndestination:/topic/t\ntransaction:t2\n\ngone\0ABORT\ntransaction:t2\n\n\0',
    )
    const bodies = a.frames
      .filter((f) => f.command === 'MESSAGE')
      .map((f) => new TextDecoder().decode(f.body))
    expect(bodies).toEqual(['kept'])
    expect(a.commands()).toContain('RECEIPT')
  })

  it('application destinations go to the registered handler, which can publish', async () => {
    const e = new BrokerEngine({
      app: {
        '/app': (m, ctx) => {
          const room = m.destination.slice('/app/chat.'.length)
          ctx.publish(
            `/topic/chat.${room}`,
            JSON.stringify({ ...JSON.parse(m.text), serverTime: 'now' }),
            { 'content-type': 'application/json' },
          )
        },
      },
    })
    const a = client(e)
    connect(a)
    a.send('SUBSCRIBE\nid:1\ndestination:/topic/chat.lobby\n\n\0')
    a.send('SEND\ndestination:/app/chat.lobby\n\n{"text":"hi"}\0')
    await new Promise((r) => setTimeout(r, 0))
    const msg = a.frames.find((f) => f.command === 'MESSAGE')!
    expect(JSON.parse(new TextDecoder().decode(msg.body))).toEqual({
      text: 'hi',
      serverTime: 'now',
    })
    expect(headerRecord(msg)['content-type']).toBe('application/json')
  })

  it('limits: an oversized frame or too many headers closes that connection only', () => {
    const e = new BrokerEngine({ limits: { maxFrameSize: 1024, maxHeaders: 8 } })
    const [bad, bad2, good] = [client(e), client(e), client(e)]
    for (const c of [bad, bad2, good]) connect(c)
    good.send('SUBSCRIBE\nid:1\ndestination:/topic/t\n\n\0')
    bad.send(`SEND\ndestination:/topic/t\n\n${'x'.repeat(2000)}\0`)
    bad2.send(`SEND\ndestination:/topic/t\n${'h:1\n'.repeat(9)}\n\0`)
    expect(bad.last().message).toBe('malformed frame')
    expect(bad.closed && bad2.closed).toBe(true)
    const p = client(e)
    connect(p)
    p.send('SEND\ndestination:/topic/t\n\nstill here\0')
    expect(good.closed).toBe(false)
    expect(new TextDecoder().decode(good.frames.at(-1)?.body)).toBe('still here')
  })

  it('fuzz: 10,000 random and mutated frames give ERRORs, never an exception, and others keep service', () => {
    const e = new BrokerEngine()
    const watcher = client(e)
    connect(watcher)
    watcher.send('SUBSCRIBE\nid:1\ndestination:/topic/fuzz\n\n\0')
    const r = rng(0x5eed)
    const seeds = [
      'SEND\ndestination:/topic/fuzz\ncontent-length:2\n\nok\0',
      'SUBSCRIBE\nid:7\ndestination:/queue/f\nack:client\n\n\0',
      'ACK\nid:msg-1\n\n\0',
      'BEGIN\ntransaction:t\n\n\0',
      'UNSUBSCRIBE\nid:7\n\n\0',
    ].map((s) => new TextEncoder().encode(s))
    let cases = 0
    let errors = 0
    for (let i = 0; i < 10_000; i++) {
      const c = client(e)
      if (r() < 0.8) connect(c)
      const base = seeds[Math.floor(r() * seeds.length)]!
      let bytes: Uint8Array
      if (r() < 0.3)
        bytes = Uint8Array.from({ length: Math.floor(r() * 200) }, () => Math.floor(r() * 256))
      else {
        bytes = base.slice()
        const flips = 1 + Math.floor(r() * 4)
        for (let k = 0; k < flips; k++)
          bytes[Math.floor(r() * bytes.length)] = Math.floor(r() * 256)
      }
      expect(() => c.send(bytes)).not.toThrow()
      cases++
      if (c.commands().includes('ERROR')) errors++
    }
    console.log(`fuzz: ${cases} cases, ${errors} answered with ERROR`)
    expect(errors).toBeGreaterThan(1000)
    const p = client(e)
    connect(p)
    p.send('SEND\ndestination:/topic/fuzz\n\nalive\0')
    expect(watcher.closed).toBe(false)
    expect(new TextDecoder().decode(watcher.frames.at(-1)?.body)).toBe('alive')
  })
})
