import type { ChatLabels } from './labels.js'

export function TypingIndicator({
  names,
  labels,
}: {
  names: readonly string[]
  labels: ChatLabels
}) {
  return (
    <div
      className="stomp-chat-typing"
      aria-live="polite"
      data-empty={names.length ? undefined : ''}
    >
      {names.length ? labels.typing(names) : ''}
    </div>
  )
}
