import type { ChatMessage, ChatUser, TypingEvent } from './types.js'

function isUser(value: unknown): value is ChatUser {
  if (typeof value !== 'object' || value === null) return false
  const u = value as Record<string, unknown>
  return typeof u.id === 'string' && typeof u.name === 'string'
}

/**
 * Checks an incoming body against the chat wire format. Returns the reason on failure so the room
 * can warn instead of dropping the message silently or rendering garbage.
 */
export function parseChatMessage(body: unknown): ChatMessage | { error: string } {
  if (typeof body !== 'object' || body === null) return { error: 'body is not a JSON object' }
  const m = body as Record<string, unknown>
  if (typeof m.id !== 'string' || m.id === '') return { error: 'missing string "id"' }
  if (typeof m.text !== 'string') return { error: 'missing string "text"' }
  if (!isUser(m.author)) return { error: 'missing "author" with string "id" and "name"' }
  const sentAt = typeof m.sentAt === 'string' ? m.sentAt : ''
  if (Number.isNaN(Date.parse(sentAt))) return { error: 'missing ISO time "sentAt"' }
  const author: ChatUser = { id: m.author.id, name: m.author.name }
  if (typeof m.author.avatarUrl === 'string') author.avatarUrl = m.author.avatarUrl
  return { id: m.id, text: m.text, author, sentAt }
}

export function parseTypingEvent(body: unknown): TypingEvent | undefined {
  if (typeof body !== 'object' || body === null) return undefined
  const e = body as Record<string, unknown>
  if (e.type !== 'typing' || !isUser(e.user)) return undefined
  return { type: 'typing', user: { id: e.user.id, name: e.user.name }, at: String(e.at ?? '') }
}
