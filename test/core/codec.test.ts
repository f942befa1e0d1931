import { describe, expect, it } from 'vitest'
import { decodeBody, encodeBody } from '../../src/core/index.js'

const utf8 = (s: string) => new TextEncoder().encode(s)

describe('encodeBody', () => {
  it('sends strings as text, bytes as binary, everything else as JSON', () => {
    expect(encodeBody('hi')).toEqual({
      body: 'hi',
      headers: { 'content-type': 'text/plain;charset=utf-8' },
    })
    const bytes = new Uint8Array([0, 255, 1])
    expect(encodeBody(bytes)).toEqual({
      binaryBody: bytes,
      headers: { 'content-type': 'application/octet-stream' },
    })
    expect(encodeBody({ text: '안녕' })).toEqual({
      body: '{"text":"안녕"}',
      headers: { 'content-type': 'application/json' },
    })
    expect(encodeBody(null).body).toBe('null')
  })

  it('keeps a content-type the caller set, whatever its case', () => {
    expect(encodeBody({ a: 1 }, { 'Content-Type': 'application/vnd.x+json' }).headers).toEqual({
      'Content-Type': 'application/vnd.x+json',
    })
  })

  it('rejects what has no JSON form with an error that names the fix', () => {
    const circular: Record<string, unknown> = {}
    circular.self = circular
    expect(() => encodeBody(circular)).toThrow(/could not be serialized as JSON.*Pass a string/s)
    expect(() => encodeBody(() => 1)).toThrow(/has no JSON form/)
  })
})

describe('decodeBody', () => {
  const at = (headers: Record<string, string>, body: string | Uint8Array) =>
    decodeBody({
      headers,
      destination: '/topic/t',
      ...(typeof body === 'string' ? { text: body } : { bytes: body }),
    })

  it('parses JSON content-types, including +json and parameters', () => {
    expect(at({ 'content-type': 'application/json' }, '{"a":1}').body).toEqual({ a: 1 })
    expect(at({ 'content-type': 'application/ld+json;charset=utf-8' }, utf8('[1]')).body).toEqual([
      1,
    ])
  })

  it('keeps a body that is not valid JSON, with decodeError, never throwing', () => {
    const d = at({ 'content-type': 'application/json' }, '{"a":')
    expect(d.body).toBeUndefined()
    expect(d.text).toBe('{"a":')
    expect(d.decodeError?.message).toMatch(/\/topic\/t is not valid JSON.*message\.text/s)
  })

  it('treats UTF-8 bytes as text (stompjs hands every body over as bytes)', () => {
    const d = at({}, utf8('한국어 😀'))
    expect(d).toEqual({ body: '한국어 😀', text: '한국어 😀' })
  })

  it('keeps binary bodies as bytes', () => {
    const bytes = new Uint8Array([0xff, 0xfe, 0x00, 0x80])
    expect(at({}, bytes).body).toBe(bytes)
    expect(at({ 'content-type': 'image/png' }, utf8('PNG')).binaryBody).toEqual(utf8('PNG'))
  })

  it('flags bytes that are not UTF-8 although the content-type says text or JSON', () => {
    const d = at({ 'content-type': 'application/json' }, new Uint8Array([0xc3, 0x28]))
    expect(d.decodeError?.message).toMatch(/not valid UTF-8/)
    expect(d.binaryBody).toEqual(new Uint8Array([0xc3, 0x28]))
  })
})
