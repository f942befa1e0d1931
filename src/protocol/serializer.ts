import { escapeHeader, type Frame, unescapedCommands } from './frame.js'

const utf8 = new TextEncoder()
const strict = new TextDecoder('utf-8', { fatal: true })

/** Serializes a frame; content-length (in octets) is added when the frame has a body and none is set. */
export function serializeFrame(frame: Frame): Uint8Array {
  const esc = unescapedCommands.has(frame.command) ? (v: string) => v : escapeHeader
  let head = `${frame.command}\n`
  let hasLength = false
  for (const [k, v] of frame.headers) {
    if (k === 'content-length') hasLength = true
    head += `${esc(k)}:${esc(v)}\n`
  }
  if (!hasLength && frame.body.byteLength > 0) head += `content-length:${frame.body.byteLength}\n`
  head += '\n'
  const headBytes = utf8.encode(head)
  const out = new Uint8Array(headBytes.byteLength + frame.body.byteLength + 1)
  out.set(headBytes, 0)
  out.set(frame.body, headBytes.byteLength)
  return out
}

/**
 * The frame as a WebSocket message: text when it is valid UTF-8 (what browsers and RabbitMQ use),
 * binary otherwise, since a text WebSocket message must be UTF-8.
 */
export function frameToWire(frame: Frame): string | Uint8Array {
  const bytes = serializeFrame(frame)
  try {
    return strict.decode(bytes)
  } catch {
    return bytes
  }
}

export const textBody = (text: string): Uint8Array => utf8.encode(text)
