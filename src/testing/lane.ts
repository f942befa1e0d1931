/**
 * One direction of an in-memory socket: callbacks run in order, each no earlier than `latency()`
 * ms after it was queued, always asynchronously (a macrotask, like a real socket's events).
 * Several due callbacks run in one task, as when many frames arrive in one network read.
 */
export class Lane {
  private items: { due: number; run: () => void }[] = []
  private head = 0
  private timer: ReturnType<typeof setTimeout> | undefined

  constructor(private readonly latency: () => number) {}

  push(run: () => void): void {
    this.items.push({ due: Date.now() + this.latency(), run })
    this.schedule()
  }

  clear(): void {
    this.items = []
    this.head = 0
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
  }

  private schedule(): void {
    if (this.timer !== undefined) return
    const first = this.items[this.head]
    if (!first) return
    // Looked up at call time so fake timers installed by a test apply.
    this.timer = globalThis.setTimeout(() => this.flush(), Math.max(0, first.due - Date.now()))
  }

  private flush(): void {
    this.timer = undefined
    const now = Date.now()
    for (let item = this.items[this.head]; item && item.due <= now; item = this.items[this.head]) {
      this.head++
      try {
        item.run()
      } catch (error) {
        reportLater(error)
      }
    }
    if (this.head === this.items.length) {
      this.items = []
      this.head = 0
    }
    this.schedule()
  }
}

/**
 * An exception in a socket event handler must not stop the other events (a browser reports it and
 * carries on), nor vanish: rethrow it on its own task, where the test runner or page sees it.
 */
export function reportLater(error: unknown): void {
  const report = (globalThis as { reportError?: (e: unknown) => void }).reportError
  if (report) report(error)
  else
    globalThis.setTimeout(() => {
      throw error
    }, 0)
}
