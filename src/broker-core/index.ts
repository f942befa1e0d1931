export {
  type AppContext,
  type AppHandler,
  type AppMessage,
  BrokerEngine,
  type BrokerLimits,
  type BrokerOptions,
  type FrameRecord,
  type SubscriptionInfo,
  type Transport,
} from './engine.js'
