import { type FormEvent, useCallback, useState } from 'react'
import { type ChatMessage, ChatRoom, koLabels } from '../../src/components/chat/index.js'
import { StompDevtools } from '../../src/components/devtools/index.js'
import { createId, StompProvider } from '../../src/index.js'

const ROOMS = ['lobby', 'random', '한국어']

export function App({ url, embedded }: { url: string; embedded: boolean }) {
  const [name, setName] = useState(() => sessionStorage.getItem('demo-name') ?? '')
  const [room, setRoom] = useState('lobby')
  const [korean, setKorean] = useState(false)
  const [devtools, setDevtools] = useState(false)
  const [theme, setTheme] = useState<'auto' | 'light' | 'dark'>('auto')
  const [userId] = useState(() => sessionStorage.getItem('demo-id') ?? createId())

  const join = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const value = String(new FormData(event.currentTarget).get('name') ?? '').trim()
    if (!value) return
    sessionStorage.setItem('demo-name', value)
    sessionStorage.setItem('demo-id', userId)
    setName(value)
  }

  const historyLoader = useCallback(
    async (before?: ChatMessage) => {
      const query = new URLSearchParams({ room, limit: '50' })
      if (before) query.set('before', before.id)
      const response = await fetch(`/api/history?${query}`)
      if (!response.ok) throw new Error(`History failed: HTTP ${response.status}`)
      return (await response.json()) as { messages: ChatMessage[]; hasMore: boolean }
    },
    [room],
  )

  if (!name) {
    return (
      <main className="demo-join">
        <h1>react-stomp-kit chat</h1>
        <form onSubmit={join}>
          <label htmlFor="demo-name">Your name</label>
          <input id="demo-name" name="name" autoComplete="nickname" required />
          <button type="submit">Join</button>
        </form>
      </main>
    )
  }

  // Spring-style with the embedded broker (send to /app, receive on /topic); RabbitMQ routes
  // /topic directly.
  const send = (kind: string) => (embedded ? `/app/${kind}.${room}` : `/topic/${kind}.${room}`)
  return (
    <StompProvider url={url}>
      <div className="demo">
        <nav className="demo-bar" aria-label="Rooms">
          {ROOMS.map((r) => (
            <button key={r} type="button" aria-pressed={r === room} onClick={() => setRoom(r)}>
              #{r}
            </button>
          ))}
          <label>
            <input type="checkbox" checked={korean} onChange={(e) => setKorean(e.target.checked)} />
            한국어
          </label>
          <label>
            <input
              type="checkbox"
              checked={devtools}
              onChange={(e) => setDevtools(e.target.checked)}
            />
            Devtools
          </label>
          <label>
            Theme{' '}
            <select value={theme} onChange={(e) => setTheme(e.target.value as typeof theme)}>
              <option value="auto">auto</option>
              <option value="light">light</option>
              <option value="dark">dark</option>
            </select>
          </label>
          <span className="demo-me">{name}</span>
        </nav>
        <ChatRoom
          key={room}
          title={`#${room}`}
          destination={`/topic/chat.${room}`}
          publishDestination={send('chat')}
          typingDestination={`/topic/typing.${room}`}
          user={{ id: userId, name }}
          historyLoader={embedded ? historyLoader : undefined}
          labels={korean ? koLabels : undefined}
          theme={theme}
        />
        {devtools ? <StompDevtools floating defaultOpen /> : null}
      </div>
    </StompProvider>
  )
}
