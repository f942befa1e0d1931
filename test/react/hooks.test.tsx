import { act, render, screen, waitFor } from '@testing-library/react'
import { type ReactNode, StrictMode, useState } from 'react'
import { renderToString } from 'react-dom/server'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import WebSocket from 'ws'
import { startStompBroker } from '../../src/broker/index.js'
import {
  createStompSession,
  StompProvider,
  type StompSession,
  useConnectionState,
  usePublish,
  useStompSession,
  useStompStore,
  useSubscription,
} from '../../src/index.js'
import { newBroker, received, sleep } from '../helpers/broker.js'

// The embedded broker over a real WebSocket on 127.0.0.1: the same path a browser takes.
let server: Awaited<ReturnType<typeof startStompBroker>>
let sockets = 0
const wsFactory = () => {
  sockets++
  return new WebSocket(server.url, ['v12.stomp', 'v11.stomp', 'v10.stomp']) as never
}
beforeAll(async () => {
  server = await startStompBroker({ host: '127.0.0.1', port: 0, path: '/ws' })
})
afterAll(async () => {
  await server.close()
})
const sessions: StompSession[] = []
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.stop()))
  sockets = 0
})

function Status() {
  const { status } = useConnectionState()
  return <output data-testid="status">{status}</output>
}

function Feed({ name, destination }: { name: string; destination: string | null }) {
  const { messages, status } = useSubscription<string>(destination)
  return (
    <ul aria-label={name} data-status={status}>
      {messages.map((m) => (
        <li key={m.id}>{m.body}</li>
      ))}
    </ul>
  )
}

/** A publisher on its own session, as another user of the broker would be. */
async function otherClient(): Promise<StompSession> {
  const s = createStompSession({
    webSocketFactory: () => new WebSocket(server.url, ['v12.stomp']) as never,
  })
  sessions.push(s)
  s.start()
  await vi.waitFor(() => expect(s.store.getState().connection.status).toBe('connected'))
  return s
}

const strict = (node: ReactNode) => render(<StrictMode>{node}</StrictMode>)

describe('StompProvider and hooks over a real WebSocket', () => {
  it('StrictMode: one WebSocket and one SUBSCRIBE per destination, messages rendered', async () => {
    const grabbed: { session?: StompSession } = {}
    function Grab() {
      grabbed.session = useStompSession()
      return null
    }
    strict(
      <StompProvider webSocketFactory={wsFactory}>
        <Grab />
        <Status />
        <Feed name="a" destination="/topic/strict" />
        <Feed name="b" destination="/topic/strict" />
      </StompProvider>,
    )
    await waitFor(() => expect(screen.getByTestId('status')).toHaveTextContent('connected'))
    await waitFor(() => expect(screen.getByLabelText('a')).toHaveAttribute('data-status', 'active'))
    sessions.push(grabbed.session!)
    const other = await otherClient()
    await other.publish('/topic/strict', 'hello', { receipt: true })
    await waitFor(() => expect(screen.getByLabelText('b')).toHaveTextContent('hello'))
    expect(screen.getByLabelText('a')).toHaveTextContent('hello')
    expect(sockets).toBe(1)
    expect(grabbed.session?.subscriptions()).toHaveLength(1)
  })

  it('re-rendering with new inline objects and functions never reconnects; a new url does', async () => {
    const brokerB = await startStompBroker({ host: '127.0.0.1', port: 0, path: '/ws' })
    const made: string[] = []
    function App({ url, tick }: { url: string; tick: number }) {
      return (
        <StompProvider
          url={url}
          webSocketFactory={() => {
            made.push(url)
            return new WebSocket(url, ['v12.stomp']) as never
          }}
          connectHeaders={{ login: 'guest', passcode: 'guest' }}
          heartbeat={{ incoming: 10000, outgoing: 10000 }}
          reconnect={{ initialDelayMs: 50 }}
          onListenerError={() => {}}
        >
          <Status />
          <span>{tick}</span>
        </StompProvider>
      )
    }
    const view = strict(<App url={server.url} tick={0} />)
    await waitFor(() => expect(screen.getByTestId('status')).toHaveTextContent('connected'))
    for (let tick = 1; tick <= 5; tick++)
      view.rerender(
        <StrictMode>
          <App url={server.url} tick={tick} />
        </StrictMode>,
      )
    await sleep(50)
    expect(made).toEqual([server.url])
    view.rerender(
      <StrictMode>
        <App url={brokerB.url} tick={6} />
      </StrictMode>,
    )
    await waitFor(() => expect(made).toEqual([server.url, brokerB.url]))
    await waitFor(() => expect(screen.getByTestId('status')).toHaveTextContent('connected'))
    view.unmount()
    await brokerB.close()
  })

  it('renderToString works on the server without touching WebSocket', () => {
    const factory = vi.fn(wsFactory)
    const html = renderToString(
      <StompProvider webSocketFactory={factory}>
        <Status />
        <Feed name="a" destination="/topic/ssr" />
      </StompProvider>,
    )
    expect(html).toContain('idle')
    expect(html).toContain('data-status="subscribing"')
    expect(factory).not.toHaveBeenCalled()
  })

  it('a hook outside the provider throws an error naming the hook and <StompProvider>', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {})
    function Lonely() {
      useSubscription('/topic/x')
      return null
    }
    expect(() => render(<Lonely />)).toThrow(/useSubscription must be used within <StompProvider>/)
    function LonelyPublish() {
      usePublish('/topic/x')
      return null
    }
    expect(() => render(<LonelyPublish />)).toThrow(
      /usePublish must be used within <StompProvider>/,
    )
    spy.mockRestore()
  })
})

