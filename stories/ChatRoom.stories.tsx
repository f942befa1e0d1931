import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { ChatRoom, koLabels } from '../src/components/chat/index.js'
import type { MemoryBroker } from '../src/testing/index.js'
import { type BrokerParameters, brokerOf } from './broker/withBroker.js'
import {
  alice,
  bobUser,
  carol,
  conversation,
  dave,
  fixed,
  message,
  pagedLoader,
} from './chat-fixtures.js'

const meta = {
  title: 'Components/ChatRoom',
  component: ChatRoom,
  tags: ['autodocs'],
  args: {
    destination: '/topic/chat.lobby',
    publishDestination: '/app/chat.lobby',
    user: alice,
    title: 'Lobby',
    locale: 'en-US',
  },
} satisfies Meta<typeof ChatRoom>

export default meta
type Story = StoryObj<typeof meta>

const now = Date.now()
const short = [
  message('s1', 'Morning! Is the deploy still on for today?', bobUser, now - 9 * 60_000),
  message('s2', 'Yes, after lunch.', alice, now - 8 * 60_000),
  message('s3', 'I will watch the dashboards.', carol, now - 7 * 60_000),
  message('s4', 'Thanks both 🙏', bobUser, now - 6 * 60_000),
]

const connected = (canvasElement: HTMLElement) =>
  waitFor(() =>
    expect(within(canvasElement).getByRole('status')).toHaveAttribute('data-status', 'connected'),
  )

const composer = (canvasElement: HTMLElement) =>
  within(canvasElement).getByRole('textbox', { name: /message|메시지/i })

export const Empty: Story = {
  play: async ({ canvasElement }) => {
    await connected(canvasElement)
    const log = within(canvasElement).getByRole('log')
    await expect(within(log).queryAllByRole('article')).toHaveLength(0)
  },
}

export const ShortConversation: Story = {
  args: { historyLoader: fixed(short) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await connected(canvasElement)
    await canvas.findByRole('article', { name: /Thanks both/ })
    await userEvent.type(composer(canvasElement), 'See you after lunch{Enter}')
    // The optimistic copy is replaced by the echo: shown once, and no longer "sending".
    await waitFor(() =>
      expect(canvas.getByRole('article', { name: /See you after lunch$/ })).toBeInTheDocument(),
    )
    await expect(canvas.getAllByRole('article', { name: /See you after lunch/ })).toHaveLength(1)
    await expect(composer(canvasElement)).toHaveValue('')
  },
}

export const TenThousandMessages: Story = {
  args: { historyLoader: fixed(conversation(10_000, 30_000)), messageLimit: 10_000 },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await canvas.findByRole('article', { name: /Message 10000\b/ })
    // Virtualized: only what fits on screen is in the DOM.
    await expect(canvas.getAllByRole('article').length).toBeLessThan(200)
  },
}

export const SeveralDays: Story = {
  args: { historyLoader: fixed(conversation(12, 7 * 3_600_000, now - 60_000)) },
  play: async ({ canvasElement }) => {
    await within(canvasElement).findByRole('article', { name: /Message 12\b/ })
  },
}

export const PendingFailedAndRetry: Story = {
  args: { sendTimeoutMs: 400 },
  // No app handler for /app/chat.lobby: the broker answers the SEND with an ERROR, no echo.
  parameters: { broker: { app: {} } satisfies BrokerParameters },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await connected(canvasElement)
    await userEvent.type(composer(canvasElement), 'will fail{Enter}')
    const failed = await canvas.findByRole(
      'article',
      { name: /will fail, not sent$/ },
      {
        timeout: 5_000,
      },
    )
    await userEvent.click(within(failed).getByRole('button', { name: 'Retry' }))
    const again = await canvas.findByRole(
      'article',
      { name: /will fail, not sent$/ },
      {
        timeout: 5_000,
      },
    )
    await userEvent.click(within(again).getByRole('button', { name: 'Delete' }))
    await waitFor(() => expect(canvas.queryAllByRole('article')).toHaveLength(0))
  },
}

export const OfflineWithQueuedSends: Story = {
  parameters: {
    // Axe caught faded pending bubbles failing contrast (3.55:1); pending now shows a dashed outline.
    a11y: { test: 'error' },
    broker: {
      offline: true,
      dropAfterMount: true,
      provider: { reconnect: { initialDelayMs: 600_000, maxDelayMs: 600_000 } },
    } satisfies BrokerParameters,
  },
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement)
    const broker = brokerOf({ loaded })
    // "offline" also shows before the first connect; type only once the connection was dropped,
    // or the first message goes out on that first connect.
    await waitFor(() => expect(broker.subscriptions().length).toBeGreaterThan(0))
    await waitFor(() => expect(broker.connections()).toHaveLength(0))
    await waitFor(() =>
      expect(canvas.getByRole('status')).toHaveAttribute('data-status', 'offline'),
    )
    await userEvent.type(composer(canvasElement), 'first while offline{Enter}')
    await userEvent.type(composer(canvasElement), 'second while offline{Enter}')
    await canvas.findByRole('article', { name: /first while offline, sending$/ })
    await canvas.findByRole('article', { name: /second while offline, sending$/ })
  },
}

