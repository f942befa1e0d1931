import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import axe from 'axe-core'
import { StrictMode } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  type ChatMessage,
  ChatRoom,
  type ChatRoomProps,
  koLabels,
} from '../../src/components/chat/index.js'
import { StompProvider } from '../../src/index.js'
import { createMemoryBroker, forwardTo } from '../../src/testing/index.js'
import { received } from '../helpers/broker.js'

const brokers: ReturnType<typeof createMemoryBroker>[] = []
afterEach(async () => {
  await Promise.all(brokers.splice(0).map((b) => b.close()))
})

function setup(props: Partial<ChatRoomProps> = {}, app = true) {
  const broker = createMemoryBroker(
    app ? { app: { '/app/chat.{room}': forwardTo('/topic/chat.{room}') } } : {},
  )
  brokers.push(broker)
  const user = userEvent.setup()
  const view = render(
    <StrictMode>
      <StompProvider webSocketFactory={broker.webSocketFactory}>
        <ChatRoom
          destination="/topic/chat.lobby"
          publishDestination="/app/chat.lobby"
          user={{ id: 'u1', name: 'Alice' }}
          {...props}
        />
      </StompProvider>
    </StrictMode>,
  )
  return { broker, user, view }
}

const msg = (id: string, text: string, author = 'Bob', at = Date.now()): ChatMessage => ({
  id,
  text,
  author: { id: author.toLowerCase(), name: author },
  sentAt: new Date(at).toISOString(),
})

const subscribed = (broker: ReturnType<typeof createMemoryBroker>) =>
  waitFor(() => expect(broker.subscriptions().length).toBeGreaterThan(0))

