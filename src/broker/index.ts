export type {
  AppContext,
  AppHandler,
  AppHandlers,
  AppMessage,
  BrokerLimits,
  ConnectionInfo,
  PublishBody,
  SubscriptionInfo,
} from '../broker-core/index.js'
export { type ForwardOptions, forwardTo } from '../broker-core/index.js'
export { type StompBrokerOptions, type StompBrokerServer, startStompBroker } from './server.js'
