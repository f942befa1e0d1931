import { type Frame, unescapedCommands, unescapeHeader } from './frame.js'

export interface ParserLimits {
  /** Bytes of one frame, headers and body. Default 2 MiB. */
  maxFrameSize: number
  /** Header lines per frame. Default 64. */
  maxHeaders: number
  /** Bytes of one header line. Default 8 KiB. */
  maxHeaderLength: number
}

export const defaultLimits: ParserLimits = {
  maxFrameSize: 2 * 1024 * 1024,
  maxHeaders: 64,
  maxHeaderLength: 8 * 1024,
}

export interface ParserEvents {
  onFrame(frame: Frame): void
  /** An EOL between frames: a heart-beat. */
  onHeartbeat?(): void
  /** The stream is broken; no more frames will be parsed. */
  onError(message: string): void
}

export interface FrameParser {
  push(chunk: string | Uint8Array | ArrayBuffer): void
}

const LF = 10
const CR = 13
const NUL = 0
const utf8 = new TextEncoder()
const text = new TextDecoder('utf-8', { fatal: true })

/**
 * Streaming STOMP 1.2 parser: frames may be split across chunks or packed several into one; LF
 * and CRLF line ends; content-length in octets (a body with content-length may contain NUL).
 */
export function createFrameParser(
  events: ParserEvents,
  limits: Partial<ParserLimits> = {},
): FrameParser {
  const max = { ...defaultLimits, ...limits }
  let buf: Uint8Array = new Uint8Array(0)
  let failed = false

  const fail = (message: string) => {
    failed = true
    buf = new Uint8Array(0)
    events.onError(message)
  }

  // Returns the frame end offset, 0 when more bytes are needed, -1 on error.
  const parseOne = (start: number): number => {
    let pos = start
    const lineEnd = (from: number) => buf.indexOf(LF, from)
    const decodeLine = (from: number, to: number): string | undefined => {
      const end = to > from && buf[to - 1] === CR ? to - 1 : to
      try {
        return text.decode(buf.subarray(from, end))
      } catch {
        fail('a frame header is not valid UTF-8')
        return undefined
      }
    }
    const nl = lineEnd(pos)
    if (nl < 0) {
      if (buf.length - pos > max.maxHeaderLength)
        fail(`the command line exceeds ${max.maxHeaderLength} bytes`)
      return failed ? -1 : 0
    }
    const command = decodeLine(pos, nl)
    if (command === undefined) return -1
    if (!/^[A-Z]+$/.test(command)) {
      fail(`malformed frame: "${command.slice(0, 40)}" is not a STOMP command`)
      return -1
    }
    pos = nl + 1
    const headers: [string, string][] = []
    const escaped = !unescapedCommands.has(command)
    for (;;) {
      const e = lineEnd(pos)
      if (e < 0) {
        if (buf.length - pos > max.maxHeaderLength) {
          fail(`a header line exceeds ${max.maxHeaderLength} bytes`)
          return -1
        }
        if (buf.length - start > max.maxFrameSize) {
          fail(`the frame exceeds ${max.maxFrameSize} bytes`)
          return -1
        }
        return 0
      }
      if (e - pos > max.maxHeaderLength) {
        fail(`a header line exceeds ${max.maxHeaderLength} bytes`)
        return -1
      }
      const line = decodeLine(pos, e)
      if (line === undefined) return -1
      pos = e + 1
      if (line === '') break
      if (headers.length >= max.maxHeaders) {
        fail(`the frame has more than ${max.maxHeaders} headers`)
        return -1
      }
      const colon = line.indexOf(':')
      if (colon < 0) {
        fail(`malformed header line "${line.slice(0, 40)}" (no colon)`)
        return -1
      }
      try {
        const name = line.slice(0, colon)
        const value = line.slice(colon + 1)
        headers.push(escaped ? [unescapeHeader(name), unescapeHeader(value)] : [name, value])
      } catch (error) {
        fail((error as Error).message)
        return -1
      }
    }
    const lengthHeader = headers.find(([k]) => k === 'content-length')?.[1]
    let bodyEnd: number
    if (lengthHeader !== undefined) {
      const length = /^\d+$/.test(lengthHeader.trim()) ? Number(lengthHeader.trim()) : Number.NaN
      if (!Number.isSafeInteger(length)) {
        fail(`invalid content-length "${lengthHeader.slice(0, 20)}"`)
        return -1
      }
      if (pos - start + length > max.maxFrameSize) {
        fail(`the frame exceeds ${max.maxFrameSize} bytes (content-length ${length})`)
        return -1
      }
      bodyEnd = pos + length
      if (buf.length < bodyEnd + 1) return 0
      if (buf[bodyEnd] !== NUL) {
        fail('the body is longer than its content-length (no NUL where the frame should end)')
        return -1
      }
    } else {
      bodyEnd = buf.indexOf(NUL, pos)
      if (bodyEnd < 0) {
        if (buf.length - start > max.maxFrameSize) {
          fail(`the frame exceeds ${max.maxFrameSize} bytes`)
          return -1
        }
        return 0
      }
      if (bodyEnd - start > max.maxFrameSize) {
        fail(`the frame exceeds ${max.maxFrameSize} bytes`)
        return -1
      }
    }
    events.onFrame({ command, headers, body: buf.slice(pos, bodyEnd) })
    return bodyEnd + 1
  }

  return {
    push(chunk) {
      if (failed) return
      const bytes =
        typeof chunk === 'string'
          ? utf8.encode(chunk)
          : chunk instanceof Uint8Array
            ? chunk
            : new Uint8Array(chunk)
      if (buf.length === 0) buf = bytes
      else {
        const next = new Uint8Array(buf.length + bytes.length)
        next.set(buf, 0)
        next.set(bytes, buf.length)
        buf = next
      }
      let pos = 0
      while (pos < buf.length && !failed) {
        // EOLs between frames are heart-beats.
        if (buf[pos] === LF) {
          pos++
          events.onHeartbeat?.()
          continue
        }
        if (buf[pos] === CR) {
          if (pos + 1 >= buf.length) break
          if (buf[pos + 1] === LF) {
            pos += 2
            events.onHeartbeat?.()
            continue
          }
        }
        const end = parseOne(pos)
        if (end <= 0) break
        pos = end
      }
      if (!failed) buf = pos === 0 ? buf : buf.slice(pos)
    },
  }
}
