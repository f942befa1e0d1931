import { useStore } from 'zustand'
import type { ConnectionState, StompStoreState } from '../core/index.js'
import { useSessionFor } from './context.js'

const selectConnection = (state: StompStoreState) => state.connection

/** Status, attempt count, last error and the broker's CONNECTED headers. */
export function useConnectionState(): ConnectionState {
  return useStore(useSessionFor('useConnectionState').store, selectConnection)
}
