import { describe, expect, it } from 'vitest'
import { redactHeaders } from '../../src/core/index.js'

describe('redactHeaders', () => {
  it('masks credentials in any case, keeps the first of repeated headers, and drops no header named like an Object property', () => {
    const out = redactHeaders(
      [
        ['login', 'guest'],
        ['Passcode', 'secret'],
        ['x-token', 'abc'],
        ['constructor', 'kept'],
        ['toString', 'kept too'],
        ['login', 'second'],
      ],
      ['X-Token'],
    )
    expect(out).toEqual({
      login: 'guest',
      Passcode: '••••',
      'x-token': '••••',
      constructor: 'kept',
      toString: 'kept too',
    })
  })
})
