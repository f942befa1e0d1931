export {
  type AppContext,
  type AppHandler,
  type AppHandlers,
  type AppMessage,
  createAppRouter,
} from './app.js'
export type { PublishBody } from './body.js'
export type { BrokerClock } from './clock.js'
export type { BrokerTransport, ConnectionState } from './connection.js'
export {
  BrokerEngine,
  type BrokerLink,
  type ConnectionInfo,
  createBrokerEngine,
  type RefuseOptions,
  type SubscriptionInfo,
} from './engine.js'
export { StompProtocolError } from './errors.js'
export { type ForwardOptions, forwardTo } from './forward.js'
export {
  type BrokerLimits,
  type BrokerOptions,
  type BrokerUsers,
  DEFAULT_BROKER_LIMITS,
  type FrameRecord,
  type HeartbeatOptions,
} from './options.js'
export type { AckMode } from './subscription.js'
