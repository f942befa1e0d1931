import { expect, it } from 'vitest'
import { createBrokerEngine, forwardTo } from '../../src/broker-core/index.js'
import { createFrameParser, type StompFrame } from '../../src/protocol/index.js'
import { rawClient, rng } from './raw-client.js'

const CASES = 12_000
const SEED = 0x5eed_1234

const corpus = [
  'CONNECT\naccept-version:1.2\nhost:/\nheart-beat:0,0\n\n\0',
  'STOMP\naccept-version:1.1,1.2\nhost:/\nlogin:a\npasscode:b\n\n\0',
  'SEND\ndestination:/topic/monitor\ncontent-type:text/plain\ncontent-length:5\n\nhello\0',
  'SEND\ndestination:/queue/fuzz\nreceipt:r1\n\n안녕\0',
  'SEND\ndestination:/app/echo\ncontent-type:application/json\n\n{"a":1}\0',
  'SUBSCRIBE\nid:s1\ndestination:/topic/fuzz.*\nack:client\n\n\0',
  'SUBSCRIBE\nid:s2\ndestination:/queue/fuzz\nack:client-individual\nprefetch-count:1\n\n\0',
  'UNSUBSCRIBE\nid:s1\nreceipt:u\n\n\0',
  'ACK\nid:x-1\ntransaction:t\n\n\0',
  'NACK\nid:x-2\nrequeue:false\n\n\0',
  'BEGIN\ntransaction:t\n\n\0',
  'COMMIT\ntransaction:t\nreceipt:c\n\n\0',
  'ABORT\ntransaction:t\n\n\0',
  'DISCONNECT\nreceipt:bye\n\n\0',
  'SEND\ndestination:/topic/x\nx-esc:a\\cb\\nc\\\\d\n\n\0',
  '\n\r\n',
]
const specials = [0, 10, 13, 58, 92, 0x5c, 0xff, 0xc3, 0x80, 0x7f]

function mutate(input: Uint8Array, next: () => number): Uint8Array {
  let bytes = [...input]
  const pick = (n: number) => Math.floor(next() * n)
  const rounds = 1 + pick(4)
  for (let r = 0; r < rounds; r++) {
    const at = pick(bytes.length + 1)
    switch (pick(8)) {
      case 0:
        bytes[at] = pick(256)
        break
      case 1:
        bytes.splice(at, 0, specials[pick(specials.length)] ?? 0)
        break
      case 2:
        bytes.splice(at, 1 + pick(4))
        break
      case 3:
        bytes = bytes.slice(0, at)
        break
      case 4:
        bytes.splice(at, 0, ...bytes.slice(pick(bytes.length), pick(bytes.length)))
        break
      case 5: {
        const text = new TextDecoder().decode(new Uint8Array(bytes))
        const swapped = text.replace(/content-length:\d*/, `content-length:${pick(1e6)}`)
        bytes = [...new TextEncoder().encode(swapped)]
        break
      }
      case 6:
        bytes.splice(at, 0, ...new TextEncoder().encode(`h${pick(100)}:${'v'.repeat(pick(50))}\n`))
        break
      default:
        bytes.splice(at, 0, ...new TextEncoder().encode('\\q'))
    }
  }
  return new Uint8Array(bytes)
}

function randomBytes(next: () => number): Uint8Array {
  const out = new Uint8Array(Math.floor(next() * 200))
  for (let i = 0; i < out.length; i++) {
    out[i] =
      next() < 0.3
        ? (specials[Math.floor(next() * specials.length)] ?? 0)
        : Math.floor(next() * 256)
  }
  return out
}

it(`fuzz: ${CASES.toLocaleString('en')} random and mutated inputs give ERRORs, never an exception, and others keep service`, () => {
  const next = rng(SEED)
  const internal: unknown[] = []
  const escaped: unknown[] = []
  const engine = createBrokerEngine({
    maxFrameSize: 4096,
    app: { '/app/{name}': forwardTo('/topic/{name}') },
    onError: (error, context) => internal.push({ error, context }),
  })
  const monitor = rawClient(engine)
  monitor.connect()
  monitor.frame('SUBSCRIBE', { id: 'm', destination: '/topic/monitor' })
  let expected = 0
  let errors = 0
  let closedByError = 0
  let outputs = 0
  for (let i = 0; i < CASES; i++) {
    const out: StompFrame[] = []
    let closed = false
    // Every frame the broker sends, even in answer to garbage, must itself be well formed.
    const check = createFrameParser({
      onFrame: (f) => out.push(f),
      onError: (e) => {
        throw new Error(`case ${i}: the broker sent a malformed frame: ${e.message}`)
      },
    })
    const link = engine.connect({
      send: (d) => {
        if (closed) throw new Error(`case ${i}: sent after close`)
        check.push(d)
      },
      close: () => {
        closed = true
      },
    })
    const enc = new TextEncoder()
    if (next() < 0.6) link.receive(enc.encode(corpus[0]))
    const base = enc.encode(corpus[Math.floor(next() * corpus.length)])
    const input = next() < 0.3 ? randomBytes(next) : mutate(base, next)
    // Deliver in random splits, as a network would.
    let pos = 0
    while (pos < input.length) {
      const size = 1 + Math.floor(next() * Math.max(1, input.length - pos))
      try {
        link.receive(input.subarray(pos, pos + size))
      } catch (error) {
        escaped.push({ case: i, error })
      }
      pos += size
    }
    outputs += out.length
    const sawError = out.some((f) => f.command === 'ERROR')
    if (sawError) {
      errors++
      expect(closed, `case ${i}: ERROR must be followed by close`).toBe(true)
      closedByError++
    }
    if (!closed) link.closed()
    if (i % 500 === 0) {
      engine.publish('/topic/monitor', `ping ${i}`)
      monitor.frame('SEND', { destination: '/topic/monitor' }, `self ${i}`)
      expected += 2
    }
  }
  // Fuzz cases may send to /topic/monitor too; count only the monitor's own probes.
  const pings = monitor
    .take()
    .filter((f) => f.command === 'MESSAGE' && /^(ping|self) \d+$/.test(f.body)).length
  console.log(
    `fuzz: ${CASES} cases (seed ${SEED}), ${errors} answered with ERROR, ${outputs} frames out, monitor got ${pings}/${expected}`,
  )
  expect(escaped).toEqual([])
  expect(internal).toEqual([])
  expect(errors).toBeGreaterThan(CASES / 3)
  expect(closedByError).toBe(errors)
  expect(monitor.closed).toBeUndefined()
  expect(pings).toBe(expected)
  expect(engine.connections().map((c) => c.id)).toEqual([monitor.id])
})
