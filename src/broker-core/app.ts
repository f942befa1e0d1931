import type { PublishBody } from './body.js'
import { QUEUE_PREFIX, TOPIC_PREFIX } from './destinations.js'

/** A SEND to an application destination, as an {@link AppHandler} receives it. */
export interface AppMessage {
  /** The SEND's destination, e.g. `/app/chat.lobby`. */
  readonly destination: string
  /** Values of the `{name}` placeholders of the handler's key, e.g. `{ room: 'lobby' }`. */
  readonly params: Readonly<Record<string, string>>
  /** The SEND's headers, first value winning for repeats. */
  readonly headers: Readonly<Record<string, string>>
  readonly body: Uint8Array
  /** The body as UTF-8 text. */
  readonly text: string
  /** The body parsed as JSON; throws a SyntaxError when it is not JSON. */
  json<T = unknown>(): T
  /** The sender's connection id (as in `frames` and `subscriptions()`). */
  readonly connection: string
  /** The sender's CONNECT login, if it gave one. */
  readonly login: string | undefined
}

/** What an {@link AppHandler} can do besides returning. */
export interface AppContext {
  /**
   * Delivers a message to a `/topic/…` or `/queue/…` destination, as if the broker received a
   * SEND. Strings go as text, Uint8Array as binary, anything else as JSON
   * (`content-type: application/json` unless `headers` sets one).
   */
  publish(destination: string, body: PublishBody, headers?: Readonly<Record<string, string>>): void
  /** The broker's clock (the injected one, if any): use it to stamp a server time. */
  now(): Date
}

/**
 * Handles SENDs to an application destination: a stand-in for a Spring `@MessageMapping`
 * controller in tests, Storybook and the demo.
 *
 * Register handlers in the broker's `app` option, keyed by destination:
 * - a pattern with `{name}` placeholders matches a whole destination, each placeholder one or
 *   more characters other than `/` (`'/app/chat.{room}'` matches `/app/chat.lobby`, `room: 'lobby'`);
 * - a key without placeholders matches that destination and everything below it
 *   (`'/app'` takes `/app/chat.lobby`).
 * Patterns are tried first, in the order given, then prefixes, longest first. A SEND matching no
 * key and no `/topic/…` or `/queue/…` destination gets an ERROR.
 *
 * The broker sends the SEND's RECEIPT once the handler returns, or once its promise resolves. A
 * handler that throws or rejects makes the broker answer the sender with an ERROR frame (and close
 * its connection, as STOMP requires after an ERROR); the error also goes to the broker's `onError`.
 *
 * @example
 * createMemoryBroker({
 *   app: {
 *     '/app/chat.{room}': (message, broker) =>
 *       broker.publish(`/topic/chat.${message.params.room}`, message.json(), {
 *         'server-time': broker.now().toISOString(),
 *       }),
 *   },
 * })
 */
export type AppHandler = (message: AppMessage, context: AppContext) => void | Promise<void>

export type AppHandlers = Readonly<Record<string, AppHandler>>

export interface AppRoute {
  key: string
  handler: AppHandler
  params: Record<string, string>
}

export interface AppRouter {
  match(destination: string): AppRoute | undefined
  readonly keys: readonly string[]
}

interface Compiled {
  key: string
  handler: AppHandler
  test: (destination: string) => Record<string, string> | undefined
}

export function createAppRouter(handlers: AppHandlers = {}): AppRouter {
  const patterns: Compiled[] = []
  const prefixes: Compiled[] = []
  for (const [key, handler] of Object.entries(handlers)) {
    if (!key.startsWith('/') || key.startsWith(TOPIC_PREFIX) || key.startsWith(QUEUE_PREFIX)) {
      throw new Error(
        `App handler key "${key}" must start with "/" and must not be under ${TOPIC_PREFIX} or ${QUEUE_PREFIX}, which the broker routes itself. Use an application prefix such as "/app".`,
      )
    }
    if (typeof handler !== 'function') {
      throw new TypeError(`App handler for "${key}" must be a function, got ${typeof handler}.`)
    }
    if (key.includes('{')) patterns.push({ key, handler, test: compilePattern(key) })
    else {
      const base = key.endsWith('/') ? key.slice(0, -1) : key
      prefixes.push({
        key,
        handler,
        test: (d) => (d === base || d.startsWith(`${base}/`) ? {} : undefined),
      })
    }
  }
  prefixes.sort((a, b) => b.key.length - a.key.length)
  const ordered = [...patterns, ...prefixes]
  return {
    keys: ordered.map((c) => c.key),
    match(destination) {
      for (const c of ordered) {
        const params = c.test(destination)
        if (params) return { key: c.key, handler: c.handler, params }
      }
      return undefined
    },
  }
}

function compilePattern(key: string): Compiled['test'] {
  const names: string[] = []
  let source = ''
  let rest = key
  for (let open = rest.indexOf('{'); open !== -1; open = rest.indexOf('{')) {
    const close = rest.indexOf('}', open)
    if (close === -1) throw new Error(`App handler key "${key}" has a "{" without "}".`)
    const name = rest.slice(open + 1, close)
    if (!/^\w+$/.test(name)) {
      throw new Error(`App handler key "${key}": placeholder "{${name}}" must be a word.`)
    }
    names.push(name)
    source += `${escapeRegExp(rest.slice(0, open))}([^/]+)`
    rest = rest.slice(close + 1)
  }
  const re = new RegExp(`^${source}${escapeRegExp(rest)}$`)
  return (destination) => {
    const m = re.exec(destination)
    if (!m) return undefined
    const params: Record<string, string> = {}
    names.forEach((name, i) => {
      params[name] = m[i + 1] ?? ''
    })
    return params
  }
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
