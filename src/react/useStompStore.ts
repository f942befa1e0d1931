import { useStore } from 'zustand'
import type { StompStoreState } from '../core/index.js'
import { useSessionFor } from './context.js'

/**
 * Reads a slice of the session's store; the component re-renders only when that slice changes
 * (compared with Object.is, so return stored values, not new objects).
 */
export function useStompStore<U>(selector: (state: StompStoreState) => U): U {
  const session = useSessionFor('useStompStore')
  return useStore(session.store, selector)
}
