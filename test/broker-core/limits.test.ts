import { describe, expect, it } from 'vitest'
import { createBrokerEngine, DEFAULT_BROKER_LIMITS } from '../../src/broker-core/index.js'
import { type RawClient, rawClient } from './raw-client.js'

function setup(options = {}) {
  const engine = createBrokerEngine({ onError: () => {}, ...options })
  const bystander = rawClient(engine)
  bystander.connect()
  bystander.frame('SUBSCRIBE', { id: 'b', destination: '/topic/alive' })
  const offender = rawClient(engine)
  offender.connect()
  const stillServed = () => {
    engine.publish('/topic/alive', 'still here')
    expect(bystander.last().body).toBe('still here')
    expect(bystander.closed).toBeUndefined()
    expect(engine.connections().map((c) => c.id)).toEqual([bystander.id])
  }
  return { engine, bystander, offender, stillServed }
}
const sendOfSize = (c: RawClient, total: number) => {
  const head = (n: number) => `SEND\ndestination:/topic/alive\ncontent-length:${n}\n\n`
  let n = total - head(0).length
  n = total - head(n).length
  c.send(`${head(n)}${'x'.repeat(n)}\0`)
  return n
}

describe('limits: ERROR, that connection closed, the broker and its other clients unaffected', () => {
  it('defaults: 2 MiB frames, 64 headers, 8 KiB header lines, 1,000 subscriptions, 10,000 queued', () => {
    expect(DEFAULT_BROKER_LIMITS).toEqual({
      maxFrameSize: 2 * 1024 * 1024,
      maxHeaders: 64,
      maxHeaderLength: 8 * 1024,
      maxSubscriptions: 1000,
      maxQueuedMessages: 10_000,
    })
  })

  it('a frame of exactly maxFrameSize (2 MiB) passes; one octet more is refused', () => {
    const { offender, bystander, stillServed } = setup()
    const body = sendOfSize(offender, 2 * 1024 * 1024)
    expect(bystander.last().body).toHaveLength(body)
    expect(offender.closed).toBeUndefined()
    sendOfSize(offender, 2 * 1024 * 1024 + 1)
    expect(offender.last()).toMatchObject({
      command: 'ERROR',
      headers: { message: 'Frame too large' },
      body: expect.stringMatching(/limit is 2097152 \(maxFrameSize\)/),
    })
    expect(offender.closed).toBeDefined()
    stillServed()
  })

  it('an oversized frame streamed without content-length is cut off before it is buffered whole', () => {
    const { offender, stillServed } = setup({ maxFrameSize: 1024 })
    offender.send('SEND\ndestination:/topic/alive\n\n')
    for (let i = 0; i < 3 && !offender.closed; i++) offender.send('x'.repeat(600))
    expect(offender.last().headers.message).toBe('Frame too large')
    stillServed()
  })

  it('too many headers', () => {
    const { offender, stillServed } = setup()
    const headers = Array.from({ length: 65 }, (_, i) => `h${i}:v\n`).join('')
    offender.send(`SEND\ndestination:/topic/alive\n${headers}\n\0`)
    expect(offender.last()).toMatchObject({
      command: 'ERROR',
      headers: { message: 'Too many headers' },
      body: expect.stringMatching(/more than 64 headers \(maxHeaders\)/),
    })
    stillServed()
  })

  it('a header line too long', () => {
    const { offender, stillServed } = setup()
    offender.send(`SEND\ndestination:/topic/alive\nx:${'v'.repeat(8 * 1024)}\n\n\0`)
    expect(offender.last()).toMatchObject({
      command: 'ERROR',
      headers: { message: 'Header too long' },
      body: expect.stringMatching(/limit is 8192 \(maxHeaderLength\)/),
    })
    stillServed()
  })

  it('too many subscriptions on one connection', () => {
    const { offender, stillServed } = setup({ maxSubscriptions: 3 })
    for (let i = 0; i < 4; i++)
      offender.frame('SUBSCRIBE', { id: `s${i}`, destination: '/topic/x' })
    expect(offender.last().headers.message).toBe('Too many subscriptions')
    stillServed()
  })

  it('a full queue refuses the SEND that overflows it, and publish() throws', () => {
    const { engine, offender, stillServed } = setup({ maxQueuedMessages: 2 })
    offender.frame('SEND', { destination: '/queue/full' }, '1')
    offender.frame('SEND', { destination: '/queue/full' }, '2')
    expect(offender.closed).toBeUndefined()
    offender.frame('SEND', { destination: '/queue/full', receipt: 'r' }, '3')
    expect(offender.last()).toMatchObject({
      headers: { message: 'Queue full', 'receipt-id': 'r' },
      body: expect.stringMatching(/maxQueuedMessages/),
    })
    expect(() => engine.publish('/queue/full', '4')).toThrow(/maxQueuedMessages/)
    expect(engine.queueSize('/queue/full')).toBe(2)
    stillServed()
  })

  it('rejects nonsense limit values at creation', () => {
    expect(() => createBrokerEngine({ maxFrameSize: -1 })).toThrow(/maxFrameSize must be/)
  })
})
