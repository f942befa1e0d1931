export type { StandardSchemaV1 } from '../core/standard-schema.js'
export { useStompSession } from './context.js'
export {
  type BodyOf,
  createStompKit,
  type DestinationMap,
  type DestinationOf,
  matchDestination,
  type StompKit,
  type StompKitOptions,
  type StompKitSchema,
  type StompKitValidators,
} from './createStompKit.js'
export { StompProvider, type StompProviderProps } from './StompProvider.js'
export { useConnectionState } from './useConnectionState.js'
export { useFrameLog } from './useFrameLog.js'
export { type Publish, type PublishCallOptions, usePublish } from './usePublish.js'
export { useStompStore } from './useStompStore.js'
export {
  type SubscriptionResult,
  type UseSubscriptionOptions,
  useSubscription,
} from './useSubscription.js'
