import {
  type ChangeEvent,
  type FormEvent,
  type KeyboardEvent,
  useId,
  useLayoutEffect,
  useRef,
  useState,
} from 'react'
import type { ChatLabels } from './labels.js'

export interface ComposerProps {
  labels: ChatLabels
  maxLength: number
  onSend: (text: string) => void
  onTyping?: () => void
}

const MAX_ROWS_HEIGHT = 160

/**
 * Enter sends and Shift+Enter adds a line, except while an IME is composing: a Korean, Japanese or
 * Chinese IME uses Enter to commit the syllable, and sending then would send half a word (and the
 * rest again when the composition ends).
 */
export function Composer({ labels, maxLength, onSend, onTyping }: ComposerProps) {
  const [text, setText] = useState('')
  const ref = useRef<HTMLTextAreaElement>(null)
  const composing = useRef(false)
  const counterId = useId()
  const left = maxLength - [...text].length
  const tooLong = left < 0
  const blank = text.trim() === ''

  // Grows with its content up to a limit, then scrolls.
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-measure whenever the text changes
  useLayoutEffect(() => {
    const el = ref.current
    if (!el) return
    el.style.height = 'auto'
    el.style.height = `${Math.min(el.scrollHeight, MAX_ROWS_HEIGHT)}px`
  }, [text])

  const submit = () => {
    // The DOM value is what the IME committed, even if React has not re-rendered yet.
    const value = ref.current?.value ?? text
    if (value.trim() === '' || [...value].length > maxLength) return
    onSend(value.trim())
    setText('')
    ref.current?.focus()
  }

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key !== 'Enter' || event.shiftKey) return
    // keyCode 229 is what Safari and older Chrome report for the Enter that ends a composition.
    if (event.nativeEvent.isComposing || event.keyCode === 229 || composing.current) return
    event.preventDefault()
    submit()
  }

  const onChange = (event: ChangeEvent<HTMLTextAreaElement>) => {
    setText(event.target.value)
    if (event.target.value.trim() !== '') onTyping?.()
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    submit()
  }

  const showCounter = left <= Math.max(20, Math.floor(maxLength * 0.1))
  return (
    <form className="stomp-chat-composer" onSubmit={onSubmit}>
      <textarea
        ref={ref}
        className="stomp-chat-input"
        rows={1}
        value={text}
        aria-label={labels.composer}
        placeholder={labels.composerPlaceholder}
        aria-invalid={tooLong || undefined}
        aria-describedby={showCounter ? counterId : undefined}
        onChange={onChange}
        onKeyDown={onKeyDown}
        onCompositionStart={() => {
          composing.current = true
        }}
        onCompositionEnd={() => {
          composing.current = false
        }}
        onBlur={() => {
          composing.current = false
        }}
        enterKeyHint="send"
      />
      {showCounter ? (
        <span
          id={counterId}
          className="stomp-chat-counter"
          data-state={tooLong ? 'over' : 'near'}
          aria-live="polite"
        >
          {labels.charactersLeft(left)}
        </span>
      ) : null}
      <button
        type="submit"
        className="stomp-chat-send"
        disabled={blank || tooLong}
        // Keeps focus (and the on-screen keyboard) in the textarea when the button is tapped.
        onMouseDown={(event) => event.preventDefault()}
      >
        {labels.send}
      </button>
    </form>
  )
}
