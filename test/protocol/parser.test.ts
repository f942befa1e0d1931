import { describe, expect, it } from 'vitest'
import {
  createFrame,
  createFrameParser,
  decodeUtf8,
  type FrameLimits,
  type FrameParseError,
  headerRecord,
  headerValue,
  type StompFrame,
  serializeFrame,
} from '../../src/protocol/index.js'

function parse(chunks: (string | Uint8Array | ArrayBuffer)[], limits: Partial<FrameLimits> = {}) {
  const frames: StompFrame[] = []
  const errors: FrameParseError[] = []
  let beats = 0
  const parser = createFrameParser({
    limits,
    onFrame: (f) => frames.push(f),
    onError: (e) => errors.push(e),
    onHeartbeat: () => beats++,
  })
  for (const c of chunks) parser.push(c)
  return { frames, errors, beats, parser }
}
const text = (f: StompFrame | undefined) => decodeUtf8(f?.body ?? new Uint8Array())
const bytes = (s: string) => new TextEncoder().encode(s)

describe('frame parser: framing', () => {
  it('counts content-length in octets (UTF-8), so Korean and emoji bodies end where they should', () => {
    const body = '안녕하세요 👋🏽'
    const length = bytes(body).length
    expect(length).toBeGreaterThan(body.length)
    const { frames, errors } = parse([
      `SEND\ndestination:/topic/a\ncontent-length:${length}\n\n${body}\0`,
    ])
    expect(errors).toEqual([])
    expect(text(frames[0])).toBe(body)
  })

  it('allows NUL inside a body that has content-length; without it the first NUL ends the body', () => {
    const body = new Uint8Array([1, 0, 2, 0, 3])
    const framed = serializeFrame(
      createFrame('SEND', { destination: '/q', 'content-length': '5' }, body),
    )
    expect(parse([framed]).frames[0]?.body).toEqual(body)
    const { frames } = parse(['SEND\ndestination:/q\n\nab\0cd\0'])
    expect(frames.map(text)).toEqual(['ab'])
  })

  it('reassembles a frame split byte by byte and splits frames packed into one chunk', () => {
    const one = serializeFrame(createFrame('SEND', { destination: '/a' }, '안녕'))
    const two = serializeFrame(createFrame('SEND', { destination: '/b' }, ''))
    const split = parse([...one].map((b) => new Uint8Array([b])))
    expect(split.frames.map(text)).toEqual(['안녕'])
    const packed = new Uint8Array([...one, ...two, ...one])
    expect(parse([packed]).frames.map((f) => headerValue(f, 'destination'))).toEqual([
      '/a',
      '/b',
      '/a',
    ])
  })

  it('handles splits at every position of a two-frame stream, including inside CRLF and escapes', () => {
    const stream = bytes(
      'SEND\r\ndestination:/a\r\nx:1\\c2\r\ncontent-length:3\r\n\r\n\0b\0\0\r\nMESSAGE\nk:v\n\nlast\0\n',
    )
    for (let cut = 1; cut < stream.length; cut++) {
      const r = parse([stream.slice(0, cut), stream.slice(cut)])
      expect(r.errors).toEqual([])
      expect(r.frames.map((f) => f.command)).toEqual(['SEND', 'MESSAGE'])
      expect(r.frames[0]?.body).toEqual(new Uint8Array([0, 98, 0]))
      expect(headerValue(r.frames[0]!, 'x')).toBe('1:2')
      expect(r.beats).toBe(2)
    }
  })

  it('accepts string, Uint8Array and ArrayBuffer chunks', () => {
    const frame = 'SEND\ndestination:/a\n\nhi\0'
    const viaBuffer = bytes(frame).buffer as ArrayBuffer
    expect(parse([frame]).frames.map(text)).toEqual(['hi'])
    expect(parse([bytes(frame)]).frames.map(text)).toEqual(['hi'])
    expect(parse([viaBuffer]).frames.map(text)).toEqual(['hi'])
  })

  it('accepts LF and CRLF line ends; EOLs between frames are heart-beats', () => {
    const { frames, beats } = parse(['\n\r\nSEND\r\ndestination:/a\r\n\r\nhi\0\n', '\n'])
    expect(text(frames[0])).toBe('hi')
    expect(headerValue(frames[0]!, 'destination')).toBe('/a')
    expect(beats).toBe(4)
  })

  it('reports heart-beats that arrive alone, as a browser or stompjs sends them', () => {
    const { beats, frames } = parse(['\n', '\n', '\r\n'])
    expect(beats).toBe(3)
    expect(frames).toEqual([])
  })

  it('does not copy the caller’s chunk into the frame body by reference', () => {
    const chunk = bytes('SEND\n\nabc\0')
    const { frames } = parse([chunk])
    chunk.fill(0)
    expect(text(frames[0])).toBe('abc')
  })
})

