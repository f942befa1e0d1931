import type { StompFrame } from '../protocol/index.js'
import type { AppRouter } from './app.js'
import type { PublishBody } from './body.js'
import type { Connection } from './connection.js'
import type { ResolvedOptions } from './options.js'
import type { Router } from './router.js'

export interface Refusal {
  /** ERROR body; default RabbitMQ's "Access refused for user '…'". */
  body: string | undefined
  close: boolean
}

/** What a connection needs from the engine that owns it. */
export interface EngineContext {
  readonly options: ResolvedOptions
  readonly router: Router
  readonly app: AppRouter
  nextMessageId(): string
  sessionId(connection: string): string
  isSilenced(): boolean
  takeRefusal(): Refusal | undefined
  authenticate(login: string | undefined, passcode: string | undefined): boolean
  publish(destination: string, body: PublishBody, headers?: Readonly<Record<string, string>>): void
  record(connection: string, direction: 'in' | 'out', frame: StompFrame, dropped: boolean): void
  forget(connection: Connection): void
}
