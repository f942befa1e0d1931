import { conformance } from '../conformance/suite.js'
import { guest, STOMP_URL } from '../helpers/rabbitmq.js'

conformance({ broker: 'rabbitmq', url: () => STOMP_URL, connectHeaders: guest })
