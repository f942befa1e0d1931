import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import WebSocket from 'ws'
import { createStompSession, type StompSession, type StompSessionOptions } from '../../src/index.js'

const run = promisify(execFile)

export const STOMP_URL = process.env.STOMP_URL ?? 'ws://127.0.0.1:15674/ws'
export const guest = { login: 'guest', passcode: 'guest' }

export const wsFactory =
  (url = STOMP_URL) =>
  () =>
    new WebSocket(url, ['v12.stomp', 'v11.stomp', 'v10.stomp']) as never

/** A session on RabbitMQ with guest credentials, a `ws` socket and fast retries. */
export function rabbitSession(options: Partial<StompSessionOptions> = {}): StompSession {
  return createStompSession({
    webSocketFactory: wsFactory(),
    connectHeaders: guest,
    reconnect: { initialDelayMs: 100, maxDelayMs: 1000 },
    ...options,
  })
}

export async function rabbitmqctl(...args: string[]): Promise<string> {
  const { stdout } = await run('rabbitmqctl', ['-q', ...args], { timeout: 30_000 })
  return stdout
}

/** Consumers at the broker as [queue, consumer tag] pairs (tags are T_<subscription id>). */
export async function listConsumers(): Promise<{ queue: string; tag: string }[]> {
  const out = await rabbitmqctl('list_consumers', 'queue_name', 'consumer_tag')
  return out
    .split('\n')
    .map((line) => line.trim().split('\t'))
    .filter((cols) => cols.length === 2 && cols[0] !== 'queue_name')
    .map(([queue, tag]) => ({ queue: queue ?? '', tag: tag ?? '' }))
}

/** A destination no other test uses. */
export const uniqueName = (prefix: string) =>
  `${prefix}.${Date.now().toString(36)}.${Math.floor(performance.now() * 1000).toString(36)}`
