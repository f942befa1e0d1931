import type { ReconnectOptions } from './types.js'

export const defaultReconnect: Required<ReconnectOptions> = {
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  factor: 2,
  jitter: 0.5,
}

/**
 * Delay before reconnect attempt `attempt` (1-based): exponential, capped, with "equal jitter" so
 * clients dropped together by a broker restart do not come back in one wave.
 */
export function reconnectDelay(
  attempt: number,
  options: ReconnectOptions = {},
  random: () => number = Math.random,
): number {
  const o = { ...defaultReconnect, ...options }
  const base = Math.min(o.maxDelayMs, o.initialDelayMs * o.factor ** Math.max(0, attempt - 1))
  const jitter = Math.min(1, Math.max(0, o.jitter))
  return Math.round(base * (1 - jitter) + base * jitter * random())
}
