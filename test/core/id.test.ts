import { afterEach, describe, expect, it, vi } from 'vitest'
import { createId } from '../../src/core/index.js'

const v4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('createId', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('makes v4 UUIDs where crypto.randomUUID is missing (plain http on a LAN address)', () => {
    const real = globalThis.crypto
    vi.stubGlobal('crypto', {
      getRandomValues: (a: Uint8Array<ArrayBuffer>) => real.getRandomValues(a),
    })
    const ids = Array.from({ length: 1000 }, createId)
    for (const id of ids) expect(id).toMatch(v4)
    expect(new Set(ids).size).toBe(1000)
  })

  it('still makes unique ids with no Web Crypto at all', () => {
    vi.stubGlobal('crypto', undefined)
    const ids = Array.from({ length: 1000 }, createId)
    expect(new Set(ids).size).toBe(1000)
  })
})
