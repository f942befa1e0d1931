// A local STOMP "broker" that only blasts: answers CONNECT, records SUBSCRIBEs, and on a trigger
// from the control socket sends pre-encoded MESSAGE frames as fast as the socket drains.
// Runs in its own process so its work never shares a core's event loop with the driver.
import WebSocket, { WebSocketServer } from 'ws'

const HIGH_WATER = 4 * 1024 * 1024
const subs = new Map() // ws -> [{ id, destination }]
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false })

const frame = (command, headers, body = '') =>
  `${command}\n${Object.entries(headers)
    .map(([k, v]) => `${k}:${v}`)
    .join('\n')}\n\n${body}\0`

// Chat wire format, padded to `size` bytes of JSON; the last message of each destination carries
// the END marker the page looks for in the DOM.
function body(seq, size, end, tag) {
  const base = {
    id: `m${seq}`,
    text: `${end ? `#END-${tag}#` : ''}#${seq}# `,
    author: { id: 'u2', name: 'Blaster' },
    sentAt: '2026-12-03T00:00:00.000Z',
  }
  const json = JSON.stringify(base)
  base.text += 'x'.repeat(Math.max(0, size - json.length))
  return JSON.stringify(base)
}

function encode({ count, size, dests, tag = 'x', prefix = tag }) {
  const targets = [...subs].flatMap(([ws, list]) => list.map((s) => ({ ws, ...s })))
  const out = []
  let seq = 0
  for (let i = 0; i < count; i++) {
    for (let d = 0; d < dests; d++) {
      const destination = `/topic/bench.${d}`
      const b = body(`${prefix}${seq++}`, size, i === count - 1, tag)
      for (const t of targets) {
        if (t.destination !== destination) continue
        const headers = {
          destination,
          subscription: t.id,
          'message-id': `${prefix}${seq}-${t.id}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(b),
        }
        out.push([t.ws, frame('MESSAGE', headers, b)])
      }
    }
  }
  return out
}

// End to end through RabbitMQ: the same bodies go out as SEND frames from one publisher
// connection, paced by the socket's drain; RabbitMQ's credit flow slows the publisher when its
// queues fill, so this measures the broker plus the page, not how fast Node can write.
let publisher
async function rabbitPublisher(url) {
  if (publisher?.readyState === 1) return publisher
  const ws = new WebSocket(url, ['v12.stomp'], { perMessageDeflate: false })
  await new Promise((resolve, reject) => {
    ws.once('open', () =>
      ws.send(
        frame('CONNECT', {
          'accept-version': '1.2',
          host: '/',
          login: 'guest',
          passcode: 'guest',
          'heart-beat': '0,0',
        }),
      ),
    )
    ws.once('message', (data) =>
      String(data).startsWith('CONNECTED') ? resolve() : reject(new Error(String(data))),
    )
    ws.once('error', reject)
  })
  publisher = ws
  return ws
}

async function publish({ url, count, size, dests, tag = 'x', prefix = tag }) {
  const ws = await rabbitPublisher(url)
  const out = []
  let seq = 0
  for (let i = 0; i < count; i++) {
    for (let d = 0; d < dests; d++) {
      const b = body(`${prefix}${seq++}`, size, i === count - 1, tag)
      const headers = {
        destination: `/topic/bench.${d}`,
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(b),
      }
      out.push([ws, frame('SEND', headers, b)])
    }
  }
  return out
}

async function blast(frames) {
  for (const [ws, data] of frames) {
    if (ws.readyState !== 1) continue
    ws.send(data)
    const socket = ws._socket
    if (socket.writableLength > HIGH_WATER) {
      await new Promise((resolve) => socket.once('drain', resolve))
    }
  }
}

wss.on('connection', (ws, req) => {
  if (req.url === '/control') {
    ws.on('message', async (raw) => {
      const msg = JSON.parse(String(raw))
      if (msg.type === 'subs') {
        const n = [...subs.values()].reduce((a, l) => a + l.length, 0)
        ws.send(JSON.stringify({ type: 'subs', n }))
      } else if (msg.type === 'start') {
        const frames = msg.url ? await publish(msg) : encode(msg)
        ws.send(JSON.stringify({ type: 'ready', frames: frames.length }))
        await blast(frames)
        ws.send(JSON.stringify({ type: 'sent' }))
      }
    })
    return
  }
  subs.set(ws, [])
  ws.on('close', () => subs.delete(ws))
  ws.on('message', (raw) => {
    for (const text of String(raw).split('\0')) {
      const f = text.replace(/^\n+/, '')
      if (!f) continue
      const [head] = f.split('\n\n')
      const [command, ...lines] = head.split('\n')
      const h = Object.fromEntries(
        lines.map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)]),
      )
      if (command === 'CONNECT' || command === 'STOMP') {
        ws.send(frame('CONNECTED', { version: '1.2', 'heart-beat': '0,0', server: 'blaster/1' }))
      } else if (command === 'SUBSCRIBE') {
        subs.get(ws)?.push({ id: h.id, destination: h.destination })
      } else if (command === 'UNSUBSCRIBE') {
        subs.set(
          ws,
          (subs.get(ws) ?? []).filter((s) => s.id !== h.id),
        )
      }
      if (h.receipt) ws.send(frame('RECEIPT', { 'receipt-id': h.receipt }))
    }
  })
})

wss.on('listening', () => {
  process.send?.({ port: wss.address().port })
})
