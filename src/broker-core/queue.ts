import type { BrokerMessage } from './message.js'
import type { Subscription } from './subscription.js'

/** A `/queue/…`: messages wait here, in order, until a consumer with room takes them. */
export class MessageQueue {
  readonly consumers: Subscription[] = []
  private items: BrokerMessage[] = []
  private head = 0
  /** Round-robin position in `consumers`. */
  private cursor = 0

  constructor(readonly name: string) {}

  get size(): number {
    return this.items.length - this.head
  }

  push(message: BrokerMessage): void {
    this.items.push(message)
  }

  /** Puts messages back at the front, keeping their order (redelivery). */
  unshift(messages: readonly BrokerMessage[]): void {
    if (messages.length === 0) return
    this.items = [...messages, ...this.items.slice(this.head)]
    this.head = 0
  }

  shift(): BrokerMessage | undefined {
    if (this.head >= this.items.length) return undefined
    const message = this.items[this.head]
    this.items[this.head] = undefined as unknown as BrokerMessage
    this.head++
    // Compact now and then instead of Array#shift, which is O(n) per message.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head)
      this.head = 0
    }
    return message
  }

  /** The next consumer, in turn, that can take a message now. */
  nextConsumer(): Subscription | undefined {
    const n = this.consumers.length
    for (let i = 0; i < n; i++) {
      const sub = this.consumers[(this.cursor + i) % n] as Subscription
      if (sub.hasRoom()) {
        this.cursor = (this.cursor + i + 1) % n
        return sub
      }
    }
    return undefined
  }

  removeConsumer(sub: Subscription): void {
    const i = this.consumers.indexOf(sub)
    if (i === -1) return
    this.consumers.splice(i, 1)
    if (this.cursor > i) this.cursor--
    if (this.cursor >= this.consumers.length) this.cursor = 0
  }
}