describe('ChatRoom', () => {
  it('renders incoming messages as text in a labelled log, never as HTML', async () => {
    const { broker } = setup()
    await subscribed(broker)
    broker.publish('/topic/chat.lobby', msg('m1', '<img src=x onerror=alert(1)>'))
    broker.publish(
      '/topic/chat.lobby',
      msg('m2', 'see https://example.com/a?b=1. and javascript:alert(1)'),
    )
    const log = screen.getByRole('log', { name: 'Messages in /topic/chat.lobby' })
    await within(log).findByText('<img src=x onerror=alert(1)>')
    expect(log.querySelector('img')).toBeNull()
    const link = await within(log).findByRole('link', { name: 'https://example.com/a?b=1' })
    expect(link).toHaveAttribute('rel', 'noopener noreferrer nofollow')
    expect(link).toHaveAttribute('target', '_blank')
    expect(within(log).getAllByRole('link')).toHaveLength(1)
    expect(log.textContent).toContain('javascript:alert(1)')
    expect(screen.getByRole('article', { name: /^Bob, .*: <img src=x/ })).toBeInTheDocument()
  })

  it('collapses a very long message behind Show more, and expands and collapses it again', async () => {
    const { broker, user } = setup({ collapseAfter: 100 })
    await subscribed(broker)
    const long = `${'word '.repeat(60)}END-OF-TEXT`
    // A pasted log: lines without spaces are cut at a line end.
    broker.publish('/topic/chat.lobby', msg('m0', `${'x'.repeat(80)}\n${'y'.repeat(80)}`))
    broker.publish('/topic/chat.lobby', msg('m1', long))
    broker.publish('/topic/chat.lobby', msg('m2', 'short one'))
    const log = screen.getByRole('log')
    const [, more] = await waitFor(() => {
      const found = within(log).getAllByRole('button', { name: 'Show more' })
      expect(found).toHaveLength(2)
      return found as [HTMLElement, HTMLElement]
    })
    expect(more).toHaveAttribute('aria-expanded', 'false')
    // The short message has no button; the log and the long message have one each.
    await waitFor(() => expect(within(log).getAllByRole('button')).toHaveLength(2))
    const logText = screen.getByRole('article', { name: /^Bob, .*: x+…$/ }).querySelector('p')
    expect(logText?.textContent).toBe(`${'x'.repeat(80)}…`)
    const article = screen.getByRole('article', { name: /^Bob, .*: word word/ })
    expect(article.textContent).not.toContain('END-OF-TEXT')
    expect(article.getAttribute('aria-label')).not.toContain('END-OF-TEXT')
    // Cut at a word boundary, marked with an ellipsis, no longer than the limit.
    const shown = article.querySelector('p')?.textContent ?? ''
    expect(shown.endsWith('word…')).toBe(true)
    expect(shown.length).toBeLessThanOrEqual(101)
    expect(more.getAttribute('aria-controls')).toBe(article.querySelector('p')?.id)
    await user.click(more)
    const less = within(log).getByRole('button', { name: 'Show less' })
    expect(less).toHaveAttribute('aria-expanded', 'true')
    expect(article.textContent).toContain('END-OF-TEXT')
    // The accessible name stays the beginning: the full text is read from the paragraph.
    expect(article.getAttribute('aria-label')).not.toContain('END-OF-TEXT')
    await user.click(less)
    expect(article.textContent).not.toContain('END-OF-TEXT')
  })

  it('sends on Enter, adds a line on Shift+Enter, ignores blanks, keeps focus; own message once', async () => {
    const { broker, user } = setup()
    await subscribed(broker)
    const box = screen.getByRole('textbox', { name: 'Message' })
    await user.click(box)
    await user.keyboard('   {Enter}')
    await user.keyboard('{Backspace}{Backspace}{Backspace}')
    await user.keyboard('첫 줄{Shift>}{Enter}{/Shift}둘째 줄{Enter}')
    expect(box).toHaveValue('')
    expect(box).toHaveFocus()
    const log = screen.getByRole('log')
    await waitFor(() =>
      expect(
        within(log).getByRole('article', { name: /^You, .*첫 줄\n둘째 줄$/ }),
      ).toBeInTheDocument(),
    )
    const sends = received(broker, 'SEND')
    expect(sends).toHaveLength(1)
    const body = JSON.parse(sends[0]!.body) as ChatMessage
    expect(body).toMatchObject({ text: '첫 줄\n둘째 줄', author: { id: 'u1', name: 'Alice' } })
    expect(sends[0]!.headers['client-message-id']).toBe(body.id)
    expect(sends[0]!.headers['content-type']).toMatch(/json/)
    // The echo replaced the optimistic copy: one article, confirmed.
    expect(within(log).getAllByRole('article')).toHaveLength(1)
    await waitFor(() => expect(log.querySelector('[data-status="sent"]')).not.toBeNull())
  })

  it('never sends while an IME is composing (Korean), then sends the committed text once', async () => {
    const { broker } = setup()
    await subscribed(broker)
    const box = screen.getByRole('textbox', { name: 'Message' })
    fireEvent.compositionStart(box)
    fireEvent.change(box, { target: { value: '안녕하세' } })
    fireEvent.keyDown(box, { key: 'Enter', keyCode: 229, isComposing: true })
    fireEvent.keyDown(box, { key: 'Enter', keyCode: 13 })
    fireEvent.change(box, { target: { value: '안녕하세요' } })
    fireEvent.compositionEnd(box)
    expect(received(broker, 'SEND')).toHaveLength(0)
    fireEvent.keyDown(box, { key: 'Enter', keyCode: 13 })
    await waitFor(() => expect(received(broker, 'SEND')).toHaveLength(1))
    expect(JSON.parse(received(broker, 'SEND')[0]!.body).text).toBe('안녕하세요')
  })

  it('shows a send as pending while offline and failed with Retry and Delete after a refusal', async () => {
    // No app handler: the SEND to /app gets an ERROR, the receipt never comes: failed.
    const { broker, user } = setup({ sendTimeoutMs: 300 }, false)
    await subscribed(broker)
    const box = screen.getByRole('textbox', { name: 'Message' })
    await user.type(box, 'will fail{Enter}')
    const article = await screen.findByRole('article', { name: /will fail, not sent$/ })
    const retry = within(article).getByRole('button', { name: 'Retry' })
    await user.click(retry)
    await waitFor(() => expect(received(broker, 'SEND').length).toBeGreaterThanOrEqual(2))
    const ids = received(broker, 'SEND').map((f) => f.headers['client-message-id'])
    expect(new Set(ids).size).toBe(1)
    const again = await screen.findByRole('article', { name: /will fail, not sent$/ })
    await user.click(within(again).getByRole('button', { name: 'Delete' }))
    expect(screen.queryByRole('article')).toBeNull()
  })

  it('keeps sends made during an outage pending and delivers them after reconnect', async () => {
    const { broker, user } = setup()
    await subscribed(broker)
    act(() => broker.dropConnections())
    await screen.findByText(/Reconnecting \(attempt 1\)/)
    const box = screen.getByRole('textbox', { name: 'Message' })
    await user.type(box, 'during outage{Enter}')
    await screen.findByRole('article', { name: /during outage, sending$/ })
    await waitFor(
      () => expect(screen.getByRole('article', { name: /during outage$/ })).toBeInTheDocument(),
      {
        timeout: 8000,
      },
    )
    expect(received(broker, 'SEND').filter((f) => f.body.includes('during outage'))).toHaveLength(1)
    expect(screen.getAllByRole('article')).toHaveLength(1)
  })

  it('loads history on mount, shows the beginning marker, and groups and separates days', async () => {
    const day = 86_400_000
    const now = Date.now()
    const history = [
      msg('h1', 'old one', 'Bob', now - 3 * day),
      msg('h2', 'same day, grouped', 'Bob', now - 3 * day + 60_000),
      msg('h3', 'today', 'Carol', now - 1000),
    ]
    const historyLoader = vi.fn(async () => ({ messages: history, hasMore: false }))
    const { broker } = setup({ historyLoader, lastReadId: 'h2' })
    await subscribed(broker)
    const log = screen.getByRole('log')
    await within(log).findByText('today')
    expect(historyLoader).toHaveBeenCalledWith()
    expect(within(log).getByText('Beginning of the conversation')).toBeInTheDocument()
    expect(within(log).getByText('Today')).toBeInTheDocument()
    expect(within(log).getByText('Unread messages')).toBeInTheDocument()
    const rows = log.querySelectorAll('.stomp-chat-row')
    expect(rows[1]).toHaveAttribute('data-grouped')
    expect(rows[2]).not.toHaveAttribute('data-grouped')
    // A live copy of a history message is not shown twice.
    broker.publish('/topic/chat.lobby', history[2]!)
    broker.publish('/topic/chat.lobby', msg('live', 'live one', 'Carol'))
    await within(log).findByText('live one')
    expect(within(log).getAllByText('today')).toHaveLength(1)
  })

  it('shows typing from others, one event per 3 s from us, and Korean labels', async () => {
    const { broker, user } = setup({ typingDestination: '/topic/typing.lobby', labels: koLabels })
    await waitFor(() => expect(broker.subscriptions().length).toBe(2))
    for (const name of ['Bob', 'Carol', 'Dan']) {
      broker.publish('/topic/typing.lobby', {
        type: 'typing',
        user: { id: name, name },
        at: new Date().toISOString(),
      })
    }
    await screen.findByText('Bob님 외 2명이 입력 중…')
    await user.type(screen.getByRole('textbox', { name: '메시지' }), 'abc')
    await waitFor(() => expect(received(broker, 'SEND')).toHaveLength(1))
    expect(JSON.parse(received(broker, 'SEND')[0]!.body)).toMatchObject({
      type: 'typing',
      user: { id: 'u1', name: 'Alice' },
    })
    expect(screen.getByRole('button', { name: '보내기' })).toBeEnabled()
  })

  it('warns about a message that is not in the chat format instead of dropping it silently', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { broker } = setup()
    await subscribed(broker)
    broker.publish('/topic/chat.lobby', { hello: 'world' })
    await waitFor(() =>
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/missing string "id"/)),
    )
  })

  it('counts characters near the limit and refuses to send over it', async () => {
    const { broker, user } = setup({ maxLength: 30 })
    await subscribed(broker)
    const box = screen.getByRole('textbox', { name: 'Message' })
    await user.type(box, 'x'.repeat(31))
    expect(screen.getByText('-1 characters left')).toBeInTheDocument()
    expect(box).toHaveAttribute('aria-invalid', 'true')
    await user.keyboard('{Enter}')
    expect(received(broker, 'SEND')).toHaveLength(0)
  })

  it('has no axe violations with messages, a failed send and the banner', async () => {
    const { broker, user } = setup({ sendTimeoutMs: 200 }, false)
    await subscribed(broker)
    broker.publish('/topic/chat.lobby', msg('m1', 'hi https://example.com'))
    await user.type(screen.getByRole('textbox'), 'mine{Enter}')
    await screen.findByRole('article', { name: /not sent$/ })
    // color-contrast needs layout and computed colours, which jsdom does not have.
    const result = await axe.run(document.body, { rules: { 'color-contrast': { enabled: false } } })
    expect(
      result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' ')}`),
    ).toEqual([])
  })
})
