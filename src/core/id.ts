// crypto.randomUUID exists only in secure contexts: a page served over plain http on a LAN address
// has crypto.getRandomValues but no randomUUID. Both are tried before a last-resort counter id.
let fallbackCounter = 0

/** A RFC 4122 version 4 UUID wherever Web Crypto exists, else a unique-per-page id. */
export function createId(): string {
  const c = (globalThis as { crypto?: Partial<Crypto> }).crypto
  if (c?.randomUUID) return c.randomUUID()
  if (c?.getRandomValues) {
    const b = c.getRandomValues(new Uint8Array(16))
    b[6] = (b[6]! & 0x0f) | 0x40
    b[8] = (b[8]! & 0x3f) | 0x80
    let i = 0
    // Each x is one byte, two hex digits: 8-4-4-4-12.
    return 'xxxx-xx-xx-xx-xxxxxx'.replace(/x/g, () => (b[i++]! + 256).toString(16).slice(1))
  }
  fallbackCounter += 1
  return `id-${Date.now().toString(36)}-${fallbackCounter.toString(36)}`
}
