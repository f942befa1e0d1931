// Test-side views of the memory broker: what reached it on the wire, in one place.
import { createMemoryBroker } from '../../src/testing/index.js'

export type MemoryBroker = ReturnType<typeof createMemoryBroker>

export const newBroker = (options?: Parameters<typeof createMemoryBroker>[0]) =>
  createMemoryBroker(options)

interface SeenFrame {
  command: string
  headers: Record<string, string>
  body: string
}

const headerRecord = (headers: unknown): Record<string, string> => {
  if (Array.isArray(headers)) {
    const out: Record<string, string> = {}
    for (const [k, v] of headers as [string, string][]) if (!(k in out)) out[k] = v
    return out
  }
  return { ...(headers as Record<string, string>) }
}

/** Frames the broker received from clients, with the given command. */
export function received(broker: MemoryBroker, command?: string): SeenFrame[] {
  return (
    broker.frames as unknown as {
      direction: string
      frame: { command: string; headers: unknown; body?: Uint8Array | string }
    }[]
  )
    .filter((f) => f.direction === 'in' && f.frame.command !== undefined)
    .map((f) => ({
      command: f.frame.command,
      headers: headerRecord(f.frame.headers),
      body:
        typeof f.frame.body === 'string'
          ? f.frame.body
          : new TextDecoder().decode(f.frame.body ?? new Uint8Array()),
    }))
    .filter((f) => command === undefined || f.command === command)
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
