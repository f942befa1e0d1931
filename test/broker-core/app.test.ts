import { describe, expect, it, vi } from 'vitest'
import {
  type AppHandler,
  createAppRouter,
  createBrokerEngine,
  forwardTo,
} from '../../src/broker-core/index.js'
import { rawClient } from './raw-client.js'

const settle = () => new Promise((r) => setTimeout(r, 0))

describe('application destinations', () => {
  it('route by pattern ({name} placeholders) first, then by longest prefix', () => {
    const router = createAppRouter({
      '/app': () => {},
      '/app/chat': () => {},
      '/app/chat.{room}': () => {},
      '/app/{a}/x/{b}': () => {},
    })
    expect(router.keys).toEqual(['/app/chat.{room}', '/app/{a}/x/{b}', '/app/chat', '/app'])
    expect(router.match('/app/chat.lobby')).toMatchObject({
      key: '/app/chat.{room}',
      params: { room: 'lobby' },
    })
    expect(router.match('/app/1/x/2')?.params).toEqual({ a: '1', b: '2' })
    expect(router.match('/app/chat/more')?.key).toBe('/app/chat')
    expect(router.match('/app/other')?.key).toBe('/app')
    expect(router.match('/application')).toBeUndefined()
  })

  it('refuse keys under /topic or /queue, and malformed patterns', () => {
    expect(() => createAppRouter({ '/topic/x': () => {} })).toThrow(/must not be under \/topic\//)
    expect(() => createAppRouter({ '/app/{x': () => {} })).toThrow(/without "}"/)
    expect(() => createAppRouter({ '/app/{a-b}': () => {} })).toThrow(/must be a word/)
  })

  it('a handler gets the SEND and can publish; forwardTo stamps the server time and keeps client-message-id', () => {
    const clock = {
      now: () => Date.UTC(2026, 10, 26, 9),
      setInterval: () => 0,
      clearInterval: () => {},
    }
    const seen: unknown[] = []
    const engine = createBrokerEngine({
      clock,
      app: {
        '/app/chat.{room}': forwardTo('/topic/chat.{room}', { timeField: 'serverTime' }),
        '/app/spy': (m) => {
          seen.push({
            ...m.headers,
            params: m.params,
            text: m.text,
            json: m.json(),
            login: m.login,
          })
        },
      },
    })
    const c = rawClient(engine)
    c.connect({ login: 'alice' })
    c.frame('SUBSCRIBE', { id: 's', destination: '/topic/chat.lobby' })
    const body = JSON.stringify({ id: 'm1', text: '안녕하세요' })
    c.frame(
      'SEND',
      {
        destination: '/app/chat.lobby',
        'content-type': 'application/json',
        'client-message-id': 'm1',
        receipt: 'r',
      },
      body,
    )
    const [message, receipt] = c.take().slice(-2)
    expect(message?.headers).toMatchObject({
      destination: '/topic/chat.lobby',
      'content-type': 'application/json',
      'client-message-id': 'm1',
      'server-time': '2026-11-26T09:00:00.000Z',
    })
    expect(JSON.parse(message!.body)).toEqual({
      id: 'm1',
      text: '안녕하세요',
      serverTime: '2026-11-26T09:00:00.000Z',
    })
    expect(receipt).toMatchObject({ command: 'RECEIPT', headers: { 'receipt-id': 'r' } })
    c.frame('SEND', { destination: '/app/spy', 'x-a': '1' }, '[1]')
    expect(seen).toEqual([
      { destination: '/app/spy', 'x-a': '1', params: {}, text: '[1]', json: [1], login: 'alice' },
    ])
  })

  it('the RECEIPT of a SEND to an async handler waits for it', async () => {
    let release: () => void = () => {}
    const engine = createBrokerEngine({
      app: { '/app/slow': () => new Promise<void>((r) => (release = r)) },
    })
    const c = rawClient(engine)
    c.connect()
    c.frame('SEND', { destination: '/app/slow', receipt: 'r' })
    await settle()
    expect(c.commands()).toEqual(['CONNECTED'])
    release()
    await settle()
    expect(c.last()).toMatchObject({ command: 'RECEIPT', headers: { 'receipt-id': 'r' } })
  })

  it('a handler that throws or rejects → ERROR to the sender (with receipt-id), reported to onError', async () => {
    const onError = vi.fn()
    const fail: AppHandler = () => {
      throw new Error('no such room')
    }
    const engine = createBrokerEngine({
      onError,
      app: {
        '/app/sync': fail,
        '/app/async': async () => {
          throw new Error('database down')
        },
        '/app/bad-target': (m, broker) => broker.publish('/nowhere', m.body),
      },
    })
    for (const [destination, why] of [
      ['/app/sync', /no such room/],
      ['/app/async', /database down/],
      ['/app/bad-target', /\/topic\/… and \/queue\/…/],
    ] as const) {
      const c = rawClient(engine)
      c.connect()
      c.frame('SEND', { destination, receipt: 'x' })
      await settle()
      expect(c.last()).toMatchObject({
        command: 'ERROR',
        headers: { message: 'Application handler failed', 'receipt-id': 'x' },
        body: expect.stringMatching(why),
      })
      expect(c.closed).toBeDefined()
    }
    expect(onError).toHaveBeenCalledTimes(3)
  })

  it('SENDs to handlers inside a transaction run at COMMIT, and its receipt waits for them', async () => {
    const calls: string[] = []
    const engine = createBrokerEngine({
      app: {
        '/app/{n}': async (m) => {
          calls.push(m.params.n ?? '')
        },
      },
    })
    const c = rawClient(engine)
    c.connect()
    c.frame('BEGIN', { transaction: 't' })
    c.frame('SEND', { destination: '/app/1', transaction: 't' })
    c.frame('SEND', { destination: '/app/2', transaction: 't' })
    expect(calls).toEqual([])
    c.frame('COMMIT', { transaction: 't', receipt: 'done' })
    expect(calls).toEqual(['1', '2'])
    await settle()
    expect(c.last().headers['receipt-id']).toBe('done')
  })

  it('an unknown destination names what the broker does serve', () => {
    const engine = createBrokerEngine({ app: { '/app/chat.{room}': () => {} } })
    const c = rawClient(engine)
    c.connect()
    c.frame('SEND', { destination: '/exchange/x' })
    expect(c.last().body).toMatch(/application destinations \/app\/chat\.\{room\} \(SEND only\)/)
  })
})