describe('hooks on the memory broker', () => {
  it('a component re-renders only when its own slice changes', async () => {
    const broker = newBroker()
    const renders = { a: 0, b: 0, status: 0 }
    function Counted({ name, destination }: { name: 'a' | 'b'; destination: string }) {
      renders[name]++
      const { messages } = useSubscription<string>(destination)
      return <span data-testid={name}>{messages.length}</span>
    }
    function CountedStatus() {
      renders.status++
      return <span data-testid="st">{useConnectionState().status}</span>
    }
    render(
      <StompProvider webSocketFactory={broker.webSocketFactory}>
        <CountedStatus />
        <Counted name="a" destination="/topic/a" />
        <Counted name="b" destination="/topic/b" />
      </StompProvider>,
    )
    await waitFor(() => expect(screen.getByTestId('st')).toHaveTextContent('connected'))
    await waitFor(() => expect(broker.subscriptions()).toHaveLength(2))
    await sleep(20)
    const before = { ...renders }
    for (let i = 0; i < 5; i++) broker.publish('/topic/a', `m${i}`)
    await waitFor(() => expect(screen.getByTestId('a')).toHaveTextContent('5'))
    await sleep(20)
    expect(renders.b).toBe(before.b)
    expect(renders.status).toBe(before.status)
    expect(renders.a - before.a).toBeGreaterThanOrEqual(1)
    expect(renders.a - before.a).toBeLessThanOrEqual(5)
    await broker.close()
  })

  it('onMessage: the latest callback is used and changing it never resubscribes', async () => {
    const broker = newBroker()
    const calls: string[] = []
    function Listener({ label }: { label: string }) {
      useSubscription<string>('/topic/cb', {
        onMessage: (m) => calls.push(`${label}:${m.body}`),
        headers: { x: '1' },
      })
      return null
    }
    const view = render(
      <StompProvider webSocketFactory={broker.webSocketFactory}>
        <Listener label="first" />
      </StompProvider>,
    )
    await waitFor(() => expect(broker.subscriptions()).toHaveLength(1))
    broker.publish('/topic/cb', 'one')
    await waitFor(() => expect(calls).toEqual(['first:one']))
    view.rerender(
      <StompProvider webSocketFactory={broker.webSocketFactory}>
        <Listener label="second" />
      </StompProvider>,
    )
    broker.publish('/topic/cb', 'two')
    await waitFor(() => expect(calls).toEqual(['first:one', 'second:two']))
    expect(received(broker, 'SUBSCRIBE')).toHaveLength(1)
    expect(received(broker, 'UNSUBSCRIBE')).toHaveLength(0)
    view.unmount()
    await broker.close()
  })

  it('limit 0 delivers to onMessage only: nothing stored, no re-render, even beside a hook that keeps messages', async () => {
    const broker = newBroker()
    const heard: string[] = []
    let listenerRenders = 0
    let session: StompSession | undefined
    function Listener() {
      listenerRenders++
      session = useStompSession()
      const { messages } = useSubscription<string>('/topic/z', {
        limit: 0,
        onMessage: (m) => heard.push(m.body),
      })
      return <span data-testid="zero">{messages.length}</span>
    }
    function Keeper() {
      const { messages } = useSubscription<string>('/topic/z', { limit: 3 })
      return <span data-testid="kept">{messages.length}</span>
    }
    const view = render(
      <StompProvider webSocketFactory={broker.webSocketFactory}>
        <Listener />
      </StompProvider>,
    )
    await waitFor(() => expect(broker.subscriptions()).toHaveLength(1))
    await sleep(20)
    const before = listenerRenders
    for (let i = 0; i < 5; i++) broker.publish('/topic/z', `m${i}`)
    await waitFor(() => expect(heard).toHaveLength(5))
    await sleep(150)
    expect(listenerRenders).toBe(before)
    expect(Object.keys(session!.store.getState().messages)).toHaveLength(0)
    // A second hook on the same destination keeps its 3; the limit-0 hook still returns none.
    view.rerender(
      <StompProvider webSocketFactory={broker.webSocketFactory}>
        <Listener />
        <Keeper />
      </StompProvider>,
    )
    await sleep(20)
    const beside = listenerRenders
    for (let i = 5; i < 10; i++) broker.publish('/topic/z', `m${i}`)
    await waitFor(() => expect(screen.getByTestId('kept')).toHaveTextContent('3'))
    await sleep(150)
    expect(screen.getByTestId('zero')).toHaveTextContent('0')
    expect(listenerRenders).toBe(beside)
    expect(heard).toHaveLength(10)
    // The keeper leaves: the stored list goes with it, so a keeper that comes back later does not
    // show m7–m9 followed by a silent gap.
    view.rerender(
      <StompProvider webSocketFactory={broker.webSocketFactory}>
        <Listener />
      </StompProvider>,
    )
    await waitFor(() => expect(Object.keys(session!.store.getState().messages)).toHaveLength(0))
    broker.publish('/topic/z', 'm10')
    await waitFor(() => expect(heard).toHaveLength(11))
    view.rerender(
      <StompProvider webSocketFactory={broker.webSocketFactory}>
        <Listener />
        <Keeper />
      </StompProvider>,
    )
    broker.publish('/topic/z', 'm11')
    await waitFor(() => expect(screen.getByTestId('kept')).toHaveTextContent('1'))
    expect(received(broker, 'SUBSCRIBE')).toHaveLength(1)
    view.unmount()
    await broker.close()
  })

  it('a limit that changes on a reused subscription takes effect: swapping a keeper for a limit-0 hook stores nothing', async () => {
    const broker = newBroker()
    let session: StompSession | undefined
    function Feed({ limit }: { limit: number }) {
      session = useStompSession()
      const { messages } = useSubscription<string>('/topic/swap', {
        limit,
        onMessage: () => {},
      })
      return <span data-testid="swap">{messages.length}</span>
    }
    const view = render(
      <StompProvider webSocketFactory={broker.webSocketFactory}>
        <Feed limit={500} />
      </StompProvider>,
    )
    await waitFor(() => expect(broker.subscriptions()).toHaveLength(1))
    broker.publish('/topic/swap', 'a')
    await waitFor(() => expect(screen.getByTestId('swap')).toHaveTextContent('1'))
    // Same destination, same commit: the entry is reused, its limit must follow.
    view.rerender(
      <StompProvider webSocketFactory={broker.webSocketFactory}>
        <Feed limit={0} />
      </StompProvider>,
    )
    await waitFor(() => expect(Object.keys(session!.store.getState().messages)).toHaveLength(0))
    broker.publish('/topic/swap', 'b')
    await sleep(150)
    expect(Object.keys(session!.store.getState().messages)).toHaveLength(0)
    expect(received(broker, 'SUBSCRIBE')).toHaveLength(1)
    view.unmount()
    await broker.close()
  })

  it('a null destination subscribes to nothing and reports inactive; setting it subscribes', async () => {
    const broker = newBroker()
    let setDest: (d: string | null) => void = () => {}
    function Switch() {
      const [dest, set] = useState<string | null>(null)
      setDest = set
      return <Feed name="f" destination={dest} />
    }
    render(
      <StompProvider webSocketFactory={broker.webSocketFactory}>
        <Status />
        <Switch />
      </StompProvider>,
    )
    await waitFor(() => expect(screen.getByTestId('status')).toHaveTextContent('connected'))
    expect(screen.getByLabelText('f')).toHaveAttribute('data-status', 'inactive')
    expect(received(broker, 'SUBSCRIBE')).toHaveLength(0)
    act(() => setDest('/topic/late'))
    await waitFor(() => expect(screen.getByLabelText('f')).toHaveAttribute('data-status', 'active'))
    broker.publish('/topic/late', 'now')
    await waitFor(() => expect(screen.getByLabelText('f')).toHaveTextContent('now'))
    await broker.close()
  })

  it('usePublish: strings as text, objects as JSON, resolved with a receipt', async () => {
    const broker = newBroker()
    let publish: ReturnType<typeof usePublish> = async () => {}
    function Publisher() {
      publish = usePublish('/topic/out')
      return null
    }
    render(
      <StompProvider webSocketFactory={broker.webSocketFactory}>
        <Status />
        <Publisher />
      </StompProvider>,
    )
    await waitFor(() => expect(screen.getByTestId('status')).toHaveTextContent('connected'))
    await publish('plain', { receipt: true })
    await publish({ n: 1 }, { destination: '/topic/other' })
    await waitFor(() => expect(received(broker, 'SEND')).toHaveLength(2))
    const sends = received(broker, 'SEND')
    expect(sends.map((s) => [s.headers.destination, s.headers['content-type'], s.body])).toEqual([
      ['/topic/out', 'text/plain;charset=utf-8', 'plain'],
      ['/topic/other', 'application/json', '{"n":1}'],
    ])
    await broker.close()
  })

  it('custom decode and limit shape what the hook returns; a throwing decode becomes decodeError', async () => {
    const broker = newBroker()
    function Decoded() {
      const { messages, lastMessage } = useSubscription<number>('/topic/n', {
        limit: 2,
        decode: (m) => {
          const n = Number(m.text)
          if (Number.isNaN(n)) throw new Error(`not a number: ${m.text}`)
          return n * 10
        },
      })
      return (
        <>
          <span data-testid="list">{messages.map((m) => m.body ?? 'x').join(',')}</span>
          <span data-testid="err">{lastMessage?.decodeError?.message ?? ''}</span>
        </>
      )
    }
    render(
      <StompProvider webSocketFactory={broker.webSocketFactory}>
        <Decoded />
      </StompProvider>,
    )
    await waitFor(() => expect(broker.subscriptions()).toHaveLength(1))
    for (const v of ['1', '2', '3', 'oops']) broker.publish('/topic/n', v)
    await waitFor(() => expect(screen.getByTestId('list')).toHaveTextContent('30,x'))
    expect(screen.getByTestId('err')).toHaveTextContent('not a number: oops')
    await broker.close()
  })

  it('new connectHeaders after an auth failure reconnect; the same content does not', async () => {
    const broker = newBroker({ users: { alice: 'secret' } })
    const view = render(
      <StompProvider
        webSocketFactory={broker.webSocketFactory}
        connectHeaders={{ login: 'alice', passcode: 'nope' }}
      >
        <Status />
      </StompProvider>,
    )
    await waitFor(() => expect(screen.getByTestId('status')).toHaveTextContent('failed'))
    view.rerender(
      <StompProvider
        webSocketFactory={broker.webSocketFactory}
        connectHeaders={{ login: 'alice', passcode: 'nope' }}
      >
        <Status />
      </StompProvider>,
    )
    await sleep(50)
    expect(screen.getByTestId('status')).toHaveTextContent('failed')
    view.rerender(
      <StompProvider
        webSocketFactory={broker.webSocketFactory}
        connectHeaders={{ login: 'alice', passcode: 'secret' }}
      >
        <Status />
      </StompProvider>,
    )
    await waitFor(() => expect(screen.getByTestId('status')).toHaveTextContent('connected'))
    expect(document.body.innerHTML).not.toContain('secret')
    await broker.close()
  })

  it('a session passed in is started by the provider and never stopped by it', async () => {
    const broker = newBroker()
    const session = createStompSession({ webSocketFactory: broker.webSocketFactory })
    sessions.push(session)
    const view = render(
      <StompProvider session={session}>
        <Status />
      </StompProvider>,
    )
    await waitFor(() => expect(screen.getByTestId('status')).toHaveTextContent('connected'))
    view.unmount()
    await sleep(30)
    expect(session.store.getState().connection.status).toBe('connected')
    await broker.close()
  })

  it('useStompStore reads any slice', async () => {
    const broker = newBroker()
    function Outbox() {
      const n = useStompStore((s) => s.outbox.length)
      return <span data-testid="outbox">{n}</span>
    }
    function Sender() {
      const publish = usePublish('/app/x')
      return (
        <button type="button" onClick={() => void publish('queued')}>
          send
        </button>
      )
    }
    render(
      <StompProvider webSocketFactory={broker.webSocketFactory} enabled={false}>
        <Outbox />
        <Sender />
      </StompProvider>,
    )
    act(() => screen.getByText('send').click())
    expect(screen.getByTestId('outbox')).toHaveTextContent('1')
    await broker.close()
  })
})
