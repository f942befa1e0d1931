import { afterAll, beforeAll } from 'vitest'
import { type StompBrokerServer, startStompBroker } from '../../src/broker/index.js'
import { conformance } from './suite.js'

// The embedded broker over a real WebSocket on a free port, with RabbitMQ's default user so the
// suite's credentials (and its wrong-passcode test) mean the same on both brokers.
let server: StompBrokerServer
beforeAll(async () => {
  server = await startStompBroker({ host: '127.0.0.1', port: 0, users: { guest: 'guest' } })
})
afterAll(() => server.close())

conformance({
  broker: 'embedded',
  url: () => server.url,
  connectHeaders: { login: 'guest', passcode: 'guest' },
})
