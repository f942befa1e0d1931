import { memo } from 'react'
import { linkify } from './linkify.js'

/** Message text as React text nodes; only http(s) and mailto become links. Never HTML. */
export const MessageText = memo(function MessageText({ text, id }: { text: string; id?: string }) {
  return (
    <p className="stomp-chat-text" id={id}>
      {linkify(text).map((part, i) =>
        part.kind === 'link' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts are derived from one immutable text
          <a key={i} href={part.href} target="_blank" rel="noopener noreferrer nofollow">
            {part.text}
          </a>
        ) : (
          part.text
        ),
      )}
    </p>
  )
})
