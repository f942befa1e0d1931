import { createContext, useContext } from 'react'
import type { StompSession } from '../core/index.js'

export const StompContext = createContext<StompSession | null>(null)
StompContext.displayName = 'StompContext'

/** The session of the nearest StompProvider; `hook` names the caller in the error. */
export function useSessionFor(hook: string): StompSession {
  const session = useContext(StompContext)
  if (!session) {
    throw new Error(`${hook} must be used within <StompProvider>: wrap the tree in one.`)
  }
  return session
}

/** The imperative escape hatch: publish, subscribe, reconnect, the stompjs client and the store. */
export function useStompSession(): StompSession {
  return useSessionFor('useStompSession')
}
