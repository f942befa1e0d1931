import { describe, expect, it } from 'vitest'
import { createBrokerEngine } from '../../src/broker-core/index.js'
import { type RawClient, rawClient } from './raw-client.js'

const setup = (n = 2, options = {}) => {
  const engine = createBrokerEngine({ onError: () => {}, ...options })
  const clients = Array.from({ length: n }, () => {
    const c = rawClient(engine)
    c.connect()
    c.take()
    return c
  })
  return { engine, clients }
}
const bodies = (c: RawClient) =>
  c
    .take()
    .filter((f) => f.command === 'MESSAGE')
    .map((f) => f.body)
const messages = (c: RawClient) => c.take().filter((f) => f.command === 'MESSAGE')

describe('engine: topics and queues', () => {
  it('/topic broadcasts to every subscription; unsubscribed SENDs are dropped', () => {
    const { engine, clients } = setup(2)
    const [a, b] = clients as [RawClient, RawClient]
    a.frame('SEND', { destination: '/topic/t' }, 'before')
    a.frame('SUBSCRIBE', { id: '1', destination: '/topic/t' })
    b.frame('SUBSCRIBE', { id: '1', destination: '/topic/t' })
    engine.publish('/topic/t', 'hi')
    expect(bodies(a)).toEqual(['hi'])
    expect(bodies(b)).toEqual(['hi'])
    b.frame('UNSUBSCRIBE', { id: '1' })
    a.frame('SEND', { destination: '/topic/t' }, 'again')
    expect(bodies(a)).toEqual(['again'])
    expect(bodies(b)).toEqual([])
  })

  it('topic wildcards follow RabbitMQ: * is one word, # is zero or more', () => {
    const { engine, clients } = setup(1)
    const c = clients[0]!
    c.frame('SUBSCRIBE', { id: 'star', destination: '/topic/chat.*' })
    c.frame('SUBSCRIBE', { id: 'hash', destination: '/topic/chat.#' })
    for (const d of ['chat', 'chat.lobby', 'chat.lobby.typing', 'other.lobby']) {
      engine.publish(`/topic/${d}`, d)
    }
    const got = messages(c).map((m) => `${m.headers.subscription}:${m.body}`)
    expect(got).toEqual([
      'hash:chat',
      'star:chat.lobby',
      'hash:chat.lobby',
      'hash:chat.lobby.typing',
    ])
  })

  it('/queue keeps messages while nobody listens, then hands each to one consumer in turn', () => {
    const { engine, clients } = setup(2)
    const [a, b] = clients as [RawClient, RawClient]
    a.frame('SEND', { destination: '/queue/jobs' }, 'kept')
    expect(engine.queueSize('/queue/jobs')).toBe(1)
    a.frame('SUBSCRIBE', { id: 'a', destination: '/queue/jobs' })
    b.frame('SUBSCRIBE', { id: 'b', destination: '/queue/jobs' })
    for (const n of ['1', '2', '3', '4']) engine.publish('/queue/jobs', n)
    expect(bodies(a)).toEqual(['kept', '1', '3'])
    expect(bodies(b)).toEqual(['2', '4'])
    expect(engine.queueSize('/queue/jobs')).toBe(0)
  })

  it('prefetch-count limits unacked messages per consumer; an ACK makes room', () => {
    const { engine, clients } = setup(1)
    const c = clients[0]!
    c.frame('SUBSCRIBE', {
      id: 's',
      destination: '/queue/p',
      ack: 'client-individual',
      'prefetch-count': '2',
    })
    for (const n of ['1', '2', '3']) engine.publish('/queue/p', n)
    const first = messages(c)
    expect(first.map((m) => m.body)).toEqual(['1', '2'])
    expect(engine.queueSize('/queue/p')).toBe(1)
    c.frame('ACK', { id: first[0]!.headers.ack! })
    expect(bodies(c)).toEqual(['3'])
  })
})

