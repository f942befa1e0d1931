/**
 * A short token that tells this broker instance's ids apart from another's (message-ids survive
 * in client stores across broker restarts). Counters do the rest.
 */
export function instanceToken(): string {
  const uuid = globalThis.crypto?.randomUUID?.()
  if (uuid) return uuid.slice(0, 8)
  // No Web Crypto (very old runtimes): time plus a high-resolution clock is unique enough here.
  const t = globalThis.performance?.now?.() ?? 0
  return `${Date.now().toString(36)}${Math.floor(t * 1000).toString(36)}`.slice(-8)
}
