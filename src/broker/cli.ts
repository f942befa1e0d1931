import { parseArgs } from 'node:util'
import { forwardTo } from '../broker-core/index.js'
import { startStompBroker } from './server.js'

const USAGE = `Usage: stomp-kit-broker [--host 127.0.0.1] [--port 15675] [--path /ws]

A STOMP 1.2 broker over WebSocket for development and demos. It prints its URL on the first line,
routes /topic/… and /queue/…, forwards every SEND to /app/<name> to /topic/<name> (stamping a
server-time header, like a minimal Spring @MessageMapping controller), and stops on Ctrl+C.`

function fail(message: string): never {
  console.error(`stomp-kit-broker: ${message}\n\n${USAGE}`)
  process.exit(2)
}

let args: ReturnType<typeof parse>
function parse() {
  return parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '15675' },
      path: { type: 'string', default: '/ws' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  })
}
try {
  args = parse()
} catch (error) {
  fail(error instanceof Error ? error.message : String(error))
}
if (args.values.help) {
  console.log(USAGE)
  process.exit(0)
}
const port = Number(args.values.port)
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  fail(`--port must be an integer from 0 to 65535, got ${JSON.stringify(args.values.port)}.`)
}
const path = args.values.path.startsWith('/') ? args.values.path : `/${args.values.path}`

// No top-level await: the build also emits this entry as CommonJS.
async function main(): Promise<void> {
  const server = await startStompBroker({
    host: args.values.host,
    port,
    path,
    app: { '/app/{name}': forwardTo('/topic/{name}') },
  })
  // The URL is the first line of stdout: scripts and tests read it to find a port-0 broker.
  console.log(server.url)
  let stopping = false
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(130) // a second Ctrl+C does not wait
    stopping = true
    console.error(`stomp-kit-broker: ${signal}, closing`)
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('stomp-kit-broker: could not close cleanly', error)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((error: unknown) => {
  console.error(`stomp-kit-broker: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
