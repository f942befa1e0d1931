export type {
  AppContext,
  AppHandler,
  AppMessage,
  FrameRecord,
  SubscriptionInfo,
} from '../broker-core/index.js'
export { createMemoryBroker, type MemoryBroker, type MemoryBrokerOptions } from './memory-broker.js'
export { MemorySocket } from './memory-socket.js'
