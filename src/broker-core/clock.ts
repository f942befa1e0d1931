/** Time as the broker sees it: injectable so tests can drive heart-beats with fake timers. */
export interface BrokerClock {
  now(): number
  setInterval(callback: () => void, ms: number): unknown
  clearInterval(handle: unknown): void
}

// Looked up on every call, so fake timers installed after the broker was created still apply.
export const systemClock: BrokerClock = {
  now: () => Date.now(),
  setInterval: (callback, ms) => {
    const handle = globalThis.setInterval(callback, ms) as unknown as { unref?: () => void }
    // A heart-beat timer alone must not keep a Node process alive.
    handle.unref?.()
    return handle
  },
  clearInterval: (handle) =>
    globalThis.clearInterval(handle as ReturnType<typeof globalThis.setInterval>),
}
