export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string }

// Only these schemes become links; javascript:, data:, vbscript: and every other scheme stay text.
const LINK = /\b(?:https?:\/\/|mailto:)[^\s<>"']+/gi
// Punctuation that usually ends the sentence rather than the URL.
const TRAILING = /[.,;:!?)\]}'"]+$/

/** Splits text into plain parts and safe links. Nothing here is ever treated as HTML. */
export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = []
  let last = 0
  for (const match of text.matchAll(LINK)) {
    let url = match[0]
    const trailing = TRAILING.exec(url)
    // Keep a closing parenthesis that has its opening one inside the URL (Wikipedia links).
    if (trailing && !(trailing[0].startsWith(')') && url.includes('('))) {
      url = url.slice(0, -trailing[0].length)
    }
    const start = match.index
    if (!isSafeHref(url)) continue
    if (start > last) parts.push({ kind: 'text', text: text.slice(last, start) })
    parts.push({ kind: 'link', text: url, href: url })
    last = start + url.length
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) })
  return parts
}

/** An avatar source: http(s), or an inline raster image (an <img> never runs script, but mailto: is no image). */
export function isSafeImageSrc(src: string): boolean {
  if (/^data:image\/(png|jpeg|gif|webp|avif);base64,/i.test(src)) return true
  return isSafeHref(src) && !src.toLowerCase().startsWith('mailto:')
}

export function isSafeHref(href: string): boolean {
  try {
    const url = new URL(href)
    if (url.protocol === 'mailto:') return url.pathname.length > 0
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0
  } catch {
    // Not parseable as a URL: it stays text.
    return false
  }
}
