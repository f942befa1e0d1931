import { memo, useId } from 'react'
import { dayKey, formatDay, formatFullTime, formatTime, initials } from './format.js'
import type { ChatLabels } from './labels.js'
import { isSafeImageSrc } from './linkify.js'
import { MessageText } from './MessageText.js'
import type { ChatEntry } from './types.js'

const GROUP_MS = 5 * 60_000

export interface MessageRowProps {
  entry: ChatEntry
  previous: ChatEntry | undefined
  own: boolean
  unreadBefore: boolean
  labels: ChatLabels
  locale: string | undefined
  onRetry: (id: string) => void
  onDelete: (id: string) => void
  /** Longer messages show this many characters and a "Show more" button. */
  collapseAfter: number
  expanded: boolean
  onToggle: (id: string) => void
}

// Cuts at whitespace near the limit when there is some (a pasted log breaks at a line end), and
// never inside a surrogate pair.
function cut(text: string, at: number): string {
  let end = at
  const start = Math.max(0, at - 200)
  const space = text.slice(start, at + 1).search(/\s\S*$/)
  if (space >= 0 && start + space > 0) end = start + space
  const code = text.charCodeAt(end - 1)
  if (code >= 0xd800 && code <= 0xdbff) end--
  return `${text.slice(0, end)}…`
}

/** One message, with the day separator and unread divider that precede it, if any. */
export const MessageRow = memo(function MessageRow({
  entry,
  previous,
  own,
  unreadBefore,
  labels,
  locale,
  onRetry,
  onDelete,
  collapseAfter,
  expanded,
  onToggle,
}: MessageRowProps) {
  const { message, status, time } = entry
  const newDay = !previous || dayKey(previous.time) !== dayKey(time)
  const grouped =
    !newDay &&
    !unreadBefore &&
    previous !== undefined &&
    previous.message.author.id === message.author.id &&
    time - previous.time < GROUP_MS
  const author = own ? labels.you : message.author.name
  const shortTime = formatTime(time, locale)
  const state =
    status === 'failed' ? `, ${labels.notSent}` : status === 'pending' ? `, ${labels.sending}` : ''
  const avatar = message.author.avatarUrl
  const textId = useId()
  const long = message.text.length > collapseAfter
  const short = long ? cut(message.text, collapseAfter) : message.text
  const text = long && !expanded ? short : message.text
  return (
    <div
      className="stomp-chat-row"
      data-own={own ? '' : undefined}
      data-grouped={grouped ? '' : undefined}
    >
      {newDay ? <div className="stomp-chat-day">{formatDay(time, labels, locale)}</div> : null}
      {unreadBefore ? <div className="stomp-chat-unread">{labels.unread}</div> : null}
      <article
        className="stomp-chat-message"
        data-status={status}
        // The beginning only, even when expanded: a name is not the place for 64 KiB of text.
        aria-label={`${author}, ${shortTime}: ${short}${state}`}
      >
        {!own && !grouped ? (
          <span className="stomp-chat-avatar" aria-hidden="true">
            {avatar && isSafeImageSrc(avatar) ? (
              <img src={avatar} alt="" />
            ) : (
              initials(message.author.name)
            )}
          </span>
        ) : null}
        <div className="stomp-chat-bubble">
          {!grouped ? (
            <header className="stomp-chat-meta">
              <span className="stomp-chat-author">{author}</span>{' '}
              <time dateTime={message.sentAt} title={formatFullTime(time, locale)}>
                {shortTime}
              </time>
            </header>
          ) : null}
          <MessageText text={text} id={textId} />
          {long ? (
            <button
              type="button"
              className="stomp-chat-more"
              aria-expanded={expanded}
              aria-controls={textId}
              onClick={() => onToggle(message.id)}
            >
              {expanded ? labels.showLess : labels.showMore}
            </button>
          ) : null}
          {status === 'pending' ? (
            <span className="stomp-chat-state" data-state="pending">
              {labels.sending}
            </span>
          ) : null}
          {status === 'failed' ? (
            <div className="stomp-chat-state" data-state="failed">
              <span title={entry.error}>{labels.notSent}</span>
              <button type="button" onClick={() => onRetry(message.id)}>
                {labels.retry}
              </button>
              <button type="button" onClick={() => onDelete(message.id)}>
                {labels.delete}
              </button>
            </div>
          ) : null}
        </div>
      </article>
    </div>
  )
})
