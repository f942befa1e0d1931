/** Content identity of a flat string record, so inline `{ a: '1' }` props compare equal. */
export function stableKey(record: Record<string, string> | undefined): string {
  if (!record) return ''
  const entries = Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return JSON.stringify(entries)
}
