import { useMemo } from 'react'
import { Composer } from './Composer.js'
import { ConnectionStatus } from './ConnectionStatus.js'
import { enLabels } from './labels.js'
import { MessageList } from './MessageList.js'
import { TypingIndicator } from './TypingIndicator.js'
import type { ChatRoomProps } from './types.js'
import { useChatRoom } from './useChatRoom.js'
import { useTyping } from './useTyping.js'

/**
 * A drop-in chat room for any StompProvider: subscribes to `destination`, sends the chat wire
 * format to `publishDestination`, shows each own message at once and tracks it to sent or failed.
 * Import `react-stomp-kit/chat.css` once for the styles.
 */
export function ChatRoom(props: ChatRoomProps) {
  const { user, labels: custom, locale, dir, theme = 'auto', maxLength = 2_000 } = props
  const labels = useMemo(() => (custom ? { ...enLabels, ...custom } : enLabels), [custom])
  const room = useChatRoom(props)
  const typing = useTyping(props.typingDestination, user)
  return (
    <section
      className={props.className ? `stomp-chat ${props.className}` : 'stomp-chat'}
      data-theme={theme}
      dir={dir}
      aria-label={props.title ?? props.destination}
    >
      <ConnectionStatus labels={labels} />
      <MessageList
        snapshot={room.snapshot}
        userId={user.id}
        label={labels.messageList(props.title ?? props.destination)}
        labels={labels}
        locale={locale}
        lastReadId={props.lastReadId}
        canLoadHistory={props.historyLoader !== undefined}
        onLoadOlder={room.loadOlder}
        onRetry={room.retry}
        onDelete={room.remove}
        collapseAfter={props.collapseAfter ?? 3_000}
      />
      <TypingIndicator names={typing.typing} labels={labels} />
      <Composer labels={labels} maxLength={maxLength} onSend={room.send} onTyping={typing.notify} />
    </section>
  )
}
