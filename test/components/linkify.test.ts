import { describe, expect, it } from 'vitest'
import { isSafeHref, isSafeImageSrc } from '../../src/components/chat/linkify.js'

describe('link and avatar sources', () => {
  it('links: http(s) with a host and mailto only', () => {
    expect(isSafeHref('https://example.com/a')).toBe(true)
    expect(isSafeHref('mailto:a@example.com')).toBe(true)
    expect(isSafeHref('javascript:alert(1)')).toBe(false)
    expect(isSafeHref('data:text/html,<script>')).toBe(false)
    expect(isSafeHref('not a url')).toBe(false)
  })

  it('avatars: http(s) and base64 raster data:image, never mailto, script or svg', () => {
    expect(isSafeImageSrc('https://example.com/a.png')).toBe(true)
    expect(isSafeImageSrc('data:image/png;base64,iVBORw0KGgo=')).toBe(true)
    expect(isSafeImageSrc('mailto:a@example.com')).toBe(false)
    expect(isSafeImageSrc('javascript:alert(1)')).toBe(false)
    expect(isSafeImageSrc('data:image/svg+xml;base64,PHN2Zz4=')).toBe(false)
    expect(isSafeImageSrc('data:text/html;base64,PHNjcmlwdD4=')).toBe(false)
  })
})
