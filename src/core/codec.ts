import type { Headers } from './types.js'

const lenientText = new TextDecoder()
const strictText = new TextDecoder('utf-8', { fatal: true })

export interface EncodedBody {
  body?: string
  binaryBody?: Uint8Array
  headers: Headers
}

const FIX = 'Pass a string, a Uint8Array, or a JSON-serializable value.'

/**
 * string → text, Uint8Array/ArrayBuffer → binary, anything else → JSON. A content-type the caller
 * set is kept as is.
 */
export function encodeBody(body: unknown, headers: Headers = {}): EncodedBody {
  const out: Headers = { ...headers }
  const typed = (type: string, encoded: { body: string } | { binaryBody: Uint8Array }) => {
    if (!Object.keys(out).some((k) => k.toLowerCase() === 'content-type')) {
      out['content-type'] = type
    }
    return { ...encoded, headers: out }
  }
  if (typeof body === 'string') return typed('text/plain;charset=utf-8', { body })
  if (body instanceof Uint8Array || body instanceof ArrayBuffer) {
    return typed('application/octet-stream', {
      binaryBody: body instanceof Uint8Array ? body : new Uint8Array(body),
    })
  }
  if (body === undefined) return { body: '', headers: out }
  let json: string | undefined
  try {
    json = JSON.stringify(body)
  } catch (error) {
    throw new TypeError(
      `publish: the body could not be serialized as JSON (${(error as Error).message}). ${FIX}`,
    )
  }
  if (json === undefined)
    throw new TypeError(`publish: a ${typeof body} body has no JSON form. ${FIX}`)
  return typed('application/json', { body: json })
}

// A stream repeats the same content-type: the last answer is remembered.
let lastType: string | undefined
let lastJson = false
export const isJsonType = (contentType: string | undefined): boolean => {
  if (!contentType) return false
  if (contentType !== lastType) {
    lastType = contentType
    lastJson = /^application\/([\w.+-]*\+)?json\b/i.test(contentType.trim())
  }
  return lastJson
}

const isTextType = (contentType: string) =>
  /^text\/|charset=|^application\/(xml|javascript|x-www-form-urlencoded)\b|\+xml\b/i.test(
    contentType,
  )

export interface RawBody {
  headers: Readonly<Record<string, string>>
  destination: string
  /** The body as the socket delivered it. */
  text?: string
  bytes?: Uint8Array
}

export interface DecodedBody {
  body: unknown
  text: string
  binaryBody?: Uint8Array
  decodeError?: Error
}

/**
 * JSON when content-type says JSON, text for text (or no content-type and valid UTF-8), bytes for
 * everything else. A body that fails to decode is returned with `decodeError`, never thrown.
 */
export function decodeBody(raw: RawBody): DecodedBody {
  const contentType = raw.headers['content-type']
  const json = isJsonType(contentType)
  const textual = json || (!!contentType && isTextType(contentType))
  const invalid = (what: string, where: string) =>
    new Error(
      `The body of a MESSAGE from ${raw.destination} is not valid ${what} although its content-type is ${contentType}. The raw ${where}.`,
    )
  let text = raw.text
  if (text === undefined) {
    const b = raw.bytes ?? new Uint8Array(0)
    if (contentType && !textual) return { body: b, text: lenientText.decode(b), binaryBody: b }
    try {
      text = strictText.decode(b)
    } catch {
      // Not UTF-8: a binary payload with no (or a wrong) content-type. Kept as bytes.
      const lenient = lenientText.decode(b)
      return textual
        ? {
            body: undefined,
            text: lenient,
            binaryBody: b,
            decodeError: invalid('UTF-8', 'bytes are in message.binaryBody'),
          }
        : { body: b, text: lenient, binaryBody: b }
    }
  }
  // Bytes that decoded as UTF-8 text are text: stompjs hands every received body over as bytes.
  if (!json) return { body: text, text }
  try {
    return { body: JSON.parse(text), text }
  } catch (error) {
    return {
      body: undefined,
      text,
      decodeError: invalid(`JSON (${(error as Error).message})`, 'text is in message.text'),
    }
  }
}
