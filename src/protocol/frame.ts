/** One header line, in wire order. */
export type StompHeader = readonly [name: string, value: string]

/**
 * A parsed or to-be-serialized STOMP frame. Headers keep their wire order and repeats: STOMP 1.2
 * says only the first occurrence of a repeated header counts, but tools (frame logs, devtools) want
 * to see everything that was sent.
 */
export interface StompFrame {
  command: string
  headers: readonly StompHeader[]
  body: Uint8Array
}

export type StompVersion = '1.0' | '1.1' | '1.2'

const EMPTY = new Uint8Array(0)

/** The value of the first header called `name`, as STOMP 1.2 prescribes for repeated headers. */
export function headerValue(frame: Pick<StompFrame, 'headers'>, name: string): string | undefined {
  for (const [key, value] of frame.headers) if (key === name) return value
  return undefined
}

/** Headers as a plain record where the first occurrence of a repeated header wins. */
export function headerRecord(headers: readonly StompHeader[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of headers) if (!Object.hasOwn(out, key)) out[key] = value
  return out
}

/** Builds a frame from a record of headers and a string or binary body. */
export function createFrame(
  command: string,
  headers: Readonly<Record<string, string>> | readonly StompHeader[] = [],
  body: string | Uint8Array = EMPTY,
): StompFrame {
  const list: StompHeader[] = Array.isArray(headers)
    ? [...(headers as readonly StompHeader[])]
    : Object.entries(headers as Record<string, string>)
  return { command, headers: list, body: typeof body === 'string' ? encodeUtf8(body) : body }
}

const encoder = new TextEncoder()
/** UTF-8 bytes of a string (shared encoder: TextEncoder is stateless). */
export const encodeUtf8 = (text: string): Uint8Array => encoder.encode(text)

// `fatal` makes invalid UTF-8 detectable: a body that is not text must travel as binary, because
// a WebSocket text message has to be valid UTF-8 and lossy decoding would corrupt the bytes.
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
const lenientDecoder = new TextDecoder('utf-8', { ignoreBOM: true })

/** The UTF-8 text of `bytes`, or `undefined` when they are not valid UTF-8. */
export function decodeUtf8Strict(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0) return ''
  try {
    return strictDecoder.decode(bytes)
  } catch (error) {
    if (error instanceof TypeError) return undefined // invalid UTF-8: the caller sends binary
    throw error
  }
}

/** The UTF-8 text of `bytes`, with U+FFFD for invalid sequences (for display and app handlers). */
export const decodeUtf8 = (bytes: Uint8Array): string => lenientDecoder.decode(bytes)
