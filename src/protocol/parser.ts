import { escapeModeFor, HeaderEscapeError, unescapeHeader } from './escape.js'
import type { StompFrame, StompHeader, StompVersion } from './frame.js'
import { DEFAULT_FRAME_LIMITS, type FrameLimits } from './limits.js'

export type FrameParseErrorCode =
  | 'frame-too-large'
  | 'too-many-headers'
  | 'header-too-long'
  | 'malformed-header'
  | 'invalid-escape'
  | 'invalid-content-length'
  | 'missing-nul'
  | 'invalid-utf8'
  | 'stray-cr'

/** A framing error: the stream cannot be resynchronized, so the parser stops after reporting it. */
export class FrameParseError extends Error {
  override readonly name = 'FrameParseError'
  constructor(
    readonly code: FrameParseErrorCode,
    message: string,
    /** Headers parsed before the error, when the head was complete (e.g. to find `receipt`). */
    readonly headers: readonly StompHeader[] = [],
  ) {
    super(message)
  }
}

export interface FrameParserOptions {
  onFrame: (frame: StompFrame) => void
  /** An EOL between frames: a heart-beat. */
  onHeartbeat?: () => void
  /**
   * Called once; afterwards `push` ignores its input until `reset()`. Without it, `push` throws
   * the FrameParseError instead.
   */
  onError?: (error: FrameParseError) => void
  limits?: Partial<FrameLimits>
  /** Decides header unescaping; changeable later with `setVersion`. Default 1.2. */
  version?: StompVersion
}

export interface FrameParser {
  /** Feeds bytes from the transport: any split, any number of frames per chunk. */
  push(chunk: string | Uint8Array | ArrayBuffer | ArrayBufferView): void
  setVersion(version: StompVersion): void
  /** Drops any partial frame and a previous error. */
  reset(): void
  readonly failed: boolean
}

const LF = 10
const CR = 13
const NUL = 0
const EMPTY = new Uint8Array(0)
const encoder = new TextEncoder()
const headDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
const DIGITS = /^\d+$/

function toBytes(chunk: string | Uint8Array | ArrayBuffer | ArrayBufferView): Uint8Array {
  if (typeof chunk === 'string') return encoder.encode(chunk)
  if (chunk instanceof Uint8Array) return chunk
  if (ArrayBuffer.isView(chunk))
    return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)
  return new Uint8Array(chunk)
}

/**
 * A streaming STOMP frame parser. It searches with `indexOf` on the byte buffer instead of visiting
 * bytes one by one, decodes each head with a single TextDecoder call, and checks limits while data
 * arrives so an oversized frame is refused before it is buffered whole.
 */
