export type {
  AppContext,
  AppHandler,
  AppHandlers,
  AppMessage,
  BrokerLimits,
  ConnectionInfo,
  FrameRecord,
  PublishBody,
  RefuseOptions,
  SubscriptionInfo,
} from '../broker-core/index.js'
export { type ForwardOptions, forwardTo } from '../broker-core/index.js'
export { createMemoryBroker, type MemoryBroker, type MemoryBrokerOptions } from './memory-broker.js'
export {
  type MemoryCloseEvent,
  type MemoryEvent,
  type MemoryMessageEvent,
  MemoryWebSocket,
} from './memory-socket.js'
