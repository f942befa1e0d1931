import { useCallback, useLayoutEffect, useRef, useState } from 'react'
import { Virtualizer, type VirtualizerHandle } from 'virtua'
import type { ChatLabels } from './labels.js'
import { MessageRow } from './MessageRow.js'
import type { RoomSnapshot } from './room-model.js'

export interface MessageListProps {
  snapshot: RoomSnapshot
  userId: string
  label: string
  labels: ChatLabels
  locale: string | undefined
  lastReadId: string | undefined
  canLoadHistory: boolean
  onLoadOlder: () => void
  onRetry: (id: string) => void
  onDelete: (id: string) => void
  collapseAfter: number
}

// Closer than this to the end counts as "at the bottom": new messages keep the view there.
const BOTTOM_SLACK = 48
// Older history is requested this far before the top is reached, so it is usually there in time.
const TOP_PREFETCH = 300
// The marker above the first message has a fixed height: the virtualizer must know the offset.
const MARKER_HEIGHT = 40

export function MessageList({
  snapshot,
  userId,
  label,
  labels,
  locale,
  lastReadId,
  canLoadHistory,
  onLoadOlder,
  onRetry,
  onDelete,
  collapseAfter,
}: MessageListProps) {
  const scrollRef = useRef<HTMLDivElement>(null)
  const list = useRef<VirtualizerHandle>(null)
  const atBottom = useRef(true)
  const initialised = useRef(false)
  const [unseen, setUnseen] = useState(0)
  // Kept here, not in the row: a virtualized row that scrolls out and back must stay expanded.
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set())
  const onToggle = useCallback((id: string) => {
    setExpanded((prev) => {
      const next = new Set(prev)
      if (!next.delete(id)) next.add(id)
      return next
    })
  }, [])
  const { entries, change, appended, appendedOwn, hasMore, loading } = snapshot
  // The first unread entry (after lastReadId), or 0 when there is none.

  // True while the list scrolls itself to the end: rows measured meanwhile change the height, and
  // those scroll events must not be read as the reader scrolling away from the bottom.
  const autoScrolling = useRef(false)
  const followEnd = useCallback(() => {
    const last = entries.length - 1
    if (last < 0) return
    autoScrolling.current = true
    list.current?.scrollToIndex(last, { align: 'end' })
  }, [entries.length])
  const scrollToEnd = useCallback(() => {
    followEnd()
    atBottom.current = true
    setUnseen(0)
  }, [followEnd])

  // Follows new messages only when the reader is at the bottom, or just sent one.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once per snapshot change
  useLayoutEffect(() => {
    if (entries.length === 0) return
    if (!initialised.current || change === 'reset') {
      initialised.current = true
      if (unreadIndex > 0 && unreadIndex < entries.length) {
        list.current?.scrollToIndex(unreadIndex, { align: 'start' })
        atBottom.current = false
      } else scrollToEnd()
      return
    }
    if (change !== 'append') return
    if (atBottom.current || appendedOwn) scrollToEnd()
    else setUnseen((n) => n + appended)
  }, [snapshot])

  const onScroll = useCallback(
    (offset: number) => {
      const el = scrollRef.current
      if (!el) return
      if (!autoScrolling.current) {
        atBottom.current = el.scrollHeight - offset - el.clientHeight < BOTTOM_SLACK
      }
      if (atBottom.current) setUnseen(0)
      if (offset < TOP_PREFETCH && canLoadHistory && hasMore && loading === 'idle') onLoadOlder()
    },
    [canLoadHistory, hasMore, loading, onLoadOlder],
  )

  const unreadIndex = lastReadId ? entries.findIndex((e) => e.message.id === lastReadId) + 1 : 0
  let marker = ''
  if (loading === 'older' || (loading === 'latest' && entries.length === 0))
    marker = labels.loadingOlder
  else if (snapshot.historyError) marker = labels.historyFailed
  else if (!hasMore && (canLoadHistory || entries.length > 0)) marker = labels.beginning

  return (
    <div className="stomp-chat-list-wrap">
      <div
        ref={scrollRef}
        className="stomp-chat-list"
        role="log"
        aria-label={label}
        aria-busy={loading !== 'idle'}
        // A focusable scroll region lets keyboard users scroll with the arrow keys.
        // biome-ignore lint/a11y/noNoninteractiveTabindex: scrollable regions must be focusable
        tabIndex={0}
      >
        <div className="stomp-chat-marker" style={{ height: MARKER_HEIGHT }} data-state={loading}>
          {marker}
        </div>
        <Virtualizer
          ref={list}
          data={entries}
          scrollRef={scrollRef}
          startMargin={MARKER_HEIGHT}
          shift={change === 'prepend'}
          onScroll={onScroll}
          onScrollEnd={() => {
            autoScrolling.current = false
          }}
          // Rows measured after an append (tall messages, images of text) grow the list: a reader
          // at the bottom stays there.
          onResize={() => {
            if (atBottom.current && change !== 'prepend') followEnd()
          }}
        >
          {(entry, i) => (
            <MessageRow
              key={entry.message.id}
              entry={entry}
              previous={entries[i - 1]}
              own={entry.message.author.id === userId}
              unreadBefore={unreadIndex > 0 && i === unreadIndex && i < entries.length}
              labels={labels}
              locale={locale}
              onRetry={onRetry}
              onDelete={onDelete}
              collapseAfter={collapseAfter}
              expanded={expanded.has(entry.message.id)}
              onToggle={onToggle}
            />
          )}
        </Virtualizer>
      </div>
      {unseen > 0 ? (
        <button type="button" className="stomp-chat-pill" onClick={scrollToEnd}>
          {labels.newMessages(unseen)}
        </button>
      ) : null}
    </div>
  )
}