describe('frame parser: headers', () => {
  it('unescapes \\r \\n \\c \\\\ in names and values', () => {
    const { frames } = parse(['SEND\ndestination:/a\nx\\cy:1\\c2\\n3\\\\4\\r\n\n\0'])
    expect(frames[0]?.headers[1]).toEqual(['x:y', '1:2\n3\\4\r'])
  })

  it('never unescapes CONNECT, STOMP and CONNECTED (1.0 peers read them before negotiation)', () => {
    for (const command of ['CONNECT', 'STOMP', 'CONNECTED']) {
      const { frames } = parse([`${command}\nlogin:a\\cb\\t\n\n\0`])
      expect(headerValue(frames[0]!, 'login')).toBe('a\\cb\\t')
    }
  })

  it('treats an undefined escape as a protocol error', () => {
    const r = parse(['SEND\nx:\\t\n\n\0'])
    expect(r.errors[0]?.code).toBe('invalid-escape')
    expect(r.errors[0]?.message).toMatch(/Undefined escape sequence "\\\\t"/)
    expect(parse(['SEND\nx:ends with \\\n\n\0']).errors[0]?.code).toBe('invalid-escape')
  })

  it('follows the negotiated version: 1.0 does not unescape, 1.1 has no \\r', () => {
    const got: StompFrame[] = []
    const p10 = createFrameParser({ version: '1.0', onFrame: (f) => got.push(f) })
    p10.push('SEND\nx:a\\nb\n\n\0')
    expect(headerValue(got[0]!, 'x')).toBe('a\\nb')
    const errors: FrameParseError[] = []
    const p11 = createFrameParser({ onFrame: () => {}, onError: (e) => errors.push(e) })
    p11.setVersion('1.1')
    p11.push('SEND\nx:a\\rb\n\n\0')
    expect(errors[0]?.code).toBe('invalid-escape')
  })

  it('keeps repeated headers in order; lookups take the first value', () => {
    const { frames } = parse([
      'MESSAGE\nfoo:first\nfoo:second\ncontent-length:1\ncontent-length:9\n\nx\0',
    ])
    expect(frames[0]?.headers).toEqual([
      ['foo', 'first'],
      ['foo', 'second'],
      ['content-length', '1'],
      ['content-length', '9'],
    ])
    expect(headerRecord(frames[0]!.headers).foo).toBe('first')
    expect(text(frames[0])).toBe('x') // the first content-length counts
  })

  it('keeps colons after the first one in the value and allows empty values', () => {
    const { frames } = parse(['CONNECT\nhost:a:b:c\nempty:\n\n\0'])
    expect(headerRecord(frames[0]!.headers)).toEqual({ host: 'a:b:c', empty: '' })
  })
})