export function createFrameParser(options: FrameParserOptions): FrameParser {
  const limits: FrameLimits = { ...DEFAULT_FRAME_LIMITS, ...options.limits }
  const onHeartbeat = options.onHeartbeat ?? (() => {})
  const onError =
    options.onError ??
    ((error: FrameParseError) => {
      throw error
    })
  let version: StompVersion = options.version ?? '1.2'

  // Pending bytes live in buf[start, end). `owned` is false while buf is the caller's chunk, which
  // is parsed in place and copied only if a partial frame remains at the end of the push.
  let buf: Uint8Array = EMPTY
  let start = 0
  let end = 0
  let owned = false
  let failed = false

  // Per-frame state; positions are absolute indexes into buf.
  let inFrame = false
  let frameStart = 0
  let scanFrom = 0
  let lineStart = 0
  let lines = 0
  let headEnd = -1 // body start once the head is complete
  let command = ''
  let headers: StompHeader[] = []
  let contentLength = -1

  const fail = (code: FrameParseErrorCode, message: string): void => {
    failed = true
    buf = EMPTY
    start = end = 0
    inFrame = false
    onError(new FrameParseError(code, message, headers))
  }

  /** `exact` when content-length gave the size, otherwise the frame is still arriving. */
  const tooLarge = (size: number, exact = false) =>
    fail(
      'frame-too-large',
      `The frame is ${exact ? '' : 'at least '}${size} octets; the limit is ${limits.maxFrameSize} (maxFrameSize). Send smaller frames or raise maxFrameSize.`,
    )

  /** Re-bases all positions after buf[0, start) is discarded. */
  const shift = (by: number) => {
    start -= by
    end -= by
    frameStart -= by
    scanFrom -= by
    lineStart -= by
    if (headEnd >= 0) headEnd -= by
  }

  const append = (bytes: Uint8Array) => {
    if (!owned || end + bytes.length > buf.length) {
      const needed = end - start + bytes.length
      if (owned && needed <= buf.length >> 1) {
        buf.copyWithin(0, start, end)
      } else {
        const target = new Uint8Array(Math.max(needed * 2, 4096))
        target.set(buf.subarray(start, end))
        buf = target
        owned = true
      }
      shift(start)
    }
    buf.set(bytes, end)
    end += bytes.length
  }

  const parseHead = (): boolean => {
    let text: string
    try {
      text = headDecoder.decode(buf.subarray(frameStart, headEnd))
    } catch (error) {
      if (!(error instanceof TypeError)) throw error
      fail('invalid-utf8', 'The frame command or headers are not valid UTF-8.')
      return false
    }
    const rows = text.split('\n')
    const first = rows[0] ?? ''
    command = first.endsWith('\r') ? first.slice(0, -1) : first
    const mode = escapeModeFor(version, command)
    headers = []
    contentLength = -1
    let lengthSeen = false
    // The head ends with the empty line, so the last two rows are empty: skip them.
    for (let i = 1; i < rows.length - 2; i++) {
      let row = rows[i] as string
      if (row.endsWith('\r')) row = row.slice(0, -1)
      const colon = row.indexOf(':')
      if (colon <= 0) {
        fail(
          'malformed-header',
          `Header line ${JSON.stringify(row.slice(0, 80))} of ${command} is not "name:value".`,
        )
        return false
      }
      let name: string
      let value: string
      try {
        name = unescapeHeader(row.slice(0, colon), mode)
        value = unescapeHeader(row.slice(colon + 1), mode)
      } catch (error) {
        if (!(error instanceof HeaderEscapeError)) throw error
        fail('invalid-escape', error.message)
        return false
      }
      headers.push([name, value])
      if (name === 'content-length' && !lengthSeen) {
        lengthSeen = true // repeated header: the first one counts
        if (!DIGITS.test(value)) {
          fail(
            'invalid-content-length',
            `content-length must be a decimal number of octets, got ${JSON.stringify(value)}.`,
          )
          return false
        }
        contentLength = Number(value)
      }
    }
    if (contentLength >= 0 && headEnd - frameStart + contentLength > limits.maxFrameSize) {
      tooLarge(headEnd - frameStart + contentLength, true)
      return false
    }
    return true
  }

  /** Scans for the empty line that ends the head; false when more bytes are needed. */
  const scanHead = (): boolean => {
    for (;;) {
      // Searching a view bounded by `end` keeps stale bytes past it out of the search.
      const nl = buf.subarray(0, end).indexOf(LF, scanFrom)
      if (nl === -1) {
        scanFrom = end
        if (end - lineStart > limits.maxHeaderLength + 1) {
          headerTooLong(end - lineStart)
          return false
        }
        if (end - frameStart > limits.maxFrameSize) tooLarge(end - frameStart)
        return false
      }
      const lineLength = nl > lineStart && buf[nl - 1] === CR ? nl - 1 - lineStart : nl - lineStart
      if (lineLength === 0) {
        headEnd = nl + 1
        return true
      }
      if (lineLength > limits.maxHeaderLength) {
        headerTooLong(lineLength)
        return false
      }
      lines++
      if (lines - 1 > limits.maxHeaders) {
        fail(
          'too-many-headers',
          `The frame has more than ${limits.maxHeaders} headers (maxHeaders). Send fewer headers or raise maxHeaders.`,
        )
        return false
      }
      lineStart = scanFrom = nl + 1
      if (lineStart - frameStart > limits.maxFrameSize) {
        tooLarge(lineStart - frameStart)
        return false
      }
    }
  }

  const headerTooLong = (length: number) =>
    fail(
      'header-too-long',
      `A header line is ${length > limits.maxHeaderLength + 1 ? 'over ' : ''}${length} octets; the limit is ${limits.maxHeaderLength} (maxHeaderLength). Shorten the header or raise maxHeaderLength.`,
    )

  const process = () => {
    while (start < end && !failed) {
      if (!inFrame) {
        const b = buf[start]
        if (b === LF) {
          start++
          onHeartbeat()
          continue
        }
        if (b === CR) {
          if (start + 1 >= end) return
          if (buf[start + 1] !== LF) {
            fail(
              'stray-cr',
              'A CR between frames must be followed by LF (a heart-beat is LF or CRLF).',
            )
            return
          }
          start += 2
          onHeartbeat()
          continue
        }
        inFrame = true
        frameStart = scanFrom = lineStart = start
        lines = 0
        headEnd = -1
        headers = []
      }
      if (headEnd < 0) {
        if (!scanHead()) return
        if (!parseHead()) return
        scanFrom = headEnd
      }
      let bodyEnd: number
      if (contentLength >= 0) {
        bodyEnd = headEnd + contentLength
        if (bodyEnd >= end) return
        if (buf[bodyEnd] !== NUL) {
          fail(
            'missing-nul',
            `The ${command} body is not followed by NUL after its content-length of ${contentLength} octets: content-length must count octets (UTF-8), not characters.`,
          )
          return
        }
      } else {
        const nul = buf.subarray(0, end).indexOf(NUL, scanFrom)
        if (nul === -1) {
          scanFrom = end
          if (end - frameStart > limits.maxFrameSize) tooLarge(end - frameStart)
          return
        }
        bodyEnd = nul
        if (bodyEnd - frameStart > limits.maxFrameSize) {
          tooLarge(bodyEnd - frameStart, true)
          return
        }
      }
      // A copy: the buffer is reused and may be the caller's chunk.
      const frame: StompFrame = { command, headers, body: buf.slice(headEnd, bodyEnd) }
      start = bodyEnd + 1
      inFrame = false
      headEnd = -1
      headers = []
      options.onFrame(frame)
    }
  }

  return {
    push(chunk) {
      if (failed) return
      const bytes = toBytes(chunk)
      if (bytes.length === 0) return
      if (start === end) {
        // Nothing pending: parse the chunk in place.
        shift(start)
        buf = bytes
        start = 0
        end = bytes.length
        owned = false
      } else {
        append(bytes)
      }
      process()
      if (failed) return
      if (start === end) {
        if (!owned || buf.length > 1 << 20) buf = EMPTY
        shift(start)
        if (buf === EMPTY) owned = false
      } else if (!owned) {
        const copy = new Uint8Array(Math.max(4096, (end - start) * 2))
        copy.set(buf.subarray(start, end))
        buf = copy
        owned = true
        shift(start)
      }
    },
    setVersion(next) {
      version = next
    },
    reset() {
      failed = false
      buf = EMPTY
      start = end = 0
      owned = false
      inFrame = false
      headEnd = -1
      headers = []
    },
    get failed() {
      return failed
    },
  }
}