export const Reconnecting: Story = {
  args: { historyLoader: fixed(short) },
  parameters: { broker: { unreachable: true } satisfies BrokerParameters },
  play: async ({ canvasElement }) => {
    await waitFor(
      () => expect(within(canvasElement).getByRole('status')).toHaveTextContent(/Reconnecting/),
      { timeout: 5_000 },
    )
  },
}

export const AuthFailed: Story = {
  parameters: { broker: { refuseAuth: true } satisfies BrokerParameters },
  play: async ({ canvasElement }) => {
    await waitFor(() =>
      expect(within(canvasElement).getByRole('status')).toHaveTextContent(/Sign-in was refused/),
    )
  },
}

const typing = (broker: MemoryBroker, ...people: { id: string; name: string }[]) => {
  for (const user of people) {
    broker.publish('/topic/typing.lobby', { type: 'typing', user, at: new Date().toISOString() })
  }
}

export const TypingOnePerson: Story = {
  args: { historyLoader: fixed(short), typingDestination: '/topic/typing.lobby' },
  parameters: {
    broker: { onConnected: (broker) => typing(broker, bobUser) } satisfies BrokerParameters,
  },
  play: async ({ canvasElement }) => {
    await within(canvasElement).findByText('Bob is typing…')
  },
}

export const TypingThreePeople: Story = {
  args: { historyLoader: fixed(short), typingDestination: '/topic/typing.lobby' },
  parameters: {
    broker: {
      onConnected: (broker) => typing(broker, bobUser, carol, dave),
    } satisfies BrokerParameters,
  },
  play: async ({ canvasElement }) => {
    await within(canvasElement).findByText('Bob and 2 others are typing…')
  },
}

export const LoadingOlderHistory: Story = {
  args: { historyLoader: pagedLoader(conversation(60), 20, 300) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await canvas.findByRole('article', { name: /Message 60\b/ })
    const log = canvas.getByRole('log')
    const scroller = () =>
      [log, ...log.querySelectorAll<HTMLElement>('*')].find(
        (el) => el.scrollHeight > el.clientHeight + 1,
      )
    // Scroll to the top like a reader would, until the beginning of the conversation shows.
    await waitFor(
      () => {
        const el = scroller()
        if (el) el.scrollTop = 0
        el?.dispatchEvent(new Event('scroll'))
        expect(canvas.getByText('Beginning of the conversation')).toBeInTheDocument()
      },
      { timeout: 10_000, interval: 400 },
    )
  },
}

export const LongWordsAndLinks: Story = {
  args: {
    historyLoader: fixed([
      message('l1', `A${'a'.repeat(300)}h!`, bobUser, now - 120_000),
      message('l2', 'Docs: https://example.com/react-stomp-kit/guide?tab=chat#theming', carol, now),
    ]),
  },
  play: async ({ canvasElement }) => {
    const link = await within(canvasElement).findByRole('link', { name: /example\.com/ })
    await expect(link).toHaveAttribute('href', expect.stringMatching(/^https:\/\/example\.com/))
  },
}

/** A pasted log file: the bubble shows its beginning and a Show more button, not 40,000 px of text. */
export const VeryLongMessage: Story = {
  args: {
    historyLoader: fixed([
      message(
        'v1',
        Array.from(
          { length: 400 },
          (_, i) => `12:00:${String(i % 60).padStart(2, '0')} INFO request ${i} ok`,
        ).join('\n'),
        bobUser,
        now - 60_000,
      ),
      message('v2', 'Sorry, wrong window 🙈', bobUser, now),
    ]),
  },
  play: async ({ canvasElement }) => {
    const log = within(canvasElement).getByRole('log')
    const more = await within(log).findByRole('button', { name: 'Show more' })
    await expect(log.textContent).not.toContain('request 399 ok')
    await userEvent.click(more)
    await expect(within(log).getByRole('button', { name: 'Show less' })).toHaveAttribute(
      'aria-expanded',
      'true',
    )
    await expect(log.textContent).toContain('request 399 ok')
  },
}

export const XssPayloadsAsText: Story = {
  args: {
    historyLoader: fixed([
      message('x1', '<img src=x onerror=alert(1)>', bobUser, now - 60_000),
      message('x2', 'javascript:alert(1)', bobUser, now - 30_000),
      message('x3', '<script>alert(1)</script> [click](javascript:alert(1))', bobUser, now),
    ]),
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await canvas.findByText('<img src=x onerror=alert(1)>')
    await canvas.findByText('javascript:alert(1)')
    await expect(canvasElement.querySelector('.stomp-chat img[src="x"]')).toBeNull()
    await expect(canvasElement.querySelector('.stomp-chat script')).toBeNull()
    await expect(canvasElement.querySelector('a[href^="javascript"]')).toBeNull()
  },
}

