import { type ReactNode, useId, useMemo, useState } from 'react'
import {
  type FrameEvent,
  redactHeaders,
  useConnectionState,
  useFrameLog,
  useStompSession,
  useStompStore,
} from '../../index.js'

export interface StompDevtoolsProps {
  /** Frames kept in the ring buffer; the oldest go first. Default 1,000. */
  limit?: number
  /** An overlay with a toggle button instead of an inline panel. */
  floating?: boolean
  /** Whether the panel starts open. Default true inline, false floating. */
  defaultOpen?: boolean
  /**
   * More header names to show as ••••, in everything the panel renders and copies. passcode,
   * auth-token and Authorization always are (by the session's tap). The panel reads the public
   * frame log, which holds what the tap gave it: to keep a header out of memory and out of every
   * listener, pass it to `<StompProvider redact>` as well.
   */
  redact?: readonly string[]
  className?: string
}

type Copy = { state: 'idle' } | { state: 'copied' } | { state: 'failed'; message: string }

// Scoped by the data attribute, so nothing leaks into the host page and no stylesheet is needed.
const css = `
[data-stomp-devtools]{font:12px/1.4 ui-monospace,monospace;color:var(--stomp-devtools-fg,#1b1f24);background:var(--stomp-devtools-bg,#fff);border:1px solid var(--stomp-devtools-border,#c8ccd1);border-radius:6px}
[data-stomp-devtools][data-floating]{position:fixed;inset-block-end:1rem;inset-inline-end:1rem;z-index:var(--stomp-devtools-z,2147483000);max-inline-size:min(56rem,calc(100vw - 2rem));background:transparent;border:0}
[data-stomp-devtools] [data-part=panel]{padding:.5rem;max-block-size:var(--stomp-devtools-height,28rem);overflow:auto;background:var(--stomp-devtools-bg,#fff)}
[data-stomp-devtools][data-floating] [data-part=panel]{border:1px solid var(--stomp-devtools-border,#c8ccd1);border-radius:6px}
[data-stomp-devtools] table{border-collapse:collapse;inline-size:100%}
[data-stomp-devtools] th,[data-stomp-devtools] td{text-align:start;padding:2px 4px;border-block-end:1px solid var(--stomp-devtools-border,#e3e5e8);vertical-align:top}
[data-stomp-devtools] [data-direction=in]{color:var(--stomp-devtools-in,#0b5cad)}
[data-stomp-devtools] [data-direction=out]{color:var(--stomp-devtools-out,#7a3e00)}
[data-stomp-devtools] pre{margin:0;white-space:pre-wrap;word-break:break-all}
[data-stomp-devtools] [data-part=toolbar]{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin-block-end:.5rem}
@media (prefers-color-scheme:dark){[data-stomp-devtools]{--stomp-devtools-fg:#e6e6e6;--stomp-devtools-bg:#16181b;--stomp-devtools-border:#3a3f45;--stomp-devtools-in:#8cc4ff;--stomp-devtools-out:#ffb870}}
`

/** The frame as STOMP text (headers already masked), which is what "Copy" puts on the clipboard. */
export function frameText(event: Extract<FrameEvent, { type: 'frame' }>): string {
  const headers = Object.entries(event.headers).map(([k, v]) => `${k}:${v}`)
  return [event.command, ...headers, '', event.bodyPreview].join('\n')
}

// Stable row keys: indexes shift as the ring buffer drops its oldest, which would move an open
// <details> to another frame. Weak, so dropped events are collected.
const keys = new WeakMap<FrameEvent, number>()
let nextKey = 0
function keyOf(event: FrameEvent): number {
  let key = keys.get(event)
  if (key === undefined) {
    key = nextKey++
    keys.set(event, key)
  }
  return key
}

const time = (at: number) => new Date(at).toISOString().slice(11, 23)

function destinationOf(event: FrameEvent): string {
  return event.type === 'frame' ? (event.headers.destination ?? '') : ''
}

