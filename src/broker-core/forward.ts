import type { AppHandler } from './app.js'

export interface ForwardOptions {
  /** Header carrying the broker's time (ISO 8601). Default `server-time`; false for none. */
  timeHeader?: string | false
  /** Also set this field on a JSON object body, e.g. `serverTime`. Default: body untouched. */
  timeField?: string
}

/**
 * An {@link AppHandler} that republishes each SEND to `target`, filling `{name}` placeholders from
 * the handler key's parameters: `'/app/chat.{room}': forwardTo('/topic/chat.{room}')`. It keeps the
 * body, content-type and the sender's own headers (so `client-message-id` reaches subscribers) and
 * stamps the broker's time, the way a minimal `@MessageMapping` + `@SendTo` controller would.
 */
export function forwardTo(target: string, options: ForwardOptions = {}): AppHandler {
  const timeHeader = options.timeHeader ?? 'server-time'
  return (message, broker) => {
    const destination = target.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = message.params[name]
      if (value === undefined) {
        throw new Error(
          `forwardTo("${target}"): the handler key has no {${name}} placeholder to fill ${whole} from.`,
        )
      }
      return value
    })
    const now = broker.now().toISOString()
    const headers: Record<string, string> = { ...message.headers }
    if (timeHeader) headers[timeHeader] = now
    let body: Uint8Array | object = message.body
    if (options.timeField && /json/i.test(headers['content-type'] ?? '')) {
      const parsed = message.json()
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
        body = { ...parsed, [options.timeField]: now }
      }
    }
    broker.publish(destination, body, headers)
  }
}
