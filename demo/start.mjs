// `npm run demo`: the embedded STOMP broker and the chat page on 127.0.0.1, in one process.
// STOMP_URL=ws://127.0.0.1:15674/ws uses that broker (RabbitMQ) instead of the embedded one.
// The demo keeps the last 2,000 messages per room in memory for late joiners (embedded broker
// only) and serves them at /api/history, the way a Spring app would from its database.
import { fileURLToPath } from 'node:url'
import { createServer } from 'vite'
import { forwardTo, startStompBroker } from '../dist/esm/broker/index.js'

const root = fileURLToPath(new URL('.', import.meta.url))
const host = '127.0.0.1'
const port = Number(process.env.DEMO_PORT ?? 5173)
const seed = Number(process.env.DEMO_SEED ?? 0)
const KEEP = 2_000

/** @type {Map<string, Array<{id: string, text: string, author: {id: string, name: string}, sentAt: string}>>} */
const rooms = new Map()
const remember = (room, message) => {
  const list = rooms.get(room) ?? []
  if (!list.some((m) => m.id === message.id)) list.push(message)
  if (list.length > KEEP) list.splice(0, list.length - KEEP)
  rooms.set(room, list)
}
if (seed > 0) {
  const start = Date.now() - seed * 60_000
  for (let i = 0; i < seed; i++) {
    const who = i % 3 === 0 ? { id: 'seed-mina', name: '민아' } : { id: 'seed-sam', name: 'Sam' }
    remember('lobby', {
      id: `seed-${i}`,
      text: `History message ${i + 1} of ${seed}${i % 7 === 0 ? ' — a longer line to vary the row height of this message' : ''}`,
      author: who,
      sentAt: new Date(start + i * 60_000).toISOString(),
    })
  }
}

let broker
let url = process.env.STOMP_URL
const forward = forwardTo('/topic/chat.{room}')
const startBroker = (brokerPort) =>
  startStompBroker({
    host,
    port: brokerPort,
    path: '/ws',
    app: {
      '/app/chat.{room}': (message, context) => {
        const body = message.json()
        if (body && typeof body === 'object' && typeof body.id === 'string') {
          remember(message.params.room, body)
        }
        return forward(message, context)
      },
      '/app/typing.{room}': forwardTo('/topic/typing.{room}'),
    },
  })
if (!url) {
  broker = await startBroker(Number(process.env.STOMP_PORT ?? 0))
  url = broker.url
  // SIGUSR2 restarts the broker on the same port: the browser tests use it to cut every
  // connection and prove that the page reconnects and loses nothing.
  process.on('SIGUSR2', async () => {
    const { port: brokerPort } = broker
    await broker.close()
    await new Promise((resolve) => setTimeout(resolve, Number(process.env.DEMO_OUTAGE_MS ?? 1500)))
    broker = await startBroker(brokerPort)
    console.log('broker restarted')
  })
}

const historyApi = {
  name: 'demo-history',
  configureServer(server) {
    server.middlewares.use('/api/config', (_req, res) => {
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify({ url, embedded: Boolean(broker) }))
    })
    server.middlewares.use('/api/history', (req, res) => {
      const query = new URL(req.url ?? '', 'http://x').searchParams
      const list = rooms.get(query.get('room') ?? '') ?? []
      const before = query.get('before')
      const end = before
        ? Math.max(
            0,
            list.findIndex((m) => m.id === before),
          )
        : list.length
      const limit = Math.min(200, Number(query.get('limit') ?? 50))
      const from = Math.max(0, end - limit)
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify({ messages: list.slice(from, end), hasMore: from > 0 }))
    })
  },
}

const vite = await createServer({
  root,
  configFile: false,
  logLevel: 'warn',
  plugins: [(await import('@vitejs/plugin-react')).default(), historyApi],
  server: { host, port, strictPort: false },
})
await vite.listen()
const address = vite.httpServer.address()
console.log(`Demo chat: http://${host}:${address.port}/  (STOMP: ${url})`)
console.log('Open it in two tabs, pick two names, and chat. Ctrl+C stops.')

let stopping = false
const stop = async () => {
  if (stopping) return
  stopping = true
  await vite.close()
  await broker?.close()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
