import { useSyncExternalStore } from 'react'
import { useConnectionState } from '../../index.js'
import { type ChatLabels, enLabels } from './labels.js'

export type ConnectionBannerState =
  | 'connected'
  | 'idle'
  | 'connecting'
  | 'reconnecting'
  | 'offline'
  | 'disconnected'
  | 'failed'

export interface ConnectionStatusProps {
  labels?: Partial<ChatLabels>
  className?: string
}

function subscribeOnline(onChange: () => void) {
  window.addEventListener('online', onChange)
  window.addEventListener('offline', onChange)
  return () => {
    window.removeEventListener('online', onChange)
    window.removeEventListener('offline', onChange)
  }
}

/** Whether the browser says it is online (always true during SSR). */
export function useOnline(): boolean {
  return useSyncExternalStore(
    subscribeOnline,
    () => navigator.onLine,
    () => true,
  )
}

/**
 * A banner for the connection: empty while connected, but always in the DOM, because screen
 * readers only announce changes to a live region that already exists.
 */
export function ConnectionStatus({ labels: custom, className }: ConnectionStatusProps) {
  const labels = custom ? { ...enLabels, ...custom } : enLabels
  const { status, attempt, error } = useConnectionState()
  const online = useOnline()
  const state: ConnectionBannerState =
    !online && status !== 'connected' && status !== 'failed' ? 'offline' : status
  let text = ''
  if (state === 'connecting') text = labels.connecting
  else if (state === 'reconnecting') text = labels.reconnecting(Math.max(1, attempt))
  else if (state === 'offline') text = labels.offline
  else if (state === 'disconnected') text = labels.disconnected
  else if (state === 'failed') {
    text =
      error?.kind === 'auth' ? labels.authFailed : labels.failed(error?.message ?? 'unknown error')
  }
  return (
    <div
      role="status"
      className={className ? `stomp-chat-status ${className}` : 'stomp-chat-status'}
      data-status={state}
      data-empty={text === '' ? '' : undefined}
    >
      {text}
    </div>
  )
}