export const KoreanJapaneseAndEmoji: Story = {
  args: {
    historyLoader: fixed([
      message('k1', '안녕하세요! 오늘 배포 일정 공유드립니다.', bobUser, now - 90_000),
      message('k2', 'こんにちは、よろしくお願いします。', carol, now - 60_000),
      message('k3', '👍🏽 🎉 👨‍👩‍👧‍👦 🇰🇷', alice, now),
    ]),
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await canvas.findByText('안녕하세요! 오늘 배포 일정 공유드립니다.')
    await connected(canvasElement)
    await userEvent.type(composer(canvasElement), '감사합니다 🙏{Enter}')
    await canvas.findByRole('article', { name: /감사합니다 🙏$/ })
  },
}

export const ArabicRtl: Story = {
  args: {
    dir: 'rtl',
    locale: 'ar',
    user: { id: 'alice', name: 'أليس' },
    historyLoader: fixed([
      message('a1', 'مرحبا! هل النشر اليوم؟', { id: 'bob', name: 'بوب' }, now - 60_000),
      message('a2', 'نعم، بعد الغداء.', { id: 'alice', name: 'أليس' }, now),
    ]),
  },
  play: async ({ canvasElement }) => {
    await within(canvasElement).findByText('نعم، بعد الغداء.')
    await expect(canvasElement.querySelector('.stomp-chat')).toHaveAttribute('dir', 'rtl')
  },
}

export const DarkTheme: Story = {
  args: { theme: 'dark', historyLoader: fixed(short) },
  // Axe caught dark own bubbles at 4.41:1; the dark own background is now #2f64c8 (5.56:1).
  parameters: { backgrounds: { disable: true }, a11y: { test: 'error' } },
  play: async ({ canvasElement }) => {
    await within(canvasElement).findByRole('article', { name: /Thanks both/ })
    await expect(canvasElement.querySelector('.stomp-chat')).toHaveAttribute('data-theme', 'dark')
  },
}

export const MobileViewport: Story = {
  args: { historyLoader: fixed(short) },
  decorators: [
    (Story) => (
      <div style={{ inlineSize: 375, blockSize: 667, border: '1px solid #d5d9e0' }}>
        <Story />
      </div>
    ),
  ],
  play: async ({ canvasElement }) => {
    await within(canvasElement).findByRole('article', { name: /Thanks both/ })
    const room = canvasElement.querySelector<HTMLElement>('.stomp-chat')!
    await expect(room.getBoundingClientRect().width).toBeLessThanOrEqual(376)
  },
}

export const CustomTheme: Story = {
  args: { historyLoader: fixed(short), className: 'story-custom-theme' },
  decorators: [
    (Story) => (
      <>
        <style>{`.story-custom-theme {
  --stomp-chat-font: Georgia, serif;
  --stomp-chat-radius: 0.25rem;
  --stomp-chat-bg: #fdf8f0;
  --stomp-chat-fg: #2b2118;
  --stomp-chat-muted: #5e4b3a;
  --stomp-chat-bubble-bg: #f1e4d1;
  --stomp-chat-bubble-fg: #2b2118;
  --stomp-chat-own-bg: #7a3e0f;
  --stomp-chat-own-fg: #ffffff;
  --stomp-chat-accent: #7a3e0f;
  --stomp-chat-focus: #7a3e0f;
}`}</style>
        <Story />
      </>
    ),
  ],
  play: async ({ canvasElement }) => {
    await within(canvasElement).findByRole('article', { name: /Thanks both/ })
    const room = canvasElement.querySelector<HTMLElement>('.stomp-chat')!
    await expect(getComputedStyle(room).getPropertyValue('--stomp-chat-own-bg').trim()).toBe(
      '#7a3e0f',
    )
  },
}

export const KoreanLabels: Story = {
  args: { labels: koLabels, locale: 'ko-KR', historyLoader: fixed(short) },
  play: async ({ canvasElement }) => {
    await within(canvasElement).findByRole('article', { name: /Thanks both/ })
    await expect(within(canvasElement).getByRole('button', { name: koLabels.send })).toBeVisible()
  },
}

/** The toolbar's "Message from Bob" goes through the broker like any other message. */
export const BrokerToolbar: Story = {
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement)
    await connected(canvasElement)
    await waitFor(() => expect(brokerOf({ loaded }).subscriptions().length).toBeGreaterThan(0))
    await userEvent.click(canvas.getByRole('button', { name: 'Message from Bob' }))
    await canvas.findByRole('article', { name: /^Bob, .*Hi from Bob/ })
    const silence = canvas.getByRole('button', { name: 'Silence' })
    await userEvent.click(silence)
    await expect(silence).toHaveAttribute('aria-pressed', 'true')
    await userEvent.click(silence)
    await expect(silence).toHaveAttribute('aria-pressed', 'false')
  },
}
