import { conformance } from '../conformance/suite.js'
import { guest, STOMP_URL } from '../helpers/rabbitmq.js'

// The same suite as test/conformance/embedded.test.ts, against RabbitMQ web-stomp
// (STOMP_URL, default ws://127.0.0.1:15674/ws).
conformance({ broker: 'rabbitmq', url: () => STOMP_URL, connectHeaders: guest })
