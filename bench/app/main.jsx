// One page, four variants, chosen by the query string. The driver calls window.bench.run() and
// reads the result object; nothing here talks to the driver otherwise.
import { Client } from '@stomp/stompjs'
import { useEffect, useState } from 'react'
import { createRoot } from 'react-dom/client'
import { StompSessionProvider, useSubscription as useHooksSubscription } from 'react-stomp-hooks'
import { StompProvider, useSubscription } from '../../src/index.js'
// What ChatRoom users import: the log's fixed-height scroller is what lets virtua virtualize.
import '../../src/components/chat/chat.css'

const q = new URLSearchParams(location.search)
const variant = q.get('variant')
const count = Number(q.get('count'))
const size = Number(q.get('size'))
const dests = Number(q.get('dests'))
const appends = Number(q.get('appends') ?? 0)
const wsUrl = q.get('ws')
const ctlUrl = q.get('ctl')
// End to end through RabbitMQ: the page subscribes there and the blaster publishes there.
const rabbit = q.get('rabbit') === '1'
const login = rabbit ? { login: 'guest', passcode: 'guest' } : {}
// Through a real broker the page says when it is subscribed (a RECEIPT for each SUBSCRIBE):
// only the blaster's own fake broker can count subscriptions.
let subscribed = 0
const destinations = Array.from({ length: dests }, (_, i) => `/topic/bench.${i}`)
const root = document.getElementById('root')

// --- A: raw stompjs, no React: counts messages and shows the count.
let rawCount = 0
const rawTags = new Map()
function startA() {
  const out = document.createElement('output')
  root.append(out)
  const client = new Client({
    brokerURL: wsUrl,
    heartbeatIncoming: 0,
    heartbeatOutgoing: 0,
    connectHeaders: login,
  })
  client.onConnect = () => {
    for (const d of destinations) {
      const receipt = `sub-${d}`
      client.watchForReceipt(receipt, () => subscribed++)
      client.subscribe(
        d,
        (m) => {
          rawCount++
          const at = m.body.indexOf('#END-')
          if (at >= 0) {
            const tag = m.body.slice(at, m.body.indexOf('#', at + 1) + 1)
            rawTags.set(tag, (rawTags.get(tag) ?? 0) + 1)
          }
        },
        { receipt },
      )
    }
  }
  client.activate()
  const tick = () => {
    out.textContent = String(rawCount)
    requestAnimationFrame(tick)
  }
  requestAnimationFrame(tick)
}

// --- B: react-stomp-hooks the way its users write it: append every message to state, render all.
function HooksRoom({ destination }) {
  const [messages, setMessages] = useState([])
  useHooksSubscription(destination, (m) => setMessages((prev) => [...prev, m]))
  return (
    <ul data-room>
      {messages.map((m) => (
        <li key={m.headers['message-id']}>{m.body}</li>
      ))}
    </ul>
  )
}

// --- C: react-stomp-kit useSubscription rendering the last 200 messages.
function KitRoom({ destination }) {
  const { messages, status } = useSubscription(destination, { limit: 200, receipt: rabbit })
  useEffect(() => {
    if (status === 'active') subscribed++
  }, [status])
  return (
    <ul data-room>
      {messages.map((m) => (
        <li key={m.id}>{m.body.text}</li>
      ))}
    </ul>
  )
}

// --- C1 (development aid, not reported): the same subscription rendering only the last message,
// to tell the kit's per-message cost from the cost of rendering 200 rows per frame.
function KitLast({ destination }) {
  const { lastMessage } = useSubscription(destination, { limit: 200 })
  return (
    <ul data-room>
      <li>{lastMessage?.body.text}</li>
    </ul>
  )
}

async function start() {
  if (variant === 'A') return startA()
  const r = createRoot(root)
  if (variant === 'B') {
    r.render(
      <StompSessionProvider brokerURL={wsUrl} heartbeatIncoming={0} heartbeatOutgoing={0}>
        {destinations.map((d) => (
          <HooksRoom key={d} destination={d} />
        ))}
      </StompSessionProvider>,
    )
  } else if (variant === 'C' || variant === 'C1') {
    const Room = variant === 'C' ? KitRoom : KitLast
    r.render(
      <StompProvider url={wsUrl} heartbeat={false} connectHeaders={login}>
        {destinations.map((d) => (
          <Room key={d} destination={d} />
        ))}
      </StompProvider>,
    )
  } else if (variant === 'D') {
    // ChatRoom is written on main; until it lands the variant reports "not available".
    const chat = await import('../../src/components/chat/index.js')
    const ChatRoom = chat.ChatRoom
    if (!ChatRoom) return 'not available'
    r.render(
      <StompProvider url={wsUrl} heartbeat={false} messageLimit={count + appends + 10}>
        {destinations.map((d) => (
          <div key={d} data-room style={{ height: 400, display: 'flex' }}>
            <ChatRoom
              destination={d}
              publishDestination={d}
              user={{ id: 'u1', name: 'Bench' }}
              messageLimit={count + appends + 10}
            />
          </div>
        ))}
      </StompProvider>,
    )
  }
}

