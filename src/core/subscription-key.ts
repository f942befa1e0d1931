import type { AckMode, Headers } from './types.js'

// Headers that belong to the SUBSCRIBE frame itself, not to what is selected.
const frameHeaders = new Set(['id', 'ack', 'receipt', 'destination'])

/** Name/value pairs sorted by name (default sort: UTF-16 order, as `<` compares), for identities. */
export const sortedEntries = (record?: Headers, skip?: ReadonlySet<string>): string[][] =>
  Object.keys(record ?? {})
    .filter((name) => !skip?.has(name))
    .sort()
    .map((name) => [name, record![name]!])

/**
 * The store key of a subscription: the destination alone when no selector headers are given, else
 * the destination plus its sorted headers. NUL separates the parts: it can never occur in a STOMP
 * header value, so no destination/headers pair can collide with another.
 */
export function subscriptionKey(
  destination: string,
  headers?: Headers,
  ack: AckMode = 'auto',
  owner?: string,
): string {
  const selectors = sortedEntries(headers, frameHeaders)
  let key = destination
  if (selectors.length > 0) key += `\u0000${JSON.stringify(selectors)}`
  if (ack !== 'auto') key += `\u0000${ack}\u0000${owner ?? ''}`
  return key
}