/**
 * A live inspector for the nearest StompProvider's session, built on the public hooks only. It
 * listens to the frame tap only while mounted, so an app that never renders it pays nothing.
 */
export function StompDevtools(props: StompDevtoolsProps) {
  const { limit = 1000, floating = false, redact, className } = props
  const [open, setOpen] = useState(props.defaultOpen ?? !floating)
  const panelId = useId()
  return (
    <div
      data-stomp-devtools=""
      data-state={open ? 'open' : 'closed'}
      data-floating={floating ? '' : undefined}
      className={className}
    >
      <style>{css}</style>
      {floating ? (
        <button
          type="button"
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => setOpen((o) => !o)}
        >
          {open ? 'Close STOMP devtools' : 'Open STOMP devtools'}
        </button>
      ) : null}
      {open ? <Panel id={panelId} limit={limit} redact={redact} /> : null}
    </div>
  )
}

function Panel(props: { id: string; limit: number; redact: readonly string[] | undefined }) {
  const { limit, redact } = props
  const live = useFrameLog(limit)
  const [paused, setPaused] = useState<readonly FrameEvent[] | null>(null)
  // Clearing remembers the newest event seen; only events after it are shown.
  const [clearedAfter, setClearedAfter] = useState<FrameEvent | null>(null)
  const [command, setCommand] = useState('')
  const [destination, setDestination] = useState('')
  const [copy, setCopy] = useState<Copy>({ state: 'idle' })

  const source = paused ?? live
  const redactKey = redact?.join('\n') ?? ''
  // biome-ignore lint/correctness/useExhaustiveDependencies: redactKey stands for redact
  const events = useMemo(() => {
    const start = clearedAfter ? source.lastIndexOf(clearedAfter) + 1 : 0
    const shown = start > 0 ? source.slice(start) : source
    if (!redact?.length) return shown
    return shown.map((e) =>
      e.type === 'frame' ? { ...e, headers: redactHeaders(Object.entries(e.headers), redact) } : e,
    )
  }, [source, clearedAfter, redactKey])

  const commands = useMemo(() => {
    const set = new Set<string>()
    for (const e of events) if (e.type === 'frame') set.add(e.command)
    return [...set].sort()
  }, [events])

  const filtered = events.filter((e) => {
    if (command === 'HEARTBEAT') return e.type === 'heartbeat'
    if (command === 'STATE') return e.type === 'state'
    if (command && (e.type !== 'frame' || e.command !== command)) return false
    if (destination && !destinationOf(e).toLowerCase().includes(destination.toLowerCase()))
      return false
    return true
  })

  const copyFrame = (event: Extract<FrameEvent, { type: 'frame' }>) => {
    const clipboard = typeof navigator === 'undefined' ? undefined : navigator.clipboard
    if (!clipboard?.writeText) {
      setCopy({ state: 'failed', message: 'Copy failed: the clipboard is not available here.' })
      return
    }
    clipboard.writeText(frameText(event)).then(
      () => setCopy({ state: 'copied' }),
      (error: unknown) =>
        setCopy({
          state: 'failed',
          message: `Copy failed: ${error instanceof Error ? error.message : String(error)}`,
        }),
    )
  }

  return (
    <section id={props.id} data-part="panel" aria-label="STOMP devtools">
      <Connection events={events} />
      <div data-part="toolbar">
        <label>
          Command{' '}
          <select value={command} onChange={(e) => setCommand(e.target.value)}>
            <option value="">All</option>
            {commands.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
            <option value="HEARTBEAT">Heart-beats</option>
            <option value="STATE">State changes</option>
          </select>
        </label>
        <label>
          Destination{' '}
          <input
            type="search"
            value={destination}
            onChange={(e) => setDestination(e.target.value)}
          />
        </label>
        <button
          type="button"
          aria-pressed={paused !== null}
          onClick={() => setPaused((p) => (p ? null : live))}
        >
          {paused ? 'Resume' : 'Pause'}
        </button>
        <button type="button" onClick={() => setClearedAfter(source[source.length - 1] ?? null)}>
          Clear
        </button>
        <span role="status" data-copy={copy.state}>
          {copy.state === 'copied' ? 'Frame copied.' : copy.state === 'failed' ? copy.message : ''}
        </span>
      </div>
      <div role="log" aria-label="Frames" data-paused={paused ? '' : undefined}>
        <table>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Dir</th>
              <th scope="col">Command</th>
              <th scope="col">Destination</th>
              <th scope="col">Size</th>
              <th scope="col">Headers and body</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {filtered.map((e) => (
              <tr
                key={keyOf(e)}
                data-type={e.type}
                data-direction={'direction' in e ? e.direction : undefined}
              >
                <td>{time(e.at)}</td>
                <td>{'direction' in e ? e.direction : ''}</td>
                <td>{e.type === 'frame' ? e.command : e.type === 'heartbeat' ? '♥' : e.status}</td>
                <td>{destinationOf(e)}</td>
                <td>{e.type === 'frame' ? `${e.size} B` : ''}</td>
                <td>
                  {e.type === 'frame' ? (
                    <details>
                      <summary>{e.bodyPreview.slice(0, 80) || '(no body)'}</summary>
                      <pre>{frameText(e)}</pre>
                    </details>
                  ) : e.type === 'state' ? (
                    `attempt ${e.attempt}`
                  ) : null}
                </td>
                <td>
                  {e.type === 'frame' ? (
                    <button
                      type="button"
                      aria-label={`Copy ${e.command} frame`}
                      onClick={() => copyFrame(e)}
                    >
                      Copy
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Subscriptions />
      <Outbox />
    </section>
  )
}

function Connection(props: { events: readonly FrameEvent[] }) {
  const connection = useConnectionState()
  const timeline = props.events.filter((e) => e.type === 'state')
  return (
    <div data-part="connection" data-status={connection.status}>
      <p>
        Status: <strong>{connection.status}</strong>
        {connection.attempt > 0 ? `, attempt ${connection.attempt}` : ''}
        {connection.error ? ` — ${connection.error.kind}: ${connection.error.message}` : ''}
      </p>
      {timeline.length > 0 ? (
        <ol aria-label="Reconnect timeline">
          {timeline.map((e) => (
            <li key={keyOf(e)}>
              {time(e.at)} {e.status}
              {e.attempt > 0 ? ` (attempt ${e.attempt})` : ''}
            </li>
          ))}
        </ol>
      ) : null}
    </div>
  )
}

function Table(props: { name: string; columns: readonly string[]; children: ReactNode }) {
  return (
    <table aria-label={props.name}>
      <caption>{props.name}</caption>
      <thead>
        <tr>
          {props.columns.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{props.children}</tbody>
    </table>
  )
}

function Subscriptions() {
  const session = useStompSession()
  const statuses = useStompStore((s) => s.subscriptions)
  const messages = useStompStore((s) => s.messages)
  // Read on each store change above: the registry itself is not observable.
  const held = session.subscriptions()
  return (
    <Table name="Subscriptions" columns={['Destination', 'Status', 'Subscribers', 'Messages']}>
      {held.map((s) => (
        <tr key={s.key} data-status={statuses[s.key] ?? 'subscribing'}>
          <td>{s.destination}</td>
          <td>{statuses[s.key] ?? 'subscribing'}</td>
          <td>{s.subscribers}</td>
          <td>{messages[s.key]?.length ?? 0}</td>
        </tr>
      ))}
    </Table>
  )
}

function Outbox() {
  const outbox = useStompStore((s) => s.outbox)
  return (
    <Table name="Outbox" columns={['Destination', 'State', 'Created', 'Error']}>
      {outbox.map((o) => (
        <tr key={o.id} data-state={o.state}>
          <td>{o.destination}</td>
          <td>{o.state}</td>
          <td>{time(o.createdAt)}</td>
          <td>{o.error ?? ''}</td>
        </tr>
      ))}
    </Table>
  )
}
