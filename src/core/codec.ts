import type { Headers } from './types.js'

const utf8 = new TextEncoder()
const lenientText = new TextDecoder()
const strictText = new TextDecoder('utf-8', { fatal: true })

export interface EncodedBody {
  body?: string
  binaryBody?: Uint8Array
  headers: Headers
}

const hasHeader = (headers: Headers, name: string) =>
  Object.keys(headers).some((k) => k.toLowerCase() === name)

/**
 * string → text, Uint8Array/ArrayBuffer → binary, anything else → JSON. A content-type the caller
 * set is kept as is.
 */
export function encodeBody(body: unknown, headers: Headers = {}): EncodedBody {
  const out: Headers = { ...headers }
  const setType = (type: string) => {
    if (!hasHeader(out, 'content-type')) out['content-type'] = type
  }
  if (typeof body === 'string') {
    setType('text/plain;charset=utf-8')
    return { body, headers: out }
  }
  if (body instanceof Uint8Array || body instanceof ArrayBuffer) {
    setType('application/octet-stream')
    return { binaryBody: body instanceof Uint8Array ? body : new Uint8Array(body), headers: out }
  }
  if (body === undefined) return { body: '', headers: out }
  let json: string | undefined
  try {
    json = JSON.stringify(body)
  } catch (error) {
    throw new TypeError(
      `publish: the body could not be serialized as JSON (${(error as Error).message}). Pass a string, a Uint8Array, or a JSON-serializable value.`,
    )
  }
  if (json === undefined) {
    throw new TypeError(
      `publish: a ${typeof body} body has no JSON form. Pass a string, a Uint8Array, or a JSON-serializable value.`,
    )
  }
  setType('application/json')
  return { body: json, headers: out }
}

export const byteLength = (text: string): number => utf8.encode(text).byteLength

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
  /^text\//i.test(contentType) ||
  /charset=/i.test(contentType) ||
  /^application\/(xml|javascript|x-www-form-urlencoded)\b/i.test(contentType) ||
  /\+xml\b/i.test(contentType)

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
  let text = raw.text
  const bytes = raw.bytes
  if (text === undefined) {
    const b = bytes ?? new Uint8Array(0)
    if (contentType && !isJsonType(contentType) && !isTextType(contentType)) {
      return { body: b, text: lenientText.decode(b), binaryBody: b }
    }
    try {
      text = strictText.decode(b)
    } catch {
      // Not UTF-8: a binary payload with no (or a wrong) content-type. Kept as bytes.
      const lenient = lenientText.decode(b)
      if (isJsonType(contentType) || (contentType && isTextType(contentType))) {
        return {
          body: undefined,
          text: lenient,
          binaryBody: b,
          decodeError: new Error(
            `The body of a MESSAGE from ${raw.destination} is not valid UTF-8 although its content-type is ${contentType}. The raw bytes are in message.binaryBody.`,
          ),
        }
      }
      return { body: b, text: lenient, binaryBody: b }
    }
  }
  // Bytes that decoded as UTF-8 text are text: stompjs hands every received body over as bytes.
  if (isJsonType(contentType)) {
    try {
      return { body: JSON.parse(text), text }
    } catch (error) {
      return {
        body: undefined,
        text,
        decodeError: new Error(
          `The body of a MESSAGE from ${raw.destination} is not valid JSON although its content-type is ${contentType} (${(error as Error).message}). The raw text is in message.text.`,
        ),
      }
    }
  }
  return { body: text, text }
}
