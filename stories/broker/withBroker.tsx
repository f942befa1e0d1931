import type { Decorator, Loader } from '@storybook/react-vite'
import { type CSSProperties, type ReactNode, useEffect, useRef, useState } from 'react'
import type { ChatMessage, ChatUser } from '../../src/components/chat/index.js'
import { StompProvider, type StompProviderProps, useConnectionState } from '../../src/index.js'
import {
  type AppHandlers,
  createMemoryBroker,
  forwardTo,
  type MemoryBroker,
} from '../../src/testing/index.js'
import { bobUser, message } from '../chat-fixtures.js'

/** `parameters.broker`: how the story's own memory broker behaves. */
export interface BrokerParameters {
  /** App handlers. Default: `/app/chat.{room}` forwarded to `/topic/chat.{room}`. */
  app?: AppHandlers
  /** Delay every frame both ways (ms). */
  latency?: number
  /** The first CONNECT is answered with an auth ERROR. */
  refuseAuth?: boolean
  /** The broker refuses every socket: the client keeps reconnecting. */
  unreachable?: boolean
  /** Once connected, drop the connection (and refuse the reconnect when `refuseAuth`). */
  dropAfterMount?: boolean
  /** Once connected, the broker goes silent (a dead network). */
  silenceAfterMount?: boolean
  /** Pretend the browser is offline (navigator.onLine false). */
  offline?: boolean
  /** StompProvider props (reconnect, enabled, heartbeat…). */
  provider?: Partial<StompProviderProps>
  /** Called once the client is connected, e.g. to publish seed messages from the server side. */
  onConnected?: (broker: MemoryBroker) => void
  /** Where the toolbar's "Message from Bob" goes. Default `/topic/chat.lobby`. */
  chatDestination?: string
  /** Show the in-canvas broker toolbar. Default true. */
  toolbar?: boolean
}

let counter = 0
/** A chat message in the wire format, as another user would send it now, with a fresh id. */
function chatFrom(author: ChatUser, text: string): ChatMessage {
  counter += 1
  const at = Date.now()
  return message(`${author.id}-${at}-${counter}`, text, author, at)
}

/** The story's broker, made by {@link brokerLoader}: `context.loaded.broker`. */
export function brokerOf(context: { loaded: Record<string, unknown> }): MemoryBroker {
  const broker = context.loaded.broker as MemoryBroker | undefined
  if (!broker) throw new Error('brokerOf: no broker in context.loaded (is brokerLoader applied?)')
  return broker
}

/** Makes a fresh memory broker for each story render (project-level loader in preview.tsx). */
export const brokerLoader: Loader = async ({ parameters }) => {
  const options = (parameters.broker ?? {}) as BrokerParameters
  const broker = createMemoryBroker({
    app: options.app ?? { '/app/chat.{room}': forwardTo('/topic/chat.{room}') },
  })
  if (options.latency) broker.latency(options.latency)
  if (options.refuseAuth) broker.refuseNextConnect()
  if (options.unreachable) await broker.close()
  return { broker }
}

function useFakeOffline(offline: boolean) {
  useEffect(() => {
    if (!offline) return
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false })
    window.dispatchEvent(new Event('offline'))
    return () => {
      // Removing the own property restores the prototype's real getter.
      // No 'online' event here: StrictMode runs this cleanup between its two mounts, and the
      // event would make the session reconnect at once and send the "offline" messages.
      delete (navigator as { onLine?: boolean }).onLine
    }
  }, [offline])
}

function BrokerToolbar({ broker, destination }: { broker: MemoryBroker; destination: string }) {
  const [silent, setSilent] = useState(false)
  const [refusing, setRefusing] = useState(false)
  const bar: CSSProperties = {
    display: 'flex',
    flexWrap: 'wrap',
    gap: '0.5rem',
    alignItems: 'center',
    padding: '0.375rem 0.5rem',
    borderBlockEnd: '1px solid #d5d9e0',
    background: '#f6f7f9',
    color: '#1a1d21',
    fontFamily: 'system-ui, sans-serif',
    fontSize: '0.8125rem',
  }
  return (
    <aside aria-label="Memory broker controls" style={bar} data-testid="broker-toolbar">
      <strong>Broker</strong>
      <button
        type="button"
        onClick={() =>
          broker.publish(destination, chatFrom(bobUser, `Hi from Bob (${Date.now()})`))
        }
      >
        Message from Bob
      </button>
      <button type="button" onClick={() => broker.dropConnections('dropped from the toolbar')}>
        Drop connection
      </button>
      <button
        type="button"
        aria-pressed={refusing}
        onClick={() => {
          broker.refuseNextConnect()
          setRefusing(true)
        }}
      >
        Refuse next connect
      </button>
      <button
        type="button"
        aria-pressed={silent}
        onClick={() => {
          broker.silence(!silent)
          setSilent(!silent)
        }}
      >
        Silence
      </button>
    </aside>
  )
}

function OnConnected({ broker, options }: { broker: MemoryBroker; options: BrokerParameters }) {
  const { status } = useConnectionState()
  // Once per story: a drop after mount must not drop again on every reconnect.
  const fired = useRef(false)
  useEffect(() => {
    if (status !== 'connected' || fired.current) return
    // The story's SUBSCRIBEs go out as the connection opens; a moment later the broker has them.
    const timer = setTimeout(() => {
      fired.current = true
      options.onConnected?.(broker)
      if (options.silenceAfterMount) broker.silence(true)
      if (options.dropAfterMount) {
        if (options.refuseAuth) broker.refuseNextConnect()
        broker.dropConnections('dropped by the story')
      }
    }, 50)
    return () => clearTimeout(timer)
  }, [status, broker, options])
  return null
}

/**
 * Gives each story its own memory broker and StompProvider: no server, so the static build works
 * from any file server. Configure it with `parameters.broker` ({@link BrokerParameters}).
 */
export const withBroker: Decorator = (Story, context) => (
  <BrokerFrame
    broker={brokerOf(context)}
    options={(context.parameters.broker ?? {}) as BrokerParameters}
  >
    <Story />
  </BrokerFrame>
)

function BrokerFrame({
  broker,
  options,
  children,
}: {
  broker: MemoryBroker
  options: BrokerParameters
  children: ReactNode
}) {
  useFakeOffline(options.offline === true)
  const needsHook = options.onConnected || options.dropAfterMount || options.silenceAfterMount
  return (
    <StompProvider
      webSocketFactory={broker.webSocketFactory}
      reconnect={{ initialDelayMs: 200, maxDelayMs: 1_000 }}
      {...options.provider}
    >
      {needsHook ? <OnConnected broker={broker} options={options} /> : null}
      <div style={{ display: 'flex', flexDirection: 'column', blockSize: '100dvh' }}>
        {options.toolbar === false ? null : (
          <BrokerToolbar
            broker={broker}
            destination={options.chatDestination ?? '/topic/chat.lobby'}
          />
        )}
        <div
          style={
            { flex: 1, minBlockSize: 0, '--stomp-chat-height': '100%' } as unknown as CSSProperties
          }
        >
          {children}
        </div>
      </div>
    </StompProvider>
  )
}
