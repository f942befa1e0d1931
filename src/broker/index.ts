export type { AppContext, AppHandler, AppMessage } from '../broker-core/index.js'
export { type StompBrokerOptions, type StompBrokerServer, startStompBroker } from './server.js'