describe('engine: acknowledgement', () => {
  it('auto subscriptions carry no ack header; client modes do (1.2), equal to message-id', () => {
    const { engine, clients } = setup(1)
    const c = clients[0]!
    c.frame('SUBSCRIBE', { id: 'auto', destination: '/topic/a' })
    c.frame('SUBSCRIBE', { id: 'client', destination: '/topic/a', ack: 'client' })
    engine.publish('/topic/a', 'x')
    const [auto, client] = messages(c)
    expect(auto?.headers.ack).toBeUndefined()
    expect(client?.headers.ack).toBe(client?.headers['message-id'])
  })

  it('client ack is cumulative', () => {
    const { engine, clients } = setup(2)
    const [a, b] = clients as [RawClient, RawClient]
    a.frame('SUBSCRIBE', { id: 's', destination: '/queue/c', ack: 'client' })
    for (const n of ['1', '2', '3']) engine.publish('/queue/c', n)
    const got = messages(a)
    a.frame('ACK', { id: got[1]!.headers.ack! })
    // Only '3' is still unacked: when the consumer goes, it alone is redelivered.
    a.frame('UNSUBSCRIBE', { id: 's' })
    b.frame('SUBSCRIBE', { id: 's', destination: '/queue/c', ack: 'client' })
    const again = messages(b)
    expect(again.map((m) => [m.body, m.headers.redelivered])).toEqual([['3', 'true']])
  })

  it('client-individual ACK and NACK settle one message; NACK requeues unless requeue:false', () => {
    const { engine, clients } = setup(1)
    const c = clients[0]!
    c.frame('SUBSCRIBE', { id: 's', destination: '/queue/i', ack: 'client-individual' })
    for (const n of ['keep', 'retry', 'drop']) engine.publish('/queue/i', n)
    const [keep, retry, drop] = messages(c)
    c.frame('ACK', { id: keep!.headers.ack! })
    c.frame('NACK', { id: drop!.headers.ack!, requeue: 'false' })
    c.frame('NACK', { id: retry!.headers.ack! })
    const redelivered = messages(c)
    expect(redelivered.map((m) => [m.body, m.headers.redelivered])).toEqual([['retry', 'true']])
    expect(redelivered[0]!.headers['message-id']).not.toBe(retry!.headers['message-id'])
    c.frame('ACK', { id: keep!.headers.ack! })
    expect(c.last().headers.message).toBe('Unknown ACK id')
  })

  it('unacked queue messages go to another consumer, redelivered:true, in order, when their consumer disconnects', () => {
    const { engine, clients } = setup(2)
    const [a, b] = clients as [RawClient, RawClient]
    a.frame('SUBSCRIBE', { id: 's', destination: '/queue/r', ack: 'client-individual' })
    for (const n of ['1', '2', '3']) engine.publish('/queue/r', n)
    expect(bodies(a)).toEqual(['1', '2', '3'])
    b.frame('SUBSCRIBE', { id: 's', destination: '/queue/r', ack: 'client-individual' })
    a.disconnectTransport()
    expect(messages(b).map((m) => [m.body, m.headers.redelivered])).toEqual([
      ['1', 'true'],
      ['2', 'true'],
      ['3', 'true'],
    ])
  })

  it('1.1 clients ACK by message-id and subscription', () => {
    const engine = createBrokerEngine({ onError: () => {} })
    const c = rawClient(engine)
    c.connect({ 'accept-version': '1.1' })
    c.frame('SUBSCRIBE', { id: 's', destination: '/queue/v11', ack: 'client-individual' })
    engine.publish('/queue/v11', 'x')
    const m = c.last()
    expect(m.headers.ack).toBeUndefined()
    c.frame('ACK', { 'message-id': m.headers['message-id']!, subscription: 's', receipt: 'ok' })
    expect(c.last()).toMatchObject({ command: 'RECEIPT' })
  })
})

describe('engine: transactions', () => {
  it('SENDs and ACKs wait for COMMIT; ABORT discards them', () => {
    const { engine, clients } = setup(2)
    const [a, b] = clients as [RawClient, RawClient]
    b.frame('SUBSCRIBE', { id: 's', destination: '/queue/tx', ack: 'client-individual' })
    a.frame('BEGIN', { transaction: 't1' })
    a.frame('SEND', { destination: '/queue/tx', transaction: 't1' }, 'committed')
    expect(bodies(b)).toEqual([])
    a.frame('COMMIT', { transaction: 't1' })
    const [m] = messages(b)
    expect(m?.body).toBe('committed')
    a.frame('BEGIN', { transaction: 't2' })
    a.frame('SEND', { destination: '/queue/tx', transaction: 't2' }, 'aborted')
    a.frame('ABORT', { transaction: 't2' })
    b.frame('BEGIN', { transaction: 'acks' })
    b.frame('NACK', { id: m!.headers.ack!, transaction: 'acks' })
    b.frame('ABORT', { transaction: 'acks' })
    expect(bodies(b)).toEqual([]) // the NACK was aborted: nothing redelivered
    b.frame('BEGIN', { transaction: 'acks2' })
    b.frame('NACK', { id: m!.headers.ack!, transaction: 'acks2' })
    b.frame('COMMIT', { transaction: 'acks2' })
    expect(bodies(b)).toEqual(['committed'])
    expect(engine.queueSize('/queue/tx')).toBe(0)
  })

  it('a duplicate BEGIN is an error; a transaction dies with its connection', () => {
    const { engine, clients } = setup(2)
    const [a, b] = clients as [RawClient, RawClient]
    b.frame('SUBSCRIBE', { id: 's', destination: '/topic/tx' })
    a.frame('BEGIN', { transaction: 't' })
    a.frame('SEND', { destination: '/topic/tx', transaction: 't' }, 'never')
    a.disconnectTransport()
    expect(bodies(b)).toEqual([])
    const c = rawClient(engine)
    c.connect()
    c.frame('BEGIN', { transaction: 't' })
    c.frame('BEGIN', { transaction: 't' })
    expect(c.last().headers.message).toBe('Duplicate transaction')
  })
})