// Has every room shown the last message tagged `tag`?
function shown(tag) {
  const marker = `#END-${tag}#`
  if (variant === 'A') return (rawTags.get(marker) ?? 0) >= dests
  const rooms = root.querySelectorAll('[data-room]')
  if (rooms.length < dests) return false
  for (const room of rooms) {
    if (variant === 'D') {
      if (!room.textContent.includes(marker)) return false
    } else if (!room.lastElementChild?.textContent.includes(marker)) return false
  }
  return true
}

function control() {
  const ws = new WebSocket(ctlUrl)
  const waiting = []
  ws.onmessage = (ev) => {
    const msg = JSON.parse(ev.data)
    const i = waiting.findIndex((w) => w.type === msg.type)
    if (i >= 0) waiting.splice(i, 1)[0].resolve(msg)
  }
  const opened = new Promise((resolve) => {
    ws.onopen = resolve
  })
  const ask = async (msg, reply) => {
    await opened
    const p = new Promise((resolve) => waiting.push({ type: reply, resolve }))
    ws.send(JSON.stringify(msg))
    return p
  }
  return { ask }
}

const frame = () => new Promise((resolve) => requestAnimationFrame(resolve))

async function until(predicate, timeoutMs) {
  const end = performance.now() + timeoutMs
  while (!predicate()) {
    if (performance.now() > end) return false
    await frame()
  }
  return true
}

// Why a ChatRoom did not show its last message: where its log is scrolled and what it shows.
function debugChat() {
  const log = root.querySelector('[role=log]')
  const rows = [...root.querySelectorAll('[role=log] article')]
  return {
    scrollTop: log?.scrollTop,
    scrollHeight: log?.scrollHeight,
    clientHeight: log?.clientHeight,
    pill: root.querySelector('.stomp-chat-pill')?.textContent,
    rows: rows.map((r) => r.textContent.slice(0, 30)),
  }
}

async function run({ timeoutMs = 180_000 } = {}) {
  const started = await start()
  if (started === 'not available') return { available: false }
  const ctl = control()
  for (let i = 0; i < 500; i++) {
    const n = rabbit ? subscribed : (await ctl.ask({ type: 'subs' }, 'subs')).n
    if (n >= dests) break
    await new Promise((r) => setTimeout(r, 20))
  }
  await new Promise((r) => setTimeout(r, 200))

  let longest = 0
  let longTasks = 0
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      longTasks++
      longest = Math.max(longest, e.duration)
    }
  })
  observer.observe({ type: 'longtask' })
  // The longest animation frame with what ran in it (script invokers, style and layout time): where
  // a long task comes from, for whoever profiles next.
  let worstFrame
  const frames = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (worstFrame && e.duration <= worstFrame.duration) continue
      worstFrame = {
        duration: Math.round(e.duration),
        blocking: Math.round(e.blockingDuration),
        styleAndLayout: e.styleAndLayoutStart
          ? Math.round(e.startTime + e.duration - e.styleAndLayoutStart)
          : 0,
        scripts: e.scripts
          .map((x) => ({
            invoker: x.invoker,
            fn: x.sourceFunctionName,
            ms: Math.round(x.duration),
            layout: Math.round(x.forcedStyleAndLayoutDuration),
          }))
          .sort((p, q) => q.ms - p.ms)
          .slice(0, 5),
      }
    }
  })
  if (PerformanceObserver.supportedEntryTypes.includes('long-animation-frame'))
    frames.observe({ type: 'long-animation-frame' })
  let dropped = 0
  let maxGap = 0
  let last = performance.now()
  let watching = true
  const watch = (t) => {
    const gap = t - last
    if (gap > 50) dropped++
    maxGap = Math.max(maxGap, gap)
    last = t
    if (watching) requestAnimationFrame(watch)
  }
  requestAnimationFrame(watch)

  const via = rabbit ? { url: wsUrl } : {}
  const ready = await ctl.ask({ type: 'start', count, size, dests, tag: 'burst', ...via }, 'ready')
  const t0 = performance.now()
  const ok = await until(() => shown('burst'), timeoutMs)
  const ms = performance.now() - t0
  watching = false
  observer.disconnect()
  frames.disconnect()
  const total = count * dests

  // Appending one message with `count` already shown: publish → visible in the DOM.
  const append = []
  for (let i = 0; ok && i < appends; i++) {
    await new Promise((r) => setTimeout(r, 100))
    const tag = `one${i}`
    const a0 = performance.now()
    await ctl.ask({ type: 'start', count: 1, size, dests: 1, tag, ...via }, 'ready')
    if (!(await until(() => shown(tag), 30_000))) break
    append.push(performance.now() - a0)
  }
  const rows =
    variant === 'A'
      ? 0
      : variant === 'D'
        ? root.querySelectorAll('[role=log] article').length
        : root.querySelectorAll('li').length
  await new Promise((r) => setTimeout(r, 50))
  const heap = performance.memory?.usedJSHeapSize
  return {
    available: true,
    complete: ok,
    frames: ready.frames,
    messages: total,
    ms,
    msgsPerSec: ok ? (total / ms) * 1000 : undefined,
    longestTaskMs: longest,
    worstFrame,
    longTasks,
    droppedFrames: dropped,
    maxFrameGapMs: maxGap,
    appendMs: append,
    domRows: rows,
    domElements: document.getElementsByTagName('*').length,
    ...(variant === 'D' && !ok ? { debug: debugChat() } : {}),
    heapBytes: heap,
  }
}

window.bench = { run }
