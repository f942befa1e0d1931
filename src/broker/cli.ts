import { parseArgs } from 'node:util'
import { startStompBroker } from './server.js'

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '15675' },
    path: { type: 'string', default: '/ws' },
    help: { type: 'boolean', default: false },
  },
})
if (values.help) {
  console.log('stomp-kit-broker [--host 127.0.0.1] [--port 15675] [--path /ws]')
  process.exit(0)
}
const port = Number(values.port)
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`stomp-kit-broker: --port must be 0..65535, got ${values.port}`)
  process.exit(2)
}
startStompBroker({ host: values.host, port, path: values.path }).then(
  (server) => {
    console.log(server.url)
    const stop = () => server.close().then(() => process.exit(0))
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  },
  (error: Error) => {
    console.error(`stomp-kit-broker: could not listen on ${values.host}:${port}: ${error.message}`)
    process.exit(1)
  },
)
