import { sortedEntries } from '../core/subscription-key.js'

/** Content identity of a flat string record, so inline `{ a: '1' }` props compare equal. */
export const stableKey = (record: Record<string, string> | undefined): string =>
  record ? JSON.stringify(sortedEntries(record)) : ''
