import { afterAll, beforeAll } from 'vitest'
import { type StompBrokerServer, startStompBroker } from '../../src/broker/index.js'
import { conformance } from './suite.js'

let server: StompBrokerServer
beforeAll(async () => {
  server = await startStompBroker({
    host: '127.0.0.1',
    port: 0,
    heartbeat: { outgoing: 500, incoming: 500 },
  })
})
afterAll(() => server.close())

conformance({ broker: 'embedded', url: () => server.url, connectHeaders: {} })
