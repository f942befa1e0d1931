import type { ChatMessage, ChatUser, HistoryLoader } from '../src/components/chat/index.js'

export const alice: ChatUser = { id: 'alice', name: 'Alice' }
export const bobUser: ChatUser = { id: 'bob', name: 'Bob' }
export const carol: ChatUser = { id: 'carol', name: 'Carol' }
export const dave: ChatUser = { id: 'dave', name: 'Dave' }

const BASE = Date.parse('2026-11-26T09:00:00.000Z')

export const message = (id: string, text: string, author: ChatUser, at: number): ChatMessage => ({
  id,
  text,
  author,
  sentAt: new Date(at).toISOString(),
})

/** `count` messages alternating between people, `stepMs` apart, ending at `end`. */
export function conversation(count: number, stepMs = 60_000, end = BASE): ChatMessage[] {
  const people = [bobUser, alice, carol]
  return Array.from({ length: count }, (_, i) =>
    message(
      `h${i}`,
      `Message ${i + 1}`,
      people[i % people.length]!,
      end - (count - 1 - i) * stepMs,
    ),
  )
}

/** Serves `all` (oldest first) in pages of `size`, newest page first, after `delayMs`. */
export function pagedLoader(all: ChatMessage[], size: number, delayMs = 0): HistoryLoader {
  return async (before) => {
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs))
    // An id this loader never served counts as "from the end", not as index -1.
    const at = before ? all.findIndex((m) => m.id === before.id) : -1
    const end = at >= 0 ? at : all.length
    const start = Math.max(0, end - size)
    return { messages: all.slice(start, end), hasMore: start > 0 }
  }
}

export const fixed =
  (messages: ChatMessage[]): HistoryLoader =>
  async () => ({ messages, hasMore: false })