describe('frame parser: errors and limits', () => {
  const first = (chunks: string[], limits: Partial<FrameLimits> = {}) =>
    parse(chunks, limits).errors[0]

  it('rejects malformed frames with a code and a message that says what to fix', () => {
    expect(first(['SEND\nnocolon\n\n\0'])?.code).toBe('malformed-header')
    expect(first(['SEND\n:novalue\n\n\0'])?.code).toBe('malformed-header')
    expect(first(['SEND\ncontent-length:-1\n\n\0'])?.code).toBe('invalid-content-length')
    expect(first(['SEND\ncontent-length:2\n\nabc\0'])).toMatchObject({
      code: 'missing-nul',
      message: expect.stringMatching(/content-length must count octets/),
    })
    expect(first(['\rX'])?.code).toBe('stray-cr')
    expect(parse([new Uint8Array([0x53, 0xff, 0x0a, 0x0a, 0])]).errors[0]?.code).toBe(
      'invalid-utf8',
    )
  })

  it('keeps the parsed headers on the error, so the broker can answer with receipt-id', () => {
    const error = first(['SEND\nreceipt:r-7\ncontent-length:1\n\nxy\0'])
    expect(headerValue({ headers: error!.headers }, 'receipt')).toBe('r-7')
  })

  it('throws from push when no onError is given, so an error is never lost', () => {
    const parser = createFrameParser({ onFrame: () => {} })
    expect(() => parser.push('SEND\nbad\n\n\0')).toThrow(/is not "name:value"/)
  })

  it('stops after an error until reset()', () => {
    const r = parse(['SEND\nbad\n\n\0', 'SEND\n\nok\0'])
    expect(r.frames).toHaveLength(0)
    expect(r.errors).toHaveLength(1)
    expect(r.parser.failed).toBe(true)
    r.parser.reset()
    r.parser.push('SEND\n\nok\0')
    expect(r.frames.map(text)).toEqual(['ok'])
  })

  it('refuses an oversized frame from its content-length, before the body arrives', () => {
    const r = parse(['SEND\ncontent-length:1000\n\n'], { maxFrameSize: 100 })
    expect(r.errors[0]).toMatchObject({
      code: 'frame-too-large',
      message: expect.stringMatching(/limit is 100 \(maxFrameSize\)/),
    })
  })

  it('refuses an oversized frame without content-length as soon as the buffered bytes pass the limit', () => {
    const r = parse(['SEND\n\n', 'x'.repeat(60), 'x'.repeat(60)], { maxFrameSize: 100 })
    expect(r.errors[0]?.code).toBe('frame-too-large')
    expect(parse(['SEND\n\n', `${'x'.repeat(80)}\0`], { maxFrameSize: 100 }).errors).toEqual([])
  })

  it('counts headers and header line length, including a line still arriving', () => {
    expect(first([`SEND\n${'a:1\n'.repeat(5)}\n\0`], { maxHeaders: 4 })?.code).toBe(
      'too-many-headers',
    )
    expect(parse([`SEND\n${'a:1\n'.repeat(4)}\n\0`], { maxHeaders: 4 }).errors).toEqual([])
    expect(first([`SEND\nk:${'v'.repeat(100)}\n\n\0`], { maxHeaderLength: 64 })?.code).toBe(
      'header-too-long',
    )
    expect(first(['SEND\nk:', 'v'.repeat(100)], { maxHeaderLength: 64 })?.code).toBe(
      'header-too-long',
    )
    expect(first(['X'.repeat(100)], { maxHeaderLength: 64 })?.code).toBe('header-too-long')
  })

  it('parses a 2 MiB body arriving in 1 KiB chunks without quadratic copying', () => {
    const size = 2 * 1024 * 1024 - 100
    const head = bytes(`SEND\ncontent-length:${size}\n\n`)
    const frame = new Uint8Array(head.length + size + 1)
    frame.set(head)
    frame.fill(120, head.length, head.length + size)
    const chunks: Uint8Array[] = []
    for (let i = 0; i < frame.length; i += 1024) chunks.push(frame.subarray(i, i + 1024))
    const started = performance.now()
    const r = parse(chunks)
    expect(r.errors).toEqual([])
    expect(r.frames[0]?.body.length).toBe(size)
    expect(performance.now() - started).toBeLessThan(1000)
  })
})
