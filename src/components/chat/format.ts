import type { ChatLabels } from './labels.js'

const cache = new Map<string, Intl.DateTimeFormat>()

// Keyed by a name for the options, not their JSON: rows call this on every render.
function formatter(locale: string | undefined, kind: string, options: Intl.DateTimeFormatOptions) {
  const key = `${kind}|${locale ?? ''}`
  let f = cache.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options)
    cache.set(key, f)
  }
  return f
}

export function formatTime(time: number, locale?: string): string {
  return formatter(locale, 'time', { hour: 'numeric', minute: '2-digit' }).format(time)
}

export function formatFullTime(time: number, locale?: string): string {
  return formatter(locale, 'full', { dateStyle: 'full', timeStyle: 'short' }).format(time)
}

/** The local calendar day, so separators follow the reader's midnight. */
export function dayKey(time: number): number {
  const d = new Date(time)
  return d.getFullYear() * 10_000 + d.getMonth() * 100 + d.getDate()
}

export function formatDay(time: number, labels: ChatLabels, locale?: string, now = Date.now()) {
  const day = dayKey(time)
  if (day === dayKey(now)) return labels.today
  if (day === dayKey(now - 86_400_000)) return labels.yesterday
  return formatter(locale, 'day', {
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  }).format(time)
}

/** Up to two letters: "Alice Kim" → "AK", "김철수" → "김". Grapheme-aware, so emoji stay whole. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean)
  const first = (word: string) => {
    const seg =
      typeof Intl.Segmenter === 'function'
        ? new Intl.Segmenter().segment(word)[Symbol.iterator]().next().value?.segment
        : [...word][0]
    return seg ?? ''
  }
  return words.slice(0, 2).map(first).join('').toLocaleUpperCase()
}
