import { describe, expect, it } from 'vitest'
import {
  createFrameParser,
  type Frame,
  headerRecord,
  serializeFrame,
  textBody,
} from '../../src/protocol/index.js'

function parse(chunks: (string | Uint8Array)[], limits = {}) {
  const frames: Frame[] = []
  const errors: string[] = []
  let beats = 0
  const p = createFrameParser(
    { onFrame: (f) => frames.push(f), onError: (e) => errors.push(e), onHeartbeat: () => beats++ },
    limits,
  )
  for (const c of chunks) p.push(c)
  return { frames, errors, beats }
}
const text = (f: Frame | undefined) => new TextDecoder().decode(f?.body)

describe('frame parser', () => {
  it('parses a frame and counts content-length in octets (UTF-8)', () => {
    const body = '안녕하세요 😀'
    const len = new TextEncoder().encode(body).byteLength
    const { frames, errors } = parse([
      `SEND\ndestination:/topic/a\ncontent-length:${len}\n\n${body}\0`,
    ])
    expect(errors).toEqual([])
    expect(text(frames[0])).toBe(body)
    expect(headerRecord(frames[0]!).destination).toBe('/topic/a')
  })

  it('allows NUL inside a body that has content-length', () => {
    const body = new Uint8Array([1, 0, 2, 0])
    const bytes = serializeFrame({ command: 'SEND', headers: [['destination', '/q']], body })
    const { frames } = parse([bytes])
    expect(frames[0]?.body).toEqual(body)
  })

  it('handles frames split across chunks byte by byte, and packed into one chunk', () => {
    const one = serializeFrame({
      command: 'SEND',
      headers: [['destination', '/a']],
      body: textBody('x'),
    })
    const two = serializeFrame({
      command: 'SEND',
      headers: [['destination', '/b']],
      body: textBody(''),
    })
    const split = parse([...one].map((b) => new Uint8Array([b])))
    expect(split.frames).toHaveLength(1)
    const packed = new Uint8Array([...one, ...two, ...one])
    expect(parse([packed]).frames.map((f) => headerRecord(f).destination)).toEqual([
      '/a',
      '/b',
      '/a',
    ])
  })

  it('accepts CRLF line ends and counts EOLs between frames as heart-beats', () => {
    const { frames, beats } = parse(['\n\r\nSEND\r\ndestination:/a\r\n\r\nhi\0\n'])
    expect(text(frames[0])).toBe('hi')
    expect(headerRecord(frames[0]!).destination).toBe('/a')
    expect(beats).toBe(3)
  })

  it('unescapes \\r \\n \\c \\\\ except on CONNECT/CONNECTED; an undefined escape is an error', () => {
    const { frames } = parse(['SEND\ndestination:/a\nx:1\\c2\\n3\\\\4\\r\n\n\0'])
    expect(headerRecord(frames[0]!).x).toBe('1:2\n3\\4\r')
    const connect = parse(['CONNECT\nlogin:a\\cb\n\n\0'])
    expect(headerRecord(connect.frames[0]!).login).toBe('a\\cb')
    expect(parse(['SEND\nx:\\t\n\n\0']).errors[0]).toMatch(/undefined header escape/)
  })

  it('keeps repeated headers, first value winning', () => {
    const { frames } = parse(['MESSAGE\nfoo:first\nfoo:second\n\n\0'])
    expect(frames[0]?.headers).toEqual([
      ['foo', 'first'],
      ['foo', 'second'],
    ])
    expect(headerRecord(frames[0]!).foo).toBe('first')
  })

  it('round-trips escaped headers through the serializer', () => {
    const frame: Frame = {
      command: 'MESSAGE',
      headers: [['k:1', 'a\nb:c\\d']],
      body: textBody('z'),
    }
    expect(parse([serializeFrame(frame)]).frames[0]?.headers[0]).toEqual(['k:1', 'a\nb:c\\d'])
  })

  it('enforces limits: frame size, header count, header line length', () => {
    expect(
      parse([`SEND\ncontent-length:100\n\n${'x'.repeat(100)}\0`], { maxFrameSize: 50 }).errors[0],
    ).toMatch(/exceeds 50 bytes/)
    expect(parse([`SEND\n${'a:1\n'.repeat(5)}\n\0`], { maxHeaders: 4 }).errors[0]).toMatch(
      /more than 4 headers/,
    )
    expect(parse([`SEND\nk:${'v'.repeat(100)}\n\n\0`], { maxHeaderLength: 64 }).errors[0]).toMatch(
      /header line exceeds 64/,
    )
    // Without an end in sight, the buffered bytes count against the limit too.
    expect(parse([`SEND\n\n${'x'.repeat(100)}`], { maxFrameSize: 50 }).errors[0]).toMatch(
      /exceeds 50/,
    )
  })

  it('rejects malformed input with a message, and stops', () => {
    expect(parse(['send\n\n\0']).errors[0]).toMatch(/not a STOMP command/)
    expect(parse(['SEND\nnocolon\n\n\0']).errors[0]).toMatch(/no colon/)
    expect(parse(['SEND\ncontent-length:2\n\nabc\0']).errors[0]).toMatch(
      /longer than its content-length/,
    )
    expect(parse(['SEND\ncontent-length:-1\n\n\0']).errors[0]).toMatch(/invalid content-length/)
    const r = parse(['bad\n\n\0', 'SEND\n\n\0'])
    expect(r.frames).toHaveLength(0)
    expect(r.errors).toHaveLength(1)
  })
})
