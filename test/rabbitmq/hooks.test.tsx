import { act, render, screen, waitFor } from '@testing-library/react'
import { StrictMode, useState } from 'react'
import { afterEach, describe, expect, it } from 'vitest'
import {
  StompProvider,
  type StompSession,
  useConnectionState,
  usePublish,
  useStompSession,
  useSubscription,
} from '../../src/index.js'
import {
  guest,
  listConsumers,
  rabbitmqctl,
  rabbitSession,
  uniqueName,
  wsFactory,
} from '../helpers/rabbitmq.js'

const sessions: StompSession[] = []
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.stop()))
})

function Feed({ name, destination }: { name: string; destination: string }) {
  const { messages, status } = useSubscription<{ n: number }>(destination)
  return (
    <ul aria-label={name} data-status={status}>
      {messages.map((m) => (
        <li key={m.id}>{m.body.n}</li>
      ))}
    </ul>
  )
}

function Status() {
  const { status, attempt } = useConnectionState()
  return (
    <output data-testid="status" data-attempt={attempt}>
      {status}
    </output>
  )
}

/** The broker's consumers that belong to this session's SUBSCRIBEs (tag T_<subscription id>). */
const consumersOf = async (session: StompSession, ids = session.subscriptions().map((s) => s.id)) =>
  (await listConsumers()).filter((c) => ids.includes(c.tag.slice(2)))

describe('hooks against RabbitMQ web-stomp', () => {
  it('two components on one destination share one consumer; both render; unmount removes it', async () => {
    const destination = `/topic/${uniqueName('shared')}`
    const session = rabbitSession()
    sessions.push(session)
    function App() {
      const [show, setShow] = useState(true)
      return (
        <StompProvider session={session}>
          <Status />
          {show && <Feed name="a" destination={destination} />}
          {show && <Feed name="b" destination={destination} />}
          <button type="button" onClick={() => setShow(false)}>
            hide
          </button>
        </StompProvider>
      )
    }
    render(
      <StrictMode>
        <App />
      </StrictMode>,
    )
    await waitFor(() => expect(screen.getByLabelText('a')).toHaveAttribute('data-status', 'active'))
    // RabbitMQ names a STOMP consumer T_<subscription id>; the subscription ids are ours.
    const ids = session.subscriptions().map((s) => s.id)
    expect(ids).toHaveLength(1)
    await waitFor(async () => expect(await consumersOf(session)).toHaveLength(1))
    for (let n = 1; n <= 3; n++) await session.publish(destination, { n }, { receipt: true })
    await waitFor(() => {
      expect(screen.getByLabelText('a').textContent).toBe('123')
      expect(screen.getByLabelText('b').textContent).toBe('123')
    })
    expect(await consumersOf(session)).toHaveLength(1)

    act(() => screen.getByText('hide').click())
    await waitFor(async () => expect(await consumersOf(session, ids)).toHaveLength(0), {
      timeout: 5000,
    })
  })

  it('round-trips JSON, text, multi-line, Korean and emoji bodies with content-length in octets', async () => {
    const destination = `/queue/${uniqueName('bodies')}`
    const session = rabbitSession()
    sessions.push(session)
    session.start()
    const received: { body: unknown; text: string; headers: Record<string, string> }[] = []
    session.subscribe(destination, (m) => received.push(m))
    const bodies: unknown[] = [
      { text: '안녕하세요', emoji: '👋🏽🇰🇷' },
      'plain text',
      'line one\nline two\r\nline three',
      '한국어 😀 日本語',
    ]
    for (const body of bodies) await session.publish(destination, body, { receipt: true })
    await waitFor(() => expect(received).toHaveLength(bodies.length))
    expect(received.map((m) => m.body)).toEqual(bodies)
    for (const m of received) {
      expect(Number(m.headers['content-length'])).toBe(new TextEncoder().encode(m.text).byteLength)
    }
    expect(received[0]?.headers['content-type']).toBe('application/json')
  })

  it('reconnects after close_all_connections with one consumer per destination again', async () => {
    const destination = `/topic/${uniqueName('drop')}`
    const grabbed: { current?: StompSession } = {}
    function App() {
      const publish = usePublish<{ n: number }>(destination)
      grabbed.current = useStompSession()
      return (
        <>
          <Status />
          <Feed name="feed" destination={destination} />
          <button type="button" onClick={() => void publish({ n: 7 }, { receipt: true })}>
            send
          </button>
        </>
      )
    }
    render(
      <StrictMode>
        <StompProvider
          webSocketFactory={wsFactory()}
          connectHeaders={guest}
          reconnect={{ initialDelayMs: 100, maxDelayMs: 500 }}
        >
          <App />
        </StompProvider>
      </StrictMode>,
    )
    await waitFor(() => expect(screen.getByTestId('status')).toHaveTextContent('connected'))
    await waitFor(() =>
      expect(screen.getByLabelText('feed')).toHaveAttribute('data-status', 'active'),
    )
    const session = grabbed.current!
    await waitFor(async () => expect(await consumersOf(session)).toHaveLength(1))

    const seen: string[] = []
    const observer = new MutationObserver(() =>
      seen.push(screen.getByTestId('status').textContent ?? ''),
    )
    observer.observe(screen.getByTestId('status'), {
      childList: true,
      subtree: true,
      characterData: true,
    })
    await rabbitmqctl('close_all_connections', 'test: drop every client')
    await waitFor(() => expect(seen).toContain('reconnecting'), { timeout: 10_000 })
    await waitFor(() => expect(screen.getByTestId('status')).toHaveTextContent('connected'), {
      timeout: 10_000,
    })
    observer.disconnect()
    await waitFor(() =>
      expect(screen.getByLabelText('feed')).toHaveAttribute('data-status', 'active'),
    )

    act(() => screen.getByText('send').click())
    await waitFor(() => expect(screen.getByLabelText('feed').textContent).toBe('7'))
    // The re-sent SUBSCRIBE is the only consumer on this destination's queue.
    expect(await consumersOf(session)).toHaveLength(1)
  })
})
