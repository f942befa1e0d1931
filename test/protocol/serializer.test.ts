import { describe, expect, it } from 'vitest'
import {
  createFrame,
  createFrameParser,
  encodeFrame,
  escapeHeader,
  HEARTBEAT,
  type StompFrame,
  serializeFrame,
  unescapeHeader,
  withContentLength,
} from '../../src/protocol/index.js'

const roundTrip = (frame: StompFrame): StompFrame => {
  const out: StompFrame[] = []
  createFrameParser({ onFrame: (f) => out.push(f) }).push(serializeFrame(frame))
  return out[0]!
}

describe('serializer', () => {
  it('escapes header names and values on 1.2 and round-trips through the parser', () => {
    const frame = createFrame('MESSAGE', [['k:1', 'a\nb:c\\d\re']], 'z')
    expect(new TextDecoder().decode(serializeFrame(frame))).toBe(
      'MESSAGE\nk\\c1:a\\nb\\cc\\\\d\\re\n\nz\0',
    )
    expect(roundTrip(frame).headers).toEqual([['k:1', 'a\nb:c\\d\re']])
  })

  it('does not escape CONNECT or CONNECTED', () => {
    const frame = createFrame('CONNECTED', { server: 'a:b' })
    expect(new TextDecoder().decode(serializeFrame(frame))).toBe('CONNECTED\nserver:a:b\n\n\0')
  })

  it('escapes per version: 1.1 leaves CR alone, 1.0 escapes nothing', () => {
    expect(escapeHeader('a:\r\n', 'stomp11')).toBe('a\\c\r\\n')
    expect(escapeHeader('a:\n', 'none')).toBe('a:\n')
    expect(unescapeHeader('a\\c\\n\\\\', 'stomp11')).toBe('a:\n\\')
  })

  it('withContentLength counts octets and replaces an existing header', () => {
    const frame = withContentLength(createFrame('SEND', { 'content-length': '1' }, '한'))
    expect(frame.headers).toEqual([['content-length', '3']])
  })

  it('encodeFrame gives text for UTF-8 bodies and bytes for anything else', () => {
    expect(encodeFrame(createFrame('MESSAGE', { a: 'b' }, '안녕'))).toBe('MESSAGE\na:b\n\n안녕\0')
    const binary = encodeFrame(createFrame('MESSAGE', {}, new Uint8Array([0xff, 0, 1])))
    expect(binary).toBeInstanceOf(Uint8Array)
    expect([...(binary as Uint8Array)].slice(-4)).toEqual([0xff, 0, 1, 0])
  })

  it('exports the heart-beat EOL', () => {
    expect(HEARTBEAT).toBe('\n')
  })
})
