import { escapeHeader, escapeModeFor } from './escape.js'
import { decodeUtf8Strict, encodeUtf8, type StompFrame, type StompVersion } from './frame.js'

/** A heart-beat: one EOL between frames. */
export const HEARTBEAT = '\n'

/** The command, headers and blank line of a frame, escaped for `version`. */
export function serializeHead(
  frame: Pick<StompFrame, 'command' | 'headers'>,
  version: StompVersion = '1.2',
): string {
  const mode = escapeModeFor(version, frame.command)
  let head = `${frame.command}\n`
  for (const [name, value] of frame.headers) {
    head += `${escapeHeader(name, mode)}:${escapeHeader(value, mode)}\n`
  }
  return `${head}\n`
}

/**
 * The frame's wire bytes. Headers are written as given: add `content-length` yourself (see
 * `withContentLength`) when the body may contain NUL or when the peer relies on it.
 */
export function serializeFrame(frame: StompFrame, version: StompVersion = '1.2'): Uint8Array {
  const head = encodeUtf8(serializeHead(frame, version))
  const out = new Uint8Array(head.length + frame.body.length + 1)
  out.set(head, 0)
  out.set(frame.body, head.length)
  out[out.length - 1] = 0
  return out
}

/**
 * The frame as a WebSocket would carry it: a string (text message) when the body is valid UTF-8,
 * otherwise bytes (binary message), because a text message must be valid UTF-8.
 * `bodyText` lets a caller that sends one body to many subscribers decode it once.
 */
export function encodeFrame(
  frame: StompFrame,
  version: StompVersion = '1.2',
  bodyText: string | null | undefined = undefined,
): string | Uint8Array {
  const text = bodyText === undefined ? decodeUtf8Strict(frame.body) : (bodyText ?? undefined)
  if (text === undefined) return serializeFrame(frame, version)
  return `${serializeHead(frame, version)}${text}\0`
}

/** The frame's headers with `content-length` set to the body's octet count (replacing any). */
export function withContentLength(frame: StompFrame): StompFrame {
  const headers = frame.headers.filter(([name]) => name !== 'content-length')
  headers.push(['content-length', String(frame.body.length)])
  return { ...frame, headers }
}
