import type { ChatLabels } from './labels.js'

export interface ChatUser {
  id: string
  name: string
  /** Shown instead of initials. Only http(s) and base64 data:image (png, jpeg, gif, webp, avif) URLs are used. */
  avatarUrl?: string
}

/**
 * The chat wire format (JSON, `content-type: application/json`), shaped so a Spring
 * `@MessageMapping` record maps onto it directly. `id` is client-generated and equals the SEND's
 * `client-message-id` header, which is how the broker's echo confirms an optimistic message.
 */
export interface ChatMessage {
  id: string
  text: string
  author: ChatUser
  /** ISO 8601 time. */
  sentAt: string
}

/** `pending`: queued or being written; `sent`: confirmed by a RECEIPT or the broker's echo. */
export type SendStatus = 'pending' | 'sent' | 'failed'

export interface ChatEntry {
  message: ChatMessage
  /** Only for messages sent from this room; undefined for everyone else's. */
  status?: SendStatus
  error?: string
  /** Epoch ms of `sentAt`, parsed once. */
  time: number
}

export interface ChatHistoryPage {
  messages: ChatMessage[]
  /** False when `messages` reaches the first message of the conversation. */
  hasMore: boolean
}

/**
 * Loads older messages (`before` is the oldest message shown) or, without `before`, the latest
 * page: called on mount and after every reconnect to fill in what was missed during the outage.
 */
export type HistoryLoader = (before?: ChatMessage) => Promise<ChatHistoryPage>

export interface TypingEvent {
  type: 'typing'
  user: ChatUser
  at: string
}

export interface ChatRoomProps {
  /** Where messages are delivered, e.g. `/topic/chat.lobby`. */
  destination: string
  /** Where messages are sent, e.g. `/app/chat.lobby` (Spring); defaults to `destination`. */
  publishDestination?: string
  user: ChatUser
  historyLoader?: HistoryLoader
  /** Enables typing events on this destination. */
  typingDestination?: string
  /** Messages kept in the room; the oldest are dropped (and can be loaded again). Default 5,000. */
  messageLimit?: number
  /** The id of the last message the reader has seen: an unread divider goes after it. */
  lastReadId?: string
  /** Strings; `koLabels` and `enLabels` are built in. Partial objects are merged over English. */
  labels?: Partial<ChatLabels>
  /** Intl locale for times and days; defaults to the browser's. */
  locale?: string
  dir?: 'ltr' | 'rtl'
  theme?: 'light' | 'dark' | 'auto'
  /** Longest message in characters (default 2,000). */
  maxLength?: number
  /**
   * Received messages longer than this (characters) show their beginning and a "Show more"
   * button (default 3,000; `Infinity` never collapses). A 64 KiB body would otherwise be a bubble
   * tens of thousands of pixels tall.
   */
  collapseAfter?: number
  /**
   * Ask the broker for a RECEIPT of each SEND (default true). A message is `sent` on the RECEIPT
   * or on the echo, whichever comes first; brokers without receipts (Spring's simple broker) are
   * confirmed by the echo.
   */
  receipts?: boolean
  /** How long a send may wait for its RECEIPT or echo once written before it shows as failed. */
  sendTimeoutMs?: number
  /** Accessible name of the message list; defaults to the destination. */
  title?: string
  className?: string
}
